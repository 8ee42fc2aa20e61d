"""Participants and profiles move here from surveys and consultations: state only.

The tables stay as they are (``db_table`` names them here); ``0002`` renames them once
every other app points to the new models.
"""

import django.db.models.deletion
from django.db import migrations, models

import concerto.participation.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("consultations", "0003_participation_rules_on_consultation"),
        ("surveys", "0005_drop_json_answers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ParticipantProfile",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("label", models.CharField(max_length=120, verbose_name="libellé")),
                        ("description", models.CharField(blank=True, max_length=300, verbose_name="description")),
                        ("is_organisation", models.BooleanField(default=False, help_text="Si coché, le nom de l’organisation est demandé au participant.", verbose_name="représente une organisation")),
                        ("order", models.PositiveSmallIntegerField(default=0, verbose_name="ordre")),
                        ("consultation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="profiles", to="consultations.consultation", verbose_name="consultation")),
                    ],
                    options={
                        "verbose_name": "profil de participant",
                        "verbose_name_plural": "profils de participant",
                        "ordering": ["order", "pk"],
                        "db_table": "consultations_participantprofile",
                        "constraints": [
                            models.UniqueConstraint(fields=("consultation", "label"), name="unique_profile_label", violation_error_message="Ce profil existe déjà pour cette consultation.")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Participant",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("token", models.CharField(default=concerto.participation.models.new_token, editable=False, max_length=64, unique=True)),
                        ("creation_key", models.CharField(editable=False, max_length=64, null=True, unique=True)),
                        ("organisation_name", models.CharField(blank=True, max_length=200, verbose_name="organisation")),
                        ("departement", models.CharField(blank=True, max_length=3, verbose_name="département")),
                        ("email", models.EmailField(blank=True, max_length=254, verbose_name="adresse électronique")),
                        ("email_verified_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("consultation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="participants", to="consultations.consultation", verbose_name="consultation")),
                        ("profile", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to="participation.participantprofile", verbose_name="profil")),
                    ],
                    options={
                        "verbose_name": "participant",
                        "verbose_name_plural": "participants",
                        "db_table": "surveys_participant",
                    },
                ),
            ],
        ),
    ]
