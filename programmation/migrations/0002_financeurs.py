"""The PLIE's funders (rapport d'activité 2017, § 1.4)."""

from django.db import migrations

FINANCEURS = [
    ("Fonds social européen (FSE)", True),
    ("Dijon Métropole", False),
    ("Conseil départemental de la Côte-d'Or", False),
    ("Conseil régional de Bourgogne-Franche-Comté", False),
    ("État", False),
    ("Ville de Dijon", False),
    ("Communes (Quetigny, Longvic, Chenôve)", False),
]


def charger(apps, schema_editor):
    Financeur = apps.get_model("programmation", "Financeur")
    for ordre, (nom, est_fse) in enumerate(FINANCEURS, start=1):
        Financeur.objects.get_or_create(nom=nom, defaults={"est_fse": est_fse, "ordre": ordre})


class Migration(migrations.Migration):
    dependencies = [("programmation", "0001_initial")]
    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
