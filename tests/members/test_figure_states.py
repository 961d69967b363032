"""What every page, export and API answer says when a report did not measure a figure: a
design-only 2018–2020 plan, a 2021+ plan with an action plan review and a results report, and
star-method commitments without completion. No zero and no "No" that the IRM never said."""

import csv
import io

from django.core.cache import cache
from django.test import TestCase

from commitments.models import Commitment
from irm.models import IrmReport
from irm.services import refresh_findings
from tests import factories as f

DESIGN_PASSES = {
    "specificity": "high",
    "relevant_access_to_information": True,
    "potential_impact": "transformative",
}


def cells(html, row_header):
    """The HTML of a table row, from its header cell to its end."""
    start = html.index(f'<th scope="row">{row_header}</th>')
    return html[start : html.index("</tr>", start)]


class FigureStatesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = f.make_member(name="Statesland", commitment_prefix="ST")
        # Plan 1, 2018–2020 method, a design report only: results are pending.
        cls.design_only = f.make_action_plan(cls.member, number=1, start_year=2019, end_year=2021)
        design = f.make_report(cls.design_only, type=IrmReport.Type.DESIGN, year=2019)
        cls.passes = f.make_commitment(cls.design_only, title="Design passes")  # ST0001
        f.make_assessment(cls.passes, design, **DESIGN_PASSES)
        cls.fails = f.make_commitment(cls.design_only, title="Not verifiable")  # ST0002
        f.make_assessment(cls.fails, design, **{**DESIGN_PASSES, "specificity": "low"})
        # Plan 2, 2021+: an action plan review, then a results report. No stars at all.
        cls.refresh = f.make_action_plan(cls.member, number=2, start_year=2022, end_year=2024)
        review = f.make_report(cls.refresh, type=IrmReport.Type.ACTION_PLAN_REVIEW, year=2022)
        results = f.make_report(cls.refresh, type=IrmReport.Type.RESULTS, year=2025)
        cls.promising = f.make_commitment(cls.refresh, title="Promising one")  # ST0003
        f.make_assessment(
            cls.promising,
            review,
            verifiable=True,
            open_government_lens=True,
            potential_results="substantial",
            promising=True,
        )
        f.make_assessment(
            cls.promising, results, completion="complete", early_results_refresh="significant"
        )
        cls.plain = f.make_commitment(cls.refresh, title="Plain one")  # ST0004
        f.make_assessment(cls.plain, review, verifiable=True, promising=False)
        refresh_findings(Commitment.objects.all())

    def setUp(self):
        cache.clear()  # the partnership-wide figures are cached

    def test_stored_values(self):
        self.passes.refresh_from_db()
        self.assertEqual(self.passes.irm_method, "2018")
        self.assertIsNone(self.passes.irm_starred)  # pending, not False
        self.assertTrue(self.passes.irm_potentially_starred)
        self.fails.refresh_from_db()
        self.assertIs(self.fails.irm_starred, False)
        self.assertIs(self.fails.irm_potentially_starred, False)
        self.promising.refresh_from_db()
        self.assertEqual(self.promising.irm_method, "2021")
        self.assertIsNone(self.promising.irm_starred)
        self.assertEqual(self.promising.irm_focus, "refresh_results")

    def test_profile_shows_the_states_not_zeros(self):
        html = self.client.get(self.member.get_absolute_url()).content.decode()
        self.assertInHTML(
            '<tr><th scope="row">Action Plan 1</th><td colspan="3" class="state">'
            '<span class="swatch fill-pending" aria-hidden="true"></span>Pending IRM review'
            "</td></tr>",
            html,
        )
        self.assertInHTML(
            '<tr><th scope="row">Action Plan 2</th><td colspan="3" class="state">'
            '<span class="swatch fill-not_assessed" aria-hidden="true"></span>'
            "N/A — not assessed by the 2021+ method</td></tr>",
            html,
        )
        # Nothing is measured anywhere: the maxima are "–", not 0.
        self.assertNotIn('<td class="num">0</td>', cells(html, "Global — most per action plan"))
        # The star chart: the 2021+ plan in its own buckets, none in the star buckets.
        self.assertIn('class="fill-refresh_results"', html)
        self.assertIn('class="fill-refresh_other"', html)
        self.assertNotIn("Action Plan 2: Focus on design", html)

    def test_design_only_plan_page(self):
        html = self.client.get(self.design_only.get_absolute_url()).content.decode()
        for label in (
            "Starred",
            "Substantially or fully completed",
            "Did it open government? Major",
            "Did it open government? Outstanding",
        ):
            self.assertIn("Pending IRM review", cells(html, label), label)
            self.assertNotIn("0%", cells(html, label), label)
        self.assertInHTML(
            '<tr><th scope="row">Potentially starred (design)</th><td class="num">1</td>'
            '<td class="num">50%</td></tr>',
            html,
        )
        self.assertIn("Share of 2", html)
        self.assertIn("Shares are of the plan’s 2 published commitments.", html)
        self.assertNotIn("Promising commitments", html)  # not a figure of this method

    def test_2021_plan_page(self):
        html = self.client.get(self.refresh.get_absolute_url()).content.decode()
        for label in ("Starred", "Did it open government? Major"):
            self.assertIn("N/A — not assessed by the 2021+ method", cells(html, label), label)
        self.assertInHTML(
            '<tr><th scope="row">Promising commitments (2021+)</th><td class="num">1</td>'
            '<td class="num">50%</td></tr>',
            html,
        )
        self.assertInHTML(
            '<tr><th scope="row">Early results (2021+ scale): significant</th>'
            '<td class="num">1</td><td class="num">50%</td></tr>',
            html,
        )
        self.assertNotIn("Potentially starred", html)

    def test_commitment_pages(self):
        html = self.client.get(self.passes.get_absolute_url()).content.decode()
        self.assertInHTML(
            '<dt>Starred</dt><dd><span class="swatch fill-pending" aria-hidden="true"></span>'
            "Pending IRM review</dd>",
            html,
        )
        self.assertInHTML("<dt>Potentially starred (design)</dt><dd>Yes</dd>", html)
        # Only the design report is out: the results are pending, as the plan page says.
        self.assertInHTML(
            '<dt>Did it open government?</dt><dd><span class="swatch fill-pending" '
            'aria-hidden="true"></span>Pending IRM review</dd>',
            html,
        )
        html = self.client.get(self.promising.get_absolute_url()).content.decode()
        self.assertInHTML(
            '<dt>Starred</dt><dd><span class="swatch fill-not_assessed" aria-hidden="true">'
            "</span>Not applicable (the 2021+ method awards no stars)</dd>",
            html,
        )
        self.assertInHTML("<dt>Early results (2021+ scale)</dt><dd>Significant results</dd>", html)
        self.assertInHTML("<dt>Promising (2021+)</dt><dd>Yes</dd>", html)
        self.assertNotIn("Did it open government?", html)

    def explorer(self, **query):
        response = self.client.get("/commitments/", query)
        self.assertEqual(response.status_code, 200)
        return sorted(row.commitment.identifier for row in response.context["rows"])

    def test_explorer_filters_and_facets(self):
        self.assertEqual(self.explorer(starred="no"), ["ST0002"])
        self.assertEqual(self.explorer(starred="pending"), ["ST0001"])
        self.assertEqual(self.explorer(starred="not_applicable"), ["ST0003", "ST0004"])
        self.assertEqual(self.explorer(potentially_starred="yes"), ["ST0001"])
        response = self.client.get("/commitments/")
        facet = {item.label: item.count for item in response.context["facets"]["findings"][0].items}
        self.assertEqual(facet["No"], 1)
        self.assertEqual(facet["Pending IRM review"], 1)
        self.assertEqual(facet["Not applicable (2021+ method)"], 2)
        self.assertIn(
            '<td data-label="Starred">Pending IRM review</td>',
            cells(response.text, self.passes_link()),
        )

    def passes_link(self):
        return f'<a href="{self.passes.get_absolute_url()}">ST0001</a>'

    def test_export_leaves_undecided_stars_empty(self):
        response = self.client.get("/commitments/export.csv")
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = {row["identifier"]: row for row in csv.DictReader(io.StringIO(text))}
        self.assertEqual(rows["ST0001"]["irm_starred"], "")
        self.assertEqual(rows["ST0001"]["irm_potentially_starred"], "1")
        self.assertEqual(rows["ST0002"]["irm_starred"], "0")
        self.assertEqual(rows["ST0003"]["irm_starred"], "")
        self.assertEqual(rows["ST0003"]["irm_method"], "2021")

    def test_api(self):
        data = self.client.get(f"/api/members/{self.member.slug}/figures/").json()
        first, second = data["action_plans"]
        self.assertEqual(first["irm_method"], "2018")
        self.assertEqual((first["starred"], first["starred_state"]), (None, "pending"))
        self.assertEqual((first["complete"], first["complete_state"]), (None, "pending"))
        self.assertEqual(first["potentially_starred"], 1)
        self.assertEqual((second["major"], second["major_state"]), (None, "not_assessed"))
        self.assertEqual((second["promising"], second["promising_state"]), (1, "measured"))
        self.assertIsNone(data["global_most"]["starred"])
        commitments = self.client.get("/api/commitments/", {"starred": "pending"}).json()
        self.assertEqual([c["identifier"] for c in commitments["results"]], ["ST0001"])
        self.assertIsNone(commitments["results"][0]["irm_starred"])


