"""The Prescriptions sheet: each prescription created, corrected, pre-assigned or decided."""

from django.core.exceptions import ValidationError

from parcours import services as parcours_services
from parcours.enums import StatutPrescription
from parcours.models import Prescription
from participants.models import Referent
from reprise.models import GenreCorrespondance
from reprise.moteur.communs import CHAMPS_PRESCRIPTION, VIDE, ecarts, note_modifies
from reprise.moteur.resultats import A_CREER, A_METTRE_A_JOUR, Refus, Resultat


class FeuillePrescriptions:
    """A part of ``Moteur`` (reprise/moteur/passe.py): the methods of its sheet."""

    def _prescription(self, v: dict, r: Resultat) -> None:
        identifiant = v["identifiant"]
        try:
            self._prescription_ecrire(identifiant, v, r)
        except (ValidationError, Refus):
            self._marquer_erreur(GenreCorrespondance.PRESCRIPTION, identifiant, r)
            raise

    def _prescription_ecrire(self, identifiant: str, v: dict, r: Resultat) -> None:
        prescription = self._existant(GenreCorrespondance.PRESCRIPTION, identifiant, Prescription)
        referent_id = self._reference(GenreCorrespondance.REFERENT, v.get("referent", ""), "referent", "référent")
        # An empty décision says nothing: a prescription the file's parcours entered is decided after the first run.
        statut = v.get("statut") or (prescription.statut if prescription else StatutPrescription.EN_ATTENTE)
        donnees = {k: v.get(k) if k in v else VIDE.get(k, "") for k in CHAMPS_PRESCRIPTION}
        preaffectation = v.get("date_preaffectation") or (v["date_prescription"] if referent_id else None)
        if statut == StatutPrescription.NON_ENTREE:
            if not v.get("date_decision"):
                raise Refus("date_decision", "obligatoire pour une non-entrée")
            if not v.get("motif_non_entree"):
                raise Refus("motif_non_entree", "obligatoire pour une non-entrée")
        if prescription is None:
            prescription = parcours_services.prescription_creer(
                par=self.par, **donnees, referent_id=referent_id, date_preaffectation=preaffectation
            )
            r.statut = A_CREER
        else:
            differences = ecarts(prescription, self._lues(donnees))
            if not prescription.est_decidee:
                if differences:
                    parcours_services.prescription_modifier(prescription=prescription, par=self.par, **differences)
                if referent_id and (
                    referent_id != prescription.referent_id or preaffectation != prescription.date_preaffectation
                ):
                    differences["referent"] = referent_id
                    prescription = parcours_services.prescription_preaffecter(
                        prescription=prescription,
                        referent=Referent.objects.get(pk=referent_id),
                        date=preaffectation,
                        par=self.par,
                    )
            else:
                attendu = (statut, referent_id)
                if statut == StatutPrescription.NON_ENTREE:
                    attendu += (v["date_decision"], v["motif_non_entree"].pk, v.get("commentaire_decision", ""))
                actuel = (prescription.statut, prescription.referent_id)
                if prescription.statut == StatutPrescription.NON_ENTREE:
                    actuel += (
                        prescription.date_decision,
                        prescription.motif_non_entree_id,
                        prescription.commentaire_decision,
                    )
                if differences or attendu != actuel:
                    # The service refuses, with its own message, to change a decided prescription.
                    parcours_services.prescription_modifier(prescription=prescription, par=self.par, **differences)
                    raise Refus("statut", "Cette prescription est déjà décidée : sa décision ne change plus.")
            if differences:
                r.statut = A_METTRE_A_JOUR
                r.note = note_modifies(Prescription, differences)
        if statut == StatutPrescription.NON_ENTREE and not prescription.est_decidee:
            parcours_services.prescription_non_entree(
                par=self.par,
                prescription=prescription,
                motif=v["motif_non_entree"],
                date=v["date_decision"],
                commentaire=v.get("commentaire_decision", ""),
            )
            r.statut = A_CREER if r.statut == A_CREER else A_METTRE_A_JOUR
        if statut == StatutPrescription.ENTREE and not prescription.est_decidee:
            self.entrees_attendues[identifiant] = r
        self._lier(GenreCorrespondance.PRESCRIPTION, identifiant, prescription.pk, r)
