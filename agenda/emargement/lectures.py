"""The sheets as the screens read them: one contact's sheet, and the board of physical contacts still without a
signed sheet, by référent and month — counted in the database, the list paginated there."""

import datetime

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from agenda.emargement.contenu import ENTRETIEN, SEANCE
from agenda.enums import FEUILLES_PROBANTES, StatutActivite, StatutFeuille
from agenda.models import Activite, FeuilleEmargement, SignatureEmargement
from parcours.enums import ModeEntretien
from parcours.models import Entretien, Parcours
from participants.models import Referent


def libelle_feuille(feuille: FeuilleEmargement | None) -> str:
    return feuille.get_statut_display() if feuille is not None else "Sans feuille signée"


def contact(user, genre: str, pk: int):
    """The entretien or collective session a user may make sign (404 otherwise)."""
    if genre == ENTRETIEN:
        return get_object_or_404(
            Entretien.objects.filter(parcours__in=Parcours.objects.visibles_par(user)).select_related(
                "parcours__participant", "referent__structure"
            ),
            pk=pk,
        )
    if genre == SEANCE:
        return get_object_or_404(
            Activite.objects.visibles_par(user)
            .filter(categorie__collective=True)
            .select_related("categorie", "operation", "referent__structure"),
            pk=pk,
        )
    raise ValueError(genre)


# The physical contacts an attendance sheet proves (docs/fse.md, « L'émargement »): an entretien in person, a
# collective session held. One definition, for the board by référent and for the control's board by participant.
ENTRETIEN_PHYSIQUE = Q(mode=ModeEntretien.PRESENTIEL)
_TENUE = {"categorie__collective": True, "statut": StatutActivite.REALISEE}
SEANCE_TENUE = Q(**_TENUE)


def presences(parcours_ids, debut: datetime.date, fin: datetime.date):
    """The participants of the collective sessions held between two dates, one row per session and person
    (``Activite.participants.through``), without those its sheet marks absent: they were not there."""
    absent = SignatureEmargement.objects.filter(
        feuille__activite=OuterRef("activite"), parcours=OuterRef("parcours"), present=False
    )
    return Activite.participants.through.objects.filter(
        Q(**{f"activite__{champ}": valeur for champ, valeur in _TENUE.items()}),
        ~Exists(absent),
        parcours_id__in=parcours_ids,
        activite__date__range=(debut, fin),
    )


def _entretiens(referents, debut: datetime.date, fin: datetime.date):
    return Entretien.objects.filter(ENTRETIEN_PHYSIQUE, referent__in=referents, date__range=(debut, fin))


def _seances(referents, debut: datetime.date, fin: datetime.date):
    return Activite.objects.filter(SEANCE_TENUE, referent__in=referents, date__range=(debut, fin))


def par_parcours(parcours_ids, debut: datetime.date, fin: datetime.date) -> dict[int, dict[str, int]]:
    """For each parcours, its physical contacts between two dates and those a sheet proves (``contacts``,
    ``probantes``): two queries, whatever the number of parcours."""
    resultat: dict[int, dict[str, int]] = {}
    probante = Q(feuille_emargement__statut__in=FEUILLES_PROBANTES)
    entretiens = (
        Entretien.objects.filter(ENTRETIEN_PHYSIQUE, parcours_id__in=parcours_ids, date__range=(debut, fin))
        .order_by()
        .values("parcours_id")
        .annotate(contacts=Count("pk"), probantes=Count("pk", filter=probante))
    )
    seances = (
        presences(parcours_ids, debut, fin)
        .order_by()
        .values("parcours_id")
        .annotate(
            contacts=Count("pk"),
            probantes=Count("pk", filter=Q(activite__feuille_emargement__statut__in=FEUILLES_PROBANTES)),
        )
    )
    for requete in (entretiens, seances):
        for ligne in requete:
            compte = resultat.setdefault(ligne["parcours_id"], {"contacts": 0, "probantes": 0})
            compte["contacts"] += ligne["contacts"]
            compte["probantes"] += ligne["probantes"]
    return resultat


