"""The staff groups (migration irm/0003_staff_groups): editors keep members and commitments,
IRM researchers keep the IRM records; each can view the other's records but not change them."""

from django.test import TestCase
from django.urls import reverse

from commitments.models import Commitment
from irm.models import CommitmentAssessment
from members.models import Member
from tests import factories
from tests.members.test_admin_support import admin_form_data, staff_user


class StaffGroupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = staff_user("editor", groups=["Editors"])
        cls.researcher = staff_user("researcher", groups=["IRM researchers"])
        cls.admin = staff_user("admin", superuser=True)
        cls.member = factories.make_member(name="Kenya", commitment_prefix="KE", summary="Old")
        cls.plan = factories.make_action_plan(cls.member)
        cls.commitment = factories.make_commitment(cls.plan)
        cls.report = factories.make_report(cls.plan)
        cls.assessment = factories.make_assessment(cls.commitment, cls.report, completion="limited")

    def form_data(self, url):
        self.client.force_login(self.admin)
        return admin_form_data(self.client.get(url))

    def url(self, name, obj):
        return reverse(f"admin:{name}_change", args=[obj.pk])

    def post_change(self, user, name, obj, **values):
        """Post the change form as a superuser would see it, with `values` changed."""
        data = self.form_data(self.url(name, obj))
        data.update(values)
        self.client.force_login(user)
        return self.client.post(self.url(name, obj), data)

    def test_editor_changes_members_and_commitments(self):
        response = self.post_change(self.editor, "members_member", self.member, summary="New")
        self.assertEqual(response.status_code, 302)
        self.member.refresh_from_db()
        self.assertEqual(self.member.summary, "New")
        response = self.post_change(
            self.editor, "commitments_commitment", self.commitment, title="A clearer title"
        )
        self.assertEqual(response.status_code, 302)
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.title, "A clearer title")

    def test_editor_cannot_change_an_assessment(self):
        self.client.force_login(self.editor)
        page = self.client.get(self.url("irm_commitmentassessment", self.assessment))
        self.assertEqual(page.status_code, 200)  # may view it, read-only
        self.assertFalse(page.context["has_change_permission"])
        response = self.post_change(
            self.editor, "irm_commitmentassessment", self.assessment, completion="complete"
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(
            self.client.get(reverse("admin:irm_commitmentassessment_add")).status_code, 403
        )
        self.assessment.refresh_from_db()
        self.assertEqual(self.assessment.completion, "limited")

    def test_editor_cannot_change_an_assessment_under_a_commitment(self):
        self.client.force_login(self.editor)
        page = self.client.get(self.url("commitments_commitment", self.commitment))
        inline = next(
            inline
            for inline in page.context["inline_admin_formsets"]
            if inline.formset.model._meta.model_name == "commitmentassessment"
        )
        self.assertFalse(inline.has_change_permission)
        self.assertFalse(inline.has_add_permission)
        response = self.post_change(
            self.editor,
            "commitments_commitment",
            self.commitment,
            **{"title": "Retitled", "assessments-0-completion": "complete"},
        )
        self.assertEqual(response.status_code, 302)
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.title, "Retitled")
        self.assessment.refresh_from_db()
        self.assertEqual(self.assessment.completion, "limited")

    def test_researcher_changes_assessments(self):
        response = self.post_change(
            self.researcher, "irm_commitmentassessment", self.assessment, completion="complete"
        )
        self.assertEqual(response.status_code, 302)
        self.assessment.refresh_from_db()
        self.assertEqual(self.assessment.completion, "complete")
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.irm_completion, "complete")

    def test_researcher_cannot_change_members(self):
        response = self.post_change(self.researcher, "members_member", self.member, summary="X")
        self.assertEqual(response.status_code, 403)
        self.member.refresh_from_db()
        self.assertEqual(self.member.summary, "Old")
        self.client.force_login(self.researcher)
        self.assertEqual(self.client.get(reverse("admin:members_member_add")).status_code, 403)
        delete = reverse("admin:members_member_delete", args=[self.member.pk])
        self.assertEqual(self.client.post(delete, {"post": "yes"}).status_code, 403)
        self.assertTrue(Member.objects.filter(pk=self.member.pk).exists())

    def test_researcher_cannot_revert_a_member(self):
        first = self.member.history.earliest()
        url = reverse("admin:members_member_simple_history", args=[self.member.pk, first.pk])
        data = self.form_data(url)
        data["name"] = "Hijacked"
        self.client.force_login(self.researcher)
        self.assertEqual(self.client.get(url).status_code, 200)  # may look at old versions
        self.assertEqual(self.client.post(url, data).status_code, 403)
        self.member.refresh_from_db()
        self.assertEqual(self.member.name, "Kenya")

    def autocomplete(self, user, app_label, model_name, field_name, term):
        self.client.force_login(user)
        return self.client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": app_label,
                "model_name": model_name,
                "field_name": field_name,
                "term": term,
            },
        )

    def test_researcher_picks_commitments_and_reports_by_autocomplete(self):
        response = self.autocomplete(
            self.researcher, "irm", "commitmentassessment", "commitment", "KE000"
        )
        self.assertEqual(response.status_code, 200)
        ids = [row["id"] for row in response.json()["results"]]
        self.assertEqual(ids, [str(self.commitment.pk)])
        response = self.autocomplete(self.researcher, "irm", "commitmentassessment", "report", "")
        self.assertEqual([row["id"] for row in response.json()["results"]], [str(self.report.pk)])

    def test_editor_picks_action_plans_by_member_name(self):
        response = self.autocomplete(self.editor, "commitments", "commitment", "action_plan", "ken")
        self.assertEqual(response.status_code, 200)
        self.assertEqual([row["id"] for row in response.json()["results"]], [str(self.plan.pk)])

    def test_autocomplete_with_garbage_parameters_is_refused_not_an_error(self):
        response = self.autocomplete(self.editor, "commitments", "commitment", "nope", "x")
        self.assertEqual(response.status_code, 403)


