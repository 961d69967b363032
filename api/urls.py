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


urlpatterns = [
    page("", views.ApiRoot, "root"),
    page("schema/", SpectacularAPIView, "schema"),
    page("docs/", views.SwaggerDocs, "docs"),
    page("regions/", views.RegionList, "region-list"),
    page("regions/<slug:slug>/", views.RegionDetail, "region-detail"),
    page("policy-areas/", views.PolicyAreaList, "policy-area-list"),
    page("policy-areas/<slug:slug>/", views.PolicyAreaDetail, "policy-area-detail"),
    page("members/", views.MemberList, "member-list"),
    page("members/<slug:slug>/", views.MemberDetail, "member-detail"),
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
    page("commitments/", views.CommitmentList, "commitment-list"),
    page("commitments/<str:identifier>/", views.CommitmentDetail, "commitment-detail"),
    page("irm-reports/", views.IrmReportList, "irm-report-list"),
    page("irm-reports/<id:pk>/", views.IrmReportDetail, "irm-report-detail"),
    page("assessments/", views.AssessmentList, "assessment-list"),
    page("assessments/<id:pk>/", views.AssessmentDetail, "assessment-detail"),
    page("participation/", views.ParticipationList, "participation-list"),
    # Last: any other path ending in a slash (others get APPEND_SLASH's redirect first).
    re_path(r"^[\s\S]*/$", views.not_found),
]
