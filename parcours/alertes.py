"""The alerts of the référent's missions (call for projects 2018, annex 3), computed for a set of parcours.

Each rule is one database query whatever the number of parcours (annotations, then a light pass in Python for
month arithmetic), and answers the same at its boundaries as the tests say: "for 3 months" includes exactly
3 months, "the 6-month date" is the day the 6 months are reached.
"""

import collections
import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, Max, OuterRef, Q

from parcours import sortie_emploi
from parcours.enums import StatutCommission, StatutPrescription, TypeEntretien
from parcours.models import DerogationSenior, Entretien, Etape, ParametresAlertes, Parcours, Prescription, Veille
from plie.mois import debut_au_plus_tard, mois_apres

TRENTE_MOIS = 30  # months (plie/mois.py)
ATTENTE_MAX_PRESCRIPTION = 15


@dataclass(frozen=True)
class Alerte:
    code: str
    libelle: str
    parcours_id: int | None
    participant_id: int | None
    prescription_id: int | None
    date: datetime.date  # since when, or when it is due
    referent_id: int | None = None  # the référent in charge (the pre-assigned one for a prescription)
    corriger: str = ""  # a sent-back decision: "sortie" or "entree", the form that corrects it

    @property
    def titre(self) -> str:
        return TITRES[self.code]


TITRES = {
    "sans_etape": "Sans étape depuis 3 mois",
    "sans_contact": "Sans contact récent",
    "bilan": "Bilan de parcours à faire",
    "point_etape": "Point d'étape à faire",
    "veille_depassee": "Veille dépassée",
    "trente_mois": "Parcours de 30 mois",
    "sortie_emploi": "Sortie emploi à valider",
    "prescription": "Prescription en attente depuis plus de 15 jours",
    "renvoi": "Renvoyé par la commission",
}


def _ouverts(parcours, au):
    return _lisibles(parcours.file_active(au=au))


def _lisibles(parcours):
    """The parcours read in full for their alerts: with their participant, oldest entry first."""
    return parcours.select_related("participant").order_by("date_entree", "pk")


def _par_referent(lignes, champ: str = "referent_id") -> collections.Counter:
    """How many rows per référent, counted in the database (no name read)."""
    return collections.Counter(dict(lignes.values_list(champ).annotate(n=Count("pk")).order_by()))


def sans_etape(parcours, *, au: datetime.date, compter: bool = False, parametres: ParametresAlertes | None = None):
    """No étape in progress at any time in the last 3 months (an étape ended exactly 3 months ago is too old)."""
    debut = au - relativedelta(months=3)
    etape_recente = Etape.objects.filter(parcours=OuterRef("pk"), date_debut__lte=au).filter(
        Q(date_fin__isnull=True) | Q(date_fin__gt=debut)
    )
    lignes = parcours.file_active(au=au).filter(date_entree__lte=debut).exclude(Exists(etape_recente))
    if compter:
        return _par_referent(lignes)
    lignes = _lisibles(lignes).annotate(derniere_fin=Max("etapes__date_fin"))
    return [
        Alerte(
            "sans_etape",
            str(p.participant),
            p.pk,
            p.participant_id,
            None,
            p.derniere_fin or p.date_entree,
            p.referent_id,
        )
        for p in lignes
    ]


def _en_veille(au):
    return Veille.objects.filter(parcours=OuterRef("pk"), date_debut__lte=au).filter(
        Q(date_fin__isnull=True) | Q(date_fin__gte=au)
    )