# (language prefix, the "Completion" heading, pending, no IRM data, not reported) on the pages.
LANGUAGES = (
    ("", "Completion", "Pending IRM review", "No IRM data", "Not reported"),
    ("/es", "Cumplimiento", "Pendiente de revisión del MRI", "Sin datos del MRI", "No informado"),
    ("/fr", "Achèvement", "En attente d'examen du MRI", "Pas de données du MRI", "Non communiqué"),
)


class UnmeasuredFindingTests(TestCase):
    """A blank finding of an assessed commitment reads the same on the plan page's list, the
    commitment page and its embed: pending (or no IRM data) while no published report of the
    plan measures it, "Not reported" once one does (docs/domain.md §5)."""

    @classmethod
    def setUpTestData(cls):
        member = f.make_member(name="Readland", commitment_prefix="RD")
        # The 2018–2020 method. Plan 1: only the design report, which does not measure
        # completion. Plan 2: the implementation report too, which left completion blank.
        # Plan 3: the implementation report is known but not available.
        cls.commitments = {}
        for number, results in ((1, None), (2, "final"), (3, "unavailable")):
            plan = f.make_action_plan(member, number=number, start_year=2019, end_year=2021)
            design = f.make_report(plan, type=IrmReport.Type.DESIGN, year=2019)
            commitment = f.make_commitment(plan, title=f"Plan {number}'s commitment")
            f.make_assessment(commitment, design, **DESIGN_PASSES)
            if results:
                report = f.make_report(
                    plan, type=IrmReport.Type.IMPLEMENTATION, year=2021, stage=results
                )
                if results == "final":
                    f.make_assessment(commitment, report, early_results="major")
            cls.commitments[number] = commitment
        refresh_findings(Commitment.objects.all())

    def setUp(self):
        cache.clear()

    def pages(self, number, prefix):
        """The HTML of the plan page, the commitment page and its embed, in one language."""
        commitment = self.commitments[number]
        plan, member = commitment.action_plan, commitment.action_plan.member
        member_path = f"{prefix}/members/{member.slug}"
        paths = (
            f"{member_path}/action-plans/{plan.number}/",
            f"{member_path}/commitments/{commitment.identifier}/",
            f"{prefix}/embed/members/{member.slug}/commitments/{commitment.identifier}/irm-review/",
        )
        pages = []
        for path in paths:
            response = self.client.get(path)
            self.assertEqual(response.status_code, 200, path)
            pages.append(response.content.decode())
        return pages

    def assert_completion(self, number, state, label_of):
        for prefix, completion, *labels in LANGUAGES:
            label = label_of(labels)
            with self.subTest(plan=number, language=prefix or "/en"):
                plan_page, commitment_page, embed = self.pages(number, prefix)
                swatch = f'<span class="swatch fill-{state}" aria-hidden="true"></span>'
                if state == "not_reported":
                    cell = f'<span class="muted">{label}</span>'
                else:
                    cell = f"{swatch}{label}"
                self.assertInHTML(f'<td data-label="{completion}">{cell}</td>', plan_page)
                for page in (commitment_page, embed):
                    self.assertInHTML(f"<dt>{completion}</dt><dd>{swatch}{label}</dd>", page)

    def test_a_finding_no_report_measures_yet_is_pending_on_every_page(self):
        self.assert_completion(1, "pending", lambda labels: labels[0])

    def test_what_only_a_report_not_available_measures_has_no_irm_data(self):
        self.assert_completion(3, "no_data", lambda labels: labels[1])

    def test_a_blank_finding_of_a_measuring_report_is_not_reported(self):
        self.assert_completion(2, "not_reported", lambda labels: labels[2])
