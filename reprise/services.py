"""An import's life: files deposited (checked by content and size), the check in the background (the preview),
the user's choices (link a look-alike or create), the commit in the background, all or nothing; and the purge of
files, previews and reports after REPRISE_RETENTION_JOURS days. Only the structure d'animation imports."""

import json
import logging
import secrets
import time

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone

from plie import access
from plie.fichiers import MEGA
from plie.instantane import sur_un_instantane
from plie.statistiques import analyser
from plie.taches import lancer
from reprise import lots
from reprise.lecture import lire, taille_max
from reprise.models import EN_COURS, EtatImport, FichierImport, Import
from reprise.moteur import NOUVELLE, Moteur, Resultat
from reprise.rapport import rapport

logger = logging.getLogger(__name__)

TACHE_VERIFIER, TACHE_ENREGISTRER = "reprise.verifier", "reprise.enregistrer"
FICHIERS_MAX = 12


def _verifier_auteur(par) -> None:
    if par is not None and not access.est_animation(par):
        raise PermissionDenied("Seule la structure d'animation importe les données de l'ancien outil.")


def import_deposer(*, fichiers: list, par) -> Import:
    """Record the uploaded files (an .xlsx, or CSV files) and start their check. A file over the size limit, or
    too many files, are refused at once; the content is read by the check."""
    _verifier_auteur(par)
    if not fichiers:
        raise ValidationError("Choisissez un fichier .xlsx, ou des fichiers CSV.")
    if len(fichiers) > FICHIERS_MAX:
        raise ValidationError(f"Au plus {FICHIERS_MAX} fichiers par import.")
    for fichier in fichiers:
        if fichier.size > taille_max():
            raise ValidationError(
                f"« {fichier.name} » dépasse la taille maximale de {taille_max() // MEGA} Mo : découpez-le."
            )
        if not fichier.size:
            raise ValidationError(f"« {fichier.name} » est vide.")
    with transaction.atomic():
        objet = Import.objects.create(
            jeton=secrets.token_hex(16), nom_fichier=", ".join(f.name for f in fichiers)[:255], cree_par=par
        )
        for ordre, fichier in enumerate(fichiers):
            lie = FichierImport(import_lie=objet, ordre=ordre, nom=fichier.name[:255], taille=fichier.size)
            lie.fichier.save(fichier.name, fichier, save=False)
            lie.save()
        _lancer(objet, TACHE_VERIFIER)
    return objet


def _lancer(objet: Import, tache: str, *args) -> None:
    objet.tache_debut = timezone.now()
    objet.save(update_fields=["tache_debut"])
    cache.delete(_cle_progression(objet.pk))
    transaction.on_commit(lambda: lancer(tache, objet.pk, *args), robust=True)


def import_decider(*, objet: Import, decisions: dict[str, str], par) -> Import:
    """The user's choice for each person who looks like a known one: link (a person's pk) or create; then the
    check runs again."""
    _verifier_auteur(par)
    with transaction.atomic():
        objet = Import.objects.select_for_update().get(pk=objet.pk)
        if objet.etat != EtatImport.VERIFIE:
            raise ValidationError("Cet import n'attend pas de choix (vérification en cours, ou déjà enregistré).")
        permis = {r.decision: {str(c["pk"]) for c in r.choix} | {NOUVELLE} for r in resultats(objet) if r.choix}
        for cle, valeur in decisions.items():
            if cle not in permis or valeur not in permis[cle]:
                raise ValidationError("Choix invalide : rechargez la page.")
        objet.decisions = {**objet.decisions, **decisions}
        objet.etat = EtatImport.EN_ATTENTE
        objet.save(update_fields=["decisions", "etat"])
        _lancer(objet, TACHE_VERIFIER)
    return objet


def import_enregistrer(*, objet: Import, par) -> Import:
    _verifier_auteur(par)
    with transaction.atomic():
        objet = Import.objects.select_for_update().get(pk=objet.pk)
        if not objet.enregistrable:
            raise ValidationError(
                "Cet import ne peut pas être enregistré : corrigez d'abord les lignes en erreur (ou il est déjà "
                "enregistré)."
            )
        objet.etat = EtatImport.ENREGISTREMENT
        objet.enregistre_par = par
        objet.save(update_fields=["etat", "enregistre_par"])
        _lancer(objet, TACHE_ENREGISTRER)
    return objet


