"""Every write of the FSE+ data goes through these services: corrections of a participation (structure
d'animation), the entry and exit questionnaires (the parcours' référent or the structure d'animation), the
exports. Each checks its rules, runs in one transaction and writes nothing when it refuses."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fse import completude
from fse.enums import EtatExport, FormatExport, Genre, Reponse
from fse.models import DELAI_SEMAINES, DonneesEntree, DonneesSortie, ExportFse, PaquetControle, Participation
from fse.participations import appliquer, operations_fse, periode
from parcours.services import participant_modifier
from plie import access, taches

TACHE_EXPORTER = "fse.exporter"
TACHE_PAQUET = "fse.paquet_controle"
TAILLE_MAX_PAQUET = 200  # participations in one controller's package


def _date_fr(date: datetime.date) -> str:
    return f"{date:%d/%m/%Y}"


def peut_renseigner(participation: Participation, user) -> bool:
    """The parcours' référent (or the one covering for them) and the structure d'animation."""
    return participation.parcours.suivi_par(user)


def _verifier_renseignable(participation: Participation, par) -> None:
    if not peut_renseigner(participation, par):
        raise PermissionDenied
    if participation.parcours.participant.anonymise_le:
        raise ValidationError("Cette personne a été anonymisée : ses données ne se modifient plus.")


@transaction.atomic
def participation_corriger(
    *,
    participation: Participation,
    par,
    motif: str,
    entree: datetime.date | None = None,
    sortie: datetime.date | None = None,
    exclue: bool = False,
) -> Participation:
    """The structure d'animation corrects the derived dates (empty: back to the record's) or excludes the
    participation from the FSE data; the motive is required and the history keeps who and when."""
    if not access.est_animation(par):
        raise PermissionDenied
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    motif = (motif or "").strip()
    erreurs = {}
    if not motif:
        erreurs["motif"] = "Indiquez pourquoi cette participation est corrigée."
    debut, fin = periode(participation.operation)
    parcours = participation.parcours
    for champ, valeur in (("entree", entree), ("sortie", sortie)):
        if valeur is None:
            continue
        if not debut <= valeur <= fin:
            erreurs[champ] = f"La date doit être dans la période de l'opération ({_date_fr(debut)} – {_date_fr(fin)})."
        elif valeur < parcours.date_entree or (parcours.date_sortie and valeur > parcours.date_sortie):
            erreurs[champ] = "La date doit être dans le parcours de la personne."
        elif valeur > timezone.localdate():
            erreurs[champ] = "La date ne peut pas être postérieure à aujourd'hui."
    effective_entree = entree or participation.entree_calculee
    effective_sortie = sortie or participation.sortie_calculee
    if not erreurs and effective_entree is None:
        erreurs["entree"] = "Le dossier ne donne plus d'entrée : indiquez-la."
    if not erreurs and effective_sortie and effective_entree and effective_sortie < effective_entree:
        erreurs["sortie"] = "La sortie de l'opération ne peut pas précéder l'entrée."
    if erreurs:
        raise ValidationError(erreurs)
    participation.entree_corrigee, participation.sortie_corrigee = entree, sortie
    participation.exclue = exclue
    participation.motif_correction = motif
    participation.corrigee_le, participation.corrigee_par = timezone.now(), par
    appliquer(participation, parcours.participant.date_naissance)
    participation.full_clean()
    participation.save()
    _evaluer(participation)
    return participation


@transaction.atomic
def participation_supprimer(*, participation: Participation, par) -> None:
    """Only a participation the record no longer gives can be deleted (with its answers)."""
    if not access.est_animation(par):
        raise PermissionDenied
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if participation.deduite:
        raise ValidationError(
            "Le dossier donne cette participation : elle ne se supprime pas (l'exclure des données FSE si besoin)."
        )
    participation.delete()


def _evaluer(participation: Participation) -> None:
    """The board's stored states of the participation just changed: up to date at once."""
    completude.evaluer(Participation.objects.filter(pk=participation.pk), aujourd_hui=timezone.localdate())


def _reponse(valeur, libelle: str) -> str:
    if valeur not in Reponse.values:
        raise ValidationError({libelle: "Choisissez une réponse (« Ne souhaite pas répondre » est possible)."})
    return valeur


@transaction.atomic
def donnees_entree_enregistrer(
    *, participation: Participation, par, genre: str, sans_domicile: str, origine_etrangere: str, minorite: str
) -> DonneesEntree:
    _verifier_renseignable(participation, par)
    if genre not in Genre.values:
        raise ValidationError({"genre": "Choisissez le genre."})
    donnees = DonneesEntree.objects.select_for_update().filter(participation=participation).first()
    donnees = donnees or DonneesEntree(participation=participation)
    donnees.genre = genre
    donnees.sans_domicile = _reponse(sans_domicile, "sans_domicile")
    donnees.origine_etrangere = _reponse(origine_etrangere, "origine_etrangere")
    donnees.minorite = _reponse(minorite, "minorite")
    donnees.renseigne_le, donnees.renseigne_par = timezone.now(), par
    donnees.full_clean()
    donnees.save()
    _evaluer(participation)
    return donnees


