"""The pure IRM rules, for every era and every missing-data state (no database)."""

import pytest

from commitments.models import DesignReason, Focus, IrmState
from irm.metrics import (
    ORIGINAL,
    REFRESH,
    TRANSITION,
    Assessment,
    Findings,
    effective_fields,
    effective_sources,
    focus,
    global_report_codes,
    is_ambitious,
    is_starred,
    merge_assessments,
    share,
)


def star(**overrides):
    """An old-method commitment that meets all four star rules."""
    values = {
        "state": IrmState.ASSESSED,
        "era": TRANSITION,
        "specificity": "high",
        "relevant_civic_participation": True,
        "potential_impact": "transformative",
        "ambition_year": 2019,
        "completion": "complete",
    }
    values.update(overrides)
    return Findings(**values)


class TestStarRule:
    def test_all_four_rules_met_is_a_star(self):
        assert is_starred(star())
        assert focus(star()) == (Focus.STAR, "")

    @pytest.mark.parametrize("specificity", ["medium", "high"])
    def test_medium_or_high_specificity_is_verifiable(self, specificity):
        assert is_starred(star(specificity=specificity))

    @pytest.mark.parametrize("specificity", ["none", "low"])
    def test_low_specificity_fails_on_verifiability(self, specificity):
        f = star(specificity=specificity)
        assert not is_starred(f)
        assert focus(f) == (Focus.DESIGN, DesignReason.VERIFIABILITY)

    def test_technology_alone_is_not_relevant(self):
        f = star(relevant_civic_participation=False, relevant_technology=True)
        assert not is_starred(f)
        assert focus(f) == (Focus.DESIGN, DesignReason.RELEVANCE)

    @pytest.mark.parametrize(
        "field",
        [
            "relevant_access_to_information",
            "relevant_civic_participation",
            "relevant_public_accountability",
        ],
    )
    def test_any_of_the_three_values_is_relevant(self, field):
        f = star(**{"relevant_civic_participation": None, field: True})
        assert is_starred(f)

    def test_moderate_impact_is_not_enough_from_2015(self):
        f = star(potential_impact="moderate", ambition_year=2015)
        assert not is_starred(f)
        assert focus(f) == (Focus.DESIGN, DesignReason.AMBITION)

    def test_moderate_impact_was_enough_before_2015(self):
        f = star(era=ORIGINAL, potential_impact="moderate", ambition_year=2014)
        assert is_starred(f)

    @pytest.mark.parametrize("completion", ["substantial", "complete"])
    def test_substantial_or_complete(self, completion):
        assert is_starred(star(completion=completion))

    @pytest.mark.parametrize("completion", ["limited", "not_started", "no_evidence", "withdrawn"])
    def test_lower_completion_is_a_focus_on_implementation(self, completion):
        f = star(completion=completion)
        assert not is_starred(f)
        assert focus(f) == (Focus.IMPLEMENTATION, "")

    def test_first_failing_design_rule_is_the_reason(self):
        f = star(specificity="low", relevant_civic_participation=False, potential_impact="none")
        assert focus(f) == (Focus.DESIGN, DesignReason.VERIFIABILITY)
        f = star(relevant_civic_participation=False, potential_impact="none")
        assert focus(f) == (Focus.DESIGN, DesignReason.RELEVANCE)

    def test_design_assessed_but_implementation_not_yet_is_pending(self):
        f = star(completion="")
        assert not is_starred(f)
        assert focus(f) == (Focus.PENDING, "")

    def test_unknown_design_value_is_pending_not_failed(self):
        assert focus(star(specificity="")) == (Focus.PENDING, "")
        assert focus(star(relevant_civic_participation=None)) == (Focus.PENDING, "")


class TestRefreshMethod:
    def refresh(self, **overrides):
        values = {
            "state": IrmState.ASSESSED,
            "era": REFRESH,
            "verifiable": True,
            "open_government_lens": True,
            "potential_results": "substantial",
            "completion": "complete",
        }
        values.update(overrides)
        return Findings(**values)

    def test_never_starred(self):
        f = self.refresh()
        assert not is_starred(f)
        assert focus(f) == (Focus.NO_DATA, "")

    def test_not_verifiable(self):
        assert focus(self.refresh(verifiable=False)) == (Focus.DESIGN, DesignReason.VERIFIABILITY)

    def test_outside_the_lens(self):
        f = self.refresh(open_government_lens=False)
        assert focus(f) == (Focus.DESIGN, DesignReason.RELEVANCE)

    def test_modest_results_are_a_design_focus(self):
        f = self.refresh(potential_results="modest")
        assert focus(f) == (Focus.DESIGN, DesignReason.AMBITION)

    def test_limited_completion(self):
        assert focus(self.refresh(completion="limited")) == (Focus.IMPLEMENTATION, "")