def import_relancer(*, objet: Import, par) -> Import:
    """A check or a commit whose task was lost (a worker stopped) or failed: started again. A commit that had
    begun to write starts by undoing it (reprise/lots.py); a failed check is checked again."""
    _verifier_auteur(par)
    with transaction.atomic():
        objet = Import.objects.select_for_update().get(pk=objet.pk)
        if not bloque(objet) and objet.etat != EtatImport.ECHEC:
            raise ValidationError("Cet import n'est pas bloqué : sa tâche est en cours.")
        commit = objet.etat == EtatImport.ENREGISTREMENT or lots.en_cours(objet)
        # In progress again at once: a second click (another tab) is refused, never a second task.
        objet.etat = EtatImport.ENREGISTREMENT if commit else EtatImport.EN_ATTENTE
        objet.save(update_fields=["etat"])
        _lancer(objet, TACHE_ENREGISTRER if commit else TACHE_VERIFIER)
    return objet


DUREE_MAX = 3 * 3600  # seconds: the tasks' time limit
BLOQUE_APRES = DUREE_MAX + 600  # a task still "in progress" after its limit was lost


SANS_SIGNE_APRES = 600  # seconds: a commit writes a batch (and a sign of life) every REPRISE_LOT_SECONDES


def bloque(objet: Import) -> bool:
    """The task was lost: past its time limit, or a commit silent for ten minutes (its worker stopped between two
    batches: what it wrote is visible until the import is relaunched, which undoes it first)."""
    if objet.etat not in EN_COURS or objet.tache_debut is None:
        return False
    maintenant = timezone.now()
    if objet.etat == EtatImport.ENREGISTREMENT and objet.tache_vue_le and objet.tache_vue_le > objet.tache_debut:
        return (maintenant - objet.tache_vue_le).total_seconds() > SANS_SIGNE_APRES
    return (maintenant - objet.tache_debut).total_seconds() > BLOQUE_APRES


def import_supprimer(*, objet: Import, par) -> None:
    _verifier_auteur(par)
    if objet.etat in (EtatImport.VERIFICATION, EtatImport.ENREGISTREMENT) and not bloque(objet):
        raise ValidationError("Une tâche travaille sur cet import : attendez sa fin pour le supprimer.")
    if lots.en_cours(objet):
        raise ValidationError(
            "Cet import a commencé à s'enregistrer sans aboutir : relancez-le pour annuler ce qu'il a écrit avant "
            "de le supprimer."
        )
    _supprimer(objet)


def _supprimer(objet: Import) -> None:
    for lie in objet.fichiers.all():
        lie.fichier.delete(save=False)
    for champ in (objet.resultat, objet.rapport):
        if champ:
            champ.delete(save=False)
    objet.delete()


def imports_purger(*, maintenant=None) -> int:
    """Delete the imports (files, previews, reports) older than REPRISE_RETENTION_JOURS; return their count."""
    # Older than the retention period, an import "in progress" was lost long ago (its tasks stop after 3 hours).
    # An import whose commit stopped half-way keeps its journal until it is undone (relaunched); one at work
    # waits for its task.
    expires = [
        objet
        for objet in Import.objects.expires(maintenant=maintenant)
        if not lots.en_cours(objet) and not (objet.en_cours and not bloque(objet))
    ]
    for objet in expires:
        _supprimer(objet)
    return len(expires)


# -- the tasks' work -----------------------------------------------------------------------------------------


def _cle_progression(pk: int) -> str:
    return f"reprise-progression-{pk}"


def progression(objet: Import) -> dict:
    return cache.get(_cle_progression(objet.pk)) or {"fait": 0, "total": 0}


def _lire(objet: Import):
    fichiers = []
    for lie in objet.fichiers.all():
        with lie.fichier.open("rb") as flux:
            fichiers.append((lie.nom, flux.read()))
    return lire(fichiers)


