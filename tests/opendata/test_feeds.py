"""The Atom feeds (opendata.feeds): valid Atom, read with the standard library's XML parser
in the Atom namespace, carrying the expected entries after a change; cached like the pages,
keyed by language, in a fixed number of queries."""

import datetime
import xml.etree.ElementTree as ET

from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse

import ogp.page_cache
from members.models import Post
from tests import factories as f

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    """The feed's title and its entries as dicts; fails unless the answer is an Atom feed with
    the elements RFC 4287 requires (id, title, updated on the feed and every entry; an author;
    an alternate link)."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/atom+xml"), response["Content-Type"]
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed", root.tag
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}author/{ATOM}name").text
    datetime.datetime.fromisoformat(root.find(f"{ATOM}updated").text)
    entries = []
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}").text, required
        link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert link.startswith(("http://", "https://")), link
        datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        summary = entry.find(f"{ATOM}summary")
        entries.append(
            {
                "id": entry.find(f"{ATOM}id").text,
                "title": entry.find(f"{ATOM}title").text,
                "link": link,
                "summary": summary.text if summary is not None else "",
            }
        )
    ids = [entry["id"] for entry in entries]
    assert len(ids) == len(set(ids)), ids
    return {
        "title": root.find(f"{ATOM}title").text,
        "lang": root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        "entries": entries,
    }


def titles(feed):
    return [entry["title"] for entry in feed["entries"]]


class SiteFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = f.make_member(name="Seoul, South Korea", commitment_prefix="SEO")
        cls.plan = f.make_action_plan(cls.member, title="Seoul Action Plan 2016-2017")
        cls.report = f.make_report(cls.plan, title="Seoul Design Report 2016-2017")
        cls.post = Post.objects.create(
            title="Seoul opens its budget",
            slug="seoul-opens-its-budget",
            date=datetime.date(2024, 5, 2),
            url="https://www.ogp.example/stories/seoul/",
        )
        cls.post.members.set([cls.member])
        f.make_action_plan(cls.member, title="A plan still in draft", published=False)

    def setUp(self):
        cache.clear()

    def test_new_plans_reports_and_posts(self):
        feed = parse(self.client.get("/feed/"))
        self.assertEqual(feed["title"], "Open Government Partnership: what is new")
        self.assertIn("New action plan: Seoul Action Plan 2016-2017", titles(feed))
        self.assertIn("IRM report published: Seoul Design Report 2016-2017", titles(feed))
        self.assertIn("Post: Seoul opens its budget", titles(feed))
        self.assertNotIn("draft", " ".join(titles(feed)))
        by_title = {entry["title"]: entry for entry in feed["entries"]}
        plan = by_title["New action plan: Seoul Action Plan 2016-2017"]
        self.assertEqual(plan["link"], "http://testserver" + self.plan.get_absolute_url())
        report = by_title["IRM report published: Seoul Design Report 2016-2017"]
        self.assertTrue(report["link"].endswith(f"#report-{self.report.pk}"))
        post = by_title["Post: Seoul opens its budget"]
        self.assertEqual(post["link"], "https://www.ogp.example/stories/seoul/")

    def test_a_change_is_an_entry_that_says_what_changed(self):
        self.plan.title = "Seoul's first action plan"
        self.plan.save()
        feed = parse(self.client.get("/feed/"))
        entry = feed["entries"][0]  # newest first
        self.assertEqual(entry["title"], "Action plan changed: Seoul's first action plan")
        self.assertIn(
            "Title: Seoul Action Plan 2016-2017 → Seoul&#x27;s first action plan", entry["summary"]
        )

    def test_a_hidden_plan_leaves_the_feed(self):
        self.plan.published = False
        self.plan.save()
        feed = parse(self.client.get("/feed/"))
        self.assertNotIn("New action plan: Seoul Action Plan 2016-2017", titles(feed))
        self.assertNotIn("IRM report published: Seoul Design Report 2016-2017", titles(feed))

    def test_in_spanish(self):
        feed = parse(self.client.get("/es/feed/"))
        self.assertEqual(feed["lang"], "es")
        self.assertEqual(feed["title"], "Open Government Partnership: novedades")
        self.assertIn("Nuevo plan de acción: Seoul Action Plan 2016-2017", titles(feed))
        by_title = {entry["title"]: entry for entry in feed["entries"]}
        link = by_title["Nuevo plan de acción: Seoul Action Plan 2016-2017"]["link"]
        self.assertEqual(link, "http://testserver/es/members/seoul-south-korea/action-plans/1/")

    def test_constant_queries(self):
        # For plans and for reports: the latest history records' ids, those records, their
        # history (opendata.changelog.recent_events); posts.
        with self.assertNumQueries(7):
            self.client.get("/feed/")
        other = f.make_member()
        for _n in range(3):
            plan = f.make_action_plan(other)
            f.make_report(plan)
            plan.title = "Changed"
            plan.save()
        cache.clear()
        with self.assertNumQueries(7):
            self.client.get("/feed/")

    @override_settings(OGP_PAGE_CACHE=True, OGP_DATA_VERSION_MAX_AGE=60)
    def test_cached_like_the_pages_and_keyed_by_language(self):
        ogp.page_cache.recent_pages.clear()
        english = self.client.get("/feed/")
        with self.assertNumQueries(0):
            again = self.client.get("/feed/")
        self.assertEqual(again.content, english.content)
        self.assertEqual(again["ETag"], english["ETag"])
        spanish = self.client.get("/es/feed/")
        self.assertNotEqual(spanish.content, english.content)
        self.assertEqual(parse(spanish)["lang"], "es")
        # A change moves the data version: the next request sees it.
        self.plan.title = "Renamed plan"
        self.plan.save()
        self.assertIn("Action plan changed: Renamed plan", titles(parse(self.client.get("/feed/"))))


class MemberAndAreaFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = f.make_member(name="Kenya")
        cls.other = f.make_member(name="Chile")
        plan = f.make_action_plan(cls.member, title="Kenya Plan")
        other_plan = f.make_action_plan(cls.other, title="Chile Plan")
        cls.in_area = f.make_commitment(
            plan, title="Open contracts", policy_areas=[f.policy_area("open-data")]
        )
        f.make_commitment(other_plan, title="Fair courts", policy_areas=[f.policy_area("justice")])
        post = Post.objects.create(
            title="Chile's news",
            slug="chile",
            date=datetime.date(2024, 1, 1),
            url="https://x.example/",
        )
        post.members.set([cls.other])

    def setUp(self):
        cache.clear()

    def test_member_feed(self):
        feed = parse(self.client.get(reverse("members:member-feed", args=["kenya"])))
        self.assertEqual(feed["title"], "Kenya: what is new")
        self.assertIn("New action plan: Kenya Plan", titles(feed))
        self.assertIn("New commitment: Open contracts", titles(feed))
        self.assertNotIn("New action plan: Chile Plan", titles(feed))
        self.assertNotIn("Post: Chile's news", titles(feed))
        self.assertIn("Post: Chile's news", titles(parse(self.client.get("/members/chile/feed/"))))
        self.assertEqual(self.client.get("/members/nobody/feed/").status_code, 404)

    def test_policy_area_feed(self):
        url = reverse("commitments:policy-area-feed", args=["open-data"])
        feed = parse(self.client.get(url))
        self.assertEqual(titles(feed), ["New commitment: Open contracts"])
        self.in_area.title = "Open all contracts"
        self.in_area.save()
        feed = parse(self.client.get(url))
        self.assertEqual(titles(feed)[0], "Commitment changed: Open all contracts")
        self.assertNotIn("Fair courts", " ".join(titles(feed)))
        self.assertEqual(self.client.get("/policy-areas/nowhere/feed/").status_code, 404)

    def test_history_feeds(self):
        self.in_area.title = "Open all contracts"
        self.in_area.save()
        for url in [
            reverse("members:commitment-history-feed", args=["kenya", self.in_area.identifier]),
            reverse("members:action-plan-history-feed", args=["kenya", 1]),
            reverse("members:member-history-feed", args=["kenya"]),
        ]:
            feed = parse(self.client.get(url))
            self.assertIn("Commitment changed: Open all contracts", titles(feed), url)

    def test_pages_link_to_their_feeds(self):
        area = f.policy_area("open-data")
        for page, feed in [
            ("/", reverse("feed")),
            (self.member.get_absolute_url(), reverse("members:member-feed", args=["kenya"])),
            (area.get_absolute_url(), reverse("commitments:policy-area-feed", args=["open-data"])),
            (
                self.in_area.get_absolute_url(),
                reverse("members:commitment-history-feed", args=["kenya", self.in_area.identifier]),
            ),
        ]:
            response = self.client.get(page)
            self.assertContains(response, 'type="application/atom+xml" title="', msg_prefix=page)
            self.assertContains(response, f'href="{feed}">', msg_prefix=page)
            self.assertContains(
                response, f'<a href="{feed}" type="application/atom+xml">Follow (Atom)</a>'
            )


class FeedQueryTests(TestCase):
    """The member and policy area feeds run the same queries with more plans, commitments,
    reports, posts and history."""

    @classmethod
    def setUpTestData(cls):
        cls.member = f.make_member(name="Kenya")
        plan = f.make_action_plan(cls.member)
        f.make_report(plan)
        f.make_commitment(plan, policy_areas=[f.policy_area("open-data")])

    def setUp(self):
        cache.clear()

    def grow(self):
        for n in range(3):
            plan = f.make_action_plan(self.member)
            f.make_report(plan)
            commitment = f.make_commitment(plan, policy_areas=[f.policy_area("open-data")])
            commitment.title = f"Changed {n}"
            commitment.save()
            post = Post.objects.create(
                title=f"News {n}",
                slug=f"news-{n}",
                date=datetime.date(2024, 1, 1 + n),
                url="https://x.example/",
            )
            post.members.set([self.member])
        cache.clear()

    def test_constant_queries(self):
        member_feed = reverse("members:member-feed", args=["kenya"])
        area_feed = reverse("commitments:policy-area-feed", args=["open-data"])
        # The member, its plans, commitments, reports, their history, its posts.
        with self.assertNumQueries(9):
            self.client.get(member_feed)
        # The policy area tree; the latest history records' ids of the area's commitments,
        # those commitments, their history.
        with self.assertNumQueries(4):
            self.client.get(area_feed)
        self.grow()
        with self.assertNumQueries(9):
            member = parse(self.client.get(member_feed))
        with self.assertNumQueries(4):
            area = parse(self.client.get(area_feed))
        self.assertIn("Post: News 2", titles(member))
        self.assertIn("Commitment changed: Changed 2", titles(area))
