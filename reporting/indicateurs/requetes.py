"""The database side of the engine: a fixed number of aggregate queries, whatever the number of rows.

Every function takes the period and the perimeter (None for the whole PLIE, or the ids of the référents whose
parcours and prescriptions count) and returns plain Python values. The definitions are those of docs/indicateurs.md.
"""

import datetime
from collections.abc import Collection
from decimal import Decimal

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from parcours.enums import StatutPrescription
from parcours.models import (
    AffectationReferent,
    Etape,
    Parcours,
    Prescription,
    TypeEtape,
    Veille,
    q_file_active,
)
from participants.models import Referent
from programmation.models import Operation
from reporting.indicateurs.periode import Periode
from reporting.indicateurs.structure import COMPTES_SUR_DEMANDE, GROUPES

Perimetre = Collection[int] | None
# The structure of the file active, counted only when asked (``compteurs_par_referent(..., structure=True)``).
STRUCTURE = COMPTES_SUR_DEMANDE


def _condition(cle: str) -> Q:
    """The condition of a group of the file active's structure counted on demand (all of them have one)."""
    condition = GROUPES[cle][1]
    assert condition is not None, cle
    return condition


def referent_au(date: datetime.date, prefixe: str = ""):
    """The référent in charge of the parcours at ``date``: the latest assignment started on or before it (a
    transfer keeps its date, so a past month stays as it was).

    The parcours' ``referent`` is its latest assignment, so only the parcours with an assignment after ``date``
    need the search: the others are matched by a hashed ``IN`` computed once, not by a lookup per row.
    """
    affectation = AffectationReferent.objects.filter(parcours=OuterRef(f"{prefixe}pk"), date_debut__lte=date).order_by(
        "-date_debut"
    )
    transferes_depuis = AffectationReferent.objects.filter(date_debut__gt=date).values("parcours_id")
    actuel = F(f"{prefixe}referent_id")
    return Case(
        When(
            **{f"{prefixe}pk__in": transferes_depuis},
            then=Coalesce(Subquery(affectation.values("referent_id")[:1]), actuel),
        ),
        default=actuel,
        output_field=BigIntegerField(),
    )


def _parcours(periode: Periode, perimetre: Perimetre, *, fin: datetime.date | None = None):
    """The parcours accompanied in the year at ``fin`` (by default the end of the month), with their référent at
    that date."""
    fin = fin or periode.fin_mois
    debut = datetime.date(fin.year, 1, 1)
    qs = Parcours.objects.accompagnes(debut=debut, fin=fin).annotate(referent_fin=referent_au(fin))
    return qs.filter(referent_fin__in=perimetre) if perimetre is not None else qs


def q_sorties(periode: Periode) -> Q:
    """The exits of the year so far (their référent: the one in charge at the exit)."""
    return Q(date_sortie__gte=periode.debut_annee, date_sortie__lte=periode.fin_mois)


def _etapes(periode: Periode, perimetre: Perimetre, *, par_referent: bool = False):
    """Étapes of the parcours accompanied in the year, in progress at some time of the year so far
    (``referent_fin``: the référent of their parcours at the end of the month, when asked or needed)."""
    fin, debut = periode.fin_mois, periode.debut_annee
    qs = Etape.objects.en_cours_entre(debut=debut, fin=fin).filter(
        Q(parcours__date_entree__lte=fin)
        & (Q(parcours__date_sortie__isnull=True) | Q(parcours__date_sortie__gte=debut))
    )
    if perimetre is not None or par_referent:
        qs = qs.annotate(referent_fin=referent_au(fin, "parcours__"))
    if perimetre is not None:
        qs = qs.filter(referent_fin__in=perimetre)
    return qs


def referents(periode: Periode, perimetre: Perimetre) -> list[Referent]:
    """Référents with their structure and their ETP at the end of the month (``etp``)."""
    qs = Referent.objects.avec_etp_au(periode.fin_mois).select_related("structure").order_by("structure__nom", "nom")
    if perimetre is not None:
        qs = qs.filter(pk__in=perimetre)
    return list(qs)


