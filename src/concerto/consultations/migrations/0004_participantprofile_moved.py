"""Participant profiles now live in the participation app (state only)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0003_participation_rules_on_consultation"),
        ("participation", "0001_initial"),
        ("surveys", "0006_participants_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="ParticipantProfile")],
        ),
    ]
