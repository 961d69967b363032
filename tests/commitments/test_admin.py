"""Action plans and commitments in the admin: inlines, validation, refreshed IRM values."""

from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import ActionPlan, Commitment, IrmState
from irm.models import CommitmentAssessment
from tests import factories
from tests.members.test_admin_support import admin_form_data, staff_user


class ActionPlanAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user("editor", groups=["Editors"])
        cls.member = factories.make_member(name="Mongolia", commitment_prefix="MN")
        cls.open_data = factories.policy_area("open-data")

    def setUp(self):
        self.client.force_login(self.user)

    def add_plan_data(self, **values):
        data = admin_form_data(self.client.get(reverse("admin:commitments_actionplan_add")))
        data.update(
            {
                "member": str(self.member.pk),
                "number": "1",
                "title": "Mongolia Action Plan 2019-2021",
                "start_year": "2019",
                "end_year": "2021",
                "submission_year": "2019",
                "irm_coverage": "covered",
                "published": "on",
                "commitments-TOTAL_FORMS": "2",
                "commitments-0-identifier": "MN0034",
                "commitments-0-title": "Open budget data",
                "commitments-0-status": "active",
                "commitments-0-primary_policy_area": str(self.open_data.pk),
                "commitments-1-identifier": "MN0035",
                "commitments-1-title": "Open contracting",
                "commitments-1-status": "active",
            }
        )
        data.update(values)
        return data

    def test_add_plan_with_commitments(self):
        response = self.client.post(
            reverse("admin:commitments_actionplan_add"),
            self.add_plan_data(irm_coverage="not_covered"),
        )
        self.assertRedirects(response, reverse("admin:commitments_actionplan_changelist"))
        plan = ActionPlan.objects.get(member=self.member, number=1)
        commitments = list(plan.commitments.order_by("identifier"))
        self.assertEqual([c.identifier for c in commitments], ["MN0034", "MN0035"])
        self.assertEqual(commitments[0].primary_policy_area, self.open_data)
        # The inline has no policy-area field: the primary area is added to them.
        self.assertEqual(list(commitments[0].policy_areas.all()), [self.open_data])
        # The plan is not covered by the IRM: refresh_findings said so on save.
        self.assertEqual({c.irm_state for c in commitments}, {IrmState.NO_DATA})

    def test_coverage_change_refreshes_the_plans_commitments(self):
        plan = factories.make_action_plan(self.member)
        commitment = factories.make_commitment(plan)
        self.assertEqual(commitment.irm_state, IrmState.PENDING)
        url = reverse("admin:commitments_actionplan_change", args=[plan.pk])
        data = admin_form_data(self.client.get(url))
        data["irm_coverage"] = "not_covered"
        self.assertEqual(self.client.post(url, data).status_code, 302)
        commitment.refresh_from_db()
        self.assertEqual(commitment.irm_state, IrmState.NO_DATA)

    def test_wrong_prefix_in_the_inline_names_the_expected_prefix(self):
        data = self.add_plan_data(**{"commitments-1-identifier": "KE0001"})
        response = self.client.post(reverse("admin:commitments_actionplan_add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "KE0001: identifiers of Mongolia in action plan 1")
        self.assertContains(response, "start with exactly “MN”, then four digits, e.g. MN0001.")
        self.assertFalse(ActionPlan.objects.filter(member=self.member).exists())

    def test_change_page_lists_the_commitments_compactly(self):
        plan = factories.make_action_plan(self.member)
        for _ in range(3):
            factories.make_commitment(plan, primary_policy_area=self.open_data)
        response = self.client.get(reverse("admin:commitments_actionplan_change", args=[plan.pk]))
        self.assertEqual(response.status_code, 200)
        for commitment in plan.commitments.all():
            self.assertContains(
                response, reverse("admin:commitments_commitment_change", args=[commitment.pk])
            )


class PlanAndCommitmentFactsAdminTests(TestCase):
    """The plan's submission date, end month and lead institutions; a commitment's blank
    status and primary sector: entered by an editor, shown on the pages."""

    setUpTestData = classmethod(ActionPlanAdminTests.setUpTestData.__func__)
    setUp = ActionPlanAdminTests.setUp
    add_plan_data = ActionPlanAdminTests.add_plan_data

    def test_submission_date_sets_the_year_and_the_facts_show_on_the_plan_page(self):
        data = self.add_plan_data(
            submission_year="",
            submission_date="2019-12-20",
            end_month="6",
            lead_institutions="Cabinet Secretariat\nMinistry of Finance",
            **{"commitments-0-status": "", "commitments-TOTAL_FORMS": "1"},
        )
        response = self.client.post(reverse("admin:commitments_actionplan_add"), data)
        self.assertRedirects(response, reverse("admin:commitments_actionplan_changelist"))
        plan = ActionPlan.objects.get(member=self.member, number=1)
        self.assertEqual((plan.submission_year, plan.end_month), (2019, 6))
        self.assertEqual(plan.lead_institution_list, ["Cabinet Secretariat", "Ministry of Finance"])
        self.assertEqual(plan.commitments.get().status, "")
        page = self.client.get(plan.get_absolute_url())
        self.assertContains(page, "Submitted on 20 Dec 2019")
        self.assertContains(page, "2019 – Jun 2021")
        self.assertContains(page, "Cabinet Secretariat; Ministry of Finance")
        self.assertContains(
            self.client.get(reverse("admin:commitments_actionplan_change", args=[plan.pk])),
            f'href="{plan.get_absolute_url()}figures-check/"',
        )

    def test_a_submission_date_of_another_year_is_refused(self):
        data = self.add_plan_data(submission_year="2018", submission_date="2019-12-20")
        response = self.client.post(reverse("admin:commitments_actionplan_add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The plan was submitted on 2019-12-20, not in 2018")
        data = self.add_plan_data(submission_year="")
        response = self.client.post(reverse("admin:commitments_actionplan_add"), data)
        self.assertContains(response, "Give the year of submission, or the submission date.")
        self.assertFalse(ActionPlan.objects.exists())

    def test_blank_status_and_primary_sector_on_the_commitment_form(self):
        plan = factories.make_action_plan(self.member)
        commitment = factories.make_commitment(plan, status="active")
        url = reverse("admin:commitments_commitment_change", args=[commitment.pk])
        page = self.client.get(url)
        self.assertContains(page, '<option value="">Not reported</option>', html=True)
        data = admin_form_data(page)
        data.update(status="", primary_sector="Health")
        self.assertEqual(self.client.post(url, data).status_code, 302)
        commitment.refresh_from_db()
        self.assertEqual((commitment.status, commitment.primary_sector), ("", "Health"))
        self.assertEqual(commitment.get_status_display(), "Not reported")
        changelist = self.client.get(
            reverse("admin:commitments_commitment_changelist"), {"status__exact": ""}
        )
        self.assertEqual(list(changelist.context["cl"].result_list), [commitment])


class CommitmentAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user("admin", superuser=True)
        cls.member = factories.make_member(name="Seoul, South Korea", commitment_prefix="SEO")
        cls.plan = factories.make_action_plan(cls.member)
        cls.commitment = factories.make_commitment(cls.plan, identifier="SEO0001")
        cls.report = factories.make_report(cls.plan, type="local_review", year=2018)
        cls.open_data = factories.policy_area("open-data")
        cls.justice = factories.policy_area("justice")

    def setUp(self):
        self.client.force_login(self.user)
        self.url = reverse("admin:commitments_commitment_change", args=[self.commitment.pk])

    def change_data(self, **values):
        data = admin_form_data(self.client.get(self.url))
        data.update(values)
        return data

    def test_wrong_prefix_names_the_expected_prefix(self):
        response = self.client.post(self.url, self.change_data(identifier="KE0001"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "identifiers of Seoul, South Korea in action plan 1")
        self.assertContains(response, "start with exactly “SEO”, then four digits, e.g. SEO0001")

    def test_primary_policy_area_must_be_chosen(self):
        data = self.change_data(
            policy_areas=[str(self.justice.pk)], primary_policy_area=str(self.open_data.pk)
        )
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "add “Open Data” to the policy areas")
        data["policy_areas"] = [str(self.justice.pk), str(self.open_data.pk)]
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.primary_policy_area, self.open_data)

    def test_add_an_assessment_inline_refreshes_the_effective_values(self):
        self.assertEqual(self.commitment.irm_state, IrmState.PENDING)
        data = self.change_data(
            **{
                "assessments-TOTAL_FORMS": "1",
                "assessments-0-report": str(self.report.pk),
                "assessments-0-specificity": "high",
                "assessments-0-relevant_access_to_information": "true",
                "assessments-0-potential_impact": "transformative",
                "assessments-0-completion": "complete",
                "assessments-0-early_results": "major",
            }
        )
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.commitment.assessments.get().report, self.report)
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.irm_state, IrmState.ASSESSED)
        self.assertEqual(self.commitment.irm_completion, "complete")
        self.assertEqual(self.commitment.irm_early_results, "major")
        self.assertTrue(self.commitment.irm_starred)
        # The computed values show, read-only, on the page.
        page = self.client.get(self.url)
        self.assertNotIn("irm_state", page.context["adminform"].form.fields)
        self.assertContains(page, "IRM findings")
        self.assertContains(page, "IRM reviewed")

    def test_inline_offers_only_the_plans_reports(self):
        other_plan = factories.make_action_plan(self.member)
        other_report = factories.make_report(other_plan)
        page = self.client.get(self.url)
        formset = next(
            inline.formset
            for inline in page.context["inline_admin_formsets"]
            if inline.formset.model is CommitmentAssessment
        )
        choices = [str(value) for value, _label in formset.empty_form.fields["report"].choices]
        self.assertEqual(choices, ["", str(self.report.pk)])
        data = self.change_data(
            **{
                "assessments-TOTAL_FORMS": "1",
                "assessments-0-report": str(other_report.pk),
                "assessments-0-completion": "limited",
            }
        )
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Select a valid choice")
        self.assertFalse(self.commitment.assessments.exists())

    def test_new_commitment_with_an_assessment_of_the_wrong_era_is_refused(self):
        # The commitment is being added (no id yet): the admin form checks the era itself.
        add_url = reverse("admin:commitments_commitment_add")
        data = admin_form_data(self.client.get(add_url))
        data.update(
            {
                "action_plan": str(self.plan.pk),
                "identifier": "SEO0002",
                "title": "Second",
                "status": "active",
                "assessments-TOTAL_FORMS": "1",
                "assessments-0-report": str(self.report.pk),
                "assessments-0-potential_results": "substantial",
            }
        )
        response = self.client.post(add_url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "method does not use this indicator")
        self.assertFalse(Commitment.objects.filter(identifier="SEO0002").exists())


