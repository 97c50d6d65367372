"""Age at entry of the parcours recorded before it was stored."""

from django.db import migrations


def calculer(apps, schema_editor):
    Parcours = apps.get_model("parcours", "Parcours")
    a_calculer = Parcours.objects.filter(age_entree__isnull=True, participant__date_naissance__isnull=False)
    for parcours in a_calculer.select_related("participant").iterator(chunk_size=2000):
        naissance, entree = parcours.participant.date_naissance, parcours.date_entree
        parcours.age_entree = (
            entree.year - naissance.year - ((entree.month, entree.day) < (naissance.month, naissance.day))
        )
        parcours.save(update_fields=["age_entree"])


class Migration(migrations.Migration):
    dependencies = [("parcours", "0004_age_et_anonymisation"), ("participants", "0004_age_et_anonymisation")]
    operations = [migrations.RunPython(calculer, migrations.RunPython.noop)]
