from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="member-list"),
    path("<slug:slug>/", views.member_detail, name="member-detail"),
    path(
        "<slug:slug>/action-plans/<int:number>/",
        views.action_plan_detail,
        name="action-plan-detail",
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
]
