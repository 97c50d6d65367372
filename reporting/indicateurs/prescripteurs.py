"""What became of a prescribing organisation's prescriptions: the figures of its feedback page and of its monthly
e-mail (docs/prescripteurs.md). Counts only, in a constant number of queries whatever the data.

The conventions are the letter's: a prescription counts in the period it was sent, an entry at its date of entry,
a non-entry at its date of decision; "en attente" is the stock waiting at the end of the period."""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Q

from parcours.enums import GroupeMotifPrescripteur, StatutPrescription
from parcours.models import Parcours, Prescription


@dataclass(frozen=True)
class Compte:
    libelle: str
    n: int


@dataclass(frozen=True)
class GroupeNonEntrees:
    groupe: str
    libelle: str
    n: int
    motifs: list[Compte] = field(default_factory=list)  # the detail: for the structure d'animation only


@dataclass(frozen=True)
class RetourPrescripteur:
    debut: datetime.date
    fin: datetime.date
    prescriptions: int
    en_ligne: int
    en_attente: int
    entrees: int
    non_entrees: int
    groupes: list[GroupeNonEntrees]
    delai_moyen_jours: float | None
    delai_median_jours: float | None
    parcours_en_cours: int
    sorties_positives: int
    autres_sorties: int

    @property
    def decidees(self) -> int:
        return self.entrees + self.non_entrees

    @property
    def taux_entree(self) -> float | None:
        """Entries among the prescriptions decided in the period, in %."""
        return round(100 * self.entrees / self.decidees, 1) if self.decidees else None


def _groupes(lignes: list[dict], *, detail: bool) -> list[GroupeNonEntrees]:
    par_groupe: dict[str, list[Compte]] = {}
    for ligne in lignes:
        par_groupe.setdefault(ligne["motif_non_entree__groupe_prescripteur"], []).append(
            Compte(ligne["motif_non_entree__libelle"], ligne["n"])
        )
    groupes = []
    for groupe in GroupeMotifPrescripteur:
        motifs = par_groupe.get(groupe.value, [])
        if not motifs:
            continue
        detaille = sorted(motifs, key=lambda c: (-c.n, c.libelle)) if detail else []
        groupes.append(GroupeNonEntrees(groupe.value, groupe.label, sum(c.n for c in motifs), detaille))
    return groupes


def retour(
    *, prescripteur_id: int | None, debut: datetime.date, fin: datetime.date, detail: bool = False
) -> RetourPrescripteur:
    """The figures of one prescribing organisation (or of all of them, ``None``) between two dates included.

    ``detail``: the detailed motifs within each group, for the structure d'animation. Never for a prescriber: any
    count of a detailed motif, set against another period's or against their list (which dates each non-entry and
    names its group), can tell which motif — health, maternity, "already accompanied" — is a named person's."""
    prescriptions = Prescription.objects.all()
    parcours = Parcours.objects.all()
    if prescripteur_id is not None:
        prescriptions = prescriptions.filter(prescripteur_id=prescripteur_id)
        parcours = parcours.filter(prescription__prescripteur_id=prescripteur_id)
    envoyees = Q(date_prescription__gte=debut, date_prescription__lte=fin)
    comptes = prescriptions.aggregate(
        prescriptions=Count("pk", filter=envoyees),
        en_ligne=Count("pk", filter=envoyees & Q(origine="en_ligne")),
        en_attente=Count(
            "pk",
            filter=Q(date_prescription__lte=fin)
            & (Q(statut=StatutPrescription.EN_ATTENTE) | Q(date_decision__gt=fin)),
        ),
        non_entrees=Count(
            "pk", filter=Q(statut=StatutPrescription.NON_ENTREE, date_decision__gte=debut, date_decision__lte=fin)
        ),
    )
    motifs = list(
        prescriptions.filter(statut=StatutPrescription.NON_ENTREE, date_decision__gte=debut, date_decision__lte=fin)
        .values("motif_non_entree__groupe_prescripteur", "motif_non_entree__libelle")
        .annotate(n=Count("pk"))
        .order_by()
    )
    entrees = list(
        parcours.filter(date_entree__gte=debut, date_entree__lte=fin).values_list(
            "date_entree", "prescription__date_prescription", "date_sortie", "motif_sortie__positive"
        )
    )
    delais = [(entree - prescrite).days for entree, prescrite, _, _ in entrees]
    en_cours = sum(1 for *_, sortie, _ in entrees if sortie is None or sortie > fin)
    positives = sum(1 for *_, sortie, positive in entrees if sortie is not None and sortie <= fin and positive)
    return RetourPrescripteur(
        debut=debut,
        fin=fin,
        prescriptions=comptes["prescriptions"],
        en_ligne=comptes["en_ligne"],
        en_attente=comptes["en_attente"],
        entrees=len(entrees),
        non_entrees=comptes["non_entrees"],
        groupes=_groupes(motifs, detail=detail),
        delai_moyen_jours=round(statistics.fmean(delais), 1) if delais else None,
        delai_median_jours=statistics.median(delais) if delais else None,
        parcours_en_cours=en_cours,
        sorties_positives=positives,
        autres_sorties=len(entrees) - en_cours - positives,
    )
