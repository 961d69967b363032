"""The IRM method registry: which report assesses what, and what a figure says without it."""

from django.test import SimpleTestCase

from irm.methods import (
    FigureState,
    Method,
    figure_state,
    indicator_errors,
    measuring_report_types,
    method_of_year,
    report_indicators,
    report_method,
)


class MethodOfReportTests(SimpleTestCase):
    def test_the_type_decides_and_local_reports_go_by_year(self):
        self.assertEqual(report_method("progress", 2019), Method.ORIGINAL)
        self.assertEqual(report_method("design", 2021), Method.TRANSITION)
        self.assertEqual(report_method("results", 2019), Method.REFRESH)
        self.assertEqual(report_method("local_review", 2017), Method.ORIGINAL)
        self.assertEqual(report_method("local_review", 2018), Method.TRANSITION)
        self.assertEqual(report_method("self_assessment", 2021), Method.REFRESH)
        self.assertEqual(method_of_year(2020), Method.TRANSITION)


class IndicatorsOfReportTests(SimpleTestCase):
    def test_a_design_report_assesses_the_design_and_no_result(self):
        indicators = report_indicators("design", 2019)
        self.assertIn("verifiable", indicators)
        self.assertIn("potential_impact", indicators)
        self.assertNotIn("completion", indicators)
        self.assertNotIn("early_results", indicators)

    def test_did_it_open_government_comes_from_end_of_term_reports_not_mid_term(self):
        self.assertNotIn("early_results", report_indicators("progress", 2014))
        self.assertIn("completion", report_indicators("progress", 2014))
        self.assertIn("early_results", report_indicators("end_of_term", 2015))
        self.assertEqual(
            measuring_report_types("early_results", Method.ORIGINAL),
            {"end_of_term", "local_review", "self_assessment"},
        )

    def test_the_2021_method_measures_its_own_scale_and_no_specificity(self):
        self.assertEqual(
            report_indicators("results", 2024), {"completion", "early_results_refresh"}
        )
        self.assertNotIn("specificity", report_indicators("action_plan_review", 2022))
        self.assertEqual(report_indicators("co_creation_brief", 2022), frozenset())
        self.assertEqual(measuring_report_types("early_results", Method.REFRESH), frozenset())


class IndicatorErrorsTests(SimpleTestCase):
    def test_a_2018_design_report_accepts_verifiable_yes_no(self):
        self.assertEqual(indicator_errors("design", 2019, {"verifiable": True}), {})

    def test_an_indicator_of_another_method_is_refused_with_the_method_named(self):
        errors = indicator_errors("results", 2024, {"specificity": "high", "completion": ""})
        self.assertEqual(list(errors), ["specificity"])
        self.assertIn("2021+", str(errors["specificity"]))
        self.assertEqual(
            indicator_errors("progress", 2014, {"promising": False}).keys(), {"promising"}
        )


class FigureStateTests(SimpleTestCase):
    def test_a_design_only_plan_has_results_pending_not_zero(self):
        state = figure_state("early_results", Method.TRANSITION, {"design"}, "covered")
        self.assertEqual(state, FigureState.PENDING)

    def test_a_results_report_makes_the_figure_measured(self):
        state = figure_state(
            "early_results", Method.TRANSITION, {"design", "implementation"}, "covered"
        )
        self.assertEqual(state, FigureState.MEASURED)

    def test_the_2021_method_does_not_assess_did_it_open_government(self):
        state = figure_state("early_results", Method.REFRESH, {"results"}, "covered")
        self.assertEqual(state, FigureState.NOT_ASSESSED)

    def test_a_plan_the_irm_does_not_cover_has_no_data(self):
        state = figure_state("completion", Method.ORIGINAL, set(), "not_covered")
        self.assertEqual(state, FigureState.NO_DATA)
