"""The categories of activity a PLIE starts with (the structure d'animation edits them in the administration)."""

from django.db import migrations

CATEGORIES = [
    # code, label, participant-related, collective
    ("atelier_collectif", "Atelier collectif", True, True),
    ("information_collective", "Information collective", True, True),
    ("demarches_participant", "Démarches pour un participant", True, False),
    ("contact_employeur", "Contact avec un employeur pour un participant", True, False),
    ("contact_partenaire", "Contact avec un partenaire pour un participant", True, False),
    ("ecrit_participant", "Travail écrit pour un participant (bilan, dossier)", True, False),
    ("reunion_plie", "Réunion PLIE (GTT, ETT, commission)", False, False),
    ("prospection_entreprises", "Prospection et relations entreprises", False, False),
    ("formation", "Formation, professionnalisation", False, False),
    ("administration", "Administration, préparation", False, False),
]


def creer(apps, schema_editor):
    CategorieActivite = apps.get_model("agenda", "CategorieActivite")
    for ordre, (code, libelle, avec_participants, collective) in enumerate(CATEGORIES, start=1):
        CategorieActivite.objects.update_or_create(
            code=code,
            defaults={
                "libelle": libelle,
                "avec_participants": avec_participants,
                "collective": collective,
                "ordre": ordre,
            },
        )


def retirer(apps, schema_editor):
    apps.get_model("agenda", "CategorieActivite").objects.filter(code__in=[c[0] for c in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("agenda", "0001_initial")]

    operations = [migrations.RunPython(creer, retirer)]
