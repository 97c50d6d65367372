"""The Personnes sheet: a known person updated, a look-alike linked, a new person kept for their first parcours."""

from django.core.exceptions import ValidationError

from parcours import doublons
from parcours import services as parcours_services
from participants.models import Participant
from reprise.models import GenreCorrespondance
from reprise.moteur.communs import CHAMPS_PERSONNE, IDENTITE, ecarts, libelle_personne, note_modifies
from reprise.moteur.resultats import A_CREER, A_METTRE_A_JOUR, NOUVELLE, NouvellePersonne, Refus, Resultat
from reprise.valeurs import ValeurInvalide


class FeuillePersonnes:
    """A part of ``Moteur`` (reprise/moteur/passe.py): the methods of its sheet."""

    def _personne(self, v: dict, r: Resultat) -> None:
        identifiant = v["identifiant"]
        try:
            self._personne_lire(identifiant, v, r)
        except (ValidationError, Refus):
            self._marquer_erreur(GenreCorrespondance.PERSONNE, identifiant, r)
            raise

    def _personne_lire(self, identifiant: str, v: dict, r: Resultat) -> None:
        donnees = {k: v.get(k, "") for k in CHAMPS_PERSONNE}
        donnees["quartier"] = self._quartier(v.get("quartier", ""), donnees["commune"])
        participant = self._existant(GenreCorrespondance.PERSONNE, identifiant, Participant)
        if participant is None:
            candidat = Participant(**donnees)
            candidat.full_clean()  # the model's own rules, shown on this row before any parcours is read
            sosies = doublons.ressemblances(
                self.par, nom=candidat.nom, prenom=candidat.prenom, date_naissance=candidat.date_naissance
            ).toutes
            r.choix = [{"pk": p.pk, "libelle": libelle_personne(p)} for p in sosies]
            choisi = str(self.decisions.get(r.decision, ""))
            r.choisi = choisi
            if sosies and choisi != NOUVELLE:
                par_pk = {str(p.pk): p for p in sosies}
                if choisi in par_pk or (len(sosies) == 1 and self.rattacher_si_un_seul):
                    participant = par_pk.get(choisi) or sosies[0]
                    r.note = f"rattachée à la personne connue : {libelle_personne(participant)}"
                else:
                    raise Refus(
                        "identifiant",
                        "ressemble à une personne connue du PLIE : choisissez dans l'aperçu de la rattacher à "
                        "cette personne ou d'en créer une nouvelle",
                    )
            else:
                if sosies:
                    r.note = "nouvelle personne, bien qu'elle ressemble à une personne connue"
                nouvelle = NouvellePersonne(donnees, [p.pk for p in sosies], r)
                self.dans_le_fichier[GenreCorrespondance.PERSONNE][identifiant] = nouvelle
                self.lignes_du_fichier[(GenreCorrespondance.PERSONNE, identifiant)] = r
                r.statut = A_CREER
                return
        r.participant = participant.pk
        comparees = self._lues(donnees)
        if r.note.startswith("rattachée"):  # a look-alike, not the old tool's id: the base's identity stays
            comparees = {k: v for k, v in comparees.items() if k not in IDENTITE}
        differences = ecarts(participant, comparees)
        if differences:
            parcours_services.participant_modifier(participant=participant, par=self.par, **differences)
            r.statut = A_METTRE_A_JOUR
            r.note = "; ".join(filter(None, [r.note, note_modifies(Participant, differences)]))
        self._lier(GenreCorrespondance.PERSONNE, identifiant, participant.pk, r)

    def _quartier(self, nom: str, commune):
        if not nom:
            return None
        referentiel = self.quartiers.get(commune.pk if commune else None)
        if referentiel is None:
            raise Refus("quartier", f"la commune {commune} n'a pas de quartier au référentiel : « {nom} »")
        try:
            return referentiel.trouver(nom)
        except ValeurInvalide as erreur:
            raise Refus("quartier", str(erreur)) from None
