from django.urls import path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView

from api import views
from ogp.page_cache import public_page


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

# Every answer is cached under the data version, with conditional GET (ogp.page_cache): the
# API's only ETag, Last-Modified and 304.

urlpatterns = [
    path("", public_page(views.ApiRoot.as_view()), name="root"),
    path("schema/", public_page(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", public_page(views.SwaggerDocs.as_view()), name="docs"),
    path("regions/", public_page(views.RegionList.as_view()), name="region-list"),
    path("regions/<slug:slug>/", public_page(views.RegionDetail.as_view()), name="region-detail"),
    path("policy-areas/", public_page(views.PolicyAreaList.as_view()), name="policy-area-list"),
    path(
        "policy-areas/<slug:slug>/",
        public_page(views.PolicyAreaDetail.as_view()),
        name="policy-area-detail",
    ),
    path("members/", public_page(views.MemberList.as_view()), name="member-list"),
    path("members/<slug:slug>/", public_page(views.MemberDetail.as_view()), name="member-detail"),
    path(
        "members/<slug:slug>/figures/",
        public_page(views.MemberFigures.as_view()),
        name="member-figures",
    ),
    path(
        "members/<slug:slug>/action-plans/<plan_number:number>/",
        public_page(views.ActionPlanDetail.as_view()),
        name="action-plan-detail",
    ),
    path(
        "members/<slug:slug>/action-plans/<plan_number:number>/participation/",
        public_page(views.ParticipationDetail.as_view()),
        name="participation-detail",
    ),
    path("action-plans/", public_page(views.ActionPlanList.as_view()), name="action-plan-list"),
    path("commitments/", public_page(views.CommitmentList.as_view()), name="commitment-list"),
    path(
        "commitments/<str:identifier>/",
        public_page(views.CommitmentDetail.as_view()),
        name="commitment-detail",
    ),
    path("irm-reports/", public_page(views.IrmReportList.as_view()), name="irm-report-list"),
    path(
        "irm-reports/<id:pk>/",
        public_page(views.IrmReportDetail.as_view()),
        name="irm-report-detail",
    ),
    path("assessments/", public_page(views.AssessmentList.as_view()), name="assessment-list"),
    path(
        "assessments/<id:pk>/",
        public_page(views.AssessmentDetail.as_view()),
        name="assessment-detail",
    ),
    path(
        "participation/", public_page(views.ParticipationList.as_view()), name="participation-list"
    ),
    # Last: any other path ending in a slash (others get APPEND_SLASH's redirect first).
    re_path(r"^[\s\S]*/$", views.not_found),
]
