from django.urls import path

from . import views

app_name = "workspace"

q = "enquetes/<int:pk>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("consultations/<int:pk>/", views.consultation, name="consultation"),
    path("thematiques/<int:pk>/publier/", views.theme_publish, name="theme_publish"),
    path(
        "thematiques/<int:pk>/nouvelle-enquete/", views.questionnaire_add, name="questionnaire_add"
    ),
    path("thematiques/<int:pk>/importer/", views.questionnaire_import, name="questionnaire_import"),
    path(q, views.builder, name="builder"),
    path(q + "apercu/", views.preview, name="preview"),
    path(q + "fichier.json", views.questionnaire_export, name="questionnaire_export"),
    path(q + "presentation/", views.questionnaire_change, name="questionnaire_change"),
    path(q + "publier/", views.publish, name="publish"),
    path(q + "sections/ajouter/", views.section_add, name="section_add"),
    path(q + "sections/<int:section_id>/modifier/", views.section_change, name="section_change"),
    path(q + "sections/<int:section_id>/deplacer/", views.section_move, name="section_move"),
    path(q + "sections/<int:section_id>/supprimer/", views.section_delete, name="section_delete"),
    path(
        q + "sections/<int:section_id>/questions/ajouter/", views.question_add, name="question_add"
    ),
    path(
        q + "questions/<int:question_id>/modifier/", views.question_change, name="question_change"
    ),
    path(
        q + "questions/<int:question_id>/dupliquer/",
        views.question_duplicate,
        name="question_duplicate",
    ),
    path(q + "questions/<int:question_id>/deplacer/", views.question_move, name="question_move"),
    path(
        q + "questions/<int:question_id>/supprimer/", views.question_delete, name="question_delete"
    ),
    path(q + "questions/<int:question_id>/choix/", views.choices_change, name="choices_change"),
    path(
        q + "questions/<int:question_id>/choix/<int:choice_id>/deplacer/",
        views.choice_move,
        name="choice_move",
    ),
    path(
        q + "questions/<int:question_id>/conditions/ajouter/",
        views.condition_add,
        name="condition_add",
    ),
    path(
        q + "conditions/<int:condition_id>/supprimer/",
        views.condition_delete,
        name="condition_delete",
    ),
]
