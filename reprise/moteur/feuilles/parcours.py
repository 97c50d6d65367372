"""The Parcours and Transferts sheets: each entry recorded or corrected, each change of référent."""

from django.core.exceptions import ValidationError

from parcours import eligibilite
from parcours import services as parcours_services
from parcours.enums import StatutCommission
from parcours.models import AffectationReferent, Parcours, Prescription
from participants.enums import NiveauFormation
from participants.models import Participant, Referent
from reprise.models import GenreCorrespondance
from reprise.moteur.communs import CHAMPS_SITUATION, VIDE, ecarts, note_modifies
from reprise.moteur.resultats import A_CREER, A_METTRE_A_JOUR, IDENTIQUE, NouvellePersonne, Refus, Resultat


class FeuilleParcours:
    """A part of ``Moteur`` (reprise/moteur/passe.py): the methods of its sheet."""

    def _parcours(self, v: dict, r: Resultat) -> None:
        identifiant = v["identifiant"]
        try:
            self._parcours_ecrire(identifiant, v, r)
        except (ValidationError, Refus):
            self._marquer_erreur(GenreCorrespondance.PARCOURS, identifiant, r)
            raise

    def _parcours_ecrire(self, identifiant: str, v: dict, r: Resultat) -> None:
        personne = self._reference(GenreCorrespondance.PERSONNE, v["personne"], "personne", "personne")
        prescription_id = self._reference(
            GenreCorrespondance.PRESCRIPTION, v["prescription"], "prescription", "prescription"
        )
        nouvelle = personne if isinstance(personne, NouvellePersonne) else None
        if nouvelle and nouvelle.participant_id:
            personne, nouvelle = nouvelle.participant_id, None
        commune_personne = nouvelle.donnees["commune"] if nouvelle else Participant.objects.get(pk=personne).commune
        situation = {k: v.get(k, VIDE.get(k, False)) for k in CHAMPS_SITUATION}
        situation["commune"] = v.get("commune") or commune_personne
        situation["quartier"] = self._quartier(v.get("quartier", ""), situation["commune"])
        situation["niveau_formation"] = v.get("niveau_formation") or NiveauFormation.INCONNU
        criteres = v.get("criteres", [])
        parcours = self._existant(GenreCorrespondance.PARCOURS, identifiant, Parcours)
        if parcours is None:
            prescription = Prescription.objects.get(pk=prescription_id)
            parcours = parcours_services.entree_enregistrer(
                prescription=prescription,
                participant=None if nouvelle else Participant.objects.get(pk=personne),
                nouvelle_personne=nouvelle.donnees if nouvelle else None,
                ressemblances_vues=nouvelle.vues if nouvelle else (),
                date_entree=v["date_entree"],
                criteres=criteres,
                par=self.par,
                **situation,
            )
            r.statut = A_CREER
            if nouvelle:
                nouvelle.participant_id = parcours.participant_id
                nouvelle.resultat.participant = parcours.participant_id
                self._lier(GenreCorrespondance.PERSONNE, v["personne"], parcours.participant_id, nouvelle.resultat)
            self.entrees_attendues.pop(v["prescription"], None)
        else:
            situation = self._lues(situation)
            differences = ecarts(parcours, {"date_entree": v["date_entree"], **situation})
            actuels = list(parcours.criteres.exclude(code__in=eligibilite.DERIVES))
            if "criteres" in self.colonnes_lues:
                codes = {c.code for c in criteres} - set(eligibilite.DERIVES)
                if codes != {c.code for c in actuels}:
                    differences["criteres"] = criteres
            else:
                criteres = actuels
            if differences:
                parcours_services.entree_corriger(
                    parcours=parcours, date_entree=v["date_entree"], criteres=criteres, par=self.par, **situation
                )
                r.statut = A_METTRE_A_JOUR
                r.note = note_modifies(Parcours, differences)
        r.participant = parcours.participant_id
        # Only what the import brought is « reprise »: a parcours entered here and corrected by a file goes back to
        # the commission, as the correction service decided.
        if r.statut == A_CREER:
            self.crees.add(parcours.pk)
        if r.statut == A_CREER or (r.statut != IDENTIQUE and parcours.entree_commission == StatutCommission.REPRISE):
            self._repris(parcours.pk, "entree")
        self._lier(GenreCorrespondance.PARCOURS, identifiant, parcours.pk, r)

    def _parcours_de(self, v: dict, r: Resultat) -> Parcours:
        pk = self._reference(GenreCorrespondance.PARCOURS, v["parcours"], "parcours", "parcours")
        parcours = Parcours.objects.get(pk=pk)
        r.participant = parcours.participant_id
        return parcours

    def _transfert(self, v: dict, r: Resultat) -> None:
        parcours = self._parcours_de(v, r)
        referent_id = self._reference(GenreCorrespondance.REFERENT, v["referent"], "referent", "référent")
        if AffectationReferent.objects.filter(
            parcours=parcours, date_debut=v["date"], referent_id=referent_id
        ).exists():
            return
        parcours_services.parcours_transferer(
            parcours=parcours, referent=Referent.objects.get(pk=referent_id), date=v["date"], par=self.par
        )
        r.statut = A_CREER
