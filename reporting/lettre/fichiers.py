"""The files of a published letter: every format (PDF, Excel, the page's HTML) for every audience, rendered once
from the snapshot by one task each at publication, then served from storage; no reader ever triggers a render.
The structure d'animation relaunches what failed, what is missing (letters published before an audience or a
format existed) or what is stuck (a server stopped in the middle)."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from plie.taches import lancer
from reporting.lettre import excel, rendu
from reporting.lettre.instantanes import donnees_publiees
from reporting.lettre.variantes import arrondie_pour, audiences, pour_la_variante
from reporting.models import FichierLettre, FormatFichier, Lettre, StatutFichier

TACHE_FICHIER = "reporting.produire_fichier"
ESSAIS = 3  # a file is tried three times (5 s, then 10 s apart) before it is marked failed
# Unfinished for longer, the task was lost (a server stopped in the middle): it may be relaunched. Rendering beyond
# the worker's time limit (30 min) is impossible; a queue of thousands of files (national scale) waits for hours.
BLOQUE_EN_COURS = datetime.timedelta(minutes=40)
BLOQUE_EN_ATTENTE = datetime.timedelta(hours=6)
EXTENSIONS = {FormatFichier.PDF: "pdf", FormatFichier.XLSX: "xlsx", FormatFichier.HTML: "html"}


class NouvelEssai(Exception):
    """The render failed and will be tried again (the task retries)."""


def creer(lettre: Lettre, variantes: list[str]) -> list[FichierLettre]:
    """The rows of the files still missing for ``variantes``, waiting for their task."""
    existants = set(FichierLettre.objects.filter(lettre=lettre).values_list("variante", "format"))
    nouveaux = [
        FichierLettre(lettre=lettre, variante=variante, format=format_)
        for variante in variantes
        for format_ in FormatFichier.values
        if (variante, format_) not in existants
    ]
    return FichierLettre.objects.bulk_create(nouveaux)


def lancer_apres_validation(fichiers: list[FichierLettre]) -> None:
    """One task per file, started once the current transaction is committed. A broker out of reach does not undo
    the publication: the error is logged, the file stays waiting and is relaunched later."""
    for fichier in fichiers:
        transaction.on_commit(lambda pk=fichier.pk: lancer(TACHE_FICHIER, pk), robust=True)


def bloque(fichier: FichierLettre, maintenant: datetime.datetime | None = None) -> bool:
    maintenant = maintenant or timezone.now()
    if fichier.statut == StatutFichier.EN_COURS:
        return maintenant - fichier.mis_a_jour_le > BLOQUE_EN_COURS
    if fichier.statut == StatutFichier.EN_ATTENTE:
        return maintenant - fichier.mis_a_jour_le > BLOQUE_EN_ATTENTE
    return False


@transaction.atomic
def relancer(lettre: Lettre) -> int:
    """Produce again what failed or is stuck, and what is missing; returns how many files were started. The
    structure d'animation's action (the view checks the role), and ``manage.py lettres_fichiers`` for every
    letter at deployment (the letters published before an audience or a format existed)."""
    Lettre.objects.select_for_update().get(pk=lettre.pk)  # two clicks at once: the second waits, then finds none
    manquants = creer(lettre, audiences(donnees_publiees(lettre)))
    maintenant = timezone.now()
    existants = (
        FichierLettre.objects.select_for_update().filter(lettre=lettre).exclude(pk__in=[m.pk for m in manquants])
    )
    a_refaire = [f for f in existants if f.statut == StatutFichier.ECHEC or bloque(f, maintenant) or _perdu(f)]
    for fichier in a_refaire:
        fichier.statut, fichier.erreur, fichier.tentatives = StatutFichier.EN_ATTENTE, "", 0
        fichier.save(update_fields=["statut", "erreur", "tentatives", "mis_a_jour_le"])
    lancer_apres_validation(manquants + a_refaire)
    return len(manquants) + len(a_refaire)


def _perdu(fichier: FichierLettre) -> bool:
    """Marked produced, but its file is gone from storage (a restore without the private files)."""
    return fichier.statut == StatutFichier.TERMINE and not (
        fichier.fichier and fichier.fichier.storage.exists(fichier.fichier.name)
    )


def rendre(lettre: Lettre, variante: str, format_: str) -> bytes:
    donnees = donnees_publiees(lettre)
    if format_ == FormatFichier.XLSX:
        return excel.classeur(arrondie_pour(donnees, variante))
    if format_ == FormatFichier.HTML:
        return rendu.html(pour_la_variante(donnees, variante)).encode()
    return rendu.pdf(pour_la_variante(donnees, variante))


def produire(fichier_id: int, *, refaire: bool = False, essai: int = 1) -> str:
    """The task's work: render the file and store it (replacing the previous one: one file per row)."""
    with transaction.atomic():
        fichier = FichierLettre.objects.select_for_update().select_related("lettre").get(pk=fichier_id)
        if fichier.pret and not refaire:
            return fichier.fichier.name  # already produced: a task run twice does nothing more
        if fichier.statut == StatutFichier.EN_COURS and not bloque(fichier) and essai == 1:
            return ""  # another run of the same file is rendering it
        fichier.statut, fichier.erreur, fichier.tentatives = StatutFichier.EN_COURS, "", essai
        fichier.save(update_fields=["statut", "erreur", "tentatives", "mis_a_jour_le"])
    try:
        contenu = rendre(fichier.lettre, fichier.variante, fichier.format)
        _enregistrer(fichier, contenu)
    except Exception as erreur:  # the page shows the reason; the structure d'animation can retry
        raison = type(erreur).__name__
        if essai < ESSAIS:
            fichier.statut, fichier.erreur = StatutFichier.EN_ATTENTE, f"Essai {essai} sur {ESSAIS} échoué ({raison})."
            fichier.save(update_fields=["statut", "erreur", "mis_a_jour_le"])
            raise NouvelEssai from erreur
        fichier.statut = StatutFichier.ECHEC
        fichier.erreur = f"La production a échoué après {essai} essais ({raison})."
        fichier.save(update_fields=["statut", "erreur", "mis_a_jour_le"])
        return ""
    return fichier.fichier.name


def _enregistrer(fichier: FichierLettre, contenu: bytes) -> None:
    lettre = fichier.lettre
    nom = f"lettre-{lettre.annee}-{lettre.mois:02d}-v{lettre.numero}-{fichier.variante}.{EXTENSIONS[fichier.format]}"
    if fichier.fichier:
        fichier.fichier.delete(save=False)
    fichier.fichier.save(nom, ContentFile(contenu), save=False)
    fichier.statut, fichier.erreur = StatutFichier.TERMINE, ""
    fichier.save(update_fields=["fichier", "statut", "erreur", "mis_a_jour_le"])


def contenu_de(fichier: FichierLettre | None) -> bytes | None:
    """What storage holds for a produced file; None when it is not produced or is gone (a restore without the
    private files: ``relancer`` produces it again)."""
    if fichier is None or not fichier.pret:
        return None
    try:
        with fichier.fichier.open("rb") as ouvert:
            return ouvert.read()
    except OSError:
        return None