class TestMissingData:
    def test_pending(self):
        f = Findings(state=IrmState.PENDING)
        assert not is_starred(f)
        assert focus(f) == (Focus.PENDING, "")

    def test_no_data(self):
        f = Findings(state=IrmState.NO_DATA)
        assert not is_starred(f)
        assert focus(f) == (Focus.NO_DATA, "")

    def test_merge_with_no_assessment_keeps_the_plan_state(self):
        assert merge_assessments(IrmState.NO_DATA, []).state == IrmState.NO_DATA
        assert merge_assessments(IrmState.PENDING, []).state == IrmState.PENDING


class TestMerge:
    def test_latest_report_that_set_a_field_wins(self):
        design = Assessment(
            2019,
            TRANSITION,
            {"specificity": "high", "potential_impact": "transformative", "completion": ""},
        )
        results = Assessment(
            2021,
            TRANSITION,
            {"specificity": "", "completion": "complete", "early_results": "major"},
        )
        f = merge_assessments(IrmState.PENDING, [design, results])
        assert f.state == IrmState.ASSESSED
        assert f.specificity == "high"  # kept from the design report
        assert f.completion == "complete"  # from the results report
        assert f.early_results == "major"
        assert f.ambition_year == 2019
        assert f.era == TRANSITION

    def test_false_is_a_value_none_is_not(self):
        first = Assessment(2016, ORIGINAL, {"relevant_civic_participation": True})
        second = Assessment(2017, ORIGINAL, {"relevant_civic_participation": False})
        third = Assessment(2018, ORIGINAL, {"relevant_civic_participation": None})
        f = merge_assessments(IrmState.PENDING, [first, second, third])
        assert f.relevant_civic_participation is False


class TestEffectiveSources:
    """Which assessment set each effective value: the merge's own reading."""

    MID_TERM = {"specificity": "high", "completion": "limited", "early_results": ""}
    END_OF_TERM = {"specificity": "", "completion": "substantial", "early_results": "major"}

    def test_the_latest_that_set_a_field(self):
        values = [self.MID_TERM, self.END_OF_TERM]
        assert effective_sources(values) == {
            "specificity": 0,
            "completion": 1,
            "early_results": 1,
        }
        assert effective_fields(values) == [("specificity",), ("completion", "early_results")]

    def test_agrees_with_the_merge(self):
        third = {"completion": "complete", "relevant_civic_participation": False}
        values = [self.MID_TERM, self.END_OF_TERM, third]
        merged = merge_assessments(
            IrmState.PENDING, [Assessment(2015 + i, ORIGINAL, v) for i, v in enumerate(values)]
        )
        for name, index in effective_sources(values).items():
            assert getattr(merged, name) == values[index][name]
        assert effective_fields(values)[2] == ("relevant_civic_participation", "completion")

    def test_none(self):
        assert effective_sources([]) == {}
        assert effective_fields([{"completion": ""}]) == [()]


class TestAmbition:
    def test_high_ambition(self):
        assert is_ambitious(Findings(potential_impact="transformative")) is True
        assert is_ambitious(Findings(potential_impact="moderate")) is False
        assert is_ambitious(Findings(potential_results="substantial")) is True
        assert is_ambitious(Findings(potential_results="modest")) is False
        assert is_ambitious(Findings()) is None


class TestGlobalReportCodes:
    def test_no_commitments(self):
        counts = {"reviewed": 0, "complete": 0, "ambitious": 0, "early_results": 0}
        assert global_report_codes(commitments=0, **counts) == ["NC"]

    def test_commitments_not_reviewed(self):
        counts = {"reviewed": 0, "complete": 0, "ambitious": 0, "early_results": 0}
        assert global_report_codes(commitments=3, **counts) == ["CA"]

    def test_every_code(self):
        codes = global_report_codes(
            commitments=3, reviewed=2, complete=1, ambitious=1, early_results=1
        )
        assert codes == ["CA", "IR", "C", "A", "ER"]

    def test_reviewed_and_ambitious_only(self):
        codes = global_report_codes(
            commitments=3, reviewed=2, complete=0, ambitious=1, early_results=0
        )
        assert codes == ["CA", "IR", "A"]


def test_share():
    assert share(1, 4) == 0.25
    assert share(0, 0) is None