def etp_total_au(date: datetime.date, perimetre: Perimetre) -> Decimal:
    qs = Referent.objects.avec_etp_au(date)
    if perimetre is not None:
        qs = qs.filter(pk__in=perimetre)
    return qs.aggregate(total=Sum("etp"))["total"] or Decimal("0")


def compteurs_par_referent(periode: Periode, perimetre: Perimetre, *, structure: bool = False) -> dict[int, dict]:
    """Entries, accompanied, file active (in étape, in veille) and exits of the year, per référent in charge at
    fin_mois (for an exited parcours, the one in charge at its exit). ``structure``: also the women, RSA, QPV and
    45-and-over (at entry) of the file active, for the dashboards (the letter does without: two more joins)."""
    fin, debut_mois, debut_annee = periode.fin_mois, periode.debut_mois, periode.debut_annee
    etape_du_mois = Etape.objects.filter(parcours=OuterRef("pk")).en_cours_entre(debut=debut_mois, fin=fin)
    veille_fin_mois = Veille.objects.filter(parcours=OuterRef("pk"), date_debut__lte=fin).filter(
        Q(date_fin__isnull=True) | Q(date_fin__gte=fin)
    )
    fa = q_file_active(au=fin)
    sorties = q_sorties(periode)
    compteurs = {
        "entrees_mois": Count("pk", filter=Q(date_entree__gte=debut_mois)),
        "entrees_cumul": Count("pk", filter=Q(date_entree__gte=debut_annee)),
        "accompagnes": Count("pk"),
        "file_active": Count("pk", filter=fa),
        "en_etape": Count("pk", filter=fa & Q(a_une_etape=True)),
        "en_veille": Count("pk", filter=fa & Q(en_veille=True)),
        "sorties_cumul": Count("pk", filter=sorties),
        "sorties_positives_cumul": Count("pk", filter=sorties & Q(motif_sortie__positive=True)),
    }
    if structure:
        compteurs |= {cle: Count("pk", filter=fa & _condition(cle)) for cle in STRUCTURE}
    lignes = (
        _parcours(periode, perimetre)
        .annotate(a_une_etape=Exists(etape_du_mois), en_veille=Exists(veille_fin_mois))
        .values("referent_fin")
        .annotate(**compteurs)
        .order_by()
    )
    return {ligne.pop("referent_fin"): ligne for ligne in lignes}


def non_entrees_par_referent(periode: Periode, perimetre: Perimetre) -> dict[int, int]:
    qs = _non_entrees(periode, perimetre).values("referent_id").annotate(n=Count("pk")).order_by()
    return {ligne["referent_id"]: ligne["n"] for ligne in qs}


def _non_entrees(periode: Periode, perimetre: Perimetre):
    qs = Prescription.objects.filter(
        statut=StatutPrescription.NON_ENTREE,
        date_decision__gte=periode.debut_annee,
        date_decision__lte=periode.fin_mois,
    )
    return qs.filter(referent_id__in=perimetre) if perimetre is not None else qs


def non_entrees_par_motif(periode: Periode, perimetre: Perimetre) -> list[dict]:
    """[{motif, ordre, mois, n}] for the year so far."""
    return list(
        _non_entrees(periode, perimetre)
        .annotate(mois=ExtractMonth("date_decision"))
        .values("motif_non_entree__libelle", "motif_non_entree__ordre", "mois")
        .annotate(n=Count("pk"))
        .order_by()
    )