def sans_contact(parcours, *, au: datetime.date, compter: bool = False, parametres: ParametresAlertes | None = None):
    """No entretien or contact of any kind for more than the days the structure d'animation set (30 by default),
    counted from the last contact — or from the entry, for someone never met since; people in veille excepted.
    The same on the 1st and on the 30th of a month."""
    parametres = parametres or ParametresAlertes.actuels()
    limite = au - datetime.timedelta(days=parametres.jours_sans_contact)
    contact = Entretien.objects.filter(parcours=OuterRef("pk"), date__gte=limite, date__lte=au)
    lignes = (
        parcours.file_active(au=au)
        .filter(date_entree__lt=limite)
        .exclude(Exists(contact))
        .exclude(Exists(_en_veille(au)))
    )
    if compter:
        return _par_referent(lignes)
    lignes = _lisibles(lignes).annotate(dernier_contact=Max("entretiens__date"))
    return [
        Alerte(
            "sans_contact",
            str(p.participant),
            p.pk,
            p.participant_id,
            None,
            p.dernier_contact or p.date_entree,
            p.referent_id,
        )
        for p in lignes
    ]


def bilan_du(date_entree: datetime.date, au: datetime.date, mois_bilans=None) -> datetime.date | None:
    """The due date of the latest bilan milestone (by default 6, 12, 18, 24, 30 months: ``ParametresAlertes``)
    reached at ``au``."""
    mois_bilans = mois_bilans or ParametresAlertes.actuels().bilans
    echeances = [mois_apres(date_entree, m) for m in mois_bilans]
    atteintes = [e for e in echeances if e <= au]
    return atteintes[-1] if atteintes else None


def bilan_a_faire(
    date_entree: datetime.date, dernier_bilan: datetime.date | None, au: datetime.date, mois_bilans=None
):
    """The due date of the bilan still to hold at ``au`` (a milestone reached, no bilan since the month before it),
    or None."""
    echeance = bilan_du(date_entree, au, mois_bilans)
    if echeance and not (dernier_bilan and dernier_bilan >= mois_apres(echeance, -1)):
        return echeance
    return None


def prochain_bilan(date_entree: datetime.date, au: datetime.date, mois_bilans=None) -> datetime.date | None:
    """The next bilan milestone after ``au``, if the parcours has one left."""
    mois_bilans = mois_bilans or ParametresAlertes.actuels().bilans
    a_venir = [mois_apres(date_entree, m) for m in mois_bilans]
    return next((e for e in a_venir if e > au), None)


def bilans(parcours, *, au: datetime.date, compter: bool = False, parametres: ParametresAlertes | None = None):
    """A bilan milestone is reached and no bilan was held since the month before it."""
    lignes = (
        parcours.file_active(au=au)
        .annotate(dernier_bilan=Max("entretiens__date", filter=Q(entretiens__type=TypeEntretien.BILAN)))
        .values_list("pk", "date_entree", "dernier_bilan", "referent_id")
        .order_by()
    )
    echeances, referents = {}, collections.Counter()
    mois_bilans = (parametres or ParametresAlertes.actuels()).bilans
    for pk, date_entree, dernier_bilan, referent_id in lignes:
        echeance = bilan_a_faire(date_entree, dernier_bilan, au, mois_bilans)
        if echeance:
            echeances[pk] = echeance
            referents[referent_id] += 1
    if compter:
        return referents
    # Only the parcours with an alert are read in full (their participant's name).
    return [
        Alerte("bilan", str(p.participant), p.pk, p.participant_id, None, echeances[p.pk], p.referent_id)
        for p in _ouverts(parcours, au).filter(pk__in=list(echeances))
    ]


POINTS = (TypeEntretien.POINT_ETAPE, TypeEntretien.BILAN)  # a bilan de parcours is a point d'étape too


def point_etape_du(
    date_entree: datetime.date, dernier_point: datetime.date | None, au: datetime.date, intervalle: int
) -> datetime.date | None:
    """The day a point d'étape fell due (``intervalle`` months after the entry or the last point), if by ``au``."""
    echeance = mois_apres(dernier_point or date_entree, intervalle)
    return echeance if echeance <= au else None


