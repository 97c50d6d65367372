"""The alerts of the référent's missions (call for projects 2018, annex 3), computed for a set of parcours.

Each rule is one database query whatever the number of parcours (annotations, then a light pass in Python for
month arithmetic), and answers the same at its boundaries as the tests say: "for 3 months" includes exactly
3 months, "the 6-month date" is the day the 6 months are reached.
"""

import calendar
import collections
import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, Max, OuterRef, Q

from parcours.enums import CategorieEtape, StatutCommission, StatutPrescription, TypeEntretien
from parcours.models import Entretien, Etape, Parcours, Prescription, Veille

MOIS_BILANS = (6, 12, 18, 24, 30)
TRENTE_MOIS = relativedelta(months=30)
DUREE_SUIVI_EMPLOI = relativedelta(months=6)
JOURS_CUMUL_EMPLOI = 183  # 6 months of interim or short contracts...
FENETRE_CUMUL_EMPLOI = relativedelta(months=12)  # ...within 12 months
ATTENTE_MAX_PRESCRIPTION = 15
# Contracts whose follow-up ends 6 months after the hiring, and those that count by accumulated days (CDD or
# interim cumulating 6 months within 12). Insertion contracts (CDDI) do not lead to an employment exit.
EMPLOIS_A_DATE_FIXE = ("contrat_long", "contrat_pro_apprentissage", "creation_activite", "contrat_aide")
EMPLOIS_CUMULES = ("interim", "cdd_court", "clause_insertion")


@dataclass(frozen=True)
class Alerte:
    code: str
    libelle: str
    parcours_id: int | None
    participant_id: int | None
    prescription_id: int | None
    date: datetime.date  # since when, or when it is due
    referent_id: int | None = None  # the référent in charge (the pre-assigned one for a prescription)

    @property
    def titre(self) -> str:
        return TITRES[self.code]


