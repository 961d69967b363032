"""How a member's computed figures (irm.figures) read in the API: the plan counts with their
states, the peaks, the star average and the Global Report findings."""

from rest_framework import serializers

from api.fields import ActionPlanRefSerializer, MemberRefSerializer
from irm.methods import PLAN_FIGURES, FigureState, Method


class FocusSerializer(serializers.Serializer):
    """Commitments per bucket of "How to get more starred commitments"."""

    star = serializers.IntegerField()
    implementation = serializers.IntegerField(help_text="Focus on implementation.")
    design_verifiability = serializers.IntegerField(help_text="Focus on design: verifiability.")
    design_relevance = serializers.IntegerField(help_text="Focus on design: relevance.")
    design_ambition = serializers.IntegerField(help_text="Focus on design: ambition.")
    refresh_results = serializers.IntegerField(
        help_text="2021+ method (no stars): significant or outstanding early results."
    )
    promising = serializers.IntegerField(help_text="2021+ method (no stars): promising.")
    refresh_other = serializers.IntegerField(
        help_text="2021+ method (no stars): reviewed, not (yet) promising."
    )
    pending = serializers.IntegerField(help_text="Pending IRM review.")
    no_data = serializers.IntegerField(help_text="No IRM data.")


def figure_count(name, help_text):
    """A plan count: null unless measured (its `<name>_state` says why)."""
    return serializers.IntegerField(
        source=f"measured.{name}",
        allow_null=True,
        help_text=f"{help_text} Null unless {name}_state is measured.",
    )


def figure_state(name):
    return serializers.ChoiceField(
        source=f"states.{name}",
        choices=FigureState.choices,
        help_text=(
            f"measured: a published IRM report that measures {name} covered the plan; pending: "
            "due, not yet recorded; not_assessed: the plan's method does not assess it; "
            "no_data: the IRM does not cover the plan."
        ),
    )


class _PlanFiguresFields(serializers.Serializer):
    action_plan = ActionPlanRefSerializer()
    irm_state = serializers.ChoiceField(
        choices=["assessed", "pending", "no_data"],
        help_text="assessed when any commitment is; else pending or no_data by IRM coverage.",
    )
    irm_method = serializers.ChoiceField(
        source="figures.method",
        choices=Method.choices,
        help_text="The plan's IRM method: of its latest published report, else by start year.",
    )
    commitments = serializers.IntegerField(source="figures.total")
    assessed = serializers.IntegerField(source="figures.assessed")
    focus = FocusSerializer(source="figures.focus")


def _plan_figure_fields():
    """A count and its `<name>_state` per plan figure (`irm.methods.PLAN_FIGURES`), described
    by the figure's label: the page's rows and the API's fields are one list."""
    fields = {}
    for name, figure in PLAN_FIGURES.items():
        method = " (2011–2020 methods)" if figure.star_only else ""
        fields[name] = figure_count(name, f"{figure.label}{method}.")
        fields[f"{name}_state"] = figure_state(name)
    return fields


PlanFiguresSerializer = type(
    "PlanFiguresSerializer",
    (_PlanFiguresFields,),
    {"__module__": __name__, **_plan_figure_fields()},
)


class PeaksSerializer(serializers.Serializer):
    """The most per action plan, among the plans where the count is measured (null: none)."""

    major = serializers.IntegerField(allow_null=True)
    outstanding = serializers.IntegerField(allow_null=True)
    starred = serializers.IntegerField(allow_null=True)


class ScoreSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    source = serializers.CharField()
    value = serializers.DecimalField(max_digits=8, decimal_places=2, coerce_to_string=False)
    scale_min = serializers.DecimalField(max_digits=8, decimal_places=2, coerce_to_string=False)
    scale_max = serializers.DecimalField(max_digits=8, decimal_places=2, coerce_to_string=False)
    year = serializers.IntegerField()
    url = serializers.CharField(allow_blank=True)


class DimensionFindingsSerializer(serializers.Serializer):
    dimension = serializers.SlugField(source="dimension.slug")
    name = serializers.CharField(source="dimension.name")
    codes = serializers.ListField(
        child=serializers.ChoiceField(choices=["NC", "CA", "IR", "C", "A", "ER"]),
        help_text="Cumulative Global Report codes: NC, or CA then IR, C, A, ER as they apply.",
    )
    scores = ScoreSerializer(many=True, help_text="Third-party scores in the dimension.")


class MemberFiguresSerializer(serializers.Serializer):
    member = MemberRefSerializer()
    star_average = serializers.FloatField(
        allow_null=True,
        help_text=(
            "Share of starred commitments among those the IRM could star (star decided: yes "
            "or no, under a 2011–2020 method), partnership-wide; star_average_base counts them."
        ),
    )
    star_average_base = serializers.IntegerField(
        help_text="The commitments whose star is decided (the star average's base)."
    )
    action_plans = PlanFiguresSerializer(many=True, help_text="Commitment performance by plan.")
    global_most = PeaksSerializer(help_text="The most any published action plan reaches.")
    regional_most = PeaksSerializer(help_text="The most any plan of the member's region reaches.")
    global_report = DimensionFindingsSerializer(many=True)
