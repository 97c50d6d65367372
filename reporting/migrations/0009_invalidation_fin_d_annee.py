from django.db import migrations

from reporting.syntheses import declencheurs


def installer(apps, schema_editor):
    """A recorded range now ends no earlier than the end of its first year."""
    declencheurs.installer(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0008_invalidation_bornee"),
    ]

    operations = [
        migrations.RunPython(installer, migrations.RunPython.noop),
    ]
