from django.db import migrations

# Strictest first: a consultation keeps the strictest rule any of its questionnaires had.
STRICTNESS = ["none", "optional", "required", "verified"]


def move_rules_to_consultations(apps, schema_editor):
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Consultation = apps.get_model("consultations", "Consultation")
    for consultation in Consultation.objects.all():
        questionnaires = list(Questionnaire.objects.filter(theme__consultation=consultation))
        if not questionnaires:
            continue
        consultation.email_policy = max(
            (q.email_policy for q in questionnaires), key=STRICTNESS.index
        )
        consultation.allow_editing = all(q.allow_editing for q in questionnaires)
        consultation.save(update_fields=["email_policy", "allow_editing"])


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("consultations", "0003_participation_rules_on_consultation"),
    ]

    operations = [
        migrations.RunPython(move_rules_to_consultations, migrations.RunPython.noop),
        migrations.RemoveField(model_name="questionnaire", name="allow_editing"),
        migrations.RemoveField(model_name="questionnaire", name="email_policy"),
    ]
