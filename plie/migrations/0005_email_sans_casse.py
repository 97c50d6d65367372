"""E-mails stored in one spelling (stripped, lower case) and unique whatever the case. Accounts whose addresses
differ only by case or spaces stop the migration with their numbers: merge or rename them first."""

import django.db.models.functions.text
from django.db import migrations, models


def normaliser(apps, schema_editor):
    User = apps.get_model("plie", "User")
    vus: dict[str, list[int]] = {}
    for pk, email in User.objects.order_by("pk").values_list("pk", "email"):
        vus.setdefault(email.strip().lower(), []).append(pk)
    doublons = [comptes for comptes in vus.values() if len(comptes) > 1]
    if doublons:
        liste = " ; ".join("comptes n° " + ", ".join(map(str, comptes)) for comptes in doublons)
        raise RuntimeError(
            "Des comptes ont la même adresse électronique à la casse ou aux espaces près "
            f"({liste}) : renommez ou désactivez-en un dans l'administration, puis relancez la migration."
        )
    for email, (pk,) in vus.items():
        User.objects.filter(pk=pk).exclude(email=email).update(email=email)


class Migration(migrations.Migration):
    dependencies = [("plie", "0004_journal_modification")]

    operations = [
        migrations.RunPython(normaliser, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="email",
            field=models.EmailField(
                error_messages={"unique": "Un compte existe déjà avec cette adresse électronique."},
                max_length=254,
                unique=True,
                verbose_name="adresse électronique",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                name="user_email_unique_sans_casse",
                violation_error_message="Un compte existe déjà avec cette adresse électronique.",
            ),
        ),
    ]
