from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("consultations/", views.consultation_list, name="list"),
    path("consultations/<slug:slug>/", views.consultation_detail, name="detail"),
    path("consultations/<slug:slug>/thematiques/", views.theme_list, name="themes"),
    path(
        "consultations/<slug:slug>/thematiques/<slug:theme_slug>/",
        views.theme_detail,
        name="theme",
    ),
    path("consultations/<slug:slug>/documents/", views.document_list, name="documents"),
    path("consultations/<slug:slug>/pages/<slug:page_slug>/", views.page_detail, name="page"),
    path("documents/<int:pk>/telecharger/", views.document_download, name="document_download"),
]
