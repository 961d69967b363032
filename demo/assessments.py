"""The demo's IRM findings: each commitment's assessments by the fields of its reports' era, and
each plan's participation assessment, drawn from the generator's seeded Random (in the order
`demo.synthetic.Generator` calls them, which keeps the demo the same for a seed)."""

from demo.base import STAR_RATE, weighted
from demo.pools import (
    COMPLETION,
    EARLY_IF_COMPLETE,
    EARLY_IF_LIMITED,
    EARLY_REFRESH,
    IMPACT,
    LEVELS,
    RESULTS_REFRESH,
    SPECIFICITY,
)
from irm.methods import REPORT_KINDS
from irm.models import CommitmentAssessment, IrmReport, ParticipationAssessment


def assess(rng, commitment, reports, truth):
    """One assessment per report of the plan, with the fields of the report's era."""
    if not reports or rng.random() < 0.02:
        return []  # a commitment the IRM has not assessed (yet): pending
    if reports[0].era == "2021":
        return _assess_refresh(rng, commitment, reports, truth)
    return _assess_original(rng, commitment, reports, truth)


def _assess_original(rng, commitment, reports, truth):
    design_year = reports[0].year
    starred = rng.random() < STAR_RATE
    specificity = rng.choice(["medium", "high"]) if starred else weighted(rng, SPECIFICITY)
    relevance = {
        "relevant_access_to_information": commitment.claims_access_to_information,
        "relevant_civic_participation": commitment.claims_civic_participation,
        "relevant_public_accountability": commitment.claims_public_accountability,
        "relevant_technology": commitment.claims_technology,
    }
    for name in relevance:
        if rng.random() < 0.12:
            relevance[name] = not relevance[name]
    core = [k for k in relevance if k != "relevant_technology"]
    if starred and not any(relevance[k] for k in core):
        relevance[rng.choice(core)] = True
    impact = "transformative" if starred else weighted(rng, IMPACT)
    completion = rng.choice(["substantial", "complete"]) if starred else weighted(rng, COMPLETION)
    if not starred and _would_star(specificity, relevance, impact, completion, design_year):
        completion = "limited"  # keep the share of stars where the generator put it
    truth.completion = completion
    design = {"specificity": specificity, **relevance, "potential_impact": impact}
    results = {"completion": completion, "early_results": _early(rng, completion)}
    if len(reports) == 1:  # a local review says everything at once
        return [CommitmentAssessment(commitment=commitment, report=reports[0], **design, **results)]
    midterm = _lower_completion(rng, completion)
    rows = [
        CommitmentAssessment(
            commitment=commitment,
            report=reports[0],
            **design,
            **({"completion": midterm} if reports[0].type == "progress" else {}),
        )
    ]
    rows += [CommitmentAssessment(commitment=commitment, report=r, **results) for r in reports[1:]]
    return rows


def _assess_refresh(rng, commitment, reports, truth):
    verifiable = rng.random() < 0.9
    lens = (rng.random() < 0.88) if verifiable else None
    results = weighted(rng, RESULTS_REFRESH) if lens else ""
    review = {"verifiable": verifiable, "open_government_lens": lens}
    if results:
        review["potential_results"] = results
        review["promising"] = results == "substantial" or (
            results == "modest" and rng.random() < 0.3
        )
    completion = weighted(rng, COMPLETION)
    truth.completion = completion
    outcome = {"completion": completion, "early_results_refresh": weighted(rng, EARLY_REFRESH)}
    if completion in {"not_started", "no_evidence", "withdrawn"}:
        outcome["early_results_refresh"] = "not_yet"
    if reports[0].type == IrmReport.Type.LOCAL_REVIEW:
        review.pop("promising", None)
        return [CommitmentAssessment(commitment=commitment, report=reports[0], **review, **outcome)]
    rows = [CommitmentAssessment(commitment=commitment, report=reports[0], **review)]
    rows += [CommitmentAssessment(commitment=commitment, report=r, **outcome) for r in reports[1:]]
    return rows


def participation(rng, plan, reports):
    development = weighted(rng, LEVELS)
    has_results = any(REPORT_KINDS[r.type].judges_results for r in reports)
    forum = rng.random() < 0.75
    standards = {}
    if plan.start_year >= 2022:
        standards = {
            name: rng.random() < 0.7
            for name in (
                "standard_forum",
                "standard_repository",
                "standard_inclusive",
                "standard_reasoned_response",
                "standard_implementation",
            )
        }
    return ParticipationAssessment(
        action_plan=plan,
        report=reports[0],
        development_level=development,
        implementation_level=weighted(rng, LEVELS) if has_results else "",
        development_open=rng.random() < 0.8,
        implementation_open=(rng.random() < 0.75) if has_results else None,
        forum_existed=forum,
        forum_met_regularly=(rng.random() < 0.7) if forum else None,
        acted_contrary_to_process=development in {"inform", "no_consultation"}
        and rng.random() < 0.6,
        **standards,
    )


def _would_star(specificity, relevance, impact, completion, year):
    impacts = {"moderate", "transformative"} if year < 2015 else {"transformative"}
    return (
        specificity in {"medium", "high"}
        and any(
            relevance[k]
            for k in (
                "relevant_access_to_information",
                "relevant_civic_participation",
                "relevant_public_accountability",
            )
        )
        and impact in impacts
        and completion in {"substantial", "complete"}
    )


def _early(rng, completion):
    if completion in {"substantial", "complete"}:
        return weighted(rng, EARLY_IF_COMPLETE)
    if completion == "limited":
        return weighted(rng, EARLY_IF_LIMITED)
    if completion == "not_started":
        return "did_not_change"
    return ""  # withdrawn or no evidence: the report could not say


def _lower_completion(rng, completion):
    order = ["not_started", "limited", "substantial", "complete"]
    if completion not in order:
        return completion
    return order[rng.randint(0, order.index(completion))]
