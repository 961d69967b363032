"""Identifier prefixes: several per member, each tied to the plans it numbers; one exact rule
(`commitments.prefixes.prefix_error`) for the commitment forms and the member's prefixes.

The member of these tests changed scheme: its first plan numbered ABC0001, its second
XXAB0002 (as real local members did)."""

from types import SimpleNamespace

from django.db import connection
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import Commitment, IdentifierPrefix
from commitments.prefixes import prefix_error
from tests import factories
from tests.members.test_admin_support import admin_form_data, staff_user


class PrefixRuleTests(SimpleTestCase):
    """The rule over values: the letters before the four digits equal a prefix of the plan."""

    member = SimpleNamespace(name="Townsville")
    first, second = SimpleNamespace(pk=1, number=1), SimpleNamespace(pk=2, number=2)
    rules = [("ABC", frozenset({1})), ("XXAB", frozenset({2}))]

    def error(self, identifier, plan, rules=None):
        return prefix_error(identifier, self.member, plan, self.rules if rules is None else rules)

    def test_each_prefix_numbers_its_own_plan(self):
        self.assertIsNone(self.error("ABC0001", self.first))
        self.assertIsNone(self.error("XXAB0002", self.second))

    def test_a_prefix_tied_to_another_plan_is_refused_saying_so(self):
        self.assertEqual(
            self.error("XXAB0001", self.first),
            "XXAB0001: the prefix XXAB of Townsville numbers other action plans; identifiers "
            "in action plan 1 start with “ABC”, e.g. ABC0001.",
        )

    def test_the_match_is_exact_not_a_start(self):
        for identifier in ("AB0001", "ABCD0001"):
            with self.subTest(identifier):
                self.assertEqual(
                    self.error(identifier, self.first),
                    f"{identifier}: identifiers of Townsville in action plan 1 start with "
                    "exactly “ABC”, then four digits, e.g. ABC0001.",
                )

    def test_an_untied_prefix_numbers_every_plan_beside_tied_ones(self):
        rules = [("ABC", frozenset()), ("XXAB", frozenset({2}))]
        self.assertIsNone(self.error("ABC0009", self.second, rules))
        self.assertIsNone(self.error("XXAB0009", self.second, rules))
        self.assertIn("start with “ABC”", self.error("XXAB0009", self.first, rules))

    def test_a_plan_no_prefix_numbers_and_a_member_without_prefix(self):
        third = SimpleNamespace(pk=None, number=3)  # a plan not saved yet
        self.assertIn("no prefix of Townsville numbers action plan 3", self.error("ABC0001", third))
        self.assertIn("has no identifier prefix yet", self.error("ABC0001", self.first, []))

    def test_a_malformed_identifier_is_left_to_the_field_validator(self):
        self.assertIsNone(self.error("abc-1", self.first))


class TwoPrefixesMixin:
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user("editor", groups=["Editors"])
        cls.member = factories.make_member(name="Townsville", commitment_prefix=None)
        cls.first = factories.make_action_plan(cls.member, number=1)
        cls.second = factories.make_action_plan(cls.member, number=2)
        cls.abc = factories.make_prefix(cls.member, "ABC", [cls.first])
        cls.xxab = factories.make_prefix(cls.member, "XXAB", [cls.second])
        cls.old = factories.make_commitment(cls.first, identifier="ABC0001")
        cls.new = factories.make_commitment(cls.second, identifier="XXAB0002")

    def setUp(self):
        self.client.force_login(self.user)


