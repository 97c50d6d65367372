"""The engine's monthly summaries: building them, knowing when they may be read, reading them.

At national scale the letter's heavy queries scan every parcours and étape of the year (about a second on a
small machine). Their results for one month, grouped by the référent in charge at its end, are stored
(``reporting.models_syntheses``); a letter then sums a few thousand rows. The summaries are the same queries'
results, not a second definition: ``actualiser`` stores what ``requetes`` returns, and the readers below give
back exactly what ``requetes`` would (tested on random histories, whole PLIE and perimeters).

They are read only when up to date: every month the letter needs is stored, and no change recorded by the
database triggers (``declencheurs``) reaches the letter's month; ``reporting.chiffres`` decides, and otherwise
has the engine compute live and asks for a refresh. The engine itself (``reporting.indicateurs``) knows nothing of
the summaries: it computes from the source it is given. PostgreSQL only: on SQLite (the embedded default, demo
scale) the engine is always live.
"""

import contextlib
import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min, Q, Sum
from django.utils import timezone

from parcours.models import Parcours
from plie import actualisations
from reporting.indicateurs import requetes
from reporting.indicateurs.periode import Periode
from reporting.indicateurs.requetes import MOTIF_SORTIE, STRUCTURE, Perimetre
from reporting.models_syntheses import (
    Invalidation,
    SyntheseEntrees,
    SyntheseEtapes,
    SyntheseMois,
    SyntheseReferent,
    SyntheseSorties,
)

NOM = "syntheses"  # plie.actualisations
TACHE_ACTUALISATION = "reporting.actualiser_syntheses"
VERROU = 7_301_917  # the advisory lock one refresh holds at a time
COMPTEURS = tuple(
    f.name for f in SyntheseReferent._meta.concrete_fields if f.name not in {"id", "mois", "referent"} | set(STRUCTURE)
)
LOT = 5000


def actives() -> bool:
    return settings.SYNTHESES_ACTIVES and connection.vendor == "postgresql"


def mois_lus(periode: Periode) -> list[datetime.date]:
    """The months whose summaries the letter of ``periode`` reads: the previous year's and the year's so far."""
    return [Periode(periode.annee - 1, m).fin_mois for m in range(1, 13)] + periode.fins_de_mois()


def a_jour(periode: Periode) -> bool:
    """May the letter of ``periode`` be read from the summaries?"""
    if not actives():
        return False
    mois = mois_lus(periode)
    if SyntheseMois.objects.filter(mois__in=mois).count() != len(mois):
        return False
    premier_jour_lu = datetime.date(periode.annee - 1, 1, 1)
    atteints = Q(depuis__lte=periode.fin_mois) & (Q(jusqua__isnull=True) | Q(jusqua__gte=premier_jour_lu))
    return not Invalidation.objects.filter(atteints).exists()


def demander_actualisation() -> None:
    """Ask for a refresh after the current transaction: the worker's, or the embedded mode's background thread.
    However many letters find the summaries stale, one task waits at a time (``plie.actualisations``). The task
    is started by its name: this module does not import the tasks (which import the letters, which read the
    figures)."""
    if actives() and settings.SYNTHESES_AUTOMATIQUES:
        actualisations.demander(NOM, TACHE_ACTUALISATION)


# Reading: the same results as ``requetes``' functions of the same names.


def _du_perimetre(qs, perimetre: Perimetre):
    return qs.filter(referent_id__in=perimetre) if perimetre is not None else qs


def compteurs_par_referent(periode: Periode, perimetre: Perimetre, *, structure: bool = False) -> dict[int, dict]:
    champs = COMPTEURS + (STRUCTURE if structure else ())
    lignes = _du_perimetre(SyntheseReferent.objects.filter(mois=periode.fin_mois), perimetre)
    return {ligne.pop("referent_id"): ligne for ligne in lignes.values("referent_id", *champs)}


