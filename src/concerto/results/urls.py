"""Staff pages of the statistics, inside the back office (``admin_view``: staff only,
anonymous visitors sent to the login page). Until the workspace lands (``/gestion/``)."""

from django.contrib import admin
from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path(
        "<int:questionnaire_id>/",
        admin.site.admin_view(views.questionnaire_statistics_page),
        name="questionnaire_statistics",
    ),
    path(
        "<int:questionnaire_id>/textes/",
        admin.site.admin_view(views.free_texts_page),
        name="free_texts",
    ),
]
