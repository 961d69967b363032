"""The public change log (opendata.changelog, opendata.history): what changed in the published
columns, and when; never a staff-only field, never an unpublished record."""

import re

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse

from commitments.models import Commitment
from opendata import changelog
from tests import factories as f
from tests.members.test_admin_support import admin_form_data, staff_user


def history_url(commitment):
    return reverse(
        "members:commitment-history",
        args=[commitment.action_plan.member.slug, commitment.identifier],
    )


def change_rows(html):
    """(field, before, after) of every row of the page's change tables."""
    return re.findall(
        r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td><td>([^<]*)</td></tr>', html
    )


class ChangeLogTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = staff_user("admin", superuser=True)
        cls.member = f.make_member(name="Seoul, South Korea", commitment_prefix="SEO")
        cls.plan = f.make_action_plan(cls.member)
        cls.commitment = f.make_commitment(cls.plan, title="Open the subway data")

    def setUp(self):
        cache.clear()
        self.client.force_login(self.admin)

    def edit_in_admin(self, commitment, **values):
        url = reverse("admin:commitments_commitment_change", args=[commitment.pk])
        data = admin_form_data(self.client.get(url))
        data.update(values)
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))

    def test_a_title_change_made_in_the_admin_appears_with_its_date(self):
        self.edit_in_admin(self.commitment, title="Open every bus and subway dataset")
        self.client.logout()
        page = self.client.get(history_url(self.commitment))
        html = page.content.decode()
        self.assertIn(
            ("Title", "Open the subway data", "Open every bus and subway dataset"),
            change_rows(html),
        )
        self.assertContains(page, "Commitment changed")
        self.assertContains(page, "New commitment")  # the record's creation, first published
        self.assertNotContains(page, "admin")  # never who
        # The commitment, its plan and its member's pages say when and link to the logs.
        day = Commitment.history.latest("history_date").history_date.strftime("%-d %B %Y")
        for url, log in [
            (self.commitment.get_absolute_url(), history_url(self.commitment)),
            (
                self.plan.get_absolute_url(),
                reverse("members:action-plan-history", args=[self.member.slug, 1]),
            ),
            (
                self.member.get_absolute_url(),
                reverse("members:member-history", args=[self.member.slug]),
            ),
        ]:
            response = self.client.get(url)
            self.assertContains(response, f'Last changed {day} — <a href="{log}">see changes</a>')
            self.assertIn(
                ("Title", "Open the subway data", "Open every bus and subway dataset"),
                change_rows(self.client.get(log).content.decode()),
            )

    def test_a_staff_only_field_never_appears(self):
        # The commitment's page on OGP's site (source_url) is not a published column.
        self.edit_in_admin(self.commitment, source_url="https://www.ogp.example/seo0001/")
        self.client.logout()
        page = self.client.get(history_url(self.commitment))
        self.assertNotContains(page, "ogp.example/seo0001")
        self.assertNotContains(page, "OGP page")
        self.assertNotContains(page, "Commitment changed")
        self.assertEqual(change_rows(page.content.decode()), [])
        self.assertNotIn("source_url", changelog.public_fields(Commitment))
        self.assertNotIn("published", changelog.public_fields(Commitment))
        # Every other tracked field is a published column of commitments.
        self.assertIn("title", changelog.public_fields(Commitment))
        self.assertIn("title_es", changelog.public_fields(Commitment))

    def test_an_unpublished_record_never_appears(self):
        hidden = f.make_commitment(self.plan, title="Draft not for the public", published=False)
        hidden.title = "Still a draft"
        hidden.save()
        self.client.logout()
        self.assertEqual(self.client.get(history_url(hidden)).status_code, 404)
        feed = reverse(
            "members:commitment-history-feed", args=[self.member.slug, hidden.identifier]
        )
        self.assertEqual(self.client.get(feed).status_code, 404)
        for url in [
            reverse("members:member-history", args=[self.member.slug]),
            reverse("members:action-plan-history", args=[self.member.slug, 1]),
            reverse("members:member-feed", args=[self.member.slug]),
            reverse("feed"),
        ]:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            self.assertNotContains(response, "draft")

    def test_changes_made_while_hidden_show_only_once_published_again(self):
        commitment = self.commitment
        commitment.published = False
        commitment.save()
        commitment.title = "A working title nobody saw"
        commitment.save()
        commitment.title = "Open the metro data"
        commitment.published = True
        commitment.save()
        html = self.client.get(history_url(commitment)).content.decode()
        self.assertEqual(
            change_rows(html), [("Title", "Open the subway data", "Open the metro data")]
        )
        self.assertNotIn("working title", html)

    def test_an_unpublished_plan_hides_its_log(self):
        plan = f.make_action_plan(self.member, published=False)
        commitment = f.make_commitment(plan, title="In a hidden plan")
        self.client.logout()
        self.assertEqual(self.client.get(history_url(commitment)).status_code, 404)
        url = reverse("members:action-plan-history", args=[self.member.slug, plan.number])
        self.assertEqual(self.client.get(url).status_code, 404)
        member_log = self.client.get(reverse("members:member-history", args=[self.member.slug]))
        self.assertNotContains(member_log, "In a hidden plan")

    def test_values_read_as_the_page_shows_them(self):
        self.commitment.status = Commitment.Status.ACTIVE
        self.commitment.claims_technology = True
        self.commitment.save()
        rows = change_rows(self.client.get(history_url(self.commitment)).content.decode())
        self.assertIn(("Status", "Not reported", "Active"), rows)
        # A field reads by its label, not its name ("Claims technology").
        self.assertIn(("Technology and innovation (OGP value)", "No", "Yes"), rows)

    def test_spanish_log(self):
        self.commitment.title = "Open all the data"
        self.commitment.save()
        page = self.client.get("/es" + history_url(self.commitment))
        self.assertContains(page, "Compromiso modificado")
        self.assertContains(page, "Seguir (Atom)")
        self.assertContains(page, "Título")  # the field's label, in Spanish


