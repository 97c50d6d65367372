"""Every document belongs to a parcours: those uploaded without one go to the person's latest parcours."""

import django.db.models.deletion
from django.db import migrations, models


def rattacher(apps, schema_editor):
    Document = apps.get_model("parcours", "Document")
    Parcours = apps.get_model("parcours", "Parcours")
    for document in Document.objects.filter(parcours__isnull=True):
        dernier = (
            Parcours.objects.filter(participant_id=document.participant_id).order_by("-date_entree", "-pk").first()
        )
        if dernier is None:  # a document of a person never entered: nobody may see it under the new rule
            raise RuntimeError(f"Le document {document.pk} n'a aucun parcours auquel être rattaché.")
        Document.objects.filter(pk=document.pk).update(parcours=dernier)


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
