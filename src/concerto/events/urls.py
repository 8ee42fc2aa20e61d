from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("consultations/<slug:slug>/webinaires/", views.agenda, name="agenda"),
    path("consultations/<slug:slug>/webinaires.ics", views.feed, name="feed"),
    path(
        "consultations/<slug:slug>/thematiques/<slug:theme_slug>/webinaires.ics",
        views.theme_feed,
        name="theme_feed",
    ),
    path("consultations/<slug:slug>/webinaires/<slug:event_slug>/", views.detail, name="detail"),
    path(
        "consultations/<slug:slug>/webinaires/<slug:event_slug>/invitation.ics",
        views.event_ics,
        name="ics",
    ),
    path(
        "consultations/<slug:slug>/webinaires/<slug:event_slug>/fichiers/<str:kind>/",
        views.event_file,
        name="file",
    ),
    path("webinaires/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("webinaires/annuler/<str:token>/", views.cancel, name="cancel"),
    path("webinaires/inscription/<str:token>/", views.registration, name="registration"),
]
