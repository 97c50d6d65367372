"""Every document belongs to a parcours: those uploaded without one go to the person's latest parcours."""

import django.db.models.deletion
from django.db import migrations, models


def rattacher(apps, schema_editor):
    """To the parcours in progress on the day of the upload (so that its référent keeps it), else to the person's
    latest parcours."""
    from django.db.models import Q
    from django.utils import timezone

    Document = apps.get_model("parcours", "Document")
    Parcours = apps.get_model("parcours", "Parcours")
    orphelins = []
    for document in Document.objects.filter(parcours__isnull=True):
        siens = Parcours.objects.filter(participant_id=document.participant_id)
        jour = timezone.localdate(document.televerse_le)
        ce_jour = (
            siens.filter(date_entree__lte=jour)
            .filter(Q(date_sortie__isnull=True) | Q(date_sortie__gte=jour))
            .order_by("-date_entree", "-pk")
            .first()
        )
        parcours = ce_jour or siens.order_by("-date_entree", "-pk").first()
        if parcours is None:
            orphelins.append(document.pk)
        else:
            Document.objects.filter(pk=document.pk).update(parcours=parcours)
    if orphelins:  # a person who never entered: under the new rule nobody could see these documents
        raise RuntimeError(
            "Ces documents n'ont aucun parcours auquel être rattachés (personne jamais entrée) : "
            + ", ".join(map(str, orphelins))
            + ". Supprimez-les ou rattachez-les à la main, puis relancez la migration."
        )


class Migration(migrations.Migration):
    dependencies = [("parcours", "0009_regles_dans_les_services")]

    operations = [
        migrations.RunPython(rattacher, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="document",
            name="parcours",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="documents",
                to="parcours.parcours",
                verbose_name="parcours",
            ),
        ),
    ]