class ChangeLogQueryTests(TestCase):
    """The log pages run the same queries whatever the length of the history, and paginate."""

    @classmethod
    def setUpTestData(cls):
        cls.member = f.make_member(name="Kenya")
        cls.plan = f.make_action_plan(cls.member)
        f.make_report(cls.plan)
        cls.short = f.make_commitment(cls.plan, title="Short history")
        cls.long = f.make_commitment(cls.plan, title="Long history")
        for n in range(60):
            cls.long.title = f"Long history, version {n}"
            cls.long.save()

    def setUp(self):
        cache.clear()

    def test_constant_queries(self):
        # The commitment (with its plan and member), its history.
        with self.assertNumQueries(2):
            self.client.get(history_url(self.short))
        with self.assertNumQueries(2):
            long = self.client.get(history_url(self.long))
        # The plan, its commitments and reports, and their history.
        plan_log = reverse("members:action-plan-history", args=[self.member.slug, 1])
        with self.assertNumQueries(6):
            self.client.get(plan_log)
        self.assertEqual(len(long.context["events"]), 50)
        self.assertEqual(long.context["page"].paginator.count, 61)
        older = self.client.get(history_url(self.long) + "?page=2")
        self.assertEqual(len(older.context["events"]), 11)
        self.assertContains(older, "New commitment")
        self.assertContains(long, 'rel="next"')

    def test_member_log_queries_do_not_grow_with_its_plans(self):
        url = reverse("members:member-history", args=[self.member.slug])
        # The member, its plans, commitments and reports, and their history.
        with self.assertNumQueries(8):
            self.client.get(url)
        more = f.make_action_plan(self.member)
        f.make_report(more)
        for _n in range(3):
            f.make_commitment(more)
        cache.clear()
        with self.assertNumQueries(8):
            self.client.get(url)


class RecentEventsTests(TestCase):
    """The site-wide and policy area feeds read only the newest history records: the events
    they give are the newest ones, exactly, back to the oldest record read."""

    @classmethod
    def setUpTestData(cls):
        plan = f.make_action_plan()
        cls.old = f.make_commitment(plan, title="Old")
        cls.new = f.make_commitment(plan, title="New")
        for n in range(3):
            cls.new.title = f"New {n}"
            cls.new.save()

    def test_a_window_of_the_newest_records(self):
        published = Commitment.objects.published().select_related("action_plan__member")
        every = changelog.newest_first(changelog.events_of(published))
        recent = changelog.newest_first(changelog.recent_events(published, window=3))
        self.assertEqual(len(every), 5)  # two "published", three "changed"
        # The three newest records are changes of `new`; their predecessor was read too, so
        # each is a complete change, and nothing older than the window is given.
        self.assertEqual([event.key for event in recent], [event.key for event in every[:3]])
        self.assertEqual([event.changes[0].new for event in recent], ["New 2", "New 1", "New 0"])
        self.assertEqual(changelog.recent_events(published, window=10)[0].subject, self.old)
