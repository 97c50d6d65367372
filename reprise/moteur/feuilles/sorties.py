"""The Sorties sheet: each exit recorded or corrected."""

from parcours import services as parcours_services
from parcours.enums import StatutCommission
from parcours.models import ExceptionReprise
from reprise.moteur.resultats import A_CREER, A_METTRE_A_JOUR, IDENTIQUE, Resultat


class FeuilleSorties:
    """A part of ``Moteur`` (reprise/moteur/passe.py): the methods of its sheet."""

    def _sortie(self, v: dict, r: Resultat) -> None:
        parcours = self._parcours_de(v, r)
        commentaire = v.get("commentaire", "")
        exception = None
        if v.get("exception"):
            exception = parcours_services.Exception_(justification=v["exception"], source=self.source, par=self.par)
        actuel = (parcours.date_sortie, parcours.motif_sortie_id, parcours.commentaire_sortie)
        if actuel == (v["date_sortie"], v["motif"].pk, commentaire):
            pass
        elif parcours.date_sortie is None:
            parcours_services.sortie_enregistrer(
                par=self.par,
                parcours=parcours,
                date_sortie=v["date_sortie"],
                motif=v["motif"],
                commentaire=commentaire,
                exception=exception,
            )
            r.statut = A_CREER
        else:
            parcours_services.sortie_corriger(
                parcours=parcours,
                date_sortie=v["date_sortie"],
                motif=v["motif"],
                commentaire=commentaire,
                par=self.par,
                exception=exception,
            )
            r.statut = A_METTRE_A_JOUR
        exception_ = ExceptionReprise.objects.filter(parcours=parcours).first()
        if exception_:
            r.exception = True
            r.note = f"reprise sous exception ({exception_.get_regle_display().lower()}) : {exception_.message}"
        repris = parcours.pk in self.crees or StatutCommission.REPRISE in (
            parcours.entree_commission,
            parcours.sortie_commission,
        )
        if r.statut != IDENTIQUE and repris:
            self._repris(parcours.pk, "sortie")
