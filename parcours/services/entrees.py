"""The entry into the PLIE: a person (known or new) enters from their prescription; the entry data corrected."""

import contextlib
import contextvars
import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from parcours import doublons, droits, eligibilite, statuts
from parcours.enums import StatutCommission, StatutPrescription
from parcours.models import AffectationReferent, CritereEligibilite, Parcours, Prescription, participants_visibles_par
from parcours.services.prescriptions import (
    piece_jointe_verser,
    prescription_rapprochement_demander,
    verifier_non_decidee,
)
from participants.models import Participant, age_au
from plie import access
from plie.statuts import AUCUN

DEJA_ACCOMPAGNEE = "Personne déjà accompagnée par le PLIE — contactez la structure d'animation."
PERSONNE_CONNUE = "Personne déjà connue du PLIE — la structure d'animation va traiter cette prescription."
RESSEMBLANCE_NOUVELLE = (
    "Une personne semblable vient d'être enregistrée par quelqu'un d'autre : rechargez la page et choisissez-la "
    "si c'est elle."
)
IDENTITE_A_VERIFIER = (
    "Identité modifiée : la structure d'animation la vérifie parmi les personnes connues du PLIE, puis enregistre "
    "l'entrée."
)
EN_ATTENTE_DE_RAPPROCHEMENT = (
    "Cette prescription attend la structure d'animation, qui rapproche la personne de celles déjà connues du PLIE."
)
VERROU_IDENTITE = 7301  # namespace of the advisory locks taken on a birth date
# A run that is rolled back whatever happens (an import's check) creates nobody: it takes no identity lock, which
# it would otherwise hold on thousands of birth dates for its whole length, stopping the référents' entries.
_sans_verrou_identite = contextvars.ContextVar("sans_verrou_identite", default=False)


@contextlib.contextmanager
def simulation():
    """Around a run that will be rolled back (``reprise.moteur``'s check): no identity lock."""
    jeton = _sans_verrou_identite.set(True)
    try:
        yield
    finally:
        _sans_verrou_identite.reset(jeton)


HORS_TERRITOIRE = "Cette commune n'est pas dans le territoire du PLIE : la personne doit y résider pour entrer."


def _verifier_personne(participant: Participant) -> None:
    if participant.anonymise_le:
        raise ValidationError("Cette personne a été anonymisée : elle ne peut pas entrer de nouveau.")
    if participant.date_naissance is None:
        raise ValidationError(
            {"date_naissance": "La date de naissance est nécessaire pour vérifier l'âge à la date d'entrée."}
        )


@transaction.atomic
def parcours_ouvrir(
    *,
    prescription: Prescription,
    participant: Participant,
    date_entree: datetime.date,
    criteres: list[CritereEligibilite] | tuple = (),
    par,
    **situation,
) -> Parcours:
    """Record the entry: the prescription is decided, a parcours opens with the pre-assigned référent."""
    prescription = Prescription.objects.select_for_update().get(pk=prescription.pk)
    verifier_non_decidee(prescription)
    if prescription.rapprochement_demande_le and not access.est_animation(par):
        raise ValidationError(EN_ATTENTE_DE_RAPPROCHEMENT)
    _verifier_personne(participant)
    assert participant.date_naissance is not None and prescription.referent_id is not None  # checked just above
    if participant.parcours.filter(date_sortie__isnull=True).exists():
        raise ValidationError(DEJA_ACCOMPAGNEE)
    parcours = Parcours(
        participant=participant,
        prescription=prescription,
        referent_id=prescription.referent_id,
        date_entree=date_entree,
        age_entree=age_au(participant.date_naissance, date_entree) if date_entree else None,
        entree_commission=AUCUN,
        **situation,
    )
    statuts.ENTREE_COMMISSION.passer(parcours, StatutCommission.A_VALIDER, par=par)
    parcours.full_clean()
    if not parcours.commune.dans_le_territoire:
        raise ValidationError({"commune": HORS_TERRITOIRE})
    statuts.PRESCRIPTION.passer(prescription, StatutPrescription.ENTREE, par=par)
    prescription.date_decision = date_entree
    prescription.participant = participant
    prescription.rapprochement_demande_le = None  # the structure d'animation linked the person
    prescription.full_clean()
    prescription.save()
    parcours.save()
    parcours.criteres.set(eligibilite.avec_les_derives(criteres, CritereEligibilite.objects))
    AffectationReferent.objects.create(
        parcours=parcours, referent_id=parcours.referent_id, date_debut=date_entree, cree_par=par
    )
    piece_jointe_verser(prescription=prescription, parcours=parcours)
    return parcours


