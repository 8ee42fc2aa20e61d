"""Participants and profiles get the participation app's table names; their content types
follow, so that the back office's history and permissions keep pointing to them."""

from django.db import migrations


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_app, model in (("consultations", "participantprofile"), ("surveys", "participant")):
        if not ContentType.objects.filter(app_label="participation", model=model).exists():
            ContentType.objects.filter(app_label=old_app, model=model).update(
                app_label="participation"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_initial"),
        ("consultations", "0004_participantprofile_moved"),
        ("surveys", "0006_participants_moved"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="participantprofile", table=None),
        migrations.AlterModelTable(name="participant", table=None),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
