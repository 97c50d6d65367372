"""The old « feuille d'émargement signée » checkbox, honestly: a ticked box holds no sheet, so it becomes a sheet
« déclarée, sans pièce » (and stays one until a signed sheet is produced or uploaded). The box is then removed
(parcours.0020)."""

from django.db import migrations

LOT = 2000


def declarer(apps, schema_editor):
    Entretien = apps.get_model("parcours", "Entretien")
    FeuilleEmargement = apps.get_model("agenda", "FeuilleEmargement")
    ids = Entretien.objects.filter(emargement_signe=True).values_list("pk", flat=True).order_by("pk")
    lot = []
    for pk in ids.iterator(chunk_size=LOT):
        lot.append(FeuilleEmargement(entretien_id=pk, statut="declaree"))
        if len(lot) == LOT:
            FeuilleEmargement.objects.bulk_create(lot)
            lot = []
    FeuilleEmargement.objects.bulk_create(lot)


def cocher(apps, schema_editor):
    Entretien = apps.get_model("parcours", "Entretien")
    FeuilleEmargement = apps.get_model("agenda", "FeuilleEmargement")
    signees = FeuilleEmargement.objects.filter(entretien__isnull=False).values("entretien_id")
    Entretien.objects.filter(pk__in=signees).update(emargement_signe=True)


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0003_emargement"),
        ("parcours", "0019_entretien_referent"),
    ]

    operations = [migrations.RunPython(declarer, cocher)]