def points_etape(parcours, *, au: datetime.date, compter: bool = False, parametres: ParametresAlertes | None = None):
    """No point d'étape (nor bilan) with the person for the interval the structure d'animation set (5 months by
    default, annex 3 of the call for projects), since the entry or the last one; people in veille excepted."""
    intervalle = (parametres or ParametresAlertes.actuels()).mois_point_etape
    lignes = (
        parcours.file_active(au=au)
        .exclude(Exists(_en_veille(au)))
        .annotate(
            dernier_point=Max("entretiens__date", filter=Q(entretiens__type__in=POINTS, entretiens__date__lte=au))
        )
        .values_list("pk", "date_entree", "dernier_point", "referent_id")
        .order_by()
    )
    echeances, referents = {}, collections.Counter()
    for pk, date_entree, dernier_point, referent_id in lignes:
        echeance = point_etape_du(date_entree, dernier_point, au, intervalle)
        if echeance:
            echeances[pk] = echeance
            referents[referent_id] += 1
    if compter:
        return referents
    return [
        Alerte("point_etape", str(p.participant), p.pk, p.participant_id, None, echeances[p.pk], p.referent_id)
        for p in _ouverts(parcours, au).filter(pk__in=list(echeances))
    ]


def veilles_depassees(
    parcours, *, au: datetime.date, compter: bool = False, parametres: ParametresAlertes | None = None
):
    veilles = Veille.objects.filter(
        parcours__in=parcours.file_active(au=au).values("pk"), date_fin__isnull=True, date_fin_prevue__lt=au
    )
    if compter:
        return _par_referent(veilles, "parcours__referent_id")
    veilles = veilles.select_related("parcours__participant").order_by("date_fin_prevue")
    return [
        Alerte(
            "veille_depassee",
            str(v.parcours.participant),
            v.parcours_id,
            v.parcours.participant_id,
            None,
            v.date_fin_prevue,
            v.parcours.referent_id,
        )
        for v in veilles
    ]


def trente_mois(parcours, *, au: datetime.date, compter: bool = False, parametres: ParametresAlertes | None = None):
    lignes = parcours.file_active(au=au).filter(date_entree__lte=debut_au_plus_tard(au, TRENTE_MOIS))
    if compter:
        return _par_referent(lignes)
    return [
        Alerte(
            "trente_mois",
            str(p.participant),
            p.pk,
            p.participant_id,
            None,
            mois_apres(p.date_entree, TRENTE_MOIS),
            p.referent_id,
        )
        for p in _lisibles(lignes)
    ]


def sorties_emploi(parcours, *, au: datetime.date, compter: bool = False, parametres: ParametresAlertes | None = None):
    """Open parcours whose employment follow-up has reached the day a positive exit can be recorded (the rule of
    ``parcours.sortie_emploi``, the one the exit service enforces)."""
    ouverts = parcours.file_active(au=au).values("pk")
    etapes = (
        Etape.objects.filter(parcours__in=ouverts, type__regle_sortie__in=sortie_emploi.TYPES_LUS, date_debut__lte=au)
        .values_list(
            "parcours_id",
            "type__regle_sortie",
            "type__libelle",
            "date_debut",
            "date_fin",
            "heures_hebdo",
            "temps_partiel_accepte",
            "parcours__referent_id",
        )
        .order_by("date_debut", "pk")
    )
    par_parcours: dict[int, list] = {}
    referent_de = {}
    for parcours_id, regle, libelle, debut, fin, heures, accepte, referent_id in etapes:
        par_parcours.setdefault(parcours_id, []).append(
            sortie_emploi.EtapeEmploi(regle, libelle, debut, fin, heures, accepte)
        )
        referent_de[parcours_id] = referent_id
    # The 55+ exceptions the commission validated (few): their étape and the person's birth date.
    derogations = {
        d.parcours_id: (sortie_emploi.EtapeEmploi.depuis(d.etape), d.parcours.participant.date_naissance)
        for d in DerogationSenior.objects.filter(parcours__in=ouverts, commission=StatutCommission.VALIDEE)
        .select_related("etape__type", "parcours__participant")
        .only("parcours_id", "etape", "parcours__participant__date_naissance")
    }
    dates = {}
    for pk, liste in par_parcours.items():
        derogation, naissance = derogations.get(pk, (None, None))
        possible = sortie_emploi.premiere_sortie_possible(
            liste, au=au, naissance=naissance, derogation_senior=derogation
        )
        if possible:
            dates[pk] = possible.date
    if compter:
        return collections.Counter(referent_de[pk] for pk in dates)
    # Only the parcours with an alert are read in full (their participant's name).
    return [
        Alerte("sortie_emploi", str(p.participant), p.pk, p.participant_id, None, dates[p.pk], p.referent_id)
        for p in _ouverts(parcours, au).filter(pk__in=list(dates))
    ]


