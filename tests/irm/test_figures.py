"""irm.figures: grouped queries over the commitments' stored effective values.

The rows are built with their irm_* columns set directly, so each test states the values the
figure is computed from (the rules that produce them are tested with irm.metrics)."""

from django.core.cache import cache
from django.test import TestCase

from commitments.models import Commitment
from irm import figures
from irm.models import GlobalReportDimension, ThirdPartyScore
from members.models import Member
from tests import factories as f

# Assessed by a star method, the star decided (no, unless a test says yes).
ASSESSED = {"irm_state": "assessed", "irm_specificity": "medium", "irm_starred": False}


def old_method_reports(plan):
    """The 2011–2017 method's two reports: progress (design, completion), end of term."""
    f.make_report(plan, type="progress", year=plan.start_year + 1)
    f.make_report(plan, type="end_of_term", year=plan.end_year)


def commitment(plan, **values):
    return f.make_commitment(plan, **values)


class PlanFiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.plan = f.make_action_plan()
        commitment(cls.plan, **ASSESSED, irm_early_results="major", irm_focus="implementation")
        commitment(
            cls.plan,
            **{**ASSESSED, "irm_starred": True},
            irm_early_results="outstanding",
            irm_focus="star",
            irm_completion="complete",
            irm_relevant_civic_participation=True,
            irm_ambitious=True,
        )
        commitment(cls.plan, **ASSESSED, irm_focus="design", irm_design_reason="relevance")
        commitment(
            cls.plan,
            **ASSESSED,
            irm_focus="design",
            irm_design_reason="verifiability",
            irm_open_government_lens=True,
            irm_completion="substantial",
        )
        commitment(cls.plan, irm_state="pending", irm_focus="pending")
        commitment(cls.plan, irm_state="assessed", irm_early_results="major", published=False)
        cls.empty_plan = f.make_action_plan(cls.plan.member)
        cls.not_covered = f.make_action_plan(cls.plan.member, irm_coverage="not_covered")
        commitment(cls.not_covered, irm_state="no_data", irm_focus="no_data")
        old_method_reports(cls.plan)

    def test_counts_per_plan_in_one_query(self):
        with self.assertNumQueries(1):
            result = figures.plan_figures([self.plan, self.empty_plan, self.not_covered])
        plan = result[self.plan.pk]
        self.assertEqual(
            (plan.total, plan.assessed, plan.major, plan.outstanding, plan.starred),
            (5, 4, 1, 1, 1),
        )
        self.assertEqual((plan.relevant, plan.high_ambition, plan.complete), (2, 1, 2))
        self.assertEqual(
            plan.focus,
            {
                "star": 1,
                "implementation": 1,
                "design_verifiability": 1,
                "design_relevance": 1,
                "design_ambition": 0,
                "refresh_results": 0,
                "promising": 0,
                "refresh_other": 0,
                "pending": 1,
                "no_data": 0,
            },
        )
        self.assertEqual(plan.share("starred"), 0.2)
        self.assertEqual(plan.state("covered"), "assessed")
        # Both reports of its method are published: every count is measured.
        self.assertEqual(plan.method, "2011")
        self.assertEqual(plan.reports, (("progress", 2017), ("end_of_term", 2018)))
        self.assertEqual(plan.measured("major"), 1)
        self.assertEqual(plan.figure_state("starred"), "measured")

    def test_plans_without_assessment_are_pending_or_no_data(self):
        result = figures.plan_figures([self.empty_plan, self.not_covered])
        empty = result[self.empty_plan.pk]
        self.assertEqual(empty.total, 0)
        self.assertIsNone(empty.share("starred"))
        self.assertEqual(empty.state(self.empty_plan.irm_coverage), "pending")
        not_covered = result[self.not_covered.pk]
        self.assertEqual(not_covered.focus["no_data"], 1)
        self.assertEqual(not_covered.state(self.not_covered.irm_coverage), "no_data")
        self.assertEqual(not_covered.figure_state("major"), "no_data")
        self.assertIsNone(not_covered.measured("major"))