class DraftTests(TestCase):
    """An anonymous visitor sees no draft: an unpublished member, action plan or commitment
    (or one under an unpublished parent) is a 404 on its page and absent from lists, the
    explorer and the API, while its published neighbours are there."""

    @classmethod
    def setUpTestData(cls):
        cls.member = factories.make_member(name="Kenya", commitment_prefix="KE")
        cls.plan = factories.make_action_plan(cls.member, number=1)
        cls.shown = factories.make_commitment(cls.plan, identifier="KE0001", title="Shown")
        cls.draft_commitment = factories.make_commitment(
            cls.plan, identifier="KE0002", title="Draft commitment", published=False
        )
        cls.draft_plan = factories.make_action_plan(cls.member, number=2, published=False)
        cls.under_draft_plan = factories.make_commitment(
            cls.draft_plan, identifier="KE0003", title="Under a draft plan"
        )
        cls.draft_member = factories.make_member(
            name="Atlantis", commitment_prefix="AT", published=False
        )
        cls.draft_member_plan = factories.make_action_plan(cls.draft_member, number=1)
        cls.under_draft_member = factories.make_commitment(
            cls.draft_member_plan, identifier="AT0001", title="Under a draft member"
        )
        cls.drafts = [cls.draft_commitment, cls.under_draft_plan, cls.under_draft_member]

    def test_draft_pages_are_not_found(self):
        self.assertEqual(self.client.get(self.member.get_absolute_url()).status_code, 200)
        self.assertEqual(self.client.get(self.plan.get_absolute_url()).status_code, 200)
        self.assertEqual(self.client.get(self.shown.get_absolute_url()).status_code, 200)
        for obj in [self.draft_member, self.draft_plan, self.draft_member_plan, *self.drafts]:
            with self.subTest(obj=str(obj)):
                self.assertEqual(self.client.get(obj.get_absolute_url()).status_code, 404)

    def test_drafts_are_absent_from_the_public_lists_and_the_explorer(self):
        members = self.client.get(reverse("members:member-list"))
        self.assertContains(members, "Kenya")
        self.assertNotContains(members, "Atlantis")
        profile = self.client.get(self.member.get_absolute_url())
        self.assertContains(profile, "KE0001")
        explorer = self.client.get(reverse("commitments:explorer"))
        self.assertContains(explorer, "KE0001")
        for page in [profile, explorer]:
            for draft in self.drafts:
                self.assertNotContains(page, draft.identifier)
                self.assertNotContains(page, draft.title)

    def test_drafts_are_absent_from_the_api(self):
        members = self.client.get(reverse("api:member-list")).content.decode()
        self.assertIn("kenya", members)
        self.assertNotIn("atlantis", members.lower())
        plans = self.client.get(reverse("api:action-plan-list")).content.decode()
        self.assertIn(self.plan.title, plans)
        self.assertNotIn(self.draft_plan.title, plans)
        self.assertNotIn(self.draft_member_plan.title, plans)
        commitments = self.client.get(reverse("api:commitment-list")).content.decode()
        self.assertIn("KE0001", commitments)
        for draft in self.drafts:
            self.assertNotIn(draft.identifier, commitments)
            url = reverse("api:commitment-detail", args=[draft.identifier])
            self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("api:member-detail", args=["atlantis"])).status_code, 404
        )
        url = reverse("api:action-plan-detail", args=["kenya", 2])
        self.assertEqual(self.client.get(url).status_code, 404)