TITRES = {
    "sans_etape": "Sans étape depuis 3 mois",
    "sans_contact": "Aucun contact ce mois-ci",
    "bilan": "Bilan de parcours à faire",
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


def sans_etape(parcours, *, au: datetime.date, compter: bool = False):
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


def sans_contact(parcours, *, au: datetime.date, compter: bool = False):
    """No entretien or contact of any kind since the 1st of the month; people in veille and entered this month
    excepted."""
    debut_mois = au.replace(day=1)
    contact = Entretien.objects.filter(parcours=OuterRef("pk"), date__gte=debut_mois, date__lte=au)
    lignes = (
        parcours.file_active(au=au)
        .filter(date_entree__lt=debut_mois)
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


def _mois_apres(jour: datetime.date, mois: int) -> datetime.date:
    """``jour + relativedelta(months=mois)`` (the day kept, or the month's last day), at a fraction of its cost:
    the rules below call it for every open parcours or every day worked."""
    rang = jour.month - 1 + mois
    annee, numero = jour.year + rang // 12, rang % 12 + 1
    if jour.day <= 28:  # every month has that day
        return datetime.date(annee, numero, jour.day)
    return datetime.date(annee, numero, min(jour.day, calendar.monthrange(annee, numero)[1]))


def bilan_du(date_entree: datetime.date, au: datetime.date) -> datetime.date | None:
    """The due date of the latest bilan milestone (6, 12, 18, 24, 30 months) reached at ``au``."""
    echeances = [_mois_apres(date_entree, m) for m in MOIS_BILANS]
    atteintes = [e for e in echeances if e <= au]
    return atteintes[-1] if atteintes else None


def bilans(parcours, *, au: datetime.date, compter: bool = False):
    """A bilan milestone is reached and no bilan was held since the month before it."""
    lignes = (
        parcours.file_active(au=au)
        .annotate(dernier_bilan=Max("entretiens__date", filter=Q(entretiens__type=TypeEntretien.BILAN)))
        .values_list("pk", "date_entree", "dernier_bilan", "referent_id")
        .order_by()
    )
    echeances, referents = {}, collections.Counter()
    for pk, date_entree, dernier_bilan, referent_id in lignes:
        echeance = bilan_du(date_entree, au)
        if echeance and not (dernier_bilan and dernier_bilan >= _mois_apres(echeance, -1)):
            echeances[pk] = echeance
            referents[referent_id] += 1
    if compter:
        return referents
    # Only the parcours with an alert are read in full (their participant's name).
    return [
        Alerte("bilan", str(p.participant), p.pk, p.participant_id, None, echeances[p.pk], p.referent_id)
        for p in _ouverts(parcours, au).filter(pk__in=list(echeances))
    ]


def veilles_depassees(parcours, *, au: datetime.date, compter: bool = False):
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


def trente_mois(parcours, *, au: datetime.date, compter: bool = False):
    lignes = parcours.file_active(au=au).filter(date_entree__lte=au - relativedelta(months=30))
    if compter:
        return _par_referent(lignes)
    return [
        Alerte(
            "trente_mois",
            str(p.participant),
            p.pk,
            p.participant_id,
            None,
            p.date_entree + relativedelta(months=30),
            p.referent_id,
        )
        for p in _lisibles(lignes)
    ]


def date_sortie_emploi(etapes: list[tuple[str, datetime.date, datetime.date | None]], *, au: datetime.date):
    """The day an employment exit may be recorded, from the employment étapes (type code, start, end).

    6 months after the hiring for a long contract, a professionalisation or aided contract, a business
    creation; for interim and short contracts, the day 6 months (183 days) of work are reached within 12 months.
    None while neither is reached by ``au``.
    """
    dates = []
    for code, debut, fin in etapes:
        if code in EMPLOIS_A_DATE_FIXE and (fin is None or fin >= debut + DUREE_SUIVI_EMPLOI):
            dates.append(debut + DUREE_SUIVI_EMPLOI)
    # Days worked, as ordinals (a set of integers filled by ranges: fast on 100 000 parcours).
    jours_travailles = set()
    for code, debut, fin in etapes:
        if code in EMPLOIS_CUMULES:
            jours_travailles.update(range(debut.toordinal(), min(fin or au, au).toordinal() + 1))
    if len(jours_travailles) >= JOURS_CUMUL_EMPLOI:  # fewer days in all cannot make 6 months in any window
        fenetre = collections.deque()
        for jour in sorted(jours_travailles):
            fenetre.append(jour)
            limite = _mois_apres(datetime.date.fromordinal(jour), -12).toordinal()  # - FENETRE_CUMUL_EMPLOI
            while fenetre[0] <= limite:
                fenetre.popleft()
            if len(fenetre) >= JOURS_CUMUL_EMPLOI:
                dates.append(datetime.date.fromordinal(jour))
                break
    possibles = [d for d in dates if d <= au]
    return min(possibles) if possibles else None


def sorties_emploi(parcours, *, au: datetime.date, compter: bool = False):
    """Open parcours whose employment follow-up has reached the day the positive exit can be recorded."""
    etapes = (
        Etape.objects.filter(parcours__in=parcours.file_active(au=au).values("pk"))
        .filter(type__categorie=CategorieEtape.EMPLOI, date_debut__lte=au)
        .values_list("parcours_id", "type__code", "date_debut", "date_fin", "parcours__referent_id")
    )
    par_parcours: dict[int, list] = {}
    referent_de = {}
    for parcours_id, code, debut, fin, referent_id in etapes:
        par_parcours.setdefault(parcours_id, []).append((code, debut, fin))
        referent_de[parcours_id] = referent_id
    dates = {pk: date for pk, liste in par_parcours.items() if (date := date_sortie_emploi(liste, au=au))}
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


def renvois_commission(parcours, *, au: datetime.date, compter: bool = False):
    """Entries or exits the commission sent back: the référent corrects and resubmits."""
    renvoyes = Q(entree_commission=StatutCommission.RENVOYEE) | Q(sortie_commission=StatutCommission.RENVOYEE)
    lignes = parcours.filter(renvoyes)
    if compter:
        return _par_referent(lignes)
    lignes = lignes.select_related("participant").order_by("pk")
    return [
        Alerte(
            "renvoi", str(p.participant), p.pk, p.participant_id, None, p.date_sortie or p.date_entree, p.referent_id
        )
        for p in lignes
    ]


REGLES = [sans_etape, sans_contact, bilans, veilles_depassees, trente_mois, sorties_emploi, renvois_commission]


def alertes(parcours=None, prescriptions=None, *, au: datetime.date) -> list[Alerte]:
    """Every alert for these parcours and prescriptions, in the order of the missions."""
    parcours = parcours if parcours is not None else Parcours.objects.all()
    prescriptions = prescriptions if prescriptions is not None else Prescription.objects.all()
    resultat = []
    for regle in REGLES:
        resultat += regle(parcours, au=au)
    return resultat + prescriptions_en_attente(prescriptions, au=au)


CODES = {
    sans_etape: "sans_etape",
    sans_contact: "sans_contact",
    bilans: "bilan",
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
    resultat = {CODES[regle]: regle(parcours, au=au, compter=True) for regle in REGLES}
    resultat["prescription"] = prescriptions_en_attente(prescriptions, au=au, compter=True)
    return resultat


@dataclass(frozen=True)
class SuiviEmploi:
    sortie_possible_le: datetime.date | None  # reached: the positive exit can be recorded from this day
    prevue_le: datetime.date | None  # not reached yet: the day it will be, if the contract goes on
    jours_cumules: int  # days of interim or short contracts within the last 12 months


def suivi_emploi(etapes: list[tuple[str, datetime.date, datetime.date | None]], *, au: datetime.date):
    """What the file shows during the follow-up in employment."""
    atteinte = date_sortie_emploi(etapes, au=au)
    prevues = [
        debut + DUREE_SUIVI_EMPLOI
        for code, debut, fin in etapes
        if code in EMPLOIS_A_DATE_FIXE and debut <= au and (fin is None or fin >= debut + DUREE_SUIVI_EMPLOI)
    ]
    futures = [d for d in prevues if d > au]
    debut_fenetre = au - FENETRE_CUMUL_EMPLOI
    jours = set()
    for code, debut, fin in etapes:
        if code in EMPLOIS_CUMULES:
            jour, dernier = max(debut, debut_fenetre + datetime.timedelta(days=1)), min(fin or au, au)
            while jour <= dernier:
                jours.add(jour)
                jour += datetime.timedelta(days=1)
    if not (atteinte or futures or jours):
        return None
    return SuiviEmploi(atteinte, min(futures) if futures and not atteinte else None, len(jours))
