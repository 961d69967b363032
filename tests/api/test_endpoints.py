"""The API's resources: fields, links, filters, and that only published records appear."""

from unittest import mock

from django.core.cache import cache
from django.test import TestCase

from irm import figures
from tests import factories as f
from tests.api.data import build_dataset
from tests.security.hostile import CLEAN_HTML, HTML


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


class ApiTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_dataset()

    def get(self, url, **params):
        return self.client.get(url, params)

    def keys(self, url, key="identifier", **params):
        return [row[key] for row in results(self.get(url, **params))]


class RootAndReferenceTests(ApiTestCase):
    def test_root_links_every_resource(self):
        body = self.get("/api/").json()
        for name in ("members", "commitments", "action_plans", "irm_reports", "assessments"):
            self.assertEqual(self.client.get(body[name]).status_code, 200, name)
        self.assertEqual(body["bulk_data"], "http://testserver/data/")

    def test_regions(self):
        rows = results(self.get("/api/regions/"))
        self.assertEqual(len(rows), 4)
        asia = self.get("/api/regions/asia-and-the-pacific/").json()
        self.assertEqual(asia["name"], "Asia and the Pacific")
        members = results(self.client.get(asia["members"]))
        self.assertEqual([m["slug"] for m in members], ["seoul-south-korea", "south-korea"])

    def test_policy_areas_link_to_their_commitments(self):
        area = self.get("/api/policy-areas/open-data/").json()
        self.assertEqual(
            set(area),
            {"slug", "url", "name", "label", "parent", "description", "aliases", "commitments"}
            | {f"{name}_{code}" for name in ("name", "description") for code in ("es", "fr")},
        )
        identifiers = {row["identifier"] for row in results(self.client.get(area["commitments"]))}
        c = self.data.commitments
        self.assertEqual(identifiers, {c.seoul_a.identifier, c.korea_a.identifier})

    def test_policy_area_parent_filter(self):
        parent = f.policy_area("open-data")
        child = f.policy_area("gender")
        child.parent = parent
        child.save()
        self.assertEqual(self.keys("/api/policy-areas/", "slug", parent="open-data"), ["gender"])
        self.assertEqual(
            self.get("/api/policy-areas/gender/").json()["parent"]["slug"], "open-data"
        )


class MemberTests(ApiTestCase):
    def test_fields_and_links(self):
        seoul = self.get("/api/members/seoul-south-korea/").json()
        self.assertEqual(seoul["name"], "Seoul, South Korea")
        self.assertEqual(seoul["kind"], "local")
        self.assertEqual(seoul["region"]["slug"], "asia-and-the-pacific")
        self.assertEqual(seoul["parent"]["url"], "http://testserver/api/members/south-korea/")
        self.assertEqual(seoul["policy_area_focus"], ["Citizen Participation", "Youth Startups"])
        self.assertEqual(
            seoul["commitment_prefixes"], [f.prefix_of(self.data.members.seoul), "SMG"]
        )
        self.assertEqual([plan["number"] for plan in seoul["action_plans"]], [1, 2])
        plan = self.client.get(seoul["action_plans"][0]["url"]).json()
        self.assertEqual(plan["title"], self.data.plans.seoul_1.title)
        self.assertEqual(self.client.get(seoul["figures"]).status_code, 200)
        commitments = {row["identifier"] for row in results(self.client.get(seoul["commitments"]))}
        c = self.data.commitments
        self.assertEqual(
            commitments, {c.seoul_a.identifier, c.seoul_b.identifier, c.seoul_c.identifier}
        )

    def test_unpublished_members_are_absent(self):
        self.assertNotIn("hidden-member", self.keys("/api/members/", "slug"))
        self.assertEqual(self.get("/api/members/hidden-member/").status_code, 404)
        self.assertEqual(self.get("/api/members/hidden-member/figures/").status_code, 404)

    def test_unpublished_parent_is_not_linked(self):
        hidden = self.data.members.hidden
        local = f.make_member(name="Hidden City", kind="local", parent=hidden)
        self.assertIsNone(self.get(f"/api/members/{local.slug}/").json()["parent"])

    def test_unpublished_plans_are_not_listed(self):
        kenya = self.get("/api/members/kenya/").json()
        self.assertEqual([plan["number"] for plan in kenya["action_plans"]], [1])

    def test_filters(self):
        self.assertEqual(self.keys("/api/members/", "slug", kind="local"), ["seoul-south-korea"])
        self.assertEqual(
            self.keys("/api/members/", "slug", region="africa-and-the-middle-east"), ["kenya"]
        )
        self.assertEqual(
            self.keys("/api/members/", "slug", parent="south-korea"), ["seoul-south-korea"]
        )
        self.assertEqual(self.keys("/api/members/", "slug", status="inactive"), [])