def entrees_par_mois(periode: Periode, perimetre: Perimetre) -> list[dict]:
    # The previous year's entries are those of its December summary (référent in charge on 31 December).
    mois = [datetime.date(periode.annee - 1, 12, 31), periode.fin_mois]
    lignes = _du_perimetre(SyntheseEntrees.objects.filter(mois__in=mois), perimetre)
    return [
        {
            "annee": ligne["mois"].year,
            "mois": ligne["mois_entree"],
            "prescription__prescripteur__groupe__groupe_lettre": ligne["groupe"],
            "n": ligne["n"],
            "jours": ligne["jours"],
        }
        for ligne in lignes.values("mois", "mois_entree", "groupe").annotate(n=Sum("n"), jours=Sum("jours")).order_by()
    ]


def file_active_par_mois(periode: Periode, perimetre: Perimetre) -> dict:
    prec = periode.annee_precedente
    precedente = [Periode(prec.annee, m).fin_mois for m in range(1, 13)]
    fins = periode.fins_de_mois()
    lignes = _du_perimetre(SyntheseReferent.objects.filter(mois__in=precedente + fins), perimetre)
    sommes = {
        ligne.pop("mois"): ligne
        for ligne in lignes.values("mois")
        .annotate(
            file_active=Sum("file_active"),
            entrees_cumul=Sum("entrees_cumul"),
            sorties_positives_cumul=Sum("sorties_positives_cumul"),
        )
        .order_by()
    }
    vide = {"file_active": 0, "entrees_cumul": 0, "sorties_positives_cumul": 0}
    return {
        "annee_precedente": [sommes.get(fin, vide)["file_active"] for fin in precedente],
        "annee": [sommes.get(fin, vide)["file_active"] for fin in fins],
        "precedente_a_date": sommes.get(prec.fin_mois, vide),
    }


def etapes_par_type_et_mois(periode: Periode, perimetre: Perimetre) -> list[dict]:
    par_mois = {f"m{m}": Sum(f"m{m}") for m in range(1, periode.mois + 1)}
    lignes = _du_perimetre(SyntheseEtapes.objects.filter(mois=periode.fin_mois), perimetre)
    return requetes.avec_libelles(
        periode, list(lignes.values("type_id", "operation_id").annotate(**par_mois, annee=Sum("annee")).order_by())
    )


def sorties_par_motif_et_mois(periode: Periode, perimetre: Perimetre) -> list[dict]:
    lignes = _du_perimetre(SyntheseSorties.objects.filter(mois=periode.fin_mois), perimetre)
    return [
        {**ligne, "mois": ligne.pop("mois_sortie")}
        for ligne in lignes.values("mois_sortie", *MOTIF_SORTIE).annotate(n=Sum("n")).order_by()
    ]


# Building.


def _construire(periode: Periode) -> None:
    """Store the summaries of one month: what ``requetes`` returns for it, grouped by référent."""
    fin = periode.fin_mois
    SyntheseReferent.objects.bulk_create(
        (
            SyntheseReferent(mois=fin, referent_id=referent, **compteurs)
            for referent, compteurs in requetes.compteurs_par_referent(periode, None, structure=True).items()
        ),
        batch_size=LOT,
    )
    SyntheseEntrees.objects.bulk_create(
        (
            SyntheseEntrees(
                mois=fin,
                referent_id=ligne["r"],
                mois_entree=ligne["mois"],
                groupe=ligne["prescription__prescripteur__groupe__groupe_lettre"],
                n=ligne["n"],
                jours=ligne["jours"],
            )
            for ligne in requetes.entrees_par_referent(periode)
        ),
        batch_size=LOT,
    )
    SyntheseEtapes.objects.bulk_create(
        (
            SyntheseEtapes(mois=fin, referent_id=ligne.pop("referent_fin"), **ligne)
            for ligne in requetes.etapes_par_referent(periode)
        ),
        batch_size=LOT,
    )
    SyntheseSorties.objects.bulk_create(
        (
            SyntheseSorties(
                mois=fin,
                referent_id=ligne["referent_fin"],
                mois_sortie=ligne["mois"],
                motif_sortie_id=ligne["motif_sortie_id"],
                n=ligne["n"],
            )
            for ligne in requetes.sorties_par_referent(periode)
        ),
        batch_size=LOT,
    )
    SyntheseMois.objects.create(mois=fin)


