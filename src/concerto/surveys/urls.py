from django.urls import path

from . import views

app_name = "surveys"

base = "consultations/<slug:slug>/thematiques/<slug:theme_slug>/enquetes/<slug:questionnaire_slug>/"

urlpatterns = [
    path(base, views.start, name="start"),
    path(base + "profil/", views.profile, name="profile"),
    path(base + "verification/", views.verify, name="verify"),
    path(base + "etape/<int:number>/", views.step, name="step"),
    path(base + "recapitulatif/", views.review, name="review"),
    path(base + "confirmation/", views.confirmation, name="confirmation"),
    path(base + "modifier/", views.edit, name="edit"),
    path(base + "retirer/", views.withdraw, name="withdraw"),
    path("reprendre/<str:token>/", views.resume, name="resume"),
    path("confirmer-adresse/<str:token>/", views.confirm_email, name="confirm_email"),
    path("apercu/enquetes/<int:pk>/", views.preview, name="preview"),
]
