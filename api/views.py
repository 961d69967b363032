"""The read-only JSON API: lists and details of every public record, and member figures.

Every view here:
- answers GET, HEAD and OPTIONS only (other methods: 405);
- rejects unknown query parameters and invalid filter values with a 400 and the reason;
- serves only published records (404 otherwise);
- is wrapped in `public_page` (api/urls.py), the conditional GET of every public page: an ETag
  (the data version and the URL), a Last-Modified (when the public data last changed) and a
  304 for a matching If-None-Match or If-Modified-Since (ogp.page_cache), and the answer is
  stored in the page cache.
"""

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import generics
from rest_framework import status as http
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from api import serializers as s
from api.figures import MemberFiguresSerializer
from api.filters import (
    ActionPlanFilter,
    AssessmentFilter,
    IrmReportFilter,
    ParticipationFilter,
    PolicyAreaFilter,
)
from api.rows import (
    assessment_answers,
    assessment_rows,
    commitment_answers,
    commitment_rows,
    commitments_by_id,
)
from commitments.facets import MatchedRows, index_answers, matches
from commitments.filters import CommitmentFilter
from commitments.models import ActionPlan, Commitment, PolicyArea
from irm import figures
from irm.models import CommitmentAssessment, IrmReport, ParticipationAssessment
from members.filters import ApiMemberFilter
from members.models import Member, Region
from ogp import i18n


def exception_handler(exc, context):
    """DRF's handler, with the field errors of a 400 under "errors" beside a "detail"."""
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"": response.data}
        response.data = {"detail": "Invalid query parameters.", "errors": errors}
    return response


# --- The shared behaviour of every API view ---------------------------------------------------


class ReadOnlyAPIView:
    """Mixin for generic API views (see the module docstring)."""

    http_method_names = ["get", "head", "options"]

    def allowed_query_parameters(self):
        allowed = {i18n.LANGUAGE_PARAMETER}  # the labels' language (ogp.i18n.asked_language)
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None and self.is_list():
            allowed |= set(filterset_class.base_filters)
        if self.is_list() and self.paginator is not None:
            allowed |= set(self.paginator.query_parameters)
        return allowed

    def is_list(self):
        return isinstance(self, generics.ListAPIView)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # A NUL in the path or a parameter never gets here (ogp.middleware.RefuseNulMiddleware).
        unknown = sorted(set(request.query_params) - self.allowed_query_parameters())
        if unknown:
            raise ValidationError(
                {name: ["Unknown query parameter."] for name in unknown},
            )
        languages = request.query_params.getlist(i18n.LANGUAGE_PARAMETER)
        if len(languages) > 1 or any(code not in i18n.LANGUAGE_CODES for code in languages):
            choices = ", ".join(i18n.LANGUAGE_CODES)
            raise ValidationError(
                {i18n.LANGUAGE_PARAMETER: [f"Not a language of the API: give one of {choices}."]},
            )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == http.HTTP_200_OK:
            # public_page keeps the lower of this and the pages' browser cache time.
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
        return response


def not_found(request, *args, **kwargs):
    """Any other URL under /api/: a JSON 404, like an unknown record (not the HTML page)."""
    return JsonResponse({"detail": "Not found."}, status=404)


# --- The API root ---------------------------------------------------------------------------


class RootSerializer(s.serializers.Serializer):
    regions = s.serializers.URLField()
    policy_areas = s.serializers.URLField()
    members = s.serializers.URLField()
    action_plans = s.serializers.URLField()
    commitments = s.serializers.URLField()
    irm_reports = s.serializers.URLField()
    assessments = s.serializers.URLField()
    participation = s.serializers.URLField()
    schema = s.serializers.URLField()
    docs = s.serializers.URLField()
    bulk_data = s.serializers.URLField()


class ApiRoot(ReadOnlyAPIView, APIView):
    """The list of the API's resources."""

    def is_list(self):
        return False

    @extend_schema(responses=RootSerializer)
    def get(self, request):
        def url(name):
            return reverse(f"api:{name}", request=request)

        return Response(
            {
                "regions": url("region-list"),
                "policy_areas": url("policy-area-list"),
                "members": url("member-list"),
                "action_plans": url("action-plan-list"),
                "commitments": url("commitment-list"),
                "irm_reports": url("irm-report-list"),
                "assessments": url("assessment-list"),
                "participation": url("participation-list"),
                "schema": url("schema"),
                "docs": url("docs"),
                "bulk_data": request.build_absolute_uri(reverse("opendata:index")),
            }
        )


# --- Regions and policy areas ---------------------------------------------------------------


class RegionList(ReadOnlyAPIView, generics.ListAPIView):
    """OGP's regions."""

    serializer_class = s.RegionSerializer
    queryset = Region.objects.order_by("position", "name")


