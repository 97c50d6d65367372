"""The « feuille d'émargement signée » checkbox gives way to the sheets themselves (agenda.FeuilleEmargement): every
ticked box was first turned into a sheet « déclarée, sans pièce » (agenda.0004)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("parcours", "0019_entretien_referent"),
        ("agenda", "0004_emargements_declares"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="entretien",
            name="emargement_signe",
        ),
        migrations.RemoveField(
            model_name="historicalentretien",
            name="emargement_signe",
        ),
    ]
