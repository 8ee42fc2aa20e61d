"""Responses and answers point to the participation app's models (state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0005_drop_json_answers"),
        ("participation", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="response",
                    name="participant",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="responses", to="participation.participant", verbose_name="participant"),
                ),
                migrations.AlterField(
                    model_name="response",
                    name="profile",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="participation.participantprofile", verbose_name="profil à l’envoi"),
                ),
                migrations.AlterField(
                    model_name="answerchoice",
                    name="profile",
                    field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="participation.participantprofile"),
                ),
                migrations.AlterField(
                    model_name="answervalue",
                    name="profile",
                    field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="participation.participantprofile"),
                ),
                migrations.DeleteModel(name="Participant"),
            ],
        ),
    ]