class CommitmentFormTests(TwoPrefixesMixin, TestCase):
    def add(self, identifier, plan):
        url = reverse("admin:commitments_commitment_add")
        data = admin_form_data(self.client.get(url))
        data.update(
            {"identifier": identifier, "action_plan": str(plan.pk), "title": "A commitment"}
        )
        return self.client.post(url, data)

    def test_each_plan_takes_its_own_prefix(self):
        for identifier, plan in (("ABC0003", self.first), ("XXAB0004", self.second)):
            with self.subTest(identifier):
                self.assertEqual(self.add(identifier, plan).status_code, 302)
                self.assertEqual(Commitment.objects.get(identifier=identifier).action_plan, plan)

    def test_wrong_or_inexact_prefixes_are_refused_with_the_fix(self):
        cases = [
            ("XXAB0001", "the prefix XXAB of Townsville numbers other action plans"),
            ("AB0001", "start with exactly “ABC”, then four digits, e.g. ABC0001."),
            ("ABCD0001", "start with exactly “ABC”, then four digits, e.g. ABC0001."),
        ]
        for identifier, message in cases:
            with self.subTest(identifier):
                response = self.add(identifier, self.first)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
                self.assertFalse(Commitment.objects.filter(identifier=identifier).exists())

    def test_a_commitment_moved_to_a_plan_its_prefix_does_not_number_is_refused(self):
        url = reverse("admin:commitments_commitment_change", args=[self.old.pk])
        data = admin_form_data(self.client.get(url))
        data["action_plan"] = str(self.second.pk)
        response = self.client.post(url, data)
        self.assertContains(response, "the prefix ABC of Townsville numbers other action plans")
        self.old.refresh_from_db()
        self.assertEqual(self.old.action_plan, self.first)

    def test_the_plan_page_inline_applies_the_same_rule(self):
        url = reverse("admin:commitments_actionplan_change", args=[self.first.pk])
        data = admin_form_data(self.client.get(url))
        total = int(data["commitments-TOTAL_FORMS"])
        new = total - 1  # the page's empty extra row
        data.update(
            {
                f"commitments-{new}-identifier": "XXAB0009",
                f"commitments-{new}-title": "Misnumbered",
                f"commitments-{new}-status": "active",
            }
        )
        response = self.client.post(url, data)
        self.assertContains(response, "the prefix XXAB of Townsville numbers other action plans")
        data[f"commitments-{new}-identifier"] = "ABC0009"
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(Commitment.objects.get(identifier="ABC0009").action_plan, self.first)


