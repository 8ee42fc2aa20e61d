from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    path("consultations/<slug:slug>/decisions/", views.roadmap, name="roadmap"),
    path(
        "consultations/<slug:slug>/decisions/<int:pk>/",
        views.decision_detail,
        name="detail",
    ),
]