def _comptes():
    statut = "feuille_emargement__statut"
    return {
        "contacts": Count("pk"),
        "probantes": Count("pk", filter=Q(**{f"{statut}__in": FEUILLES_PROBANTES})),
        "declarees": Count("pk", filter=Q(**{statut: StatutFeuille.DECLAREE})),
        "a_resigner": Count("pk", filter=Q(**{statut: StatutFeuille.A_RESIGNER})),
    }


def tableau(referents, debut: datetime.date, fin: datetime.date) -> list[dict]:
    """Per référent with physical contacts between two dates: contacts, sheets that prove them, declared without a
    piece, to sign again, and missing (three queries, whatever the number of contacts)."""
    lignes: dict[int, dict] = {}
    for requete in (_entretiens(referents, debut, fin), _seances(referents, debut, fin)):
        for compte in requete.order_by().values("referent_id").annotate(**_comptes()):
            ligne = lignes.setdefault(
                compte["referent_id"], {"contacts": 0, "probantes": 0, "declarees": 0, "a_resigner": 0}
            )
            for cle in ("contacts", "probantes", "declarees", "a_resigner"):
                ligne[cle] += compte[cle]
    noms = Referent.objects.filter(pk__in=lignes).select_related("structure").order_by("nom", "prenom")
    resultat = []
    for referent in noms:
        ligne = lignes[referent.pk]
        ligne["referent"] = referent
        ligne["manquantes"] = ligne["contacts"] - ligne["probantes"]
        resultat.append(ligne)
    return resultat


def manquants(referent: Referent, debut: datetime.date, fin: datetime.date):
    """The référent's physical contacts between two dates without a sheet that proves them, in date order: a
    queryset of (genre, pk, date, statut) to paginate in the database."""
    statut = Coalesce(F("feuille_emargement__statut"), Value(""), output_field=CharField())
    sans = ~Q(feuille_emargement__statut__in=FEUILLES_PROBANTES) | Q(feuille_emargement__isnull=True)
    entretiens = (
        _entretiens([referent.pk], debut, fin)
        .filter(sans)
        .annotate(genre=Value(ENTRETIEN, output_field=CharField()), etat=statut)
        .order_by()
        .values_list("genre", "pk", "date", "etat")
    )
    seances = (
        _seances([referent.pk], debut, fin)
        .filter(sans)
        .annotate(genre=Value(SEANCE, output_field=CharField()), etat=statut)
        .order_by()
        .values_list("genre", "pk", "date", "etat")
    )
    return entretiens.union(seances, all=True).order_by("date", "pk")


def details(rangs, *, noms: bool) -> list[dict]:
    """The page's rows of ``manquants``, with what they are (and whom, for a reader of names): two queries."""
    ids_e = [pk for genre, pk, _d, _s in rangs if genre == ENTRETIEN]
    ids_s = [pk for genre, pk, _d, _s in rangs if genre == SEANCE]
    entretiens = Entretien.objects.select_related("parcours__participant").in_bulk(ids_e) if ids_e else {}
    seances = (
        Activite.objects.select_related("categorie").annotate(inscrits=Count("participants")).in_bulk(ids_s)
        if ids_s
        else {}
    )
    lignes = []
    for genre, pk, date, etat in rangs:
        if genre == ENTRETIEN:
            objet = entretiens[pk]
            quoi = objet.get_type_display()
            qui = str(objet.parcours.participant) if noms else "1 participant"
        else:
            objet = seances[pk]
            quoi = objet.intitule or str(objet.categorie)
            qui = f"{objet.inscrits} participant{'s' if objet.inscrits > 1 else ''}"
        lignes.append(
            {
                "genre": genre,
                "pk": pk,
                "date": date,
                "quoi": quoi,
                "qui": qui,
                "statut": StatutFeuille(etat).label if etat else "Sans feuille",
            }
        )
    return lignes
