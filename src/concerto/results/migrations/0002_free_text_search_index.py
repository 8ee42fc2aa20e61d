"""PostgreSQL: index the answers' texts for French full-text search.

The expression is exactly the one ``concerto.results.search`` filters on (Django's
``SearchVector("text", config="french")``), so the planner uses it. Other databases search
by substring and get no index.
"""

from django.db import migrations

INDEX = "results_answervalue_text_fr"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON surveys_answervalue USING gin "
        "(to_tsvector('french'::regconfig, COALESCE(text, ''))) WHERE text <> ''"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0001_initial"),
        ("surveys", "0007_answer_count_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