@transaction.atomic
def donnees_sortie_enregistrer(
    *,
    participation: Participation,
    par,
    date_situation: datetime.date,
    recherche_emploi: bool,
    formation: bool,
    qualification: bool,
    emploi: bool,
    telephone: str,
    email: str,
) -> DonneesSortie:
    """The situation within four weeks of the exit, and a contact for the managing authority's six-month
    survey: a telephone number or an e-mail address on the person's record is required."""
    _verifier_renseignable(participation, par)
    sortie = participation.date_sortie
    if sortie is None:
        raise ValidationError("La personne est encore dans l'opération : les données de sortie viendront à sa sortie.")
    limite = sortie + datetime.timedelta(weeks=DELAI_SEMAINES)
    if date_situation is None or not sortie <= date_situation <= limite:
        raise ValidationError(
            {
                "date_situation": f"La situation se constate entre la sortie ({_date_fr(sortie)}) et "
                f"quatre semaines après ({_date_fr(limite)})."
            }
        )
    if date_situation > timezone.localdate():
        raise ValidationError({"date_situation": "La date ne peut pas être postérieure à aujourd'hui."})
    telephone, email = (telephone or "").strip(), (email or "").strip()
    if not telephone and not email:
        raise ValidationError(
            {"telephone": "Indiquez un téléphone ou une adresse électronique : l'enquête à six mois en a besoin."}
        )
    participant = participation.parcours.participant
    if (telephone, email) != (participant.telephone, participant.email):
        participant_modifier(participant=participant, telephone=telephone, email=email, par=par)
    donnees = DonneesSortie.objects.select_for_update().filter(participation=participation).first()
    donnees = donnees or DonneesSortie(participation=participation)
    donnees.date_situation = date_situation
    donnees.recherche_emploi, donnees.formation = bool(recherche_emploi), bool(formation)
    donnees.qualification, donnees.emploi = bool(qualification), bool(emploi)
    donnees.renseigne_le, donnees.renseigne_par = timezone.now(), par
    donnees.full_clean()
    donnees.save()
    _evaluer(participation)
    return donnees


# --- Exports -----------------------------------------------------------------------------------------------


def export_demander(*, operation, debut: datetime.date, fin: datetime.date, format: str, par) -> ExportFse:
    if not access.est_animation(par):
        raise PermissionDenied
    erreurs = {}
    if not operations_fse().filter(pk=operation.pk).exists():
        erreurs["operation"] = "Cette opération n'est pas financée par le FSE."
    if debut is None or fin is None or fin < debut:
        erreurs["fin"] = "La fin de la période ne peut pas précéder son début."
    if format not in FormatExport.values:
        erreurs["format"] = "Format inconnu."
    if erreurs:
        raise ValidationError(erreurs)
    export = ExportFse.objects.create(
        jeton=secrets.token_hex(16), operation=operation, debut=debut, fin=fin, format=format, cree_par=par
    )
    transaction.on_commit(lambda: taches.lancer(TACHE_EXPORTER, export.pk))
    return export


def export_produire(export_id: int) -> ExportFse:
    from fse import export as export_  # noqa: PLC0415 (the export module reads the indicators)

    export = ExportFse.objects.get(pk=export_id)
    ExportFse.objects.filter(pk=export.pk).update(etat=EtatExport.EN_COURS)
    contenu, extension, personnes, lignes = export_.produire(export)
    export.fichier.save(f"{export.jeton}.{extension}", contenu, save=False)
    export.lignes, export.participants = lignes, personnes
    export.etat, export.termine_le = EtatExport.PRET, timezone.now()
    export.save()
    return export


def export_echouer(export_id: int) -> None:
    ExportFse.objects.filter(pk=export_id).update(
        etat=EtatExport.ECHEC,
        message="L'export a échoué : réessayez ; si l'échec persiste, prévenez l'administrateur.",
    )


def exports_purger(*, maintenant=None) -> int:
    """The exports and the controller's packages older than their retention, files and rows."""
    maintenant = maintenant or timezone.now()
    nombre = 0
    for modele, jours in (
        (ExportFse, settings.FSE_EXPORT_RETENTION_JOURS),
        (PaquetControle, settings.FSE_CONTROLE_RETENTION_JOURS),
    ):
        for objet in modele.objects.filter(cree_le__lt=maintenant - datetime.timedelta(days=jours)):
            if objet.fichier:
                objet.fichier.delete(save=False)
            objet.delete()
            nombre += 1
    return nombre


