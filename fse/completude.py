"""The completeness board: for each participation, whether its entry and exit data are complete, still to be
completed within the four weeks, or late; whether the six-month survey has a contact; what the consistency
checks say (docs/fse.md, « Complétude »).

The states are computed by the database (``avec_etats``: one definition) and the consistency checks from each
participation's indicator row (``indicateurs.incoherences``). Both are stored on the participation
(``evaluer``: ``etat_entree``, ``etat_sortie``, ``contact_manquant``, ``incoherente``) by the synchronisation
(every night, a minute after the structure d'animation's board found them older, on each référent's board for
their portfolio) and by the services for the participation they change; the board counts, filters and pages on
the stored states in SQL, and the rows it shows are computed afresh."""

import dataclasses
import datetime

from django.db import connection, transaction
from django.db.models import BooleanField, Case, Count, ExpressionWrapper, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from fse import indicateurs
from fse.enums import EtatDonnees
from fse.models import DELAI_SEMAINES, ComptesCompletude, Participation
from participants.models import Referent
from programmation.models import Operation

DELAI = datetime.timedelta(weeks=DELAI_SEMAINES)
LOT = 2000
VERROU_COMPTES = 7302  # namespace of the advisory lock taken while a year's counts are replaced

# The board's filters, over the stored states.
EN_RETARD = Q(etat_entree=EtatDonnees.EN_RETARD) | Q(etat_sortie=EtatDonnees.EN_RETARD)
A_COMPLETER = ~Q(etat_entree=EtatDonnees.COMPLETES) | Q(
    etat_sortie__in=(EtatDonnees.A_COMPLETER, EtatDonnees.EN_RETARD)
)
FILTRES = {
    "a_revoir": A_COMPLETER | Q(incoherente=True),
    "en_retard": EN_RETARD,
    "incoherentes": Q(incoherente=True),
    "toutes": Q(),
}


def avec_etats(participations, *, aujourd_hui: datetime.date):
    """Annotate ``calcul_entree``, ``calcul_sortie`` (an ``EtatDonnees``) and ``calcul_contact_manquant`` as of
    ``aujourd_hui``: entry data are due within four weeks of the entry; exit data and a phone or e-mail for the
    six-month survey within four weeks of the exit. Late the day after the 28th day."""
    limite = aujourd_hui - DELAI
    contact = ~Q(parcours__participant__telephone="") | ~Q(parcours__participant__email="")
    return participations.annotate(
        # Joins on the one-to-one answers (hashed once for the whole list), not a subquery per participation.
        entree_presente=ExpressionWrapper(Q(donnees_entree__isnull=False), output_field=BooleanField()),
        sortie_presente=ExpressionWrapper(Q(donnees_sortie__isnull=False), output_field=BooleanField()),
        avec_contact=ExpressionWrapper(contact, output_field=BooleanField()),
    ).annotate(
        calcul_entree=Case(
            When(entree_presente=True, then=Value(EtatDonnees.COMPLETES)),
            When(date_entree__lt=limite, then=Value(EtatDonnees.EN_RETARD)),
            default=Value(EtatDonnees.A_COMPLETER),
        ),
        calcul_sortie=Case(
            When(date_sortie__isnull=True, then=Value(EtatDonnees.SANS_OBJET)),
            When(Q(sortie_presente=True, avec_contact=True), then=Value(EtatDonnees.COMPLETES)),
            When(date_sortie__lt=limite, then=Value(EtatDonnees.EN_RETARD)),
            default=Value(EtatDonnees.A_COMPLETER),
        ),
        calcul_contact_manquant=ExpressionWrapper(Q(date_sortie__isnull=False, avec_contact=False), BooleanField()),
    )


@dataclasses.dataclass
class Suivi:
    participation: Participation
    valeurs: dict[str, bool]
    entree: str
    sortie: str
    contact_manquant: bool
    incoherences: list[str]

    @property
    def echeance_entree(self) -> datetime.date:
        return self.participation.date_entree + DELAI

    @property
    def echeance_sortie(self) -> datetime.date | None:
        return self.participation.date_sortie + DELAI if self.participation.date_sortie else None


def suivis(participations, *, aujourd_hui: datetime.date) -> list[Suivi]:
    """The rows a page shows (a page of the board, a parcours, one participation), with their checks' messages:
    their cost is the rows', two queries."""
    return [
        Suivi(
            participation=p,
            valeurs=valeurs,
            entree=p.calcul_entree,
            sortie=p.calcul_sortie,
            contact_manquant=p.calcul_contact_manquant,
            incoherences=indicateurs.incoherences(p, valeurs),
        )
        for p, valeurs in indicateurs.avec_lignes(avec_etats(participations, aujourd_hui=aujourd_hui))
    ]


CHAMPS_EVALUES = ("etat_entree", "etat_sortie", "contact_manquant", "incoherente", "evaluee_le")


