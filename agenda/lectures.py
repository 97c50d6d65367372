"""The agenda as the screens read it: a référent's week, day by day — their activities and the individual
entretiens they held (``parcours.Entretien``) — with each day's and the week's time; participants' names only for
whom may read them (the structure d'animation, the référent)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Sum

from agenda.emargement.contenu import demande_une_feuille
from agenda.enums import StatutActivite
from agenda.models import Activite, FeuilleEmargement
from parcours.enums import ModeEntretien
from parcours.models import Entretien, Parcours
from participants.models import Referent

JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def lundi_de(jour: datetime.date) -> datetime.date:
    return jour - datetime.timedelta(days=jour.weekday())


@dataclass
class Ligne:
    """One line of a day: an activity, or an individual entretien."""

    date: datetime.date
    debut: datetime.time | None
    fin: datetime.time | None
    duree_minutes: int
    quoi: str
    statut: str  # StatutActivite; an entretien recorded is done
    operation: str
    participants: list[str] | None  # None: hidden from this reader
    nombre_participants: int
    activite: Activite | None = None
    entretien: Entretien | None = None
    emargement: str = ""  # a physical contact's sheet, as its status reads; "" when it has none to have

    @property
    def genre_emargement(self) -> str:
        return "entretien" if self.entretien else "seance"

    @property
    def objet(self):
        return self.entretien or self.activite


@dataclass
class Jour:
    date: datetime.date
    nom: str
    lignes: list[Ligne] = field(default_factory=list)

    @property
    def minutes_realisees(self) -> int:
        return sum(ligne.duree_minutes for ligne in self.lignes if ligne.statut == StatutActivite.REALISEE)

    @property
    def minutes_prevues(self) -> int:
        return sum(ligne.duree_minutes for ligne in self.lignes if ligne.statut == StatutActivite.PREVUE)


def semaine(referent: Referent, lundi: datetime.date, *, noms: bool) -> dict:
    """The week from ``lundi`` (a Monday) of ``referent``: seven days, each with its lines in time order, and the
    week's minutes done and planned (a fixed number of queries, whatever the lines)."""
    dimanche = lundi + datetime.timedelta(days=6)
    activites = (
        Activite.objects.filter(referent=referent, date__range=(lundi, dimanche))
        .select_related("categorie", "operation", "feuille_emargement")
        .prefetch_related(
            Prefetch("participants", queryset=Parcours.objects.select_related("participant").order_by("pk"))
        )
    )
    entretiens = Entretien.objects.filter(referent=referent, date__range=(lundi, dimanche)).select_related(
        "parcours__participant", "feuille_emargement"
    )
    jours = [Jour(lundi + datetime.timedelta(days=i), JOURS[i]) for i in range(7)]
    for activite in activites:
        inscrits = list(activite.participants.all())
        jours[activite.date.weekday()].lignes.append(
            Ligne(
                date=activite.date,
                debut=activite.debut,
                fin=activite.fin,
                duree_minutes=activite.duree_minutes,
                quoi=activite.intitule or str(activite.categorie),
                statut=activite.statut,
                operation=str(activite.operation or ""),
                participants=[str(p.participant) for p in inscrits] if noms else None,
                nombre_participants=len(inscrits),
                activite=activite,
                emargement=_emargement(activite) if demande_une_feuille(activite) else "",
            )
        )
    for entretien in entretiens:
        quoi = f"{entretien.get_type_display()} ({ModeEntretien(entretien.mode).label.lower()})"
        jours[entretien.date.weekday()].lignes.append(
            Ligne(
                date=entretien.date,
                debut=None,
                fin=None,
                duree_minutes=entretien.duree_minutes,
                quoi=quoi,
                statut=StatutActivite.REALISEE,
                operation="",
                participants=[str(entretien.parcours.participant)] if noms else None,
                nombre_participants=1,
                entretien=entretien,
                emargement=_emargement(entretien) if demande_une_feuille(entretien) else "",
            )
        )
    for jour in jours:
        jour.lignes.sort(key=lambda ligne: (ligne.debut is None, ligne.debut or datetime.time(0), ligne.quoi))
    return {
        "lundi": lundi,
        "dimanche": dimanche,
        "jours": jours,
        "minutes_realisees": sum(j.minutes_realisees for j in jours),
        "minutes_prevues": sum(j.minutes_prevues for j in jours),
    }


def _emargement(objet) -> str:
    try:
        return objet.feuille_emargement.get_statut_display()
    except FeuilleEmargement.DoesNotExist:
        return "Sans feuille signée"


def minutes_realisees(referent: Referent, debut: datetime.date, fin: datetime.date) -> int:
    """The référent's time done between two dates, activities and entretiens (counted in the database)."""
    activites = Activite.objects.filter(
        referent=referent, date__range=(debut, fin), statut=StatutActivite.REALISEE
    ).aggregate(m=Sum("duree_minutes"))["m"]
    entretiens = Entretien.objects.filter(referent=referent, date__range=(debut, fin)).aggregate(
        m=Sum("duree_minutes")
    )["m"]
    return (activites or 0) + (entretiens or 0)
