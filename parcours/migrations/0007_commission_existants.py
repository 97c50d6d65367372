"""Parcours recorded before the commission view: entries count as validated, exits as their validation says."""

from django.db import migrations


def marquer(apps, schema_editor):
    Parcours = apps.get_model("parcours", "Parcours")
    Parcours.objects.update(entree_commission="validee")
    Parcours.objects.filter(date_sortie__isnull=False, sortie_validee_le__isnull=False).update(
        sortie_commission="validee"
    )
    Parcours.objects.filter(date_sortie__isnull=False, sortie_validee_le__isnull=True).update(
        sortie_commission="a_valider"
    )


class Migration(migrations.Migration):
    dependencies = [("parcours", "0006_commission")]
    operations = [migrations.RunPython(marquer, migrations.RunPython.noop)]