def prescriptions_en_attente(prescriptions, *, au: datetime.date, compter: bool = False):
    limite = au - datetime.timedelta(days=ATTENTE_MAX_PRESCRIPTION)
    lignes = prescriptions.filter(statut=StatutPrescription.EN_ATTENTE, date_prescription__lt=limite)
    if compter:
        return _par_referent(lignes)
    lignes = lignes.order_by("date_prescription")
    return [
        Alerte("prescription", f"{p.nom.upper()} {p.prenom}", None, None, p.pk, p.date_prescription, p.referent_id)
        for p in lignes
    ]


def renvois_commission(
    parcours, *, au: datetime.date, compter: bool = False, parametres: ParametresAlertes | None = None
):
    """Entries or exits the commission sent back: the référent corrects and resubmits."""
    renvoyes = Q(entree_commission=StatutCommission.RENVOYEE) | Q(sortie_commission=StatutCommission.RENVOYEE)
    lignes = parcours.filter(renvoyes)
    if compter:
        return _par_referent(lignes)
    lignes = lignes.select_related("participant").order_by("pk")
    return [
        Alerte(
            "renvoi",
            str(p.participant),
            p.pk,
            p.participant_id,
            None,
            p.date_sortie or p.date_entree,
            p.referent_id,
            corriger="sortie" if p.sortie_commission == StatutCommission.RENVOYEE else "entree",
        )
        for p in lignes
    ]


REGLES = [
    sans_etape,
    sans_contact,
    bilans,
    points_etape,
    veilles_depassees,
    trente_mois,
    sorties_emploi,
    renvois_commission,
]


def alertes(parcours=None, prescriptions=None, *, au: datetime.date) -> list[Alerte]:
    """Every alert for these parcours and prescriptions, in the order of the missions."""
    parcours = parcours if parcours is not None else Parcours.objects.all()
    prescriptions = prescriptions if prescriptions is not None else Prescription.objects.all()
    parametres = ParametresAlertes.actuels()
    resultat = []
    for regle in REGLES:
        resultat += regle(parcours, au=au, parametres=parametres)
    return resultat + prescriptions_en_attente(prescriptions, au=au)


CODES = {
    sans_etape: "sans_etape",
    sans_contact: "sans_contact",
    bilans: "bilan",
    points_etape: "point_etape",
    veilles_depassees: "veille_depassee",
    trente_mois: "trente_mois",
    sorties_emploi: "sortie_emploi",
    renvois_commission: "renvoi",
}


def comptes(parcours=None, prescriptions=None, *, au: datetime.date) -> dict[str, collections.Counter]:
    """The same alerts as ``alertes``, counted by rule and référent in charge, without reading any name: for the
    summaries across référents."""
    parcours = parcours if parcours is not None else Parcours.objects.all()
    prescriptions = prescriptions if prescriptions is not None else Prescription.objects.all()
    parametres = ParametresAlertes.actuels()
    resultat = {CODES[regle]: regle(parcours, au=au, compter=True, parametres=parametres) for regle in REGLES}
    resultat["prescription"] = prescriptions_en_attente(prescriptions, au=au, compter=True)
    return resultat