class ChangePageQueryTests(TestCase):
    """A plan's page lists its commitments inline: its cost must not grow with them."""

    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user("admin", superuser=True)
        areas = [factories.policy_area("open-data"), factories.policy_area("justice")]
        cls.small = factories.make_action_plan()
        cls.large = factories.make_action_plan()
        for plan, count in ((cls.small, 3), (cls.large, 15)):
            for i in range(count):
                factories.make_commitment(
                    plan, policy_areas=areas, primary_policy_area=areas[i % 2]
                )
            factories.make_report(plan)

    def queries(self, plan):
        url = reverse("admin:commitments_actionplan_change", args=[plan.pk])
        self.client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        for commitment in plan.commitments.all():
            self.assertContains(response, f'value="{commitment.identifier}"')
        return len(queries)

    def test_action_plan_page_queries_do_not_grow_with_its_commitments(self):
        self.client.force_login(self.user)
        self.assertEqual(self.queries(self.small), self.queries(self.large))


class OrderValidationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user("editor", groups=["Editors"])
        cls.plan = factories.make_action_plan()
        cls.commitment = factories.make_commitment(cls.plan)

    def setUp(self):
        self.client.force_login(self.user)

    def post(self, url, **values):
        data = admin_form_data(self.client.get(url))
        data.update(values)
        return self.client.post(url, data)

    def test_plan_ending_before_it_starts(self):
        url = reverse("admin:commitments_actionplan_change", args=[self.plan.pk])
        response = self.post(url, start_year="2020", end_year="2019")
        self.assertContains(response, "The plan ends in 2019, before it starts (2020)")
        response = self.post(
            url, start_year="2020", end_year="2020", start_month="9", end_month="3"
        )
        self.assertContains(response, "the end month must not come first")
        self.assertNotContains(response, "is violated")

    def test_milestone_ending_before_it_starts(self):
        url = reverse("admin:commitments_commitment_change", args=[self.commitment.pk])
        response = self.post(
            url,
            **{
                "milestones-0-title": "Publish the data",
                "milestones-0-position": "1",
                "milestones-0-start_date": "2024-05-01",
                "milestones-0-end_date": "2024-01-31",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "It ends (2024-01-31) before it starts (2024-05-01)")
        self.assertFalse(self.commitment.milestones.exists())

    def test_policy_area_cannot_sit_under_its_own_branch(self):
        top = factories.policy_area("justice")
        child = factories.policy_area("access-to-justice")
        self.assertEqual(child.parent, top)
        url = reverse("admin:commitments_policyarea_change", args=[top.pk])
        response = self.post(url, parent=str(child.pk))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "is this area or one of its sub-areas")
        top.refresh_from_db()
        self.assertIsNone(top.parent)

    def test_recompute_action(self):
        Commitment.objects.filter(pk=self.commitment.pk).update(irm_state=IrmState.NO_DATA)
        response = self.client.post(
            reverse("admin:commitments_commitment_changelist"),
            {"action": "refresh_irm_values", "_selected_action": [str(self.commitment.pk)]},
            follow=True,
        )
        self.assertContains(response, "IRM values recomputed for 1 commitments.")
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.irm_state, IrmState.PENDING)


