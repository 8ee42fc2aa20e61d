"""The analysts' pages (``/gestion/analyse/``): a questionnaire's open questions, a question's
analysis, its validated themes, hand coding and campaigns."""

from django.urls import path

from . import views

app_name = "freetext"

q = "questions/<int:pk>/"
t = "themes/<int:pk>/"

urlpatterns = [
    path("enquetes/<int:pk>/", views.questionnaire, name="questionnaire"),
    path(q, views.analysis, name="analysis"),
    path(q + "avancement/", views.progress, name="progress"),
    path(q + "decouvrir/", views.discover, name="discover"),
    path(q + "valider/", views.validate, name="validate"),
    path(q + "themes/ajouter/", views.theme_add, name="theme_add"),
    path(q + "coder/", views.code, name="code"),
    path(q + "echantillon/", views.sample, name="sample"),
    path(q + "double-codage/", views.double, name="double"),
    path(q + "campagnes/", views.campaigns, name="campaigns"),
    path(t, views.theme, name="theme"),
    path(t + "modifier/", views.theme_change, name="theme_change"),
    path(t + "reponses/", views.theme_answers, name="theme_answers"),
    path(t + "fusionner/", views.theme_merge, name="theme_merge"),
    path(t + "supprimer/", views.theme_delete, name="theme_delete"),
]