def lire_identifiants(texte: str) -> list[int]:
    """Participant numbers pasted by the controller: separated by spaces, commas, semicolons or lines."""
    morceaux = [m for m in texte.replace(",", " ").replace(";", " ").split() if m]
    if not all(m.isdigit() for m in morceaux):
        fautifs = ", ".join(m for m in morceaux if not m.isdigit())[:200]
        raise ValidationError({"identifiants": f"Des numéros de participant attendus (des chiffres) : « {fautifs} »."})
    numeros = list(dict.fromkeys(int(m) for m in morceaux))
    if len(numeros) > TAILLE_MAX_PAQUET:
        raise ValidationError(
            {"identifiants": f"{len(numeros)} numéros : un paquet tient {TAILLE_MAX_PAQUET} participations au plus."}
        )
    return numeros


def paquet_demander(
    *,
    operation,
    debut: datetime.date,
    fin: datetime.date,
    par,
    taille: int | None = None,
    taux: int | None = None,
    graine: int | None = None,
    identifiants: list[int] | None = None,
) -> PaquetControle:
    """Draw the sample (``taille`` or ``taux`` with ``graine``: the same every time over the same participations)
    or take the controller's list of participant numbers, and queue the package's production. The structure
    d'animation only."""
    from fse.controle import echantillon  # noqa: PLC0415 (a sibling package of the services)

    if not access.est_animation(par):
        raise PermissionDenied("Seule la structure d'animation prépare le paquet d'un contrôleur.")
    erreurs = {}
    if not operations_fse().filter(pk=operation.pk).exists():
        erreurs["operation"] = "Cette opération n'est pas financée par le FSE."
    if debut is None or fin is None or fin < debut:
        erreurs["fin"] = "La fin de la période ne peut pas précéder son début."
    modes = [taille is not None or taux is not None, bool(identifiants)]
    if modes.count(True) != 1:
        erreurs["identifiants"] = "Choisissez soit un échantillon (taille ou taux), soit la liste du contrôleur."
    elif modes[0] and (taille is not None) == (taux is not None):
        erreurs["taille"] = "Donnez la taille de l'échantillon ou son taux, pas les deux."
    elif modes[0] and graine is None:
        erreurs["graine"] = "La graine du tirage est nécessaire pour qu'il soit reproductible."
    elif taille is not None and not 1 <= taille <= TAILLE_MAX_PAQUET:
        erreurs["taille"] = f"De 1 à {TAILLE_MAX_PAQUET} participations."
    elif taux is not None and not 1 <= taux <= 100:
        erreurs["taux"] = "Un taux de 1 à 100 %."
    if erreurs:
        raise ValidationError(erreurs)
    presentes = Participation.objects.comptees().filter(operation=operation).presentes_entre(debut, fin)
    introuvables: list[int] = []
    if identifiants:
        trouvees = dict(
            presentes.filter(parcours__participant_id__in=identifiants).values_list("pk", "parcours__participant_id")
        )
        tirees = sorted(trouvees)
        introuvables = [i for i in identifiants if i not in set(trouvees.values())]
    else:
        assert graine is not None  # checked above
        tirees = echantillon.tirer(presentes.values_list("pk", flat=True), graine=graine, taille=taille, taux=taux)
    if len(tirees) > TAILLE_MAX_PAQUET:
        raise ValidationError(
            {"taux": f"Le paquet tiendrait {len(tirees)} participations : {TAILLE_MAX_PAQUET} au plus."}
        )
    if not tirees:
        raise ValidationError({"operation": "Aucune participation de cette opération sur la période ne correspond."})
    paquet = PaquetControle(
        jeton=secrets.token_hex(16),
        operation=operation,
        debut=debut,
        fin=fin,
        graine=graine if not identifiants else None,
        taille=taille,
        taux=taux,
        identifiants=identifiants or [],
        participations=tirees,
        introuvables=introuvables,
        cree_par=par,
    )
    paquet.full_clean()
    paquet.save()
    transaction.on_commit(lambda: taches.lancer(TACHE_PAQUET, paquet.pk))
    return paquet


def paquet_produire(paquet_id: int) -> PaquetControle:
    from fse.controle import paquet as paquet_  # noqa: PLC0415 (the package reads the indicators and the export)

    paquet = PaquetControle.objects.get(pk=paquet_id)
    PaquetControle.objects.filter(pk=paquet.pk).update(etat=EtatExport.EN_COURS)
    fichier, personnes = paquet_.produire(paquet)
    with fichier:
        paquet.fichier.save(fichier.name, fichier, save=False)
    try:
        paquet.participants = personnes
        paquet.etat, paquet.termine_le = EtatExport.PRET, timezone.now()
        paquet.save()
    except Exception:
        paquet.fichier.delete(save=False)  # a ZIP of personal data no row points to would never be purged
        raise
    return paquet


def paquet_echouer(paquet_id: int) -> None:
    PaquetControle.objects.filter(pk=paquet_id).update(
        etat=EtatExport.ECHEC,
        message="La production du paquet a échoué : réessayez ; si l'échec persiste, prévenez l'administrateur.",
    )
