"""The pure IRM rules, for every era and every missing-data state (no database)."""

import pytest

from commitments.models import DesignReason, Focus, IrmState
from irm.methods import StarStatus
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
    potential_star_status,
    share,
    star_status,
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
        assert star_status(f) == StarStatus.NOT_APPLICABLE
        assert potential_star_status(f) == StarStatus.NOT_APPLICABLE

    def test_its_own_buckets_not_the_star_buckets(self):
        # Failing the old design rules (not verifiable, outside the lens, modest results)
        # says nothing about stars the method does not award.
        for overrides in ({"verifiable": False}, {"open_government_lens": False}, {}):
            assert focus(self.refresh(**overrides)) == (Focus.REFRESH_OTHER, "")
        assert focus(self.refresh(potential_results="modest", promising=True)) == (
            Focus.PROMISING,
            "",
        )
        strong = self.refresh(promising=True, early_results_refresh="significant")
        assert focus(strong) == (Focus.REFRESH_RESULTS, "")

    def test_an_unassessed_2021_commitment_is_not_applicable_not_pending(self):
        f = Findings(state=IrmState.PENDING, method=REFRESH)
        assert star_status(f) == StarStatus.NOT_APPLICABLE
        assert focus(f) == (Focus.PENDING, "")


class TestStarStatus:
    """Yes / no / pending / not applicable: never "no" for what the IRM has not decided."""

    def test_yes_and_no(self):
        assert star_status(star()) == StarStatus.YES
        assert star_status(star(specificity="low")) == StarStatus.NO
        assert star_status(star(completion="limited")) == StarStatus.NO

    def test_design_passes_completion_not_assessed_is_pending(self):
        f = star(completion="")
        assert star_status(f) == StarStatus.PENDING
        assert potential_star_status(f) == StarStatus.YES

    def test_design_unknown_is_pending_unless_completion_fails(self):
        assert star_status(star(potential_impact="", completion="")) == StarStatus.PENDING
        assert star_status(star(potential_impact="", completion="complete")) == (StarStatus.PENDING)
        assert star_status(star(potential_impact="", completion="limited")) == StarStatus.NO
        assert potential_star_status(star(potential_impact="")) == StarStatus.PENDING

    def test_potentially_starred_by_the_design_rules(self):
        assert potential_star_status(star(relevant_civic_participation=False)) == StarStatus.NO
        assert potential_star_status(star(potential_impact="moderate")) == StarStatus.NO

    def test_unassessed(self):
        assert star_status(Findings(state=IrmState.PENDING)) == StarStatus.PENDING
        assert star_status(Findings(state=IrmState.NO_DATA)) == StarStatus.NO_DATA

    def test_the_plans_method_decides_not_the_latest_report(self):
        # A 2021+ plan: no star even when the values would make one.
        assert star_status(star(method=REFRESH)) == StarStatus.NOT_APPLICABLE
        assert merge_assessments(IrmState.PENDING, [], REFRESH).method == REFRESH


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
