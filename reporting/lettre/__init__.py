"""The letter's life: draft (computed now, comments editable), publication (a frozen snapshot), audiences.

Figures always come from ``reporting.indicateurs``; this module only stores, restricts and publishes them.
"""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from participants.models import Referent
from plie.enums import Role
from plie.taches import tache
from reporting.chiffres import calculer
from reporting.indicateurs import Lettre as LettreCalculee
from reporting.indicateurs import Periode, contrat
from reporting.lettre import instantanes
from reporting.models import Brouillon, Destinataire, FichierLettre, Lettre, StatutFichier, Variante

TACHE_PDF = "reporting.produire_pdf"


def brouillon(periode: Periode) -> LettreCalculee:
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


def donnees_publiees(lettre: Lettre) -> LettreCalculee:
    """The snapshot as it was published (brought to the current schema), with its text."""
    return LettreCalculee.depuis_json(instantanes.a_jour(lettre.donnees, lettre.version_schema)).remplacer(
        commentaires=list(lettre.commentaires),
        actualite=lettre.actualite,
        version_publiee=lettre.numero,
        publiee_le=timezone.localdate(lettre.publiee_le).isoformat(),
    )


@transaction.atomic
def publier(periode: Periode, *, par) -> Lettre:
    """Freeze the figures and the text; a new version if the month was already published. The PDFs are produced
    and the distribution lists told once the transaction is committed. The task is found by its name in Celery's
    registry (the tasks import this module)."""
    produire_pdf = tache(TACHE_PDF)
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
    for variante in Variante.values:
        fichier = FichierLettre.objects.create(lettre=lettre, variante=variante)
        transaction.on_commit(lambda pk=fichier.pk: produire_pdf.delay(pk))
    transaction.on_commit(lambda: notifier(lettre))
    return lettre


def pdf_demander(lettre: Lettre, *, variante: str, par) -> bool:
    """Ask for the PDF of one audience (the same row and file are reused): a missing or failed one by any of its
    readers; a finished one is produced again (about 1.5 s of CPU) only for the structure d'animation. Returns
    whether the task was started."""
    fichier, _ = FichierLettre.objects.get_or_create(lettre=lettre, variante=variante)
    if fichier.statut == StatutFichier.TERMINE and fichier.fichier and getattr(par, "role", None) != Role.ANIMATION:
        return False
    if fichier.statut == StatutFichier.EN_COURS:
        return False
    fichier.statut, fichier.erreur = StatutFichier.EN_ATTENTE, ""
    fichier.save(update_fields=["statut", "erreur", "mis_a_jour_le"])
    tache(TACHE_PDF).delay(fichier.pk)
    return True


def notifier(lettre: Lettre) -> int:
    """One e-mail per active recipient, with a link to the letters' page (never an attachment)."""
    lien = settings.PLIE_URL.rstrip("/") + reverse("lettres")
    sujet = f"{settings.PLIE_NOM} — {lettre.periode.titre} publiée"
    corps = (
        f"Bonjour,\n\nLa {lettre.periode.titre[0].lower()}{lettre.periode.titre[1:]} du {settings.PLIE_NOM} est "
        f"publiée. Vous pouvez la consulter et la télécharger après connexion :\n{lien}\n\n"
        f"La structure d'animation du {settings.PLIE_NOM}"
    )
    messages = [
        (sujet, corps, settings.DEFAULT_FROM_EMAIL, [email])
        for email in Destinataire.objects.filter(actif=True).values_list("email", flat=True).distinct()
    ]
    return send_mass_mail(messages, fail_silently=False) if messages else 0


def audiences(donnees: LettreCalculee) -> list[str]:
    """Every version a letter is produced in: the internal and the funders' ones, one per structure porteuse of
    the référents with a row in the letter, one per such référent."""
    ids = sorted(ligne.referent_id for ligne in donnees.referents if ligne.referent_id)
    structures = sorted(set(Referent.objects.filter(pk__in=ids).values_list("structure_id", flat=True)))
    return [
        Variante.INTERNE,
        Variante.FINANCEURS,
        *(f"structures-{pk}" for pk in structures),
        *(f"referent-{pk}" for pk in ids),
    ]


def variante_de(user) -> str | None:
    """Which letter a user reads: the internal one, the funders' one, or the internal one restricted to the rows
    of their référents (structure porteuse, référent). None: no letter for this role."""
    if user.role == Role.ANIMATION:
        return Variante.INTERNE
    if user.role == Role.FINANCEUR:
        return Variante.FINANCEURS
    if user.role == Role.PORTEUR:
        structures = sorted(user.structures_porteuses.values_list("pk", flat=True))
        return "structures-" + "-".join(map(str, structures)) if structures else Variante.FINANCEURS
    if user.role == Role.REFERENT:
        referent = Referent.objects.filter(utilisateur=user).values_list("pk", flat=True).first()
        return f"referent-{referent}" if referent else Variante.FINANCEURS
    return None


def referents_de_la_variante(variante: str) -> set[int] | None:
    """The référent rows a variant shows: None for all, an empty set for none."""
    if variante == Variante.INTERNE:
        return None
    if variante.startswith("structures-"):
        structures = [int(pk) for pk in variante.removeprefix("structures-").split("-")]
        return set(Referent.objects.filter(structure__in=structures).values_list("pk", flat=True))
    if variante.startswith("referent-"):
        return {int(variante.removeprefix("referent-"))}
    return set()


def pour_la_variante(donnees: LettreCalculee, variante: str) -> LettreCalculee:
    """The letter as a given audience reads it: rows restricted, the total always whole."""
    visibles = referents_de_la_variante(variante)
    referents = donnees.referents
    if visibles is not None:
        referents = [ligne for ligne in referents if ligne.referent_id in visibles]
    return donnees.remplacer(referents=referents, variante=variante)


def contrat_pour(donnees: LettreCalculee, variante: str) -> dict:
    """The JSON contract (one decimal) of the letter for an audience."""
    version = "financeurs" if variante == Variante.FINANCEURS else "interne"
    return contrat(pour_la_variante(donnees, variante), version=version)


def arrondie_pour(donnees: LettreCalculee, variante: str) -> LettreCalculee:
    """The letter for an audience with its figures rounded as in its JSON contract (the workbook's cells)."""
    return LettreCalculee.depuis_json(contrat_pour(donnees, variante))