class RegionDetail(ReadOnlyAPIView, generics.RetrieveAPIView):
    serializer_class = s.RegionSerializer
    queryset = Region.objects.all()
    lookup_field = "slug"


def policy_areas():
    return PolicyArea.objects.select_related("parent").prefetch_related("aliases").order_by("name")


class PolicyAreaList(ReadOnlyAPIView, generics.ListAPIView):
    """Policy areas commitments are tagged with (an area may sit under a parent area)."""

    serializer_class = s.PolicyAreaSerializer
    filterset_class = PolicyAreaFilter

    def get_queryset(self):
        return policy_areas()


class PolicyAreaDetail(ReadOnlyAPIView, generics.RetrieveAPIView):
    serializer_class = s.PolicyAreaSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return policy_areas()


# --- Members and action plans ---------------------------------------------------------------


def members():
    return (
        Member.objects.published()
        .select_related("region", "parent")
        .prefetch_related(
            "identifier_prefixes",
            Prefetch(
                "action_plans",
                queryset=ActionPlan.objects.published().order_by("number").select_related("member"),
                to_attr="public_plans",
            ),
        )
        .order_by("name")
    )


class MemberList(ReadOnlyAPIView, generics.ListAPIView):
    """The published members: national and local governments."""

    serializer_class = s.MemberSerializer
    filterset_class = ApiMemberFilter

    def get_queryset(self):
        return members()


class MemberDetail(ReadOnlyAPIView, generics.RetrieveAPIView):
    serializer_class = s.MemberSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return members()


def action_plans():
    # A correlated count per plan of the page (by the action_plan_id index), not a grouped
    # count over every commitment before the page is cut.
    published_count = (
        Commitment.objects.filter(action_plan=OuterRef("pk"), published=True)
        .order_by()
        .values("action_plan")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        ActionPlan.objects.published()
        .select_related("member", "participation")
        .annotate(commitment_count=Coalesce(Subquery(published_count), 0))
        .prefetch_related(
            Prefetch(
                "irm_reports",
                # The plans are published already: only the report's own flag is left to check.
                queryset=IrmReport.objects.filter(published=True).order_by("year", "pk"),
                to_attr="public_reports",
            )
        )
        .order_by("member__name", "number")
    )


class ActionPlanList(ReadOnlyAPIView, generics.ListAPIView):
    """The published action plans of published members."""

    serializer_class = s.ActionPlanSerializer
    filterset_class = ActionPlanFilter

    def get_queryset(self):
        return action_plans()


class PlanLookup:
    """An action plan is named by its member's slug and its number."""

    def get_object(self):
        queryset = self.filter_queryset(self.get_queryset())
        return get_object_or_404(queryset, **self.plan_lookup())

    def plan_lookup(self):
        return {"member__slug": self.kwargs["slug"], "number": self.kwargs["number"]}


class ActionPlanDetail(ReadOnlyAPIView, PlanLookup, generics.RetrieveAPIView):
    serializer_class = s.ActionPlanSerializer

    def get_queryset(self):
        return action_plans()


# --- Commitments ----------------------------------------------------------------------------


class RowsList:
    """A list view whose page is built from `.values()` rows (api.rows): `rows(queryset)`
    reads them, `answers(rows, request)` builds the page's answers; the serializer is the
    schema."""

    def list(self, request, *args, **kwargs):
        matched = self.filter_queryset(self.get_queryset())
        if not isinstance(matched, MatchedRows):  # a queryset
            matched = self.rows(matched)
        page = self.paginate_queryset(matched)
        return self.get_paginated_response(self.answers(page, request))


class RowsDetail:
    """A detail view whose answer is built from its `.values()` row (api.rows)."""

    def retrieve(self, request, *args, **kwargs):
        lookup = {self.lookup_field: self.kwargs[self.lookup_url_kwarg or self.lookup_field]}
        row = get_object_or_404(self.rows(self.get_queryset()), **lookup)
        return Response(self.answers([row], request)[0])


def commitments():
    return Commitment.objects.published()


class CommitmentList(ReadOnlyAPIView, RowsList, generics.ListAPIView):
    """The published commitments, with every filter and the search of the explorer."""

    serializer_class = s.CommitmentSerializer
    filterset_class = CommitmentFilter
    describe_filters_from_filterset = True  # see api.schema
    rows = staticmethod(commitment_rows)
    answers = staticmethod(commitment_answers)

    def get_queryset(self):
        return commitments()

    def filter_queryset(self, queryset):
        """The FilterSet's matches. When the explorer's facet index answers the filters, the
        paginator counts them without a query and reads a page's rows by id (a COUNT over
        the joined tables was about half of a built page's time at 10x)."""
        filterset = DjangoFilterBackend().get_filterset(self.request, queryset, self)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        if index_answers(filterset):
            return MatchedRows(matches(filterset).ids, commitments_by_id)
        return filterset.qs