class ActionPlanTests(ApiTestCase):
    def test_fields(self):
        plan = self.get("/api/members/seoul-south-korea/action-plans/1/").json()
        self.assertEqual(plan["member"]["slug"], "seoul-south-korea")
        self.assertEqual((plan["start_month"], plan["end_month"]), (9, 8))
        self.assertEqual(plan["commitment_count"], 2)
        self.assertEqual([r["id"] for r in plan["irm_reports"]], [self.data.reports.seoul.pk])
        participation = self.client.get(plan["participation"]).json()
        self.assertEqual(participation["development_level"], "involve")
        self.assertIsNone(
            self.get("/api/members/seoul-south-korea/action-plans/2/").json()["participation"]
        )

    def test_commitment_count_leaves_out_unpublished(self):
        plan = self.get("/api/members/kenya/action-plans/1/").json()
        self.assertEqual(plan["commitment_count"], 2)
        self.assertEqual([r["id"] for r in plan["irm_reports"]], [self.data.reports.kenya.pk])

    def test_unpublished_plans_are_absent(self):
        self.assertEqual(self.get("/api/members/kenya/action-plans/2/").status_code, 404)
        self.assertEqual(self.get("/api/members/hidden-member/action-plans/1/").status_code, 404)
        plans = [
            (row["member"]["slug"], row["number"])
            for row in results(self.get("/api/action-plans/"))
        ]
        self.assertEqual(
            plans,
            [("kenya", 1), ("seoul-south-korea", 1), ("seoul-south-korea", 2), ("south-korea", 1)],
        )

    def test_filters(self):
        def plans(**params):
            return [
                (r["member"]["slug"], r["number"])
                for r in results(self.get("/api/action-plans/", **params))
            ]

        self.assertEqual(
            plans(member="seoul-south-korea", irm_coverage="not_covered"),
            [("seoul-south-korea", 2)],
        )
        self.assertEqual(plans(region="africa-and-the-middle-east"), [("kenya", 1)])
        self.assertEqual(plans(submission_year=2018), [("seoul-south-korea", 2)])


class CommitmentTests(ApiTestCase):
    def test_fields(self):
        c = self.data.commitments
        row = self.get(f"/api/commitments/{c.seoul_a.identifier}/").json()
        self.assertEqual(row["member"]["slug"], "seoul-south-korea")
        self.assertEqual(row["action_plan"]["number"], 1)
        self.assertEqual(
            [a["slug"] for a in row["policy_areas"]], ["access-to-information", "open-data"]
        )
        self.assertEqual(row["primary_policy_area"]["slug"], "open-data")
        self.assertTrue(row["claims_access_to_information"])
        self.assertEqual(row["lead_institution"], "Seoul Metropolitan Government")
        # The effective IRM values.
        self.assertEqual(row["irm_state"], "assessed")
        self.assertEqual(row["irm_specificity"], "high")
        self.assertEqual(row["irm_early_results"], "major")
        self.assertTrue(row["irm_starred"])
        self.assertEqual(row["irm_focus"], "star")
        self.assertEqual([m["position"] for m in row["milestones"]], [1, 2])
        self.assertEqual(row["milestones"][1]["completion"], "complete")
        self.assertEqual([a["specificity"] for a in row["assessments"]], ["high"])

    def test_states_of_missing_data(self):
        c = self.data.commitments
        self.assertEqual(
            self.get(f"/api/commitments/{c.seoul_b.identifier}/").json()["irm_state"], "pending"
        )
        self.assertEqual(
            self.get(f"/api/commitments/{c.seoul_c.identifier}/").json()["irm_state"], "no_data"
        )

    def test_unpublished_are_absent(self):
        c = self.data.commitments
        listed = self.keys("/api/commitments/", page_size=100)
        for commitment in (c.kenya_unpublished, c.kenya_draft, c.hidden):
            self.assertNotIn(commitment.identifier, listed)
            self.assertEqual(
                self.get(f"/api/commitments/{commitment.identifier}/").status_code, 404
            )
        self.assertEqual(len(listed), 6)

    def test_explorer_filters(self):
        c = self.data.commitments

        def ids(**params):
            return set(self.keys("/api/commitments/", **params))

        self.assertEqual(ids(policy_area="open-data"), {c.seoul_a.identifier, c.korea_a.identifier})
        # An area includes the areas under it (Open Data is under Access to Information).
        self.assertEqual(
            ids(policy_area="access-to-information"),
            {c.seoul_a.identifier, c.korea_a.identifier, c.kenya_a.identifier},
        )
        self.assertEqual(
            ids(policy_area=["gender", "access-to-information"]),
            {c.seoul_a.identifier, c.seoul_b.identifier, c.seoul_c.identifier}
            | {c.korea_a.identifier, c.kenya_a.identifier},
        )
        self.assertEqual(ids(policy_area=["open-data", "gender"], match="all"), set())
        self.assertEqual(ids(member="kenya"), {c.kenya_a.identifier, c.kenya_b.identifier})
        self.assertEqual(ids(member="seoul-south-korea", plan=2), {c.seoul_c.identifier})
        self.assertEqual(
            ids(region="africa-and-the-middle-east", value="technology"), {c.kenya_a.identifier}
        )
        self.assertEqual(ids(starred="yes"), {c.seoul_a.identifier})
        self.assertEqual(ids(completion="no_data"), {c.seoul_c.identifier})
        self.assertEqual(ids(q="budgets"), {c.kenya_b.identifier})
        self.assertEqual(ids(kind="local", starred="pending"), {c.seoul_b.identifier})

    def test_sort(self):
        keys = self.keys("/api/commitments/", sort="-identifier")
        self.assertEqual(keys, sorted(keys, reverse=True))


