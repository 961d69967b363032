"""IRM records in the admin: validation messages and refreshed effective values."""

from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import IrmState
from irm.models import (
    CommitmentAssessment,
    GlobalReportDimension,
    IrmReport,
    ParticipationAssessment,
    PublishedFigures,
)
from irm.services import refresh_findings
from tests import factories
from tests.members.test_admin_support import admin_form_data, staff_user


class AssessmentAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user("researcher", groups=["IRM researchers"])
        cls.member = factories.make_member(name="Kenya", commitment_prefix="KE")
        cls.plan = factories.make_action_plan(cls.member)
        cls.other_plan = factories.make_action_plan(cls.member)
        cls.commitment = factories.make_commitment(cls.plan)
        cls.report = factories.make_report(cls.plan, type="end_of_term", year=2018)
        cls.other_report = factories.make_report(cls.other_plan, type="end_of_term", year=2020)
        cls.refresh_report = factories.make_report(cls.plan, type="results", year=2022)

    def setUp(self):
        self.client.force_login(self.user)
        self.add_url = reverse("admin:irm_commitmentassessment_add")

    def add_data(self, **values):
        data = admin_form_data(self.client.get(self.add_url))
        data.update({"commitment": str(self.commitment.pk), "report": str(self.report.pk)})
        data.update(values)
        return data

    def test_report_of_another_plan_is_refused_with_the_plan_to_use(self):
        response = self.client.post(self.add_url, self.add_data(report=str(self.other_report.pk)))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This report is about another action plan")
        self.assertContains(response, f"choose a report of {self.plan}")
        self.assertFalse(CommitmentAssessment.objects.exists())

    def test_indicator_of_another_era_is_refused(self):
        data = self.add_data(report=str(self.refresh_report.pk), specificity="high")
        response = self.client.post(self.add_url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "method does not use this indicator; leave it blank")

    def test_save_edit_delete_refresh_the_commitment(self):
        data = self.add_data(completion="substantial", early_results="outstanding")
        response = self.client.post(self.add_url, data)
        self.assertEqual(response.status_code, 302)
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.irm_state, IrmState.ASSESSED)
        self.assertEqual(self.commitment.irm_early_results, "outstanding")

        assessment = CommitmentAssessment.objects.get()
        change_url = reverse("admin:irm_commitmentassessment_change", args=[assessment.pk])
        data = admin_form_data(self.client.get(change_url))
        data["early_results"] = "marginal"
        self.assertEqual(self.client.post(change_url, data).status_code, 302)
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.irm_early_results, "marginal")

        delete_url = reverse("admin:irm_commitmentassessment_delete", args=[assessment.pk])
        self.assertEqual(self.client.post(delete_url, {"post": "yes"}).status_code, 302)
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.irm_state, IrmState.PENDING)
        self.assertEqual(self.commitment.irm_early_results, "")

    def test_moving_an_assessment_refreshes_both_commitments(self):
        other = factories.make_commitment(self.plan)
        self.client.post(self.add_url, self.add_data(completion="complete"))
        assessment = CommitmentAssessment.objects.get()
        change_url = reverse("admin:irm_commitmentassessment_change", args=[assessment.pk])
        data = admin_form_data(self.client.get(change_url))
        data["commitment"] = str(other.pk)
        self.assertEqual(self.client.post(change_url, data).status_code, 302)
        self.commitment.refresh_from_db()
        other.refresh_from_db()
        self.assertEqual(
            (self.commitment.irm_state, self.commitment.irm_completion), ("pending", "")
        )
        self.assertEqual((other.irm_state, other.irm_completion), ("assessed", "complete"))

    def test_revert_refreshes_the_commitment(self):
        assessment = factories.make_assessment(self.commitment, self.report, completion="limited")
        change_url = reverse("admin:irm_commitmentassessment_change", args=[assessment.pk])
        data = admin_form_data(self.client.get(change_url))
        data["completion"] = "complete"
        self.assertEqual(self.client.post(change_url, data).status_code, 302)
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.irm_completion, "complete")

        first = assessment.history.earliest()
        url = reverse(
            "admin:irm_commitmentassessment_simple_history", args=[assessment.pk, first.pk]
        )
        response = self.client.post(url, admin_form_data(self.client.get(url)))
        self.assertEqual(response.status_code, 302)
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.irm_completion, "limited")

    def test_bulk_delete_refreshes_the_commitments(self):
        factories.make_assessment(self.commitment, self.report, completion="complete")
        refresh_findings([self.commitment])
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.irm_state, IrmState.ASSESSED)
        response = self.client.post(
            reverse("admin:irm_commitmentassessment_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [str(a.pk) for a in CommitmentAssessment.objects.all()],
                "post": "yes",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(CommitmentAssessment.objects.exists())
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.irm_state, IrmState.PENDING)


class IrmReportAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user("researcher", groups=["IRM researchers"])
        cls.plan = factories.make_action_plan()
        cls.commitment = factories.make_commitment(cls.plan)

    def setUp(self):
        self.client.force_login(self.user)

    def test_report_with_assessments_inline_refreshes_its_commitments(self):
        add_url = reverse("admin:irm_irmreport_add")
        data = admin_form_data(self.client.get(add_url))
        data.update(
            {
                "action_plan": str(self.plan.pk),
                "type": "design",
                "stage": "final",
                "title": "Design Report 2018",
                "year": "2018",
                "assessments-TOTAL_FORMS": "1",
                "assessments-0-commitment": str(self.commitment.pk),
                "assessments-0-specificity": "medium",
                "assessments-0-potential_impact": "moderate",
            }
        )
        response = self.client.post(add_url, data)
        self.assertEqual(response.status_code, 302)
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.irm_state, IrmState.ASSESSED)
        self.assertEqual(self.commitment.irm_specificity, "medium")

    def test_new_report_inline_assessment_of_the_wrong_era_is_refused(self):
        add_url = reverse("admin:irm_irmreport_add")
        data = admin_form_data(self.client.get(add_url))
        data.update(
            {
                "action_plan": str(self.plan.pk),
                "type": "action_plan_review",
                "stage": "final",
                "title": "Action Plan Review 2022",
                "year": "2022",
                "assessments-TOTAL_FORMS": "1",
                "assessments-0-commitment": str(self.commitment.pk),
                "assessments-0-potential_impact": "moderate",
            }
        )
        response = self.client.post(add_url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "method does not use this indicator")

    def test_deleting_a_report_refreshes_its_commitments(self):
        report = factories.make_report(self.plan)
        factories.make_assessment(self.commitment, report, completion="complete")
        refresh_findings([self.commitment])
        response = self.client.post(
            reverse("admin:irm_irmreport_delete", args=[report.pk]), {"post": "yes"}
        )
        self.assertEqual(response.status_code, 302)
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.irm_state, IrmState.PENDING)
        self.assertEqual(self.commitment.irm_completion, "")


