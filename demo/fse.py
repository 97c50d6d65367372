"""The demo's FSE+ data: the participations derived from the generated record, and most of the questionnaires a
référent would have filled, so that the completeness board and the indicator tables look like a PLIE's in the
course of a year (some data missing, some late). Deterministic for a seed."""

import datetime
import random

from django.utils import timezone

from fse import completude
from fse.enums import Genre, Reponse
from fse.models import DELAI_SEMAINES, DonneesEntree, DonneesSortie, Participation
from fse.participations import actualiser
from participants.enums import Sexe
from participants.models import Commune

# Two villages of the metropole are thinly populated (the DEGURBA « rural » class); the others are not. One
# commune is left unknown, as a PLIE that has not filled every commune would have.
RURALES = {"Flavignerot", "Corcelles-les-Monts"}
INCONNUE = "Ahuy"
PART_RENSEIGNEE = 0.85
MOTIFS_EMPLOI = {"emploi_durable", "emploi_aide", "creation_activite"}
MOTIFS_FORMATION = {"formation_qualifiante"}


def _reponse(rng: random.Random, oui: float, refus: float) -> str:
    tirage = rng.random()
    return Reponse.OUI if tirage < oui else Reponse.REFUS if tirage < oui + refus else Reponse.NON


def renseigner(*, seed: int, jusqua: datetime.date) -> tuple[int, int]:
    """Derive the participations, then answer the questionnaires of those whose data were due before
    ``jusqua``; return (entry questionnaires, exit questionnaires)."""
    rng = random.Random(seed * 7919 + 19)
    for commune in Commune.objects.exclude(nom=INCONNUE):
        commune.zone_rurale = commune.nom in RURALES
        commune.save(update_fields=["zone_rurale"])
    actualiser()
    delai = datetime.timedelta(weeks=DELAI_SEMAINES)
    entrees, sorties = [], []
    moment = datetime.datetime.combine(jusqua, datetime.time(12), tzinfo=datetime.UTC)
    lignes = Participation.objects.order_by("pk").values_list(
        "pk",
        "date_entree",
        "date_sortie",
        "parcours__participant__sexe",
        "parcours__date_sortie",
        "parcours__motif_sortie__code",
    )
    for pk, entree, sortie, sexe, sortie_parcours, motif in lignes.iterator(chunk_size=5000):
        if entree + delai <= jusqua and rng.random() < PART_RENSEIGNEE:
            genre = Genre.NON_BINAIRE if rng.random() < 0.005 else Genre.FEMME if sexe == Sexe.FEMME else Genre.HOMME
            entrees.append(
                DonneesEntree(
                    participation_id=pk,
                    genre=genre,
                    sans_domicile=_reponse(rng, 0.07, 0.03),
                    origine_etrangere=_reponse(rng, 0.28, 0.06),
                    minorite=_reponse(rng, 0.03, 0.10),
                    renseigne_le=moment,
                )
            )
        if sortie and sortie + delai <= jusqua and rng.random() < PART_RENSEIGNEE:
            motif = motif if sortie_parcours == sortie else ""  # an annual operation's end is not the exit
            formation = motif in MOTIFS_FORMATION or (not motif and rng.random() < 0.15)
            emploi = motif in MOTIFS_EMPLOI or (not motif and rng.random() < 0.25)
            sorties.append(
                DonneesSortie(
                    participation_id=pk,
                    date_situation=sortie + datetime.timedelta(days=rng.randint(0, 27)),
                    recherche_emploi=not emploi and not formation,
                    formation=formation,
                    qualification=formation and rng.random() < 0.6,
                    emploi=emploi,
                    renseigne_le=moment,
                )
            )
    DonneesEntree.objects.bulk_create(entrees, batch_size=2000)
    DonneesSortie.objects.bulk_create(sorties, batch_size=2000)
    # The board's stored states, with the answers just written.
    completude.evaluer(Participation.objects.all(), aujourd_hui=timezone.localdate())
    return len(entrees), len(sorties)