class FigureStatesTests(TestCase):
    """A count is a number only where a report that measures it covered the plan."""

    @classmethod
    def setUpTestData(cls):
        member = f.make_member()
        # 2018–2020, a design report only: design measured, results pending.
        cls.design_only = f.make_action_plan(member, start_year=2019, end_year=2021)
        f.make_report(cls.design_only, type="design", year=2019)
        commitment(cls.design_only, **{**ASSESSED, "irm_starred": None}, irm_ambitious=True)
        # 2021+, an action plan review and a results report: no stars, no "Major".
        cls.refresh = f.make_action_plan(member, start_year=2022, end_year=2024)
        f.make_report(cls.refresh, type="action_plan_review", year=2022)
        f.make_report(cls.refresh, type="results", year=2025)
        commitment(
            cls.refresh,
            irm_state="assessed",
            irm_method="2021",
            irm_promising=True,
            irm_early_results_refresh="significant",
        )

    def test_a_design_only_plan_has_its_results_pending(self):
        plan = figures.plan_figures([self.design_only])[self.design_only.pk]
        self.assertEqual(plan.method, "2018")
        self.assertEqual(plan.measured("high_ambition"), 1)
        self.assertEqual(plan.figure_state("potentially_starred"), "measured")
        for name in ("complete", "major", "outstanding", "starred"):
            self.assertEqual(plan.figure_state(name), "pending", name)
            self.assertIsNone(plan.measured(name))
        self.assertEqual(plan.state_label("major"), "Pending IRM review")

    def test_a_2021_plan_is_not_assessed_for_stars_and_has_its_own_results(self):
        plan = figures.plan_figures([self.refresh])[self.refresh.pk]
        self.assertEqual(plan.method, "2021")
        for name in ("major", "outstanding", "starred", "potentially_starred"):
            self.assertEqual(plan.figure_state(name), "not_assessed", name)
        self.assertEqual(plan.state_label("starred"), "N/A — not assessed by the 2021+ method")
        self.assertEqual(plan.measured("promising"), 1)
        self.assertEqual(plan.measured("refresh_significant"), 1)
        self.assertEqual(plan.measured("complete"), 0)  # the results report measured it

    def test_the_maxima_leave_out_plans_where_the_count_is_not_measured(self):
        # Twenty "major" values on a plan whose results report is not out: not a maximum.
        for _ in range(20):
            commitment(self.design_only, **ASSESSED, irm_early_results="major")
        peaks = figures.peak_figures(self.design_only.member.region_id)
        self.assertIsNone(peaks.global_major)
        self.assertIsNone(peaks.regional_starred)


class PeakFiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        europe, africa = f.region("europe"), f.region("africa-and-the-middle-east")

        def plan_with(region, major, outstanding, starred, published=True, assessed_only=0):
            member = f.make_member(region=region, published=published)
            plan = f.make_action_plan(member)
            for _ in range(major):
                commitment(plan, **ASSESSED, irm_early_results="major")
            for _ in range(outstanding):
                commitment(plan, **ASSESSED, irm_early_results="outstanding")
            for _ in range(starred):
                commitment(plan, **{**ASSESSED, "irm_starred": True})
            for _ in range(assessed_only):
                commitment(plan, **ASSESSED)
            commitment(plan, irm_state="pending")
            old_method_reports(plan)
            return plan

        plan_with(europe, major=2, outstanding=1, starred=0, assessed_only=5)
        plan_with(europe, major=1, outstanding=3, starred=1)
        plan_with(africa, major=6, outstanding=0, starred=2)
        plan_with(africa, major=9, outstanding=9, starred=9, published=False)  # left out
        cls.europe, cls.africa = europe, africa

    def test_global_and_regional_maxima_and_star_average_in_one_query(self):
        with self.assertNumQueries(1):
            peaks = figures.peak_figures(self.europe.pk)
        self.assertEqual(
            (peaks.global_major, peaks.global_outstanding, peaks.global_starred), (6, 3, 2)
        )
        self.assertEqual(
            (peaks.regional_major, peaks.regional_outstanding, peaks.regional_starred),
            (2, 3, 1),
        )
        # Starred 3 of the 8 + 5 + 8 published commitments whose star is decided.
        self.assertAlmostEqual(peaks.star_average, 3 / 21)
        self.assertEqual((peaks.starred, peaks.star_decided), (3, 21))
        self.assertEqual(peaks.star_average_percent, 14)

    def test_cached_peaks_query_once_until_cleared(self):
        cache.clear()
        with self.assertNumQueries(2):  # the data version (read once), the peaks
            first = figures.cached_peak_figures(self.europe.pk)
        with self.assertNumQueries(0):
            self.assertEqual(figures.cached_peak_figures(self.europe.pk), first)
        with self.assertNumQueries(1):
            figures.cached_peak_figures(self.africa.pk)  # each region has its own entry
        cache.clear()

    def test_region_without_plans_has_no_maxima(self):
        other = f.region("americas")
        peaks = figures.peak_figures(other.pk)
        self.assertEqual(
            (peaks.regional_major, peaks.regional_outstanding, peaks.regional_starred),
            (None, None, None),
        )

    def test_the_star_average_leaves_out_undecided_stars_and_the_2021_method(self):
        plan = f.make_action_plan(f.make_member(region=self.europe))
        for _ in range(9):  # assessed by the 2021+ method, which gives no stars
            commitment(plan, irm_state="assessed", irm_method="2021", irm_verifiable=True)
        for _ in range(9):  # a star method, the star pending (completion not assessed)
            commitment(plan, irm_state="assessed", irm_specificity="high")
        self.assertAlmostEqual(figures.peak_figures(self.europe.pk).star_average, 3 / 21)

    def test_nothing_decided_gives_no_average(self):
        Commitment.objects.update(irm_state="pending", irm_starred=None)
        self.assertIsNone(figures.peak_figures(self.europe.pk).star_average)


class GlobalReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = f.make_member()
        plan = f.make_action_plan(cls.member)
        open_data = f.policy_area("open-data")
        right_to_info = f.policy_area("right-to-information")
        procurement = f.policy_area("public-procurement")
        # Access to Information: one commitment in two of its areas (counted once), complete
        # and ambitious; another pending one.
        commitment(
            plan,
            policy_areas=[open_data, right_to_info],
            **ASSESSED,
            irm_completion="complete",
            irm_potential_impact="moderate",
        )
        commitment(plan, policy_areas=[open_data], irm_state="pending")
        # Anti-Corruption: early results of the 2021+ scale, substantial potential results.
        commitment(
            plan,
            policy_areas=[procurement],
            **ASSESSED,
            irm_early_results_refresh="significant",
            irm_potential_results="substantial",
        )
        # Civic space: only a commitment the public cannot see.
        commitment(plan, policy_areas=[f.policy_area("civic-space")], published=False)
        ThirdPartyScore.objects.create(
            member=cls.member,
            dimension=GlobalReportDimension.objects.get(slug="civic-space"),
            indicator="Civic space",
            source="CIVICUS",
            value=40,
            year=2020,
        )

    def test_codes_and_scores_per_dimension_in_three_queries(self):
        with self.assertNumQueries(3):
            findings = {row.dimension.slug: row for row in figures.global_report(self.member)}
        self.assertEqual(findings["access-to-information"].codes, ["CA", "IR", "C", "A"])
        self.assertEqual(findings["anti-corruption"].codes, ["CA", "IR", "A", "ER"])
        self.assertEqual(findings["civic-space"].codes, ["NC"])
        self.assertEqual([s.source for s in findings["civic-space"].scores], ["CIVICUS"])
        self.assertEqual(findings["fiscal-openness"].scores, [])
        self.assertEqual(
            findings["anti-corruption"].flags,
            [("NC", False), ("CA", True), ("IR", True), ("C", False), ("A", True), ("ER", True)],
        )

    def test_member_without_commitments_has_no_commitments_everywhere(self):
        findings = figures.global_report(f.make_member())
        self.assertEqual(len(findings), GlobalReportDimension.objects.count())
        self.assertTrue(all(row.codes == ["NC"] for row in findings))


class HeadlineTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        europe = f.region("europe")
        national = f.make_member(region=europe)
        f.make_member(region=europe, kind=Member.Kind.LOCAL)
        f.make_member(region=f.region("americas"))
        f.make_member(published=False)
        plan = f.make_action_plan(national)
        f.make_action_plan(national, published=False)
        commitment(plan, **{**ASSESSED, "irm_starred": True})
        commitment(plan, **ASSESSED)
        commitment(plan, irm_state="pending")
        # Assessed, the star undecided: out of the star share's base.
        commitment(plan, irm_state="assessed", irm_specificity="high")
        commitment(plan, irm_state="assessed", irm_method="2021", irm_verifiable=True)

    def test_headline_figures(self):
        with self.assertNumQueries(3):
            headline = figures.headline()
        self.assertEqual(headline.members, 3)
        self.assertEqual(
            [(code, str(kind), count) for code, kind, count in headline.members_by_kind],
            [("national", "National", 2), ("local", "Local", 1)],
        )
        self.assertEqual(
            [(slug, region.name, count) for slug, region, count in headline.members_by_region],
            [("americas", "Americas", 1), ("europe", "Europe", 2)],
        )
        self.assertEqual(
            (headline.action_plans, headline.commitments, headline.assessed, headline.starred),
            (1, 5, 4, 1),
        )
        # One definition: starred among the commitments whose star is decided.
        self.assertEqual(headline.star_decided, 2)
        self.assertEqual(headline.star_share, 0.5)
