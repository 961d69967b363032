"""Two staff save the same record one after the other, both from a page opened before either
saved: the second is told who changed it and when, and nothing is overwritten."""

from django.test import Client, TestCase
from django.urls import reverse

from commitments.models import ActionPlan, Commitment
from imports.commitment_plan import plan_import
from imports.commitment_sheet import read_spreadsheet
from imports.commitment_write import apply_import
from imports.services import apply_plan, read_and_plan
from irm.models import CommitmentAssessment, ParticipationAssessment
from irm.services import refresh_findings
from members.models import Member
from tests import factories
from tests.imports.sheets import csv_bytes, row
from tests.members.test_admin_support import admin_form_data, staff_user


class LostUpdateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.alice = staff_user("alice", groups=["Editors"])
        cls.bob = staff_user("bob", groups=["Editors"])
        cls.member = factories.make_member(name="Kenya", commitment_prefix="KE", summary="Old")
        cls.plan = factories.make_action_plan(cls.member, summary="Old plan summary")
        cls.commitment = factories.make_commitment(cls.plan, title="Open contracts")

    def open_form(self, user, obj):
        client = Client()
        client.force_login(user)
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        page = client.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'name="lock_version"')
        return client, url, admin_form_data(page)

    def save_in_turn(self, obj, field, first_value, second_value):
        alice, url, alice_data = self.open_form(self.alice, obj)
        bob, _, bob_data = self.open_form(self.bob, obj)
        alice_data[field] = first_value
        self.assertEqual(alice.post(url, alice_data).status_code, 302)
        bob_data[field] = second_value
        return bob.post(url, bob_data)

    def assert_refused(self, response, obj, field, kept):
        self.assertEqual(response.status_code, 200)
        errors = response.context["adminform"].form.non_field_errors()
        self.assertEqual(len(errors), 1, errors)
        self.assertIn(f"This {obj._meta.verbose_name} was changed by alice on", errors[0])
        self.assertIn("reload the page", errors[0])
        self.assertContains(response, "was changed by alice")
        obj.refresh_from_db()
        self.assertEqual(getattr(obj, field), kept)
        self.assertEqual(obj.history.count(), 2)  # created, then alice's change only

    def test_commitment(self):
        response = self.save_in_turn(self.commitment, "title", "By Alice", "By Bob")
        self.assert_refused(response, self.commitment, "title", "By Alice")

    def test_member(self):
        response = self.save_in_turn(self.member, "summary", "Alice's", "Bob's")
        self.assert_refused(response, self.member, "summary", "Alice's")

    def test_action_plan(self):
        response = self.save_in_turn(self.plan, "summary", "Alice's", "Bob's")
        self.assert_refused(response, self.plan, "summary", "Alice's")

    def test_saving_again_without_reloading_is_still_refused(self):
        response = self.save_in_turn(self.commitment, "title", "By Alice", "By Bob")
        client = Client()
        client.force_login(self.bob)
        data = admin_form_data(response)  # the re-rendered form keeps the old version
        response = client.post(response.wsgi_request.path, data)
        self.assertEqual(response.status_code, 200)
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.title, "By Alice")

    def test_after_reloading_the_second_save_goes_through(self):
        self.save_in_turn(self.commitment, "title", "By Alice", "By Bob")
        bob, url, data = self.open_form(self.bob, self.commitment)
        data["title"] = "By Bob"
        self.assertEqual(bob.post(url, data).status_code, 302)
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.title, "By Bob")

    def test_one_person_saving_twice_in_a_row_is_fine(self):
        client, url, data = self.open_form(self.alice, self.member)
        data["summary"] = "First"
        data["_continue"] = "Save and continue editing"
        response = client.post(url, data, follow=True)
        data = admin_form_data(response)
        data["summary"] = "Second"
        self.assertEqual(client.post(url, data).status_code, 302)
        self.member.refresh_from_db()
        self.assertEqual(self.member.summary, "Second")

    def test_a_tampered_version_is_refused_not_an_error(self):
        for token in ["garbage", "2001-01-01T00:00:00+00:00"]:
            with self.subTest(token=token):
                client, url, data = self.open_form(self.alice, self.member)
                data["lock_version"] = token
                data["summary"] = "Tampered"
                response = client.post(url, data)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["adminform"].form.non_field_errors())
                self.member.refresh_from_db()
                self.assertEqual(self.member.summary, "Old")

    def test_a_record_deleted_meanwhile(self):
        alice, url, data = self.open_form(self.alice, self.commitment)
        Commitment.objects.filter(pk=self.commitment.pk).delete()
        response = alice.post(url, data)
        # The admin itself answers a missing object with a redirect and a message.
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Commitment.objects.filter(pk=self.commitment.pk).exists())

    def test_reverting_to_an_old_version_is_not_refused(self):
        admin = staff_user("admin", superuser=True)
        client, url, data = self.open_form(admin, self.member)
        data["summary"] = "Newer"
        self.assertEqual(client.post(url, data).status_code, 302)
        first = self.member.history.earliest()
        revert_url = reverse("admin:members_member_simple_history", args=[self.member.pk, first.pk])
        page = client.get(revert_url)
        self.assertNotContains(page, 'name="lock_version"')
        self.assertEqual(client.post(revert_url, admin_form_data(page)).status_code, 302)
        self.member.refresh_from_db()
        self.assertEqual(self.member.summary, "Old")

    def test_a_view_only_user_sees_the_page_without_the_field(self):
        researcher = staff_user("researcher", groups=["IRM researchers"])
        client = Client()
        client.force_login(researcher)
        for obj in [self.member, self.plan, self.commitment]:
            with self.subTest(model=type(obj).__name__):
                url = reverse(
                    f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]
                )
                page = client.get(url)
                self.assertEqual(page.status_code, 200)
                self.assertNotContains(page, 'name="lock_version"')


