"""The completeness board: for each participation, whether its entry and exit data are complete, still to be
completed within the four weeks, or late; whether the six-month survey has a contact; what the consistency
checks say (docs/fse.md, « Complétude »).

The states are computed by the database (``avec_etats``), so that the board counts and pages in SQL whatever the
number of participations; the consistency checks need each participation's indicator row
(``indicateurs.incoherences``): their result is stored on the participation (``incoherente``) when the
participations are synchronised (``marquer``), and their messages are computed for the rows a page shows."""

import dataclasses
import datetime

from django.db.models import BooleanField, Case, Count, Exists, ExpressionWrapper, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce

from fse import indicateurs
from fse.enums import EtatDonnees
from fse.models import DELAI_SEMAINES, DonneesEntree, DonneesSortie, Participation
from participants.models import Referent
from programmation.models import Operation

DELAI = datetime.timedelta(weeks=DELAI_SEMAINES)
LOT = 2000

# The board's filters, over the annotations of ``avec_etats``.
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
    """Annotate ``etat_entree``, ``etat_sortie`` (an ``EtatDonnees``) and ``contact_manquant``: entry data are
    due within four weeks of the entry; exit data and a phone or e-mail for the six-month survey within four
    weeks of the exit. Late the day after the 28th day."""
    limite = aujourd_hui - DELAI
    contact = ~Q(parcours__participant__telephone="") | ~Q(parcours__participant__email="")
    return participations.annotate(
        entree_presente=Exists(DonneesEntree.objects.filter(participation=OuterRef("pk"))),
        sortie_presente=Exists(DonneesSortie.objects.filter(participation=OuterRef("pk"))),
        avec_contact=ExpressionWrapper(contact, output_field=BooleanField()),
    ).annotate(
        etat_entree=Case(
            When(entree_presente=True, then=Value(EtatDonnees.COMPLETES)),
            When(date_entree__lt=limite, then=Value(EtatDonnees.EN_RETARD)),
            default=Value(EtatDonnees.A_COMPLETER),
        ),
        etat_sortie=Case(
            When(date_sortie__isnull=True, then=Value(EtatDonnees.SANS_OBJET)),
            When(Q(sortie_presente=True, avec_contact=True), then=Value(EtatDonnees.COMPLETES)),
            When(date_sortie__lt=limite, then=Value(EtatDonnees.EN_RETARD)),
            default=Value(EtatDonnees.A_COMPLETER),
        ),
        contact_manquant=ExpressionWrapper(Q(date_sortie__isnull=False, avec_contact=False), BooleanField()),
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

    @property
    def en_retard(self) -> bool:
        return EtatDonnees.EN_RETARD in (self.entree, self.sortie)


def suivis(participations, *, aujourd_hui: datetime.date) -> list[Suivi]:
    """The rows a page shows (a page of the board, a parcours, one participation), with their checks' messages:
    their cost is the rows', two queries."""
    return [
        Suivi(
            participation=p,
            valeurs=valeurs,
            entree=p.etat_entree,
            sortie=p.etat_sortie,
            contact_manquant=p.contact_manquant,
            incoherences=indicateurs.incoherences(p, valeurs),
        )
        for p, valeurs in indicateurs.avec_lignes(avec_etats(participations, aujourd_hui=aujourd_hui))
    ]


def marquer(participations) -> int:
    """Store whether each participation fails a consistency check (what the board counts and filters on), by
    batches; return how many changed."""
    changees = 0
    ids = list(participations.order_by("pk").values_list("pk", flat=True))
    for debut in range(0, len(ids), LOT):
        lot = Participation.objects.filter(pk__in=ids[debut : debut + LOT])
        modifiees = []
        for participation, valeurs in indicateurs.avec_lignes(lot):
            incoherente = bool(indicateurs.incoherences(participation, valeurs))
            if participation.incoherente != incoherente:
                participation.incoherente = incoherente
                modifiees.append(participation)
        Participation.objects.bulk_update(modifiees, ["incoherente"], batch_size=500)
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


def bilan(participations, *, par: str, aujourd_hui: datetime.date) -> list[Compte]:
    """Counts per operation (``par="operation"``) or per current référent of the parcours (``"referent"``),
    counted by the database: two queries whatever the number of participations."""
    champ = "operation_id" if par == "operation" else "parcours__referent_id"
    lignes = (
        avec_etats(participations, aujourd_hui=aujourd_hui)
        .values(champ)
        .annotate(**{cle: Coalesce(Count("pk", filter=condition), 0) for cle, condition in COMPTES.items()})
        .order_by()
    )
    comptes = {ligne.pop(champ): ligne for ligne in lignes}
    modele = Operation if par == "operation" else Referent
    objets = modele.objects.filter(pk__in=list(comptes)) if comptes else modele.objects.none()
    resultat = [Compte(libelle=str(objet), cle=objet.pk, **comptes[objet.pk]) for objet in objets]
    return sorted(resultat, key=lambda c: c.libelle)