def evaluer(participations, *, aujourd_hui: datetime.date) -> int:
    """Store each participation's states and checks as of ``aujourd_hui`` (what the board counts and filters
    on), by batches; return how many changed."""
    changees = 0
    ids = list(participations.order_by("pk").values_list("pk", flat=True))
    for debut in range(0, len(ids), LOT):
        lot = avec_etats(Participation.objects.filter(pk__in=ids[debut : debut + LOT]), aujourd_hui=aujourd_hui)
        modifiees = []
        for participation, valeurs in indicateurs.avec_lignes(lot):
            avant = tuple(getattr(participation, champ) for champ in CHAMPS_EVALUES)
            participation.etat_entree = participation.calcul_entree
            participation.etat_sortie = participation.calcul_sortie
            participation.contact_manquant = participation.calcul_contact_manquant
            participation.incoherente = bool(indicateurs.incoherences(participation, valeurs))
            participation.evaluee_le = aujourd_hui
            if tuple(getattr(participation, champ) for champ in CHAMPS_EVALUES) != avant:
                modifiees.append(participation)
        Participation.objects.bulk_update(modifiees, CHAMPS_EVALUES, batch_size=500)
        changees += len(modifiees)
    return changees


@dataclasses.dataclass
class Compte:
    libelle: str
    cle: int
    participations: int = 0
    entree_a_completer: int = 0
    entree_en_retard: int = 0
    sortie_a_completer: int = 0
    sortie_en_retard: int = 0
    contact_manquant: int = 0
    incoherentes: int = 0


COMPTES = {
    "participations": Q(),
    "entree_a_completer": Q(etat_entree=EtatDonnees.A_COMPLETER),
    "entree_en_retard": Q(etat_entree=EtatDonnees.EN_RETARD),
    "sortie_a_completer": Q(etat_sortie=EtatDonnees.A_COMPLETER),
    "sortie_en_retard": Q(etat_sortie=EtatDonnees.EN_RETARD),
    "contact_manquant": Q(contact_manquant=True),
    "incoherentes": Q(incoherente=True),
}


COMPTAGES = {cle: Coalesce(Count("pk", filter=condition), 0) for cle, condition in COMPTES.items()}


def du_tableau(participations, operations):
    """The participations the board counts: those of ``operations`` the managing authority receives, their
    person not anonymised."""
    return participations.comptees().filter(operation__in=operations, parcours__participant__anonymise_le__isnull=True)


def _nommer(comptes: dict, par: str) -> list[Compte]:
    modele = Operation if par == "operation" else Referent
    objets = modele.objects.filter(pk__in=list(comptes)) if comptes else modele.objects.none()
    resultat = [Compte(libelle=str(objet), cle=objet.pk, **comptes[objet.pk]) for objet in objets]
    return sorted(resultat, key=lambda c: c.libelle)


def bilan(participations, *, par: str) -> list[Compte]:
    """Counts per operation (``par="operation"``) or per current référent of the parcours (``"referent"``) of
    the stored states, counted by the database: two queries whatever the number of participations (a
    référent's portfolio)."""
    champ = "operation_id" if par == "operation" else "parcours__referent_id"
    lignes = participations.values(champ).annotate(**COMPTAGES).order_by()
    return _nommer({ligne.pop(champ): ligne for ligne in lignes}, par)


def enregistrer_comptes(annee: int, operations) -> int:
    """Store the year's counts per operation and référent (the background synchronisation, once the states are
    evaluated). Returns the rows stored."""
    lignes = (
        du_tableau(Participation.objects.all(), operations)
        .values("operation_id", "parcours__referent_id")
        .annotate(**COMPTAGES)
        .order_by()
    )
    comptes = [
        ComptesCompletude(
            annee=annee,
            operation_id=ligne.pop("operation_id"),
            referent_id=ligne.pop("parcours__referent_id"),
            **ligne,
        )
        for ligne in lignes
    ]
    with transaction.atomic():
        if connection.vendor == "postgresql":  # two synchronisations of one year at once: one after the other
            with connection.cursor() as curseur:
                curseur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [VERROU_COMPTES, annee])
        ComptesCompletude.objects.filter(annee=annee).delete()
        ComptesCompletude.objects.bulk_create(comptes)
    return len(comptes)


def bilan_enregistre(annee: int, *, par: str, operation=None, referent=None) -> list[Compte]:
    """``bilan`` of the year's participations, from the counts the last synchronisation stored."""
    comptes = ComptesCompletude.objects.filter(annee=annee)
    if operation is not None:
        comptes = comptes.filter(operation=operation)
    if referent is not None:
        comptes = comptes.filter(referent=referent)
    champ = "operation_id" if par == "operation" else "referent_id"
    lignes = comptes.values(champ).annotate(**{cle: Sum(cle) for cle in COMPTES}).order_by()
    return _nommer({ligne.pop(champ): ligne for ligne in lignes}, par)