def _identite(source) -> dict:
    if isinstance(source, dict):
        return {champ: source.get(champ) for champ in ("nom", "prenom", "date_naissance")}
    return {"nom": source.nom, "prenom": source.prenom, "date_naissance": source.date_naissance}


def identite_modifiee(prescription: Prescription, identite: dict) -> bool:
    """Does an identity typed at entry change what the prescription gave (case, accents and spacing aside)? A
    field the prescription left empty and the référent fills in is a completion, not a change."""
    for champ in ("nom", "prenom"):
        avant = doublons.normaliser(getattr(prescription, champ) or "")
        if avant and doublons.normaliser(identite.get(champ) or "") != avant:
            return True
    return prescription.date_naissance is not None and identite.get("date_naissance") != prescription.date_naissance


def _completer(prescription: Prescription, identite: dict) -> None:
    """Record on the prescription what the référent completes of its identity (a birth date the prescriber did
    not give), before any check and whatever the entry's outcome: a second try with another value is then a
    change, which goes to the structure d'animation (docs/doublons.md) — one completion, one check."""
    champs = [c for c in ("nom", "prenom", "date_naissance") if not getattr(prescription, c) and identite.get(c)]
    if not champs:
        return
    for champ in champs:
        setattr(prescription, champ, identite[champ])
    prescription.save(update_fields=champs)


def connue_hors_perimetre(*, prescription: Prescription, par, identites=(), participant=None) -> bool:
    """For a référent: does the prescription's identity (or one typed at entry, or the person chosen) match a
    person known to the PLIE outside what they may see (archived included)? Then the prescription goes to the
    structure d'animation's queue (written at once, whatever follows) and the entry stops with one neutral
    message, which says nothing of who follows the person or when. The structure d'animation sees everyone, and
    so does a command run on the server (``par=None``); every screen passes its user."""
    if par is None or access.est_animation(par):
        return False
    hors_perimetre = participant is not None and not participants_visibles_par(par).filter(pk=participant.pk).exists()
    for identite in [_identite(prescription), *map(_identite, identites)]:
        if hors_perimetre:
            break
        hors_perimetre = bool(doublons.ressemblances(par, **identite).hors_perimetre)
    if hors_perimetre:
        prescription_rapprochement_demander(prescription=prescription, par=par)
    return hors_perimetre


def _verrou_identite(date_naissance: datetime.date | None) -> None:
    """On PostgreSQL, serialise the entries of people born the same day (the duplicate check is fuzzy: no unique
    constraint can do it), until the transaction ends. SQLite runs one writing transaction at a time already."""
    if date_naissance and connection.vendor == "postgresql" and not _sans_verrou_identite.get():
        with connection.cursor() as curseur:
            curseur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [VERROU_IDENTITE, date_naissance.toordinal()])


def entree_enregistrer(
    *,
    prescription: Prescription,
    participant: Participant | None,
    nouvelle_personne: dict | None,
    date_entree: datetime.date,
    criteres=(),
    par,
    ressemblances_vues=(),
    **situation,
) -> Parcours:
    """The entry: the known person (or a new one, created here) enters; all or nothing.

    ``ressemblances_vues``: the look-alikes the user was shown and set aside by choosing a new person; another one
    recorded meanwhile (two entries of one person at the same moment) stops the creation.

    A référent who types an identity other than the prescription's does not learn whether it is known to the PLIE
    outside their scope (docs/doublons.md): whatever they typed, the prescription goes to the structure
    d'animation with the identity typed, and the answer is the same."""
    if (
        par is not None
        and not access.est_animation(par)
        and participant is None
        and nouvelle_personne
        and identite_modifiee(prescription, nouvelle_personne)
    ):
        prescription_rapprochement_demander(prescription=prescription, par=par, identite=_identite(nouvelle_personne))
        raise ValidationError(IDENTITE_A_VERIFIER, code="identite_a_verifier")
    if par is not None and not access.est_animation(par) and participant is None and nouvelle_personne:
        _completer(prescription, nouvelle_personne)
    if connue_hors_perimetre(
        prescription=prescription,
        par=par,
        identites=[nouvelle_personne] if nouvelle_personne and participant is None else [],
        participant=participant,
    ):
        raise ValidationError(PERSONNE_CONNUE, code="personne_connue")
    try:
        return _entrer(
            prescription=prescription,
            participant=participant,
            nouvelle_personne=nouvelle_personne,
            date_entree=date_entree,
            criteres=criteres,
            par=par,
            ressemblances_vues=ressemblances_vues,
            **situation,
        )
    except ValidationError as erreur:
        if getattr(erreur, "code", None) == "personne_connue":  # found under the lock: queued once it is released
            prescription_rapprochement_demander(prescription=prescription, par=par)
        raise


