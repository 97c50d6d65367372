"""The Données FSE sheet: each participation's answers, once the parcours are written."""

from fse import services as fse_services
from fse.models import DonneesEntree, DonneesSortie, Participation
from fse.participations import operations_fse, synchroniser
from reprise import modele
from reprise.models import GenreCorrespondance
from reprise.moteur.communs import CHAMPS_FSE_ENTREE, CHAMPS_FSE_SORTIE, ecarts
from reprise.moteur.resultats import A_CREER, A_METTRE_A_JOUR, Refus, Resultat
from reprise.valeurs import texte


class FeuilleFse:
    """A part of ``Moteur`` (reprise/moteur/passe.py): the methods of its sheet."""

    def _donnees_fse(self) -> None:
        """After every parcours and its content: the participations of the parcours the sheet names are derived
        from the record as it now stands, then each row's answers go through the FSE services."""
        rangees = self._rangees(modele.FSE)
        if not rangees:
            return
        parcours_ids = set()
        for _numero, cellules in rangees:
            identifiant = texte(cellules["parcours"].valeur) if "parcours" in cellules else ""
            pk = self.dans_le_fichier[GenreCorrespondance.PARCOURS].get(identifiant) or self._connu(
                GenreCorrespondance.PARCOURS, identifiant
            )
            if isinstance(pk, int):
                parcours_ids.add(pk)
        if parcours_ids:
            synchroniser(parcours_ids=sorted(parcours_ids))
        self.operations_fse = set(operations_fse().values_list("pk", flat=True))
        self._lignes(modele.FSE, self._fse, rangees)

    def _fse(self, v: dict, r: Resultat) -> None:
        parcours = self._parcours_de(v, r)
        operation = self._operation(v["annee_operation"], v["operation"])
        if operation.pk not in self.operations_fse:
            raise Refus(
                "operation", f"l'opération « {operation.intitule} » ({operation.annee}) n'est pas financée par le FSE"
            )
        participation = Participation.objects.filter(parcours=parcours, operation=operation).first()
        if participation is None:
            raise Refus(
                "",
                f"le dossier ne donne aucune participation du parcours « {v['parcours']} » à l'opération "
                f"« {operation.intitule} » ({operation.annee}) : vérifiez ses référents et ses étapes",
            )
        deja = self.participations_lues.get(participation.pk)
        if deja is not None:
            raise Refus("", f"participation déjà renseignée ({deja.feuille}, ligne {deja.ligne})")
        self.participations_lues[participation.pk] = r
        if self.par is None or not fse_services.peut_renseigner(participation, self.par):
            raise Refus("", "les données FSE s'importent au nom d'un compte de la structure d'animation")
        crees, modifies = [], []
        entree = {k: v.get(k, "") for k in CHAMPS_FSE_ENTREE}
        if any(entree.values()):  # the entry answers go together (the service says which one is missing)
            actuelle = DonneesEntree.objects.filter(participation=participation).first()
            if actuelle is None or ecarts(actuelle, entree):
                fse_services.donnees_entree_enregistrer(participation=participation, par=self.par, **entree)
                (crees if actuelle is None else modifies).append("données à l'entrée")
        if v.get("date_situation"):  # no date: no exit data
            sortie = {k: v.get(k, False) for k in CHAMPS_FSE_SORTIE}
            actuelle = DonneesSortie.objects.filter(participation=participation).first()
            if actuelle is None or ecarts(actuelle, sortie):
                participant = parcours.participant  # the contact the six-month survey needs: the record's
                fse_services.donnees_sortie_enregistrer(
                    participation=participation,
                    par=self.par,
                    telephone=participant.telephone,
                    email=participant.email,
                    **sortie,
                )
                (crees if actuelle is None else modifies).append("données à la sortie")
        if modifies:
            r.statut = A_METTRE_A_JOUR
            r.note = "modifié : " + ", ".join(modifies)
        elif crees:
            r.statut = A_CREER