def test_models_guarded_have_updated_at():
    for model in [Member, ActionPlan, Commitment]:
        assert model._meta.get_field("updated_at").auto_now


class InlineLostUpdateTests(TestCase):
    """A commitment's row in its action plan's table is guarded too."""

    @classmethod
    def setUpTestData(cls):
        cls.alice = staff_user("alice", groups=["Editors"])
        cls.bob = staff_user("bob", groups=["Editors"])
        cls.plan = factories.make_action_plan(
            factories.make_member(name="Kenya", commitment_prefix="KE")
        )
        cls.commitment = factories.make_commitment(cls.plan, title="Open contracts")
        cls.other = factories.make_commitment(cls.plan, title="Open budgets")

    def open(self, user, obj):
        client = Client()
        client.force_login(user)
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        return client, url, admin_form_data(client.get(url))

    def row(self, data, commitment):
        prefix = next(
            key.removesuffix("-id")
            for key, value in data.items()
            if key.startswith("commitments-")
            and key.endswith("-id")
            and value == str(commitment.pk)
        )
        self.assertIn(f"{prefix}-lock_version", data)
        return prefix

    def test_a_row_changed_after_the_commitment_was_saved_elsewhere_is_refused(self):
        bob, plan_url, plan_data = self.open(self.bob, self.plan)
        alice, url, data = self.open(self.alice, self.commitment)
        data["title"] = "Alice's title"
        self.assertEqual(alice.post(url, data).status_code, 302)
        plan_data[f"{self.row(plan_data, self.commitment)}-title"] = "Bob's title"
        response = bob.post(plan_url, plan_data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This commitment was changed by alice on")
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.title, "Alice's title")

    def test_saving_the_plan_would_revert_a_row_saved_elsewhere_so_it_is_refused(self):
        """Bob does not touch Alice's commitment, but his page still shows its old title:
        the admin would save that row back (it differs from the database)."""
        bob, plan_url, plan_data = self.open(self.bob, self.plan)
        alice, url, data = self.open(self.alice, self.commitment)
        data["title"] = "Alice's title"
        self.assertEqual(alice.post(url, data).status_code, 302)
        plan_data["title"] = "Renamed plan"
        response = bob.post(plan_url, plan_data)
        self.assertContains(response, "This commitment was changed by alice on")
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.title, "Alice's title")
        self.plan.refresh_from_db()
        self.assertNotEqual(self.plan.title, "Renamed plan")

    def test_rows_nobody_else_changed_save_as_before(self):
        bob, plan_url, plan_data = self.open(self.bob, self.plan)
        plan_data[f"{self.row(plan_data, self.other)}-title"] = "Open budgets, renamed"
        plan_data["title"] = "Renamed plan"
        self.assertEqual(bob.post(plan_url, plan_data).status_code, 302)
        self.other.refresh_from_db()
        self.assertEqual(self.other.title, "Open budgets, renamed")
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.title, "Open contracts")