class CommitmentDetail(ReadOnlyAPIView, RowsDetail, generics.RetrieveAPIView):
    serializer_class = s.CommitmentSerializer
    lookup_field = "identifier"
    rows = staticmethod(commitment_rows)
    answers = staticmethod(commitment_answers)

    def get_queryset(self):
        return commitments()


# --- IRM reports, assessments and participation ---------------------------------------------


def irm_reports():
    return (
        IrmReport.objects.published()
        .select_related("action_plan__member", "published_figures")
        .order_by("action_plan__member__name", "action_plan__number", "year", "pk")
    )


class IrmReportList(ReadOnlyAPIView, generics.ListAPIView):
    """The IRM's published reports on published action plans."""

    serializer_class = s.IrmReportSerializer
    filterset_class = IrmReportFilter

    def get_queryset(self):
        return irm_reports()


class IrmReportDetail(ReadOnlyAPIView, generics.RetrieveAPIView):
    serializer_class = s.IrmReportSerializer

    def get_queryset(self):
        return irm_reports()


def assessments():
    return CommitmentAssessment.objects.published().order_by("pk")


class AssessmentList(ReadOnlyAPIView, RowsList, generics.ListAPIView):
    """What each published IRM report found about each commitment it assessed."""

    serializer_class = s.AssessmentSerializer
    filterset_class = AssessmentFilter
    rows = staticmethod(assessment_rows)
    answers = staticmethod(assessment_answers)

    def get_queryset(self):
        return assessments()


class AssessmentDetail(ReadOnlyAPIView, RowsDetail, generics.RetrieveAPIView):
    serializer_class = s.AssessmentSerializer
    rows = staticmethod(assessment_rows)
    answers = staticmethod(assessment_answers)

    def get_queryset(self):
        return assessments()


def participation():
    return (
        ParticipationAssessment.objects.published()
        .select_related("action_plan__member", "report")
        .order_by("action_plan__member__name", "action_plan__number")
    )


class ParticipationList(ReadOnlyAPIView, generics.ListAPIView):
    """How the public took part in each published action plan, as the IRM found."""

    serializer_class = s.ParticipationSerializer
    filterset_class = ParticipationFilter

    def get_queryset(self):
        return participation()


class ParticipationDetail(ReadOnlyAPIView, PlanLookup, generics.RetrieveAPIView):
    serializer_class = s.ParticipationSerializer

    def get_queryset(self):
        return participation()

    def plan_lookup(self):
        return {
            "action_plan__member__slug": self.kwargs["slug"],
            "action_plan__number": self.kwargs["number"],
        }


# --- A member's computed figures -------------------------------------------------------------


class MemberFigures(ReadOnlyAPIView, generics.GenericAPIView):
    """A member's computed IRM figures, as on its profile: commitment performance and focus
    buckets per action plan, the global and regional peaks, and the Global Report codes."""

    serializer_class = MemberFiguresSerializer
    pagination_class = None

    def is_list(self):
        return False

    def get(self, request, slug):
        member = get_object_or_404(Member.objects.published(), slug=slug)
        plans = ActionPlan.objects.of_member(member)
        by_plan = figures.plan_figures(plans)
        peaks = figures.cached_peak_figures(member.region_id)
        data = {
            "member": member,
            "star_average": peaks.star_average,
            "star_average_base": peaks.star_decided,
            "action_plans": [
                {
                    "action_plan": plan,
                    "irm_state": by_plan[plan.pk].state(plan.irm_coverage),
                    "figures": by_plan[plan.pk],
                    "measured": {
                        name: by_plan[plan.pk].measured(name) for name in figures.FIGURE_CONDITIONS
                    },
                    "states": {
                        name: by_plan[plan.pk].figure_state(name)
                        for name in figures.FIGURE_CONDITIONS
                    },
                }
                for plan in plans
            ],
            "global_most": {
                "major": peaks.global_major,
                "outstanding": peaks.global_outstanding,
                "starred": peaks.global_starred,
            },
            "regional_most": {
                "major": peaks.regional_major,
                "outstanding": peaks.regional_outstanding,
                "starred": peaks.regional_starred,
            },
            "global_report": figures.global_report(member),
        }
        return Response(self.get_serializer(data).data)


# --- Documentation ----------------------------------------------------------------------------


class SwaggerDocs(SpectacularSwaggerSplitView):
    """Swagger UI from our own static files (drf-spectacular-sidecar), under the site's strict
    CSP: its start-up script is a separate file and the template has no inline style."""

    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