class ThirdPartyScoreValidationTests(TestCase):
    def test_value_off_the_scale_says_the_range(self):
        self.client.force_login(staff_user("researcher", groups=["IRM researchers"]))
        url = reverse("admin:irm_thirdpartyscore_add")
        data = admin_form_data(self.client.get(url))
        data.update(
            {
                "member": str(factories.make_member().pk),
                "dimension": str(GlobalReportDimension.objects.first().pk),
                "indicator": "Open Budget Index",
                "source": "International Budget Partnership",
                "value": "120",
                "scale_min": "0",
                "scale_max": "100",
                "year": "2023",
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "120 is off the scale: give a value from 0 to 100")
        data.update(scale_min="10", scale_max="5")
        self.assertContains(self.client.post(url, data), "must be above its bottom (10)")
        data.update(scale_min="0", scale_max="100", value="64")
        self.assertEqual(self.client.post(url, data).status_code, 302)


class ChangePageQueryTests(TestCase):
    """A report lists its assessments inline and a commitment its assessments and milestones:
    neither page may cost a query per row."""

    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user("admin", superuser=True)
        cls.pages = {}
        for size in (2, 10):
            plan = factories.make_action_plan()
            report = factories.make_report(plan, type="end_of_term")
            design = factories.make_report(plan, type="progress")
            for _ in range(size):
                commitment = factories.make_commitment(plan)
                factories.make_assessment(commitment, report, completion="limited")
            factories.make_assessment(commitment, design, completion="substantial")
            for _ in range(size):
                factories.make_milestone(commitment)
            cls.pages[size] = (report, commitment)

    def count(self, url):
        self.client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries), response

    def test_report_page(self):
        self.client.force_login(self.user)
        counts = []
        for size, (report, _commitment) in self.pages.items():
            url = reverse("admin:irm_irmreport_change", args=[report.pk])
            queries, response = self.count(url)
            forms = response.context["inline_admin_formsets"][0].formset.initial_forms
            self.assertEqual(len(forms), size)
            counts.append(queries)
        self.assertEqual(counts[0], counts[1])

    def test_commitment_page(self):
        self.client.force_login(self.user)
        counts = []
        for size, (_report, commitment) in self.pages.items():
            url = reverse("admin:commitments_commitment_change", args=[commitment.pk])
            queries, response = self.count(url)
            self.assertContains(response, f"Milestone {size}")
            counts.append(queries)
        self.assertEqual(counts[0], counts[1])