class InlineDeleteTests(TestCase):
    """Deleting a row of an inline follows the object's own delete page: allowed only when
    the user may delete the row and everything its deletion cascades to."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = staff_user("editor", groups=["Editors"])
        cls.admin = staff_user("admin", superuser=True)
        cls.plan = factories.make_action_plan(
            factories.make_member(name="Kenya", commitment_prefix="KE")
        )
        cls.assessed = factories.make_commitment(cls.plan, title="Assessed")
        factories.make_milestone(cls.assessed)
        cls.assessment = factories.make_assessment(cls.assessed, completion="limited")
        cls.unassessed = factories.make_commitment(cls.plan, title="Not assessed yet")
        factories.make_milestone(cls.unassessed)

    def post_plan_deleting(self, user, *commitments):
        url = reverse("admin:commitments_actionplan_change", args=[self.plan.pk])
        self.client.force_login(user)
        page = self.client.get(url)
        data = admin_form_data(page)
        for commitment in commitments:
            prefix = next(
                key.removesuffix("-id")
                for key, value in data.items()
                if key.startswith("commitments-") and key.endswith("-id")
                if value == str(commitment.pk)
            )
            data[f"{prefix}-DELETE"] = "on"
        return self.client.post(url, data)

    def commitment_rows(self, response):
        inline = next(
            inline
            for inline in response.context["inline_admin_formsets"]
            if inline.formset.model is Commitment
        )
        return inline.formset

    def test_the_delete_page_refuses_an_editor_a_commitment_with_assessments(self):
        self.client.force_login(self.editor)
        url = reverse("admin:commitments_commitment_delete", args=[self.assessed.pk])
        self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 403)
        self.assertTrue(Commitment.objects.filter(pk=self.assessed.pk).exists())

    def test_the_plan_inline_refuses_an_editor_the_same_delete(self):
        response = self.post_plan_deleting(self.editor, self.assessed)
        self.assertEqual(response.status_code, 200)
        formset = self.commitment_rows(response)
        row = next(form for form in formset.forms if form.instance.pk == self.assessed.pk)
        self.assertIn("commitment assessment", str(row.non_field_errors()))
        self.assertIn("not allowed to delete", str(row.non_field_errors()))
        self.assertIn("Nothing was deleted", str(formset.non_form_errors()))
        self.assertContains(response, "which you are not allowed to delete")
        self.assertTrue(Commitment.objects.filter(pk=self.assessed.pk).exists())
        self.assertTrue(CommitmentAssessment.objects.filter(pk=self.assessment.pk).exists())

    def test_nothing_else_is_deleted_with_a_refused_row(self):
        response = self.post_plan_deleting(self.editor, self.assessed, self.unassessed)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            set(Commitment.objects.filter(action_plan=self.plan)), {self.assessed, self.unassessed}
        )

    def test_an_editor_deletes_a_commitment_whose_cascade_is_theirs_to_delete(self):
        response = self.post_plan_deleting(self.editor, self.unassessed)  # and its milestone
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Commitment.objects.filter(pk=self.unassessed.pk).exists())
        self.assertTrue(Commitment.objects.filter(pk=self.assessed.pk).exists())

    def test_a_superuser_may_delete_it_with_its_assessments(self):
        response = self.post_plan_deleting(self.admin, self.assessed)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Commitment.objects.filter(pk=self.assessed.pk).exists())
        self.assertFalse(CommitmentAssessment.objects.filter(pk=self.assessment.pk).exists())
