"""The monthly e-mail summary to prescribers: their organisation's figures for the past month, from the
reporting engine, and a link to their page — counts only, never a name."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from participants.models import ContactPrescripteur
from plie.enums import Role
from reporting.indicateurs.periode import Periode
from reporting.indicateurs.prescripteurs import retour

logger = logging.getLogger(__name__)


class BilanIncomplet(Exception):
    """Some summaries could not be sent: the task retries them (those sent are not sent again)."""


def destinataires():
    return ContactPrescripteur.objects.filter(
        bilan_mensuel=True,
        utilisateur__is_active=True,
        utilisateur__role=Role.PRESCRIPTEUR,
        prescripteur__actif=True,
    ).select_related("prescripteur", "utilisateur")


def bilan_mensuel_envoyer(*, periode: Periode) -> int:
    """One e-mail per subscribed prescriber for ``periode``; a prescriber already sent that month's is skipped,
    so running it twice sends nothing more. Returns the number sent."""
    debut, fin = periode.debut_mois, periode.fin_mois
    adresse = settings.PLIE_URL.rstrip("/") + reverse("prescripteur_bilan")
    lien = f"{adresse}?annee={periode.annee}&mois={periode.mois}"
    chiffres = {}
    envoyes = echecs = 0
    for contact in destinataires().exclude(dernier_bilan__gte=debut).order_by("prescripteur_id", "pk"):
        if contact.prescripteur_id not in chiffres:
            chiffres[contact.prescripteur_id] = retour(prescripteur_id=contact.prescripteur_id, debut=debut, fin=fin)
        texte = render_to_string(
            "prescripteurs/email_bilan.txt",
            {
                "plie": settings.PLIE_NOM,
                "organisation": contact.prescripteur.nom,
                "periode": periode,
                "retour": chiffres[contact.prescripteur_id],
                "lien": lien,
            },
        )
        try:
            with transaction.atomic():
                verrouille = ContactPrescripteur.objects.select_for_update().get(pk=contact.pk)
                if verrouille.dernier_bilan and verrouille.dernier_bilan >= debut:
                    continue
                verrouille.dernier_bilan = debut
                verrouille.save(update_fields=["dernier_bilan"])
                # Sent last, inside the transaction: a refused message leaves the month to send again.
                send_mail(
                    f"{settings.PLIE_NOM} — vos prescriptions de {periode.libelle}",
                    texte,
                    None,
                    [contact.utilisateur.email],
                    fail_silently=False,
                )
        except (OSError, smtplib.SMTPException):  # one refused address does not stop the others
            logger.warning("Bilan mensuel non envoyé au contact prescripteur n° %s", contact.pk, exc_info=True)
            echecs += 1
            continue
        envoyes += 1
    if echecs:
        raise BilanIncomplet(f"{echecs} bilan(s) non envoyé(s) sur {envoyes + echecs} : la tâche sera relancée.")
    return envoyes


def mois_precedent(aujourdhui: datetime.date) -> Periode:
    premier = aujourdhui.replace(day=1) - datetime.timedelta(days=1)
    return Periode(premier.year, premier.month)
