from django.urls import path

from commitments import views
from ogp.page_cache import public_page
from opendata import feeds
from opendata import views as opendata_views

app_name = "commitments"

urlpatterns = [
    path("commitments/", views.explorer, name="explorer"),
    path("commitments/charts/", views.charts_by_completion, name="charts"),
    path(
        "commitments/charts/early-results/",
        views.charts_by_early_results,
        name="charts-results",
    ),
    path("commitments/export.<str:export_format>", views.export, name="export"),
    path(
        "commitments/member-suggestions/",
        views.member_suggestions,
        name="member-suggestions",
    ),
    # The dictionary of these exports lives with the rest of /data/ (opendata) and keeps its
    # name here, where the explorer's exports link to it.
    path("data/dictionary/", opendata_views.data_dictionary, name="data-dictionary"),
    path("policy-areas/", views.policy_area_list, name="policy-area-list"),
    path("policy-areas/<slug:slug>/", views.policy_area_detail, name="policy-area-detail"),
    path(
        "policy-areas/<slug:slug>/feed/",
        public_page(feeds.PolicyAreaFeed()),
        name="policy-area-feed",
    ),
]
