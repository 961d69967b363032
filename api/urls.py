from django.urls import path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView

from api import views
from api.filters import MAX_ID_DIGITS
from ogp.page_cache import public_page


class IdConverter:
    """A record id: digits that fit a 64-bit integer (a longer one is a 404, not a database
    error)."""

    regex = f"[0-9]{{1,{MAX_ID_DIGITS}}}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class PlanNumberConverter(IdConverter):
    """An action plan's number (a small integer in the database)."""

    regex = "[0-9]{1,4}"


register_converter(IdConverter, "id")
register_converter(PlanNumberConverter, "plan_number")

app_name = "api"

# Every answer is cached under the data version, with conditional GET (ogp.page_cache): the
# API's only ETag, Last-Modified and 304.


def page(route, view, name):
    """A route to an API view, answered from the page cache under the data version."""
    return path(route, public_page(view.as_view()), name=name)


def resource(route, key, list_view, detail_view, name):
    """A resource's list at `route` and one record at `route<key>/`: `name-list`,
    `name-detail`."""
    return [
        page(route, list_view, f"{name}-list"),
        page(f"{route}{key}/", detail_view, f"{name}-detail"),
    ]


urlpatterns = [
    page("", views.ApiRoot, "root"),
    page("schema/", SpectacularAPIView, "schema"),
    page("docs/", views.SwaggerDocs, "docs"),
    *resource("regions/", "<slug:slug>", views.RegionList, views.RegionDetail, "region"),
    *resource(
        "policy-areas/",
        "<slug:slug>",
        views.PolicyAreaList,
        views.PolicyAreaDetail,
        "policy-area",
    ),
    *resource("members/", "<slug:slug>", views.MemberList, views.MemberDetail, "member"),
    page("members/<slug:slug>/figures/", views.MemberFigures, "member-figures"),
    page(
        "members/<slug:slug>/action-plans/<plan_number:number>/",
        views.ActionPlanDetail,
        "action-plan-detail",
    ),
    page(
        "members/<slug:slug>/action-plans/<plan_number:number>/participation/",
        views.ParticipationDetail,
        "participation-detail",
    ),
    page("action-plans/", views.ActionPlanList, "action-plan-list"),
    *resource(
        "commitments/",
        "<str:identifier>",
        views.CommitmentList,
        views.CommitmentDetail,
        "commitment",
    ),
    *resource("irm-reports/", "<id:pk>", views.IrmReportList, views.IrmReportDetail, "irm-report"),
    *resource(
        "assessments/", "<id:pk>", views.AssessmentList, views.AssessmentDetail, "assessment"
    ),
    page("participation/", views.ParticipationList, "participation-list"),
    # Last: any other path ending in a slash (others get APPEND_SLASH's redirect first).
    re_path(r"^[\s\S]*/$", views.not_found),
]
