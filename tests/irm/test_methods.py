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
    report_types_by_availability,
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


class ReportTypeRuleTests(SimpleTestCase):
    """What the report's type does not assess is refused too, with the type named."""

    def test_completion_on_a_design_report_is_refused_naming_the_report_type(self):
        errors = indicator_errors("design", 2019, {"completion": "complete", "verifiable": True})
        self.assertEqual(list(errors), ["completion"])
        self.assertIn("Design Report does not assess", str(errors["completion"]))
        self.assertIn("Implementation Report", str(errors["completion"]))

    def test_did_it_open_government_on_a_mid_term_progress_report_is_refused(self):
        errors = indicator_errors("progress", 2014, {"early_results": "major", "completion": "x"})
        self.assertEqual(list(errors), ["early_results"])
        self.assertIn("Progress Report (mid-term) does not assess", str(errors["early_results"]))
        self.assertIn("End-of-Term Report", str(errors["early_results"]))

    def test_the_method_message_still_comes_first(self):
        errors = indicator_errors("results", 2024, {"early_results": "major"})
        self.assertIn("2021+ (IRM Refresh) method does not use", str(errors["early_results"]))


class InceptionReportTests(SimpleTestCase):
    def test_an_inception_report_assesses_the_design_by_its_year(self):
        self.assertEqual(report_method("inception", 2019), Method.TRANSITION)
        self.assertIn("specificity", report_indicators("inception", 2019))
        self.assertIn("promising", report_indicators("inception", 2022))
        self.assertNotIn("completion", report_indicators("inception", 2022))
        self.assertEqual(indicator_errors("inception", 2022, {"verifiable": True}), {})
        self.assertEqual(
            indicator_errors("inception", 2022, {"completion": "limited"}).keys(), {"completion"}
        )


class NoDataTests(SimpleTestCase):
    def test_no_data_for_an_indicator_the_report_assesses_is_accepted(self):
        self.assertEqual(indicator_errors("implementation", 2021, {}, ["completion"]), {})

    def test_no_data_for_an_indicator_the_report_does_not_assess_is_refused(self):
        errors = indicator_errors("design", 2019, {}, ["completion"])
        self.assertEqual(list(errors), ["no_data"])
        self.assertIn("Design Report does not assess completion", str(errors["no_data"]))
        self.assertIn("no_data", indicator_errors("design", 2019, {}, ["made_up"]))

    def test_a_value_and_no_data_for_one_indicator_is_refused(self):
        errors = indicator_errors("end_of_term", 2016, {"completion": "limited"}, ["completion"])
        self.assertIn("keep one of the two", str(errors["no_data"]))


class NotAvailableTests(SimpleTestCase):
    def test_a_report_not_available_records_nothing(self):
        errors = indicator_errors(
            "end_of_term", 2016, {"completion": "limited"}, ["early_results"], "unavailable"
        )
        self.assertEqual(errors.keys(), {"completion", "no_data"})
        self.assertIn("not available", str(errors["completion"]))
        self.assertEqual(
            indicator_errors("end_of_term", 2016, {"completion": ""}, (), "unavailable"), {}
        )

    def test_a_plan_whose_only_report_is_not_available_has_no_data_not_pending(self):
        available, unavailable = report_types_by_availability([("end_of_term", "unavailable")])
        self.assertEqual((available, unavailable), (frozenset(), {"end_of_term"}))
        state = figure_state("early_results", Method.ORIGINAL, available, "covered", unavailable)
        self.assertEqual(state, FigureState.NO_DATA)
        # Without it, the same plan would read pending.
        self.assertEqual(
            figure_state("early_results", Method.ORIGINAL, available, "covered"),
            FigureState.PENDING,
        )

    def test_an_available_report_of_the_type_wins(self):
        available, unavailable = report_types_by_availability(
            [("end_of_term", "unavailable"), ("end_of_term", "final"), ("progress", "draft")]
        )
        self.assertEqual(available, {"end_of_term", "progress"})
        self.assertEqual(unavailable, frozenset())
        state = figure_state("early_results", Method.ORIGINAL, available, "covered", unavailable)
        self.assertEqual(state, FigureState.MEASURED)

    def test_a_not_available_report_leaves_what_another_type_measures_pending(self):
        state = figure_state("completion", Method.ORIGINAL, set(), "covered", {"co_creation_brief"})
        self.assertEqual(state, FigureState.PENDING)