class SchemeChangeTests(TestCase):
    """A member numbered with ABC, then changed to XXAB for its second plan."""

    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user("editor", groups=["Editors"])
        cls.member = factories.make_member(name="Townsville", commitment_prefix="ABC")
        cls.first = factories.make_action_plan(cls.member, number=1)
        cls.second = factories.make_action_plan(cls.member, number=2)
        cls.old = factories.make_commitment(cls.first, identifier="ABC0001")

    def setUp(self):
        self.client.force_login(self.user)
        self.member_url = reverse("admin:members_member_change", args=[self.member.pk])

    def member_data(self):
        data = admin_form_data(self.client.get(self.member_url))
        self.assertEqual(data["identifier_prefixes-0-prefix"], "ABC")
        return data

    def add_new_scheme(self):
        data = self.member_data()
        data.update(
            {
                "identifier_prefixes-0-action_plans": [str(self.first.pk)],
                "identifier_prefixes-1-prefix": "XXAB",
                "identifier_prefixes-1-action_plans": [str(self.second.pk)],
                "identifier_prefixes-TOTAL_FORMS": "2",
            }
        )
        return self.client.post(self.member_url, data)

    def test_the_member_page_adds_a_prefix_tied_to_the_new_plan(self):
        self.assertEqual(self.add_new_scheme().status_code, 302)
        rows = IdentifierPrefix.objects.filter(member=self.member).order_by("prefix")
        self.assertEqual(
            [(row.prefix, [p.number for p in row.action_plans.all()]) for row in rows],
            [("ABC", [1]), ("XXAB", [2])],
        )

    def test_an_old_commitment_saved_unchanged_after_the_change_is_valid(self):
        self.assertEqual(self.add_new_scheme().status_code, 302)
        url = reverse("admin:commitments_commitment_change", args=[self.old.pk])
        data = admin_form_data(self.client.get(url))
        data["title"] = "Edited after the scheme changed"
        self.assertEqual(self.client.post(url, data).status_code, 302)
        old = Commitment.objects.get(pk=self.old.pk)
        self.assertEqual(old.title, "Edited after the scheme changed")
        old.full_clean()  # and the model's own validation says so too
        new = Commitment(identifier="XXAB0002", action_plan=self.second, title="New scheme")
        new.full_clean()

    def test_a_change_that_would_orphan_a_commitment_is_refused(self):
        data = self.member_data()
        data["identifier_prefixes-0-prefix"] = "XXAB"  # the old prefix replaced
        response = self.client.post(self.member_url, data)
        self.assertContains(
            response,
            "1 commitment would no longer have a prefix of its action plan "
            "(ABC0001, action plan 1): keep its prefix, or tie it to that plan.",
        )
        self.assertEqual(
            list(IdentifierPrefix.objects.filter(member=self.member).values_list("prefix")),
            [("ABC",)],
        )

    def test_tying_the_prefix_to_the_wrong_plan_is_refused_too(self):
        data = self.member_data()
        data["identifier_prefixes-0-action_plans"] = [str(self.second.pk)]
        response = self.client.post(self.member_url, data)
        self.assertContains(response, "1 commitment would no longer have a prefix")
        self.assertFalse(IdentifierPrefix.objects.filter(action_plans__isnull=False).exists())

    def test_a_member_keeps_one_prefix_at_least(self):
        data = self.member_data()
        data["identifier_prefixes-0-DELETE"] = "on"
        response = self.client.post(self.member_url, data)
        self.assertContains(response, "Please submit at least 1 form.")
        self.assertTrue(IdentifierPrefix.objects.filter(member=self.member).exists())

    def test_a_prefix_is_unique_across_members_and_ties_only_own_plans(self):
        other = factories.make_member(name="Otherton", commitment_prefix="OTH")
        others_plan = factories.make_action_plan(other, number=1)
        data = self.member_data()
        data.update(
            {
                "identifier_prefixes-1-prefix": "OTH",
                "identifier_prefixes-1-action_plans": [str(others_plan.pk)],
                "identifier_prefixes-TOTAL_FORMS": "2",
            }
        )
        response = self.client.post(self.member_url, data)
        self.assertContains(response, "Another member already has this prefix.")
        self.assertContains(response, "Select a valid choice.")
        self.assertEqual(IdentifierPrefix.objects.filter(member=self.member).count(), 1)

    def test_the_plan_choices_are_the_members_own(self):
        factories.make_action_plan(factories.make_member(name="Otherton"), number=7)
        response = self.client.get(self.member_url)
        field = response.context["inline_admin_formsets"][0].formset.forms[0].fields
        labels = [label for _value, label in field["action_plans"].choices]
        self.assertEqual(labels, ["Action plan 1 (2016-2018)", "Action plan 2 (2018-2020)"])


class PrefixSearchTests(TwoPrefixesMixin, TestCase):
    def test_members_and_plans_are_found_by_any_of_their_prefixes(self):
        factories.make_member(name="Otherton", commitment_prefix="OTH")
        for prefix in ("ABC", "XXAB"):
            with self.subTest(prefix):
                members = self.client.get(reverse("admin:members_member_changelist"), {"q": prefix})
                self.assertEqual(
                    [m.name for m in members.context["cl"].result_list], ["Townsville"]
                )
                plans = self.client.get(
                    reverse("admin:commitments_actionplan_changelist"), {"q": prefix}
                )
                self.assertEqual(sorted(p.number for p in plans.context["cl"].result_list), [1, 2])

    def test_the_member_list_shows_every_prefix(self):
        response = self.client.get(reverse("admin:members_member_changelist"))
        self.assertContains(response, "ABC, XXAB")


class MemberPageQueryTests(TestCase):
    def test_the_prefix_rows_cost_no_query_each(self):
        user = staff_user("editor", groups=["Editors"])
        self.client.force_login(user)
        counts = []
        for name, prefixes in (("Onetown", ["ONE"]), ("Manytown", ["MAA", "MAB", "MAC"])):
            member = factories.make_member(name=name, commitment_prefix=None)
            plans = [factories.make_action_plan(member, number=n) for n in (1, 2, 3)]
            for prefix in prefixes:
                factories.make_prefix(member, prefix, plans[:2])
            url = reverse("admin:members_member_change", args=[member.pk])
            self.client.get(url)  # warm the per-process caches (content types…)
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, 200)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])
