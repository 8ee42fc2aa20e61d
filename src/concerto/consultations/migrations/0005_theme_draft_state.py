from django.db import migrations, models

HELP = (
    "Une thématique en brouillon n’est visible que dans la gestion : ni sa page, ni ses "
    "enquêtes, ni le plan du site ne la montrent aux visiteurs."
)


class Migration(migrations.Migration):
    """Themes get a draft state. The themes that exist were public: they stay published;
    a theme created from now on starts as a draft."""

    dependencies = [
        ("consultations", "0004_participantprofile_moved"),
    ]

    operations = [
        migrations.AddField(
            model_name="theme",
            name="is_published",
            field=models.BooleanField(default=True, help_text=HELP, verbose_name="publiée"),
        ),
        migrations.AlterField(
            model_name="theme",
            name="is_published",
            field=models.BooleanField(default=False, help_text=HELP, verbose_name="publiée"),
        ),
    ]
