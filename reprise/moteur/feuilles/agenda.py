"""The Activités and Temps validés sheets: the référents' agenda and the time their old tool validated, each row
through the agenda's services (agenda/services.py), which check every rule."""

from django.utils import timezone

from agenda import services as agenda_services
from agenda.enums import StatutActivite
from agenda.models import Activite
from agenda.portage import operation_par_defaut
from parcours.models import Parcours
from participants.models import Referent
from reprise.models import GenreCorrespondance
from reprise.moteur.resultats import A_CREER, A_METTRE_A_JOUR, Refus, Resultat

CHAMPS_ACTIVITE = ("categorie_id", "date", "debut", "fin", "duree_minutes", "operation_id", "intitule")


class FeuilleAgenda:
    """A part of ``Moteur`` (reprise/moteur/passe.py): the methods of its sheets."""

    def _referent_de(self, v: dict) -> Referent:
        referent_id = self._reference(GenreCorrespondance.REFERENT, v["referent"], "referent", "référent")
        return Referent.objects.get(pk=referent_id)

    def _activite(self, v: dict, r: Resultat) -> None:
        identifiant = v["identifiant"]
        referent = self._referent_de(v)
        participants = [
            Parcours.objects.get(pk=self._reference(GenreCorrespondance.PARCOURS, p, "participants", "le parcours"))
            for p in v.get("participants") or []
        ]
        operation = None
        if v.get("operation"):
            operation = self._operation(v.get("annee_operation") or v["date"].year, v["operation"])
        statut = v.get("statut") or (
            StatutActivite.REALISEE if v["date"] <= timezone.localdate() else StatutActivite.PREVUE
        )
        existante = self._existant(GenreCorrespondance.ACTIVITE, identifiant, Activite)
        if existante is not None and existante.referent_id != referent.pk:
            raise Refus("referent", "une activité reste dans l'agenda de son référent (importée chez un autre)")
        avant = _etat(existante)
        voulu = _voulu(referent, v, operation, statut, participants)
        if avant == voulu:
            self._lier(GenreCorrespondance.ACTIVITE, identifiant, existante.pk, r)
            return  # identical: not written again (its month may be validated since)
        activite = agenda_services.activite_enregistrer(
            referent=referent,
            categorie=v["categorie"],
            date=v["date"],
            debut=v.get("debut"),
            fin=v.get("fin"),
            duree_minutes=v.get("duree_minutes"),
            operation=operation,
            participants=participants,
            intitule=v.get("intitule") or "",
            realisee=statut == StatutActivite.REALISEE,
            activite=existante,
            par=self.par,
        )
        if activite.statut != statut:
            if statut != StatutActivite.PREVUE and activite.statut != StatutActivite.PREVUE:
                agenda_services.activite_changer_statut(activite=activite, vers=StatutActivite.PREVUE, par=self.par)
            agenda_services.activite_changer_statut(activite=activite, vers=statut, par=self.par)
        if existante is None:
            r.statut = A_CREER
        elif _etat(Activite.objects.get(pk=activite.pk)) != avant:
            r.statut = A_METTRE_A_JOUR
        self._lier(GenreCorrespondance.ACTIVITE, identifiant, activite.pk, r)

    def _temps(self, v: dict, r: Resultat) -> None:
        referent = self._referent_de(v)
        operation = self._operation(v["annee"], v["operation"]) if v.get("operation") else None
        if v["heures"] is None or v["heures"] <= 0:
            raise Refus("heures", "des heures positives sont attendues")
        cree = agenda_services.temps_reprendre(
            referent=referent,
            annee=v["annee"],
            mois=v["mois"],
            operation=operation,
            categorie=v.get("categorie") or "",
            minutes=int((v["heures"] * 60).to_integral_value()),
            lie_aux_participants=bool(v.get("participants")),
            par=self.par,
        )
        if cree is not None:
            r.statut = A_CREER if cree else A_METTRE_A_JOUR


def _voulu(referent, v: dict, operation, statut: str, participants: list) -> tuple:
    """What the row asks, as ``_etat`` reads an activity (the duration from the times, the default operation)."""
    debut, fin = v.get("debut"), v.get("fin")
    if operation is None:
        operation = operation_par_defaut(referent, v["date"].year)
    champs = (
        getattr(v["categorie"], "pk", None),
        v["date"],
        debut,
        fin,
        agenda_services.duree(v["date"], debut, fin, v.get("duree_minutes")),
        operation.pk if operation is not None else None,
        v.get("intitule") or "",
    )
    return (champs, statut, frozenset(p.pk for p in participants))


def _etat(activite: Activite | None):
    """What a re-import compares: the activity's fields, status and participants."""
    if activite is None:
        return None
    return (
        tuple(getattr(activite, champ) for champ in CHAMPS_ACTIVITE),
        activite.statut,
        frozenset(activite.participants.values_list("pk", flat=True)),
    )