def prescriptions_par_groupe_et_mois(periode: Periode, perimetre: Perimetre) -> list[dict]:
    qs = Prescription.objects.filter(
        date_prescription__gte=periode.debut_annee, date_prescription__lte=periode.fin_mois
    )
    if perimetre is not None:
        qs = qs.filter(referent_id__in=perimetre)
    return list(
        qs.annotate(mois=ExtractMonth("date_prescription"))
        .values("prescripteur__groupe__groupe_lettre", "mois")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _entrees(debut: datetime.date, fin: datetime.date, perimetre: Perimetre, *, par_referent: bool = False):
    """Entries between ``debut`` and ``fin`` (one year at most) by (year, month, prescripteur group), with the
    sum of their pre-assignment durations; they belong to the référent in charge at ``fin`` (``r``)."""
    duree = ExpressionWrapper(F("date_entree") - F("prescription__date_prescription"), output_field=DurationField())
    qs = Parcours.objects.filter(date_entree__gte=debut, date_entree__lte=fin)
    cles = ["annee", "mois", "prescription__prescripteur__groupe__groupe_lettre"]
    if perimetre is not None or par_referent:
        qs = qs.annotate(r=referent_au(fin))
    if perimetre is not None:
        qs = qs.filter(r__in=perimetre)
    if par_referent:
        cles.insert(0, "r")
    return list(
        qs.annotate(annee=ExtractYear("date_entree"), mois=ExtractMonth("date_entree"))
        .values(*cles)
        .annotate(n=Count("pk"), jours=Sum(duree))
        .order_by()
    )


def entrees_par_mois(periode: Periode, perimetre: Perimetre) -> list[dict]:
    """Entries of the previous year and of the year so far, by (year, month, prescripteur group), with the sum
    of their pre-assignment durations. Each year's entries belong to the référent in charge at the end of the
    period they are counted in (31 December of the previous year, the end of the month)."""
    prec = periode.annee_precedente
    return _entrees(prec.debut_annee, datetime.date(prec.annee, 12, 31), perimetre) + _entrees(
        periode.debut_annee, periode.fin_mois, perimetre
    )


def entrees_par_referent(periode: Periode) -> list[dict]:
    """The entries of the year so far, grouped also by the référent in charge at the end of the month (``r``)."""
    return _entrees(periode.debut_annee, periode.fin_mois, None, par_referent=True)


def file_active_par_mois(periode: Periode, perimetre: Perimetre) -> dict:
    """The file active at the end of each month, of the previous year (12 months) and of the year so far; and,
    from the same scan, the previous year's entries and sorties positives up to the same month."""
    prec = periode.annee_precedente
    precedente = [Periode(prec.annee, m) for m in range(1, 13)]
    fins = periode.fins_de_mois()
    qs = Parcours.objects.filter(date_entree__lte=periode.fin_mois).filter(
        Q(date_sortie__isnull=True) | Q(date_sortie__gte=prec.debut_annee)
    )
    dates = {**{f"p{i}": p.fin_mois for i, p in enumerate(precedente)}, **{f"c{i}": d for i, d in enumerate(fins)}}
    filtres = {cle: q_file_active(au=d) for cle, d in dates.items()}
    # The previous year's cumuls belong to the référents in charge at the same month's end, like its file active.
    meme_mois = f"p{prec.mois - 1}"
    filtres["entrees_cumul"] = Q(date_entree__gte=prec.debut_annee, date_entree__lte=prec.fin_mois)
    filtres["sorties_positives_cumul"] = Q(
        date_sortie__gte=prec.debut_annee, date_sortie__lte=prec.fin_mois, motif_sortie__positive=True
    )
    if perimetre is not None:
        # Each month counts the parcours of the référents in charge at its end.
        qs = qs.annotate(**{f"r_{cle}": referent_au(d) for cle, d in dates.items()})
        filtres = {
            cle: q & Q(**{f"r_{cle if cle in dates else meme_mois}__in": perimetre}) for cle, q in filtres.items()
        }
    comptes = qs.aggregate(**{cle: Count("pk", filter=q) for cle, q in filtres.items()})
    return {
        "annee_precedente": [comptes[f"p{i}"] for i in range(12)],
        "annee": [comptes[f"c{i}"] for i in range(len(fins))],
        "precedente_a_date": {
            "entrees_cumul": comptes["entrees_cumul"],
            "file_active": comptes[meme_mois],
            "sorties_positives_cumul": comptes["sorties_positives_cumul"],
        },
    }


def _etapes_par_mois(periode: Periode, perimetre: Perimetre, *, par_referent: bool = False) -> list[dict]:
    """Étapes in progress during the year so far, by type and operation ids: ``m1``… the étapes in progress
    during each month, ``annee`` during the year so far, in one scan."""
    mois = [Periode(periode.annee, m) for m in range(1, periode.mois + 1)]
    par_mois = {
        f"m{p.mois}": Count(
            "pk", filter=Q(date_debut__lte=p.fin_mois) & (Q(date_fin__isnull=True) | Q(date_fin__gte=p.debut_mois))
        )
        for p in mois
    }
    cles = ["referent_fin"] if par_referent else []
    # Grouped by the keys, not by the labels: sorting 100 000 rows on integers, not on text. The labels follow.
    return list(
        _etapes(periode, perimetre, par_referent=par_referent)
        .values(*cles, "type_id", "operation_id")
        .annotate(**par_mois, annee=Count("pk"))
        .order_by()
    )


def etapes_par_type_et_mois(periode: Periode, perimetre: Perimetre) -> list[dict]:
    """Étapes in progress during the year so far, by type or operation: ``n`` during the letter's period (the
    month, or the year for the annual letter) and ``m1``… during each month."""
    return avec_libelles(periode, _etapes_par_mois(periode, perimetre))


def etapes_par_referent(periode: Periode) -> list[dict]:
    """The same rows, grouped also by the référent of the parcours at the end of the month (``referent_fin``)."""
    return _etapes_par_mois(periode, None, par_referent=True)


def avec_libelles(periode: Periode, lignes: list[dict]) -> list[dict]:
    """The étape rows completed with their type's and operation's labels, and ``n`` for the letter's period."""
    types = {
        t["id"]: {k: v for k, v in t.items() if k != "id"}
        for t in TypeEtape.objects.values("id", "categorie", "libelle", "ordre", "durable").order_by()
    }
    operations = dict(
        Operation.objects.filter(pk__in={ligne["operation_id"] for ligne in lignes} - {None})
        .values_list("id", "intitule")
        .order_by()
    )
    for ligne in lignes:
        for cle, valeur in types[ligne["type_id"]].items():
            ligne[f"type__{cle}"] = valeur
        ligne["operation__intitule"] = operations.get(ligne["operation_id"])
        # The rows hold the étapes in progress at some time of the year so far.
        ligne["n"] = ligne["annee"] if periode.est_annuelle else ligne[f"m{periode.mois}"]
    return lignes


MOTIF_SORTIE = (
    "motif_sortie__libelle",
    "motif_sortie__ordre",
    "motif_sortie__positive",
    "motif_sortie__neutralisee",
    "motif_sortie__vers_emploi",
    "motif_sortie__type_positive",
)


def _sorties_par_mois(periode: Periode, perimetre: Perimetre, *cles: str) -> list[dict]:
    return list(
        _parcours(periode, perimetre)
        .filter(q_sorties(periode))
        .annotate(mois=ExtractMonth("date_sortie"))
        .values("mois", *cles)
        .annotate(n=Count("pk"))
        .order_by()
    )


def sorties_par_motif_et_mois(periode: Periode, perimetre: Perimetre) -> list[dict]:
    """The exits of the year so far by month and exit motif."""
    return _sorties_par_mois(periode, perimetre, *MOTIF_SORTIE)


def sorties_par_referent(periode: Periode) -> list[dict]:
    """The same by motif id, grouped also by the référent in charge (``referent_fin``)."""
    return _sorties_par_mois(periode, None, "referent_fin", "motif_sortie_id")