class IrmTests(ApiTestCase):
    def test_reports(self):
        r = self.data.reports
        self.assertEqual(self.keys("/api/irm-reports/", "id"), [r.kenya.pk, r.seoul.pk])
        report = self.get(f"/api/irm-reports/{r.seoul.pk}/").json()
        self.assertEqual(report["type"], "local_review")
        self.assertEqual(report["era"], "2011")
        self.assertEqual(
            report["action_plan"]["url"],
            "http://testserver/api/members/seoul-south-korea/action-plans/1/",
        )
        for hidden in (r.kenya_draft_report, r.hidden):
            self.assertEqual(self.get(f"/api/irm-reports/{hidden.pk}/").status_code, 404)
        self.assertEqual(
            self.keys("/api/irm-reports/", "id", member="kenya", type="end_of_term"), [r.kenya.pk]
        )
        self.assertEqual(self.keys("/api/irm-reports/", "id", year=2017), [r.seoul.pk])

    def test_assessments_only_of_published_reports_and_commitments(self):
        c = self.data.commitments
        rows = results(self.get("/api/assessments/"))
        self.assertEqual(
            [row["commitment"]["identifier"] for row in rows],
            [c.seoul_a.identifier, c.kenya_a.identifier],
        )
        self.assertEqual(self.keys("/api/assessments/", "id", member="kenya"), [rows[1]["id"]])
        self.assertEqual(
            self.keys("/api/assessments/", "id", report=self.data.reports.seoul.pk), [rows[0]["id"]]
        )
        detail = self.client.get(rows[1]["url"]).json()
        self.assertEqual((detail["specificity"], detail["completion"]), ("low", "limited"))

    def test_participation(self):
        rows = results(self.get("/api/participation/"))
        self.assertEqual([row["member"]["slug"] for row in rows], ["kenya", "seoul-south-korea"])
        kenya = rows[0]
        self.assertIsNone(kenya["report"])  # its report is not published
        self.assertEqual(rows[1]["report"]["id"], self.data.reports.seoul.pk)
        self.assertEqual(
            self.keys("/api/participation/", "url", development_level="involve"), [rows[1]["url"]]
        )
        self.assertEqual(
            self.get("/api/members/hidden-member/action-plans/1/participation/").status_code, 404
        )


class FindingsByReportTests(TestCase):
    """A commitment's answer carries every report's findings, oldest first, and which fields
    each set effectively; /api/assessments/ says the same."""

    @classmethod
    def setUpTestData(cls):
        member = f.make_member(name="Chile", commitment_prefix="CL")
        plan = f.make_action_plan(member, start_year=2014, end_year=2016, submission_year=2014)
        cls.commitment = f.make_commitment(plan)
        cls.progress, cls.end = f.make_mid_and_end_of_term(cls.commitment)
        from commitments.models import Commitment
        from irm.services import refresh_findings

        refresh_findings(Commitment.objects.all())

    def test_detail_has_both_reports(self):
        row = self.client.get(f"/api/commitments/{self.commitment.identifier}/").json()
        self.assertEqual(row["irm_completion"], "substantial")
        mid, end = row["assessments"]
        self.assertEqual(
            [(a["report"]["id"], a["report_type"], a["report_year"]) for a in (mid, end)],
            [(self.progress.pk, "progress", 2015), (self.end.pk, "end_of_term", 2017)],
        )
        self.assertEqual((mid["completion"], end["completion"]), ("limited", "substantial"))
        self.assertEqual(mid["report_method"], "2011")
        self.assertEqual(
            mid["effective_fields"],
            ["specificity", "relevant_access_to_information", "potential_impact"],
        )
        self.assertEqual(end["effective_fields"], ["completion", "early_results"])
        self.assertNotIn("commitment", mid)
        listed = results(
            self.client.get("/api/assessments/", {"commitment": self.commitment.identifier})
        )
        self.assertEqual(
            [{**a, "commitment": None} for a in listed],
            [{**a, "commitment": None} for a in (mid, end)],
        )
        self.assertEqual(listed[0]["commitment"]["identifier"], self.commitment.identifier)


