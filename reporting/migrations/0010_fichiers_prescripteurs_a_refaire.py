from django.db import migrations


def effacer(apps, schema_editor):
    """The prescribers' files produced before their letter grouped exits (positive or not) and hid neutralised
    exits showed the detailed exit motifs: deleted, so that ``manage.py lettres_fichiers`` (run at every
    deployment) produces them again."""
    FichierLettre = apps.get_model("reporting", "FichierLettre")
    for fichier in FichierLettre.objects.filter(variante="prescripteurs").exclude(fichier=""):
        try:
            fichier.fichier.delete(save=False)
        except OSError:
            pass
    FichierLettre.objects.filter(variante="prescripteurs").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0009_invalidation_fin_d_annee"),
    ]

    operations = [
        migrations.RunPython(effacer, migrations.RunPython.noop),
    ]
