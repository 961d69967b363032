from django.urls import path

from commitments import views

app_name = "commitments"

urlpatterns = [
    path("commitments/", views.explorer, name="explorer"),
    path("commitments/export.<str:export_format>", views.export, name="export"),
    path("data/dictionary/", views.data_dictionary, name="data-dictionary"),
    path("policy-areas/", views.policy_area_list, name="policy-area-list"),
    path("policy-areas/<slug:slug>/", views.policy_area_detail, name="policy-area-detail"),
]
