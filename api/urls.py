from django.urls import path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView

from api import views


class IdConverter:
    """A record id: digits that fit a 64-bit integer (a longer one is a 404, not a database
    error)."""

    regex = "[0-9]{1,18}"

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

urlpatterns = [
    path("", views.ApiRoot.as_view(), name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.SwaggerDocs.as_view(), name="docs"),
    path("regions/", views.RegionList.as_view(), name="region-list"),
    path("regions/<slug:slug>/", views.RegionDetail.as_view(), name="region-detail"),
    path("policy-areas/", views.PolicyAreaList.as_view(), name="policy-area-list"),
    path("policy-areas/<slug:slug>/", views.PolicyAreaDetail.as_view(), name="policy-area-detail"),
    path("members/", views.MemberList.as_view(), name="member-list"),
    path("members/<slug:slug>/", views.MemberDetail.as_view(), name="member-detail"),
    path("members/<slug:slug>/figures/", views.MemberFigures.as_view(), name="member-figures"),
    path(
        "members/<slug:slug>/action-plans/<plan_number:number>/",
        views.ActionPlanDetail.as_view(),
        name="action-plan-detail",
    ),
    path(
        "members/<slug:slug>/action-plans/<plan_number:number>/participation/",
        views.ParticipationDetail.as_view(),
        name="participation-detail",
    ),
    path("action-plans/", views.ActionPlanList.as_view(), name="action-plan-list"),
    path("commitments/", views.CommitmentList.as_view(), name="commitment-list"),
    path(
        "commitments/<str:identifier>/",
        views.CommitmentDetail.as_view(),
        name="commitment-detail",
    ),
    path("irm-reports/", views.IrmReportList.as_view(), name="irm-report-list"),
    path("irm-reports/<id:pk>/", views.IrmReportDetail.as_view(), name="irm-report-detail"),
    path("assessments/", views.AssessmentList.as_view(), name="assessment-list"),
    path("assessments/<id:pk>/", views.AssessmentDetail.as_view(), name="assessment-detail"),
    path("participation/", views.ParticipationList.as_view(), name="participation-list"),
    # Last: any other path ending in a slash (others get APPEND_SLASH's redirect first).
    re_path(r"^[\s\S]*/$", views.not_found),
]
