from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("freetext", "0001_initial"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="run",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["queued", "running"])),
                fields=("analysis",),
                name="one_active_run_per_analysis",
                violation_error_message="Un traitement de cette analyse est déjà en cours.",
            ),
        ),
    ]