class MoveToAnotherPlanTests(TestCase):
    """A commitment that IRM reports assessed stays in its action plan: moving it would leave
    its assessments on a report of the old plan."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = staff_user("editor", groups=["Editors"])
        member = factories.make_member(name="Kenya", commitment_prefix="KE")
        cls.first = factories.make_action_plan(member, number=1)
        cls.second = factories.make_action_plan(member, number=2)
        cls.assessed = factories.make_commitment(cls.first)
        cls.assessment = factories.make_assessment(cls.assessed, completion="limited")
        cls.unassessed = factories.make_commitment(cls.first)

    def move(self, commitment):
        self.client.force_login(self.editor)
        url = reverse("admin:commitments_commitment_change", args=[commitment.pk])
        data = admin_form_data(self.client.get(url))
        data["action_plan"] = str(self.second.pk)
        return self.client.post(url, data)

    def test_the_rule_asks_the_database_only_when_the_plan_changes(self):
        # An action plan's page validates every one of its commitments on each save.
        commitment = Commitment.objects.get(pk=self.assessed.pk)
        with self.assertNumQueries(0):
            commitment.clean()
        commitment.action_plan = self.second
        with self.assertRaises(ValidationError):
            commitment.clean()

    def test_the_admin_form_refuses_to_move_an_assessed_commitment(self):
        response = self.move(self.assessed)
        self.assertEqual(response.status_code, 200)
        errors = response.context["adminform"].form.errors["action_plan"]
        self.assertIn("has IRM assessments on reports of", errors[0])
        self.assessed.refresh_from_db()
        self.assertEqual(self.assessed.action_plan, self.first)
        self.assessment.refresh_from_db()
        self.assessment.full_clean()  # still a report of the commitment's plan

    def test_an_unassessed_commitment_moves(self):
        self.assertEqual(self.move(self.unassessed).status_code, 302)
        self.unassessed.refresh_from_db()
        self.assertEqual(self.unassessed.action_plan, self.second)

    def test_the_model_refuses_the_move(self):
        commitment = Commitment.objects.get(pk=self.assessed.pk)
        commitment.action_plan = self.second
        with self.assertRaises(ValidationError) as raised:
            commitment.full_clean()
        self.assertIn("action_plan", raised.exception.message_dict)
        commitment.action_plan = self.first
        commitment.full_clean()  # staying is fine