def executer(objet: Import, *, enregistrer: bool) -> Import:
    """Read the files and run them through the services (kept when ``enregistrer`` and clean)."""
    objet.etat = EtatImport.ENREGISTREMENT if enregistrer else EtatImport.VERIFICATION
    objet.save(update_fields=["etat"])
    debut = time.monotonic()
    try:
        lecture = _lire(objet)
    except ValidationError as erreur:
        objet.etat, objet.message = EtatImport.REFUSE, " ".join(erreur.messages)
        objet.save(update_fields=["etat", "message"])
        return objet

    def suivre(fait: int, total: int) -> None:
        cache.set(_cle_progression(objet.pk), {"fait": fait, "total": total}, 3600)

    par = objet.enregistre_par if enregistrer else objet.cree_par
    moteur = Moteur(
        lecture,
        par=par,
        source=objet.nom_fichier,
        decisions=objet.decisions,
        import_origine=objet if enregistrer else None,
        progression=suivre,
    )
    if enregistrer:
        try:
            bilan = moteur.executer(enregistrer=True)
        except lots.ConflitAnnulation as conflit:
            objet.etat, objet.message = EtatImport.ECHEC, _message_conflit(conflit)
            objet.save(update_fields=["etat", "message"])
            return objet
    else:
        # The check runs the import and rolls it back: on SQLite, on a snapshot of the base, so that the write
        # lock of a check of minutes never makes other users wait (plie/instantane.py).
        with sur_un_instantane():
            bilan = moteur.executer(enregistrer=False)
    maintenant = timezone.now()
    objet.bilan = {**bilan.en_dict(), "duree": round(time.monotonic() - debut, 1)}
    objet.message = ""
    if bilan.enregistre:
        objet.etat, objet.enregistre_le = EtatImport.ENREGISTRE, maintenant
        # Thousands of rows just committed: their statistics before any page or task reads them (the import is
        # recorded whatever happens here: autovacuum will get to it).
        try:
            analyser([modele._meta.db_table for modele in Moteur.MODELES_ECRITS])
        except DatabaseError:
            logger.warning("ANALYZE après l'import n° %s impossible", objet.pk, exc_info=True)
    else:
        objet.etat = EtatImport.VERIFIE
        objet.verifie_le = maintenant
        if enregistrer:
            objet.message = "La base a changé depuis la vérification : des lignes sont maintenant en erreur."
    for champ in (objet.resultat, objet.rapport):
        if champ:
            champ.delete(save=False)
    donnees = [vars(r) for r in moteur.resultats]
    objet.resultat.save(f"{objet.jeton}.json", ContentFile(json.dumps(donnees, default=str).encode()), save=False)
    quand = f"{timezone.localtime(maintenant):%d/%m/%Y à %H:%M}"
    objet.rapport.save(
        f"{objet.jeton}.xlsx",
        ContentFile(rapport(objet.nom_fichier, bilan, moteur.resultats, quand=quand)),
        save=False,
    )
    objet.save()
    return objet


def _message_conflit(conflit: lots.ConflitAnnulation) -> str:
    return (
        "L'enregistrement n'a pas abouti et son annulation est arrêtée : "
        f"{conflit.args[0]} enregistrement(s) saisi(s) depuis dépendent des données déjà importées. Supprimez-les, "
        "puis relancez l'import pour terminer l'annulation, ou prévenez l'administrateur."
    )


def echouer(objet_id: int, erreur: BaseException) -> None:
    logger.error("Import %s : la tâche a échoué (%s).", objet_id, type(erreur).__name__)
    Import.objects.filter(pk=objet_id).update(
        etat=EtatImport.ECHEC, message="La tâche a échoué : relancez-la, ou prévenez l'administrateur."
    )


def resultats(objet: Import) -> list[Resultat]:
    if not objet.resultat:
        return []
    with objet.resultat.open("rb") as flux:
        donnees = json.load(flux)
    return [Resultat(**{**d, "erreurs": [tuple(e) for e in d["erreurs"]]}) for d in donnees]