class ParticipationValidationTests(TestCase):
    def test_forum_that_met_must_have_existed(self):
        plan = factories.make_action_plan()
        self.client.force_login(staff_user("researcher", groups=["IRM researchers"]))
        url = reverse("admin:irm_participationassessment_add")
        data = admin_form_data(self.client.get(url))
        data.update(
            {
                "action_plan": str(plan.pk),
                "development_level": "involve",
                "forum_existed": "false",
                "forum_met_regularly": "true",
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "A forum that met regularly must have existed")
        self.assertNotContains(response, "is violated")
        data["forum_existed"] = "true"
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(plan.participation.development_level, "involve")


class PublishedValuesAdminTests(TestCase):
    """What the IRM publishes, entered by an IRM researcher through the admin."""

    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user("researcher", groups=["IRM researchers"])
        member = factories.make_member(name="Kenya", commitment_prefix="KE")
        cls.plan = factories.make_action_plan(
            member, start_year=2019, end_year=2021, submission_year=2019
        )
        cls.commitment = factories.make_commitment(cls.plan)
        cls.design = factories.make_report(cls.plan, type="design", year=2019)
        cls.implementation = factories.make_report(cls.plan, type="implementation", year=2022)
        old_plan = factories.make_action_plan(
            member, start_year=2014, end_year=2016, submission_year=2014
        )
        cls.old_commitment = factories.make_commitment(old_plan)
        cls.progress = factories.make_report(old_plan, type="progress", year=2015)

    def setUp(self):
        self.client.force_login(self.user)
        self.add_url = reverse("admin:irm_commitmentassessment_add")

    def add(self, commitment, report, **values):
        data = admin_form_data(self.client.get(self.add_url))
        data.update({"commitment": str(commitment.pk), "report": str(report.pk)})
        data.update(values)
        return self.client.post(self.add_url, data)

    def test_verifiable_is_offered_under_the_methods_that_use_it(self):
        page = self.client.get(self.add_url)
        headings = {
            str(fieldset.name): [f for line in fieldset for field in line for f in [field.field]]
            for fieldset in page.context["adminform"]
        }
        heading = next(
            name
            for name, fields in headings.items()
            if any(field.name == "verifiable" for field in fields)
        )
        self.assertEqual(heading, "2018+ method")
        self.assertIn("Used by: 2018–2020 (design and implementation reports)", page.text)

    def test_a_design_report_saves_verifiable_yes_without_specificity(self):
        response = self.add(self.commitment, self.design, verifiable="true")
        self.assertEqual(response.status_code, 302)
        assessment = CommitmentAssessment.objects.get()
        self.assertEqual((assessment.verifiable, assessment.specificity), (True, ""))
        self.commitment.refresh_from_db()
        self.assertIs(self.commitment.irm_verifiable, True)

    def test_completion_on_a_design_report_is_refused_naming_the_type(self):
        response = self.add(self.commitment, self.design, completion="complete")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The Design Report does not assess this indicator")
        self.assertFalse(CommitmentAssessment.objects.exists())

    def test_did_it_open_government_on_a_progress_report_is_refused(self):
        response = self.add(self.old_commitment, self.progress, early_results="major")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The Progress Report (mid-term) does not assess")
        self.assertFalse(CommitmentAssessment.objects.exists())

    def test_no_data_is_ticked_per_indicator_and_shows_on_the_commitment(self):
        response = self.add(self.commitment, self.implementation, no_data=["completion"])
        self.assertEqual(response.status_code, 302)
        self.assertEqual(CommitmentAssessment.objects.get().no_data, ["completion"])
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.irm_no_data, ["completion"])
        page = self.client.get(self.commitment.get_absolute_url())
        self.assertContains(
            page,
            '<div><dt>Completion</dt><dd><span class="swatch fill-no_data" aria-hidden="true">'
            "</span>No IRM data</dd></div>",
            html=True,
        )

    def test_no_data_for_what_the_report_does_not_assess_is_refused(self):
        response = self.add(self.commitment, self.design, no_data=["completion"])
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The Design Report does not assess completion")
        response = self.add(
            self.commitment, self.implementation, completion="limited", no_data=["completion"]
        )
        self.assertContains(response, "keep one of the two")
        self.assertFalse(CommitmentAssessment.objects.exists())

    def test_an_inception_report_can_be_entered_and_assessed(self):
        url = reverse("admin:irm_irmreport_add")
        data = admin_form_data(self.client.get(url))
        data.update(
            action_plan=str(self.plan.pk),
            type="inception",
            stage="final",
            title="Kenya Inception Report",
            year="2019",
        )
        self.assertEqual(self.client.post(url, data).status_code, 302)
        inception = IrmReport.objects.get(type="inception")
        self.assertEqual(self.add(self.commitment, inception, specificity="high").status_code, 302)

    def test_a_report_not_available_takes_no_findings(self):
        missing = factories.make_report(
            self.plan, type="transitional_results", year=2022, stage="unavailable"
        )
        response = self.add(self.commitment, missing, completion="limited")
        self.assertContains(response, "is not available: it records no findings")
        self.assertFalse(CommitmentAssessment.objects.exists())
        # A report that has findings cannot be turned into one not available.
        factories.make_assessment(self.commitment, self.implementation, completion="limited")
        url = reverse("admin:irm_irmreport_change", args=[self.implementation.pk])
        data = admin_form_data(self.client.get(url))
        data["stage"] = "unavailable"
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "1 assessment(s) of this report record what")
        self.implementation.refresh_from_db()
        self.assertEqual(self.implementation.stage, "final")

    def test_a_report_not_available_takes_no_participation_or_printed_figures(self):
        missing = factories.make_report(self.plan, type="design", year=2019, stage="unavailable")
        participation = ParticipationAssessment(action_plan=self.plan, report=missing)
        figures = PublishedFigures(report=missing, commitments=3)
        for record in (participation, figures):
            with self.subTest(record=type(record).__name__), self.assertRaises(ValidationError):
                record.full_clean()

    def test_published_figures_are_entered_inline_on_the_report(self):
        url = reverse("admin:irm_irmreport_change", args=[self.design.pk])
        data = admin_form_data(self.client.get(url))
        data.update(
            {
                "published_figures-TOTAL_FORMS": "1",
                "published_figures-0-commitments": "6",
                "published_figures-0-potential_stars": "0",
                "published_figures-0-starred": "7",
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "7 is more than the 6 commitments printed")
        data["published_figures-0-starred"] = ""
        self.assertEqual(self.client.post(url, data).status_code, 302)
        figures = PublishedFigures.objects.get(report=self.design)
        self.assertEqual(
            (figures.commitments, figures.potential_stars, figures.starred), (6, 0, None)
        )