@transaction.atomic
def _entrer(
    *, prescription, participant, nouvelle_personne, date_entree, criteres, par, ressemblances_vues, **situation
):
    if participant is None:
        participant = Participant(**(nouvelle_personne or {}))
        participant.full_clean()
        _verifier_personne(participant)
        _verrou_identite(participant.date_naissance)
        vues = set(ressemblances_vues)
        nouvelles = [p for p in doublons.doublons_possibles(**_identite(participant)) if p.pk not in vues]
        if nouvelles and par is not None and not access.est_animation(par):
            visibles = set(
                participants_visibles_par(par).filter(pk__in=[p.pk for p in nouvelles]).values_list("pk", flat=True)
            )
            if any(p.pk not in visibles for p in nouvelles):  # recorded meanwhile, outside the user's scope
                raise ValidationError(PERSONNE_CONNUE, code="personne_connue")
        if nouvelles:
            raise ValidationError(RESSEMBLANCE_NOUVELLE, code="ressemblance_nouvelle")
        participant.save()
    return parcours_ouvrir(
        prescription=prescription,
        participant=participant,
        date_entree=date_entree,
        criteres=criteres,
        par=par,
        **situation,
    )


def _libelle(champ: str) -> str:
    return str(getattr(Parcours._meta.get_field(champ), "verbose_name", champ))


def _valeurs(parcours: Parcours, champs) -> dict:
    return {champ: getattr(parcours, champ) for champ in champs}


@transaction.atomic
def entree_corriger(*, parcours: Parcours, date_entree: datetime.date, criteres=(), par, **situation) -> Parcours:
    """Correct the entry data. A validated entry that changes goes back to the commission, which sees the fields
    that changed; an entry the commission sent back goes back to it."""
    parcours = Parcours.objects.select_for_update().select_related("participant", "prescription").get(pk=parcours.pk)
    droits.verifier_modifiable(par, parcours)
    affectations = list(parcours.affectations.order_by("date_debut"))
    if len(affectations) > 1 and date_entree >= affectations[1].date_debut:
        raise ValidationError({"date_entree": "La date d'entrée doit précéder le premier transfert du parcours."})
    champs = ["date_entree", *situation]
    avant = _valeurs(parcours, champs)
    # The référent's choice only: the criteria that follow from the record are not a correction.
    criteres_avant = set(parcours.criteres.exclude(code__in=eligibilite.DERIVES).values_list("pk", flat=True))
    commune_avant = parcours.commune_id
    for champ, valeur in situation.items():
        setattr(parcours, champ, valeur)
    parcours.date_entree = date_entree
    if parcours.participant.date_naissance:
        parcours.age_entree = age_au(parcours.participant.date_naissance, date_entree)
    parcours.full_clean()
    if parcours.commune_id != commune_avant and not parcours.commune.dans_le_territoire:
        raise ValidationError({"commune": HORS_TERRITOIRE})
    apres = _valeurs(parcours, champs)
    changes = [_libelle(c) for c in champs if avant[c] != apres[c]]
    criteres = eligibilite.avec_les_derives(criteres, CritereEligibilite.objects)
    if criteres_avant != {c.pk for c in criteres if c.code not in eligibilite.DERIVES}:
        changes.append(_libelle("criteres"))
    if parcours.entree_commission == StatutCommission.RENVOYEE:
        statuts.ENTREE_COMMISSION.passer(parcours, StatutCommission.A_VALIDER, par=par)
    elif parcours.entree_commission in (StatutCommission.VALIDEE, StatutCommission.REPRISE) and changes:
        statuts.ENTREE_COMMISSION.passer(parcours, StatutCommission.A_VALIDER, par=par)
        parcours.entree_validee_le = parcours.entree_validee_par = None
        parcours.entree_champs_corriges = changes
    elif parcours.entree_commission == StatutCommission.A_VALIDER and parcours.entree_champs_corriges:
        parcours.entree_champs_corriges = list(dict.fromkeys([*parcours.entree_champs_corriges, *changes]))
    parcours.save()
    parcours.criteres.set(criteres)
    prescription = parcours.prescription
    prescription.date_decision = date_entree
    prescription.full_clean()
    prescription.save()
    if affectations:
        affectations[0].date_debut = date_entree
        affectations[0].save(update_fields=["date_debut"])
    return parcours