class InlineRowsOfAGuardedRecordTests(TestCase):
    """A milestone (a row of the commitment's page) changed from a page opened before someone
    else saved the commitment is refused too, not saved over their change."""

    @classmethod
    def setUpTestData(cls):
        cls.alice = staff_user("alice", groups=["Editors"])
        cls.bob = staff_user("bob", groups=["Editors"])
        plan = factories.make_action_plan(factories.make_member(name="Kenya"))
        cls.commitment = factories.make_commitment(plan, title="Open contracts")
        cls.milestone = factories.make_milestone(cls.commitment, title="Publish the register")

    def open(self, user):
        client = Client()
        client.force_login(user)
        url = reverse("admin:commitments_commitment_change", args=[self.commitment.pk])
        return client, url, admin_form_data(client.get(url))

    def milestone_field(self, data, name):
        prefix = next(
            key.removesuffix("-id")
            for key, value in data.items()
            if key.endswith("-id") and value == str(self.milestone.pk) and "milestone" in key
        )
        return f"{prefix}-{name}"

    def test_a_milestone_changed_on_a_stale_page_is_refused(self):
        alice, url, alice_data = self.open(self.alice)
        bob, _, bob_data = self.open(self.bob)
        alice_data[self.milestone_field(alice_data, "title")] = "Alice's milestone"
        self.assertEqual(alice.post(url, alice_data).status_code, 302)
        bob_data[self.milestone_field(bob_data, "title")] = "Bob's milestone"
        response = bob.post(url, bob_data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This commitment was changed by alice on")
        self.milestone.refresh_from_db()
        self.assertEqual(self.milestone.title, "Alice's milestone")

    def test_a_milestone_changed_on_a_fresh_page_is_saved(self):
        bob, url, bob_data = self.open(self.bob)
        bob_data[self.milestone_field(bob_data, "title")] = "Bob's milestone"
        self.assertEqual(bob.post(url, bob_data).status_code, 302)
        self.milestone.refresh_from_db()
        self.assertEqual(self.milestone.title, "Bob's milestone")


class RowsSavedOnTheirOwnPageTests(TestCase):
    """A row of a record's page (a milestone, an assessment) saved on its own admin page
    while someone has the record's page open: that page's copy of the row is stale, and
    saving it would write the old values back. Each row carries its own version."""

    @classmethod
    def setUpTestData(cls):
        cls.alice = staff_user("alice", groups=["Editors"])
        cls.bob = staff_user("bob", groups=["Editors"])
        cls.admin = staff_user("admin", superuser=True)
        cls.researcher = staff_user("researcher", groups=["IRM researchers"])
        plan = factories.make_action_plan(factories.make_member(name="Kenya"))
        cls.commitment = factories.make_commitment(plan, title="Open contracts")
        cls.milestone = factories.make_milestone(cls.commitment, title="Publish the register")
        cls.assessment = factories.make_assessment(cls.commitment, completion="limited")

    def open(self, user, obj):
        client = Client()
        client.force_login(user)
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        page = client.get(url)
        self.assertEqual(page.status_code, 200)
        return client, url, admin_form_data(page)

    def field(self, data, inline, obj, name):
        prefix = next(
            key.removesuffix("-id")
            for key, value in data.items()
            if key.startswith(f"{inline}-") and key.endswith("-id") and value == str(obj.pk)
        )
        return f"{prefix}-{name}"

    def alice_saves_the_milestone(self):
        alice, url, data = self.open(self.alice, self.milestone)
        data["title"] = "Alice's milestone"
        self.assertEqual(alice.post(url, data).status_code, 302)

    def test_a_stale_commitment_page_would_write_the_milestone_back_so_it_is_refused(self):
        bob, url, bob_data = self.open(self.bob, self.commitment)
        self.assertIn(self.field(bob_data, "milestones", self.milestone, "row_version"), bob_data)
        self.alice_saves_the_milestone()
        bob_data["title"] = "Bob's title"  # Bob does not touch the milestone row
        response = bob.post(url, bob_data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This milestone was changed by alice on")
        self.milestone.refresh_from_db()
        self.assertEqual(self.milestone.title, "Alice's milestone")
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.title, "Open contracts")  # nothing saved

    def test_a_milestone_row_edited_on_a_stale_page_is_refused(self):
        bob, url, bob_data = self.open(self.bob, self.commitment)
        self.alice_saves_the_milestone()
        bob_data[self.field(bob_data, "milestones", self.milestone, "title")] = "Bob's"
        response = bob.post(url, bob_data)
        self.assertContains(response, "This milestone was changed by alice on")
        self.milestone.refresh_from_db()
        self.assertEqual(self.milestone.title, "Alice's milestone")

    def test_a_stale_assessment_row_is_refused(self):
        admin, url, data = self.open(self.admin, self.commitment)
        researcher, assessment_url, assessment_data = self.open(self.researcher, self.assessment)
        assessment_data["completion"] = "complete"
        self.assertEqual(researcher.post(assessment_url, assessment_data).status_code, 302)
        data[self.field(data, "assessments", self.assessment, "notes")] = "A note"
        response = admin.post(url, data)
        self.assertContains(response, "This commitment assessment was changed by researcher on")
        self.assessment.refresh_from_db()
        self.assertEqual((self.assessment.completion, self.assessment.notes), ("complete", ""))

    def test_rows_nobody_else_changed_save_as_before(self):
        bob, url, data = self.open(self.bob, self.commitment)
        data[self.field(data, "milestones", self.milestone, "title")] = "Bob's milestone"
        data["title"] = "Bob's title"
        self.assertEqual(bob.post(url, data).status_code, 302)
        self.milestone.refresh_from_db()
        self.assertEqual(self.milestone.title, "Bob's milestone")

    def test_a_row_posted_without_its_version_is_refused(self):
        bob, url, data = self.open(self.bob, self.commitment)
        data[self.field(data, "milestones", self.milestone, "title")] = "Bob's milestone"
        data[self.field(data, "milestones", self.milestone, "row_version")] = ""
        response = bob.post(url, data)
        self.assertContains(response, "did not say which version of the milestone")
        self.milestone.refresh_from_db()
        self.assertEqual(self.milestone.title, "Publish the register")


class MissingVersionTests(TestCase):
    """A change form posted without its version is refused (a form error), not saved
    unchecked."""

    @classmethod
    def setUpTestData(cls):
        cls.alice = staff_user("alice", groups=["Editors"])
        cls.member = factories.make_member(name="Kenya", commitment_prefix="KE", summary="Old")
        cls.plan = factories.make_action_plan(cls.member, summary="Old")
        cls.commitment = factories.make_commitment(cls.plan, short_title="Old")

    def test_a_blank_or_absent_version_is_refused(self):
        client = Client()
        client.force_login(self.alice)
        for obj, field in [
            (self.member, "summary"),
            (self.plan, "summary"),
            (self.commitment, "short_title"),
        ]:
            url = reverse(
                f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]
            )
            for absent in [False, True]:
                with self.subTest(model=type(obj).__name__, absent=absent):
                    data = admin_form_data(client.get(url))
                    if absent:
                        del data["lock_version"]
                    else:
                        data["lock_version"] = ""
                    data[field] = "Unchecked"
                    response = client.post(url, data)
                    self.assertEqual(response.status_code, 200)
                    errors = response.context["adminform"].form.non_field_errors()
                    self.assertIn("did not say which version", errors[0])
                    obj.refresh_from_db()
                    self.assertEqual(getattr(obj, field), "Old")

    def test_a_commitment_row_without_its_version_is_refused(self):
        client = Client()
        client.force_login(self.alice)
        url = reverse("admin:commitments_actionplan_change", args=[self.plan.pk])
        data = admin_form_data(client.get(url))
        data["commitments-0-lock_version"] = ""
        data["commitments-0-title"] = "Unchecked"
        response = client.post(url, data)
        self.assertContains(response, "did not say which version of the commitment")
        self.commitment.refresh_from_db()
        self.assertNotEqual(self.commitment.title, "Unchecked")


