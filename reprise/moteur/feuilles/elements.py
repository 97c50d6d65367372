"""The Étapes, Veilles and Entretiens sheets: each element of a parcours through its service."""

from agenda.emargement import services as emargement
from parcours import services as parcours_services
from parcours.enums import IssueEtape
from parcours.models import RAISON_REPRISE, Entretien, Etape, Veille
from reprise.models import GenreCorrespondance
from reprise.moteur.communs import CHAMPS_ENTRETIEN, CHAMPS_ETAPE, CHAMPS_VEILLE, VIDE, appliquer
from reprise.moteur.resultats import A_CREER, Refus, Resultat
from reprise.valeurs import ValeurInvalide


class FeuilleElements:
    """A part of ``Moteur`` (reprise/moteur/passe.py): the methods of its sheet."""

    def _element(self, genre: str, modele_, v: dict, r: Resultat, donnees: dict):
        identifiant = v["identifiant"]
        parcours = self._parcours_de(v, r)
        element = self._existant(genre, identifiant, modele_)
        donnees = {"parcours": parcours, **donnees}
        if element is None:
            nouveau = modele_(**donnees)
            nouveau._change_reason = RAISON_REPRISE  # its history says it came from the old tool, not when it happened
            element = parcours_services.element_enregistrer(element=nouveau, par=self.par)
            r.statut = A_CREER
        elif appliquer(element, self._lues(donnees), r):
            parcours_services.element_enregistrer(element=element, par=self.par)
        self._lier(genre, identifiant, element.pk, r)
        return element

    def _etape(self, v: dict, r: Resultat) -> None:
        donnees = {k: v.get(k, VIDE.get(k, "")) for k in CHAMPS_ETAPE}
        if donnees["date_fin"] and not donnees["issue"]:
            donnees["issue"] = IssueEtape.TERMINEE
            r.note = "issue non renseignée : « Terminée »"
        donnees["operation"] = None
        if v.get("operation"):
            donnees["operation"] = self._operation(v.get("annee_operation") or v["date_debut"].year, v["operation"])
        self._element(GenreCorrespondance.ETAPE, Etape, v, r, donnees)

    def _veille(self, v: dict, r: Resultat) -> None:
        donnees = {k: v.get(k) for k in CHAMPS_VEILLE}
        self._element(GenreCorrespondance.VEILLE, Veille, v, r, donnees)

    def _entretien(self, v: dict, r: Resultat) -> None:
        donnees = {k: v.get(k, VIDE.get(k)) for k in CHAMPS_ENTRETIEN}
        entretien = self._element(GenreCorrespondance.ENTRETIEN, Entretien, v, r, donnees)
        if v.get("emargement_signe"):
            # The old tool's « signé », without the sheet: « déclarée, sans pièce » (a sheet held stays).
            emargement.emargement_declarer(entretien=entretien, par=self.par)

    def _operation(self, annee: int, intitule: str):
        referentiel = self.operations.get(annee)
        if referentiel is None:
            raise Refus("operation", f"aucune opération n'est programmée en {annee}")
        try:
            return referentiel.trouver(intitule)
        except ValeurInvalide as erreur:
            raise Refus("operation", f"{erreur} (programmation {annee})") from None
