"""The letter's life: draft (computed now, comments editable), publication (a frozen snapshot and its files),
audiences (``variantes``), files (``fichiers``).

Figures always come from ``reporting.indicateurs``; this package only stores, restricts, renders and publishes
them.
"""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse

from plie.enums import Role
from plie.models import User
from reporting.chiffres import calculer
from reporting.indicateurs import DonneesLettre, Periode
from reporting.lettre import fichiers, instantanes
from reporting.lettre.instantanes import donnees_publiees
from reporting.lettre.variantes import (
    arrondie_pour,
    audiences,
    contrat_pour,
    pour_la_variante,
    referents_de_la_variante,
    variantes_de,
    variantes_disponibles,
)
from reporting.models import Brouillon, Destinataire, Lettre

__all__ = [
    "arrondie_pour",
    "audiences",
    "brouillon",
    "contrat_pour",
    "donnees_publiees",
    "enregistrer_brouillon",
    "notifier",
    "pour_la_variante",
    "publier",
    "referents_de_la_variante",
    "variantes_de",
    "variantes_disponibles",
]


def brouillon(periode: Periode) -> DonneesLettre:
    """The letter computed from the current data, with the comments and actualité written so far."""
    donnees = calculer(periode)
    ecrit = Brouillon.objects.filter(annee=periode.annee, mois=periode.mois).first()
    return donnees.remplacer(
        commentaires_generes=donnees.commentaires,
        commentaires=ecrit.commentaires if ecrit and ecrit.commentaires is not None else donnees.commentaires,
        actualite=ecrit.actualite if ecrit else "",
    )


def enregistrer_brouillon(periode: Periode, *, commentaires: list[str] | None, actualite: str) -> Brouillon:
    ecrit, _ = Brouillon.objects.update_or_create(
        annee=periode.annee, mois=periode.mois, defaults={"commentaires": commentaires, "actualite": actualite}
    )
    return ecrit


@transaction.atomic
def publier(periode: Periode, *, par, produire_fichiers: bool = True) -> Lettre:
    """Freeze the figures and the text; a new version if the month was already published. Every file of every
    audience (``fichiers``) is produced by its own task and the distribution lists told, once the transaction is
    committed: the request returns at once. ``produire_fichiers=False`` (a benchmark base) leaves the files
    waiting, for ``manage.py lettres_fichiers``."""
    donnees = brouillon(periode)
    numero = (Lettre.objects.filter(annee=periode.annee, mois=periode.mois).aggregate(n=Max("numero"))["n"] or 0) + 1
    lettre = Lettre.objects.create(
        annee=periode.annee,
        mois=periode.mois,
        numero=numero,
        donnees=donnees.chiffres_json(),
        version_schema=instantanes.VERSION_SCHEMA,
        commentaires=donnees.commentaires,
        actualite=donnees.actualite,
        publiee_par=par,
    )
    a_produire = fichiers.creer(lettre, audiences(donnees))
    if produire_fichiers:
        fichiers.lancer_apres_validation(a_produire)
    transaction.on_commit(lambda: notifier(lettre), robust=True)  # a mail server down does not undo it
    return lettre


def notifier(lettre: Lettre) -> int:
    """One e-mail per active recipient, with a link to the letters' page (never an attachment)."""
    lien = settings.PLIE_URL.rstrip("/") + reverse("lettres")
    sujet = f"{settings.PLIE_NOM} — {lettre.periode.titre} publiée"
    corps = (
        f"Bonjour,\n\nLa {lettre.periode.titre[0].lower()}{lettre.periode.titre[1:]} du {settings.PLIE_NOM} est "
        f"publiée. Vous pouvez la consulter et la télécharger après connexion :\n{lien}\n\n"
        f"La structure d'animation du {settings.PLIE_NOM}"
    )
    adresses = set(Destinataire.objects.filter(actif=True).values_list("email", flat=True))
    # The prescribers' accounts (the former « prescripteurs » list) read the funders' version once signed in.
    adresses |= set(
        User.objects.filter(
            role=Role.PRESCRIPTEUR, is_active=True, contact_prescripteur__prescripteur__actif=True
        ).values_list("email", flat=True)
    )
    messages = [(sujet, corps, settings.DEFAULT_FROM_EMAIL, [email]) for email in sorted(adresses)]
    return send_mass_mail(messages, fail_silently=False) if messages else 0