def _effacer(mois: list[datetime.date]) -> None:
    for modele in (SyntheseReferent, SyntheseEntrees, SyntheseEtapes, SyntheseSorties, SyntheseMois):
        modele.objects.filter(mois__in=mois).delete()


def _fusionner(intervalles: list[tuple[datetime.date, datetime.date | None]]) -> list[tuple]:
    """The changes' date ranges merged (an import records thousands): sorted, overlapping ones joined; None as an
    end runs until today."""
    fusionnes: list[list] = []
    for debut, fin in sorted(intervalles, key=lambda i: (i[0], i[1] or datetime.date.max)):
        if fusionnes and (fusionnes[-1][1] is None or debut <= fusionnes[-1][1]):
            if fusionnes[-1][1] is not None:
                fusionnes[-1][1] = None if fin is None else max(fin, fusionnes[-1][1])
        else:
            fusionnes.append([debut, fin])
    return [tuple(i) for i in fusionnes]


def _atteint(periode: Periode, atteints: list[tuple]) -> bool:
    """Does a change reach the month: ending on or after its first day, beginning on or before its last."""
    return any(debut <= periode.fin_mois and (fin is None or periode.debut_mois <= fin) for debut, fin in atteints)


def _periodes(premier: datetime.date, aujourdhui: datetime.date) -> list[Periode]:
    """From January of the year before the first entry (the previous year a letter compares with) to the
    current month."""
    annee, mois, periodes = premier.year - 1, 1, []
    while (annee, mois) <= (aujourdhui.year, aujourdhui.month):
        periodes.append(Periode(annee, mois))
        annee, mois = (annee + 1, 1) if mois == 12 else (annee, mois + 1)
    return periodes


@contextlib.contextmanager
def _verrou():
    with connection.cursor() as curseur:
        curseur.execute("SELECT pg_try_advisory_lock(%s)", [VERROU])
        obtenu = curseur.fetchone()[0]
    try:
        yield obtenu
    finally:
        if obtenu:
            with connection.cursor() as curseur:
                curseur.execute("SELECT pg_advisory_unlock(%s)", [VERROU])


def actualiser(aujourdhui: datetime.date | None = None, *, tout: bool = False, progression=None) -> int | None:
    """Recompute the summaries that changes have made stale, and the missing months up to the current one.

    One refresh at a time (``None`` when another one holds the lock). All in one transaction on one snapshot
    (repeatable read): the changes it reads are those its queries see; a change committed meanwhile keeps its
    invalidation, so the months it reaches stay unread until the next refresh. Returns the months computed.
    """
    if not actives():
        return 0
    aujourdhui = aujourdhui or timezone.localdate()
    deja_dans_une_transaction = connection.in_atomic_block
    with _verrou() as obtenu:
        if not obtenu:
            return None
        with transaction.atomic():
            if not deja_dans_une_transaction:
                with connection.cursor() as curseur:
                    curseur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            invalidations = list(Invalidation.objects.values_list("id", "depuis", "jusqua"))
            atteints = [(datetime.date.min, None)] if tout else _fusionner([(d, j) for _, d, j in invalidations])
            premier = Parcours.objects.aggregate(premier=Min("date_entree"))["premier"]
            voulus = [p for p in _periodes(premier, aujourdhui)] if premier else []
            presents = set(SyntheseMois.objects.values_list("mois", flat=True))
            a_faire = [p for p in voulus if p.fin_mois not in presents or _atteint(p, atteints)]
            gardes = {p.fin_mois for p in voulus} - {p.fin_mois for p in a_faire}
            _effacer([m for m in presents if m not in gardes])
            for rang, periode in enumerate(a_faire, start=1):
                _construire(periode)
                if progression:
                    progression(rang, len(a_faire), periode)
            Invalidation.objects.filter(id__in=[i for i, _, _ in invalidations]).delete()
    return len(a_faire)
