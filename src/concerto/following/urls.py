from django.urls import path

from . import views

app_name = "following"

urlpatterns = [
    path("suivre/consultations/<slug:slug>/", views.subscribe_consultation, name="consultation"),
    path(
        "suivre/consultations/<slug:slug>/thematiques/<slug:theme_slug>/",
        views.subscribe_theme,
        name="theme",
    ),
    path("suivre/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("suivre/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
