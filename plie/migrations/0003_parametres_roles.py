"""One security settings row per role; the second factor is off until the structure d'animation turns it on."""

from django.db import migrations

ROLES = ["referent", "animation", "porteur", "financeur", "administrateur"]


def charger(apps, schema_editor):
    ParametresRole = apps.get_model("plie", "ParametresRole")
    for role in ROLES:
        ParametresRole.objects.get_or_create(role=role)


class Migration(migrations.Migration):
    dependencies = [("plie", "0002_parametresrole_journalacces")]
    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
