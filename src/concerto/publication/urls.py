from django.urls import path

from . import views

app_name = "publication"

urlpatterns = [
    path(
        "consultations/<slug:slug>/resultats/",
        views.consultation_results,
        name="consultation_results",
    ),
    path(
        "consultations/<slug:slug>/thematiques/<slug:theme_slug>/resultats/",
        views.theme_results,
        name="theme_results",
    ),
    path(
        "consultations/<slug:slug>/thematiques/<slug:theme_slug>/resultats/resultats.pdf",
        views.theme_results_pdf,
        name="theme_results_pdf",
    ),
]
