"""The Référents and ETP sheets: the référents and their full-time equivalents."""

from django.core.exceptions import ValidationError

from participants import services as participants_services
from participants.models import Referent, ReferentEtp
from reprise.models import GenreCorrespondance
from reprise.moteur.communs import appliquer
from reprise.moteur.resultats import A_CREER, A_METTRE_A_JOUR, Refus, Resultat


class FeuilleReferents:
    """A part of ``Moteur`` (reprise/moteur/passe.py): the methods of its sheet."""

    def _referent(self, v: dict, r: Resultat) -> None:
        identifiant = v["identifiant"]
        try:
            referent = self._existant(GenreCorrespondance.REFERENT, identifiant, Referent)
            donnees = {k: v[k] for k in ("prenom", "nom", "email", "telephone", "structure")}
            if referent is None:
                referent = participants_services.referent_enregistrer(referent=Referent(**donnees))
                r.statut = A_CREER
            elif appliquer(referent, self._lues(donnees), r):
                participants_services.referent_enregistrer(referent=referent)
        except (ValidationError, Refus):
            self._marquer_erreur(GenreCorrespondance.REFERENT, identifiant, r)
            raise
        self._lier(GenreCorrespondance.REFERENT, identifiant, referent.pk, r)

    def _etp(self, v: dict, r: Resultat) -> None:
        referent_id = self._reference(GenreCorrespondance.REFERENT, v["referent"], "referent", "référent")
        ligne = ReferentEtp.objects.filter(referent_id=referent_id, date_debut=v["date_debut"]).first()
        if ligne is not None and ligne.etp == v["etp"]:
            return
        r.statut = A_CREER if ligne is None else A_METTRE_A_JOUR
        participants_services.etp_enregistrer(
            referent=Referent.objects.get(pk=referent_id), date_debut=v["date_debut"], etp=v["etp"]
        )