class PublishedValuesTests(ApiTestCase):
    """What the IRM publishes, as the API serves it (the bulk files carry the same columns)."""

    def test_a_report_carries_the_figures_it_printed(self):
        r = self.data.reports
        kenya = self.get(f"/api/irm-reports/{r.kenya.pk}/").json()
        self.assertEqual((kenya["published_commitments"], kenya["published_starred"]), (3, 0))
        self.assertIsNone(kenya["published_major"])  # not printed
        seoul = self.get(f"/api/irm-reports/{r.seoul.pk}/").json()
        self.assertIsNone(seoul["published_commitments"])  # printed nothing

    def test_no_data_blank_status_sector_and_plan_facts(self):
        c = self.data.commitments
        kenya_a = self.get(f"/api/commitments/{c.kenya_a.identifier}/").json()
        self.assertEqual(kenya_a["irm_no_data"], ["early_results"])
        assessment = results(self.get("/api/assessments/", member="kenya"))[0]
        self.assertEqual(assessment["no_data"], ["early_results"])
        kenya_b = self.get(f"/api/commitments/{c.kenya_b.identifier}/").json()
        self.assertEqual((kenya_b["status"], kenya_b["primary_sector"]), ("", "Public finance"))
        plan = self.get("/api/members/kenya/action-plans/1/").json()
        self.assertEqual(plan["submission_date"], "2016-06-30")
        self.assertEqual(plan["lead_institutions"], ["Ministry of ICT", "The National Treasury"])


class FiguresTests(ApiTestCase):
    def test_member_figures(self):
        body = self.get("/api/members/seoul-south-korea/figures/").json()
        first, second = body["action_plans"]
        self.assertEqual(first["action_plan"]["number"], 1)
        self.assertEqual(first["irm_state"], "assessed")
        self.assertEqual((first["commitments"], first["major"], first["starred"]), (2, 1, 1))
        self.assertEqual(first["focus"]["star"], 1)
        self.assertEqual(first["focus"]["pending"], 1)
        self.assertEqual(second["irm_state"], "no_data")
        self.assertEqual(second["focus"]["no_data"], 1)
        self.assertEqual(body["global_most"]["starred"], 1)
        expected = {
            finding.dimension.slug: finding.codes
            for finding in figures.global_report(self.data.members.seoul)
        }
        self.assertEqual(
            {row["dimension"]: row["codes"] for row in body["global_report"]}, expected
        )
        self.assertIn(["CA", "IR", "C", "A", "ER"], list(expected.values()))

    def test_member_figures_read_the_peaks_once_per_data_version(self):
        """The global and regional peaks read every published commitment (0.6 s at 10×): the
        figures answer takes them from the cache, as the profile does."""
        cache.clear()
        with mock.patch.object(figures, "peak_figures", wraps=figures.peak_figures) as peaks:
            first = self.get("/api/members/seoul-south-korea/figures/").json()
            second = self.get("/api/members/seoul-south-korea/figures/", lang="es").json()
        self.assertEqual(peaks.call_count, 1)
        self.assertEqual(first["global_most"], second["global_most"])


class RichTextTests(TestCase):
    """Staff rich text comes out sanitised as the pages show it; plain text as it is."""

    @classmethod
    def setUpTestData(cls):
        cls.member = f.make_member(summary=HTML)
        plan = f.make_action_plan(cls.member, summary=HTML)
        cls.commitment = f.make_commitment(plan, description=HTML)
        cls.plain = f.make_commitment(plan, description="Budgets < 5% & <3 rules")

    def test_html_is_sanitised_in_every_resource(self):
        slug, identifier = self.member.slug, self.commitment.identifier
        for url, name in [
            (f"/api/commitments/{identifier}/", "description"),
            (f"/api/members/{slug}/", "summary"),
            (f"/api/members/{slug}/action-plans/1/", "summary"),
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.json()[name], CLEAN_HTML)
        rows = {row["identifier"]: row for row in results(self.client.get("/api/commitments/"))}
        self.assertEqual(rows[identifier]["description"], CLEAN_HTML)
        self.assertEqual(rows[self.plain.identifier]["description"], "Budgets < 5% & <3 rules")

    def test_the_schema_says_so(self):
        schema = self.client.get("/api/schema/", headers={"accept": "application/json"}).json()
        field = schema["components"]["schemas"]["Commitment"]["properties"]["description"]
        self.assertIn("HTML sanitised", field["description"])
