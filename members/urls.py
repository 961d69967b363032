from django.urls import path

from members import views
from ogp.page_cache import public_page
from opendata import feeds, history

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="member-list"),
    path("<slug:slug>/", views.member_detail, name="member-detail"),
    # The profile's link-preview image (og:image), its key figures (members.preview).
    path("<slug:slug>/preview.png", views.member_preview, name="member-preview"),
    # What is new and what changed (opendata.feeds, opendata.history).
    path("<slug:slug>/feed/", public_page(feeds.MemberFeed()), name="member-feed"),
    path("<slug:slug>/history/", history.member_history, name="member-history"),
    path(
        "<slug:slug>/history/feed/",
        public_page(feeds.MemberHistoryFeed()),
        name="member-history-feed",
    ),
    path(
        "<slug:slug>/action-plans/<int:number>/",
        views.action_plan_detail,
        name="action-plan-detail",
    ),
    path(
        "<slug:slug>/action-plans/<int:number>/history/",
        history.plan_history,
        name="action-plan-history",
    ),
    path(
        "<slug:slug>/action-plans/<int:number>/history/feed/",
        public_page(feeds.PlanHistoryFeed()),
        name="action-plan-history-feed",
    ),
    path(
        "<slug:slug>/action-plans/<int:number>/figures-check/",
        views.action_plan_check,
        name="action-plan-check",
    ),
    path(
        "<slug:slug>/commitments/<str:identifier>/",
        views.commitment_detail,
        name="commitment-detail",
    ),
    path(
        "<slug:slug>/commitments/<str:identifier>/history/",
        history.commitment_history,
        name="commitment-history",
    ),
    path(
        "<slug:slug>/commitments/<str:identifier>/history/feed/",
        public_page(feeds.CommitmentHistoryFeed()),
        name="commitment-history-feed",
    ),
]