class WritesBesideTheFormTests(TestCase):
    """Writes outside the record's own form that change what its page shows (an import of
    only policy areas or IRM values, recomputed IRM values, a participation sheet) move its
    version: a page opened before is refused instead of silently reverting them."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = staff_user("editor", groups=["Editors"])
        cls.admin = staff_user("admin", superuser=True)
        cls.import_rows([row()])
        cls.commitment = Commitment.objects.get(identifier="SEO0001")

    @classmethod
    def import_rows(cls, rows):
        result = plan_import(read_spreadsheet(csv_bytes(rows)))
        assert not result.errors, [r.errors for r in result.errors]
        apply_import(result, user=cls.admin, reason="Import")
        return result

    def open(self, user, obj):
        client = Client()
        client.force_login(user)
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        return client, url, admin_form_data(client.get(url))

    def assert_stale_save_refused(self, client, url, data):
        data["short_title"] = "Edited on a stale page"
        response = client.post(url, data)
        self.assertEqual(response.status_code, 200)
        errors = response.context["adminform"].form.non_field_errors()
        self.assertIn("after you opened this page", errors[0])
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.short_title, "Participation")

    def test_an_import_of_only_policy_areas(self):
        client, url, data = self.open(self.editor, self.commitment)
        self.import_rows([row(theme="Open Data")])
        self.assert_stale_save_refused(client, url, data)
        self.assertEqual([area.name for area in self.commitment.policy_areas.all()], ["Open Data"])

    def test_an_import_of_only_irm_values(self):
        client, url, data = self.open(self.editor, self.commitment)
        result = self.import_rows([row(completion="Complete")])
        self.assertEqual(result.counts()["changed"], 1)
        self.assert_stale_save_refused(client, url, data)
        self.assertEqual(
            self.commitment.assessments.get(report__type="progress").completion, "complete"
        )

    def test_recomputed_irm_values(self):
        client, url, data = self.open(self.editor, self.commitment)
        assessment = self.commitment.assessments.get(report__type="progress")  # completion
        CommitmentAssessment.objects.filter(pk=assessment.pk).update(completion="limited")
        before = Commitment.objects.get(pk=self.commitment.pk).updated_at
        refresh_findings([self.commitment.pk])
        self.assertGreater(Commitment.objects.get(pk=self.commitment.pk).updated_at, before)
        self.assert_stale_save_refused(client, url, data)

    def test_recomputing_unchanged_values_keeps_the_version(self):
        before = Commitment.objects.get(pk=self.commitment.pk).updated_at
        refresh_findings([self.commitment.pk])
        self.assertEqual(Commitment.objects.get(pk=self.commitment.pk).updated_at, before)

    def test_a_participation_sheet_moves_its_plans_version(self):
        action_plan = self.commitment.action_plan
        before = ActionPlan.objects.get(pk=action_plan.pk).updated_at
        report = action_plan.irm_reports.first()  # the import made a report per type
        sheet = (
            "Country/Locality,Action Plan Number,Development Level,IRM Report\n"
            f'"{action_plan.member.name}",{action_plan.number},Involve,"{report.title}"\n'
        ).encode()
        plan = read_and_plan(sheet, "participation.csv")
        self.assertFalse(plan.errors, [r.errors for r in plan.errors])
        apply_plan(plan, user=self.admin)
        self.assertTrue(ParticipationAssessment.objects.filter(action_plan=action_plan).exists())
        self.assertGreater(ActionPlan.objects.get(pk=action_plan.pk).updated_at, before)
