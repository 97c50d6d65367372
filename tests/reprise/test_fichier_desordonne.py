"""A file as an old tool gives it: labels in another case and without accents, French dates and Excel serials
mixed, a person already known, an exit before its entry, an unknown motif, a formula, an empty line. The preview
says what each row would become; once corrected the file imports; imported twice, it changes nothing."""

import datetime

import pytest
from django.urls import reverse

from parcours.enums import StatutCommission
from parcours.models import Etape, ExceptionReprise, Parcours, Prescription
from participants.models import Participant, Referent
from reprise import modele
from reprise.lecture import lire
from reprise.moteur import A_CREER, A_METTRE_A_JOUR, EN_ERREUR, FORMULE, IDENTIQUE, Moteur
from tests.participants.factories import ParticipantFactory, commune
from tests.reprise.classeur import classeur, ligne
from tests.reprise.fichiers import feuilles

pytestmark = pytest.mark.django_db

R, PR, PE, PA, ET, SO = (
    modele.REFERENTS,
    modele.PRESCRIPTIONS,
    modele.PERSONNES,
    modele.PARCOURS,
    modele.ETAPES,
    modele.SORTIES,
)


def importer(contenu: bytes, *, enregistrer: bool, par=None, rattacher=True):
    """``rattacher``: the user's choice in the preview, linking line 4 of Personnes to the known Lefèvre."""
    connu = Participant.objects.filter(nom="Lefèvre").first()
    decisions = {f"{PE.nom}:4": str(connu.pk)} if rattacher and connu else {}
    moteur = Moteur(lire([("ancien-outil.xlsx", contenu)]), par=par, source="ancien-outil.xlsx", decisions=decisions)
    bilan = moteur.executer(enregistrer=enregistrer)
    return bilan, {(r.feuille, r.ligne): r for r in moteur.resultats}


@pytest.fixture
def connu(organisation):
    return ParticipantFactory(
        nom="Lefèvre", prenom="Jérôme", sexe="h", date_naissance=datetime.date(1975, 6, 15), commune=commune("Dijon")
    )


def messages(resultat) -> dict[str, str]:
    return {colonne: message for colonne, message in resultat.erreurs}


def test_l_apercu_dit_ce_que_chaque_ligne_deviendrait_et_n_ecrit_rien(connu, animation):
    bilan, lignes = importer(classeur(feuilles(corrige=False)), enregistrer=True, par=animation)

    assert not bilan.enregistre
    assert bilan.lignes_vides == 1
    assert lignes[(R.nom, 2)].statut == A_CREER  # « maison de l'EMPLOI » is the structure
    assert [lignes[(PR.nom, n)].statut for n in (2, 3, 4)] == [A_CREER] * 3
    assert lignes[(PE.nom, 2)].statut == A_CREER
    assert lignes[(PE.nom, 3)].statut == A_CREER
    rattachee = lignes[(PE.nom, 4)]
    assert rattachee.note.startswith("rattachée à la personne connue : LEFÈVRE Jérôme, né le 15/06/1975")
    assert rattachee.statut == A_METTRE_A_JOUR and "téléphone" in rattachee.note  # identity kept, phone added
    assert rattachee.choix == [{"pk": connu.pk, "libelle": rattachee.note.split(" : ", 1)[1].split("; ")[0]}]
    # The Excel serial and the French date are both read; the rows go through the entry service.
    assert [lignes[(PA.nom, n)].statut for n in (2, 4, 5)] == [A_CREER] * 3
    etape = lignes[(ET.nom, 2)]
    assert etape.statut == EN_ERREUR and messages(etape) == {"début": FORMULE}
    assert etape.valeurs["début"] == "=DATE(2016,11,1)"  # shown as read
    sortie_avant = lignes[(SO.nom, 2)]
    assert sortie_avant.statut == EN_ERREUR
    assert messages(sortie_avant)["date de sortie"] == "La sortie ne peut pas précéder l'entrée du 03/10/2016."
    motif = messages(lignes[(SO.nom, 3)])["motif de sortie"]
    assert motif.startswith("motif de sortie inconnu : « Emploi CDI » — proches : « Emploi")
    assert bilan.erreurs == 3
    # Nothing was written: not the référent, not a parcours, not the known person's phone.
    assert not Referent.objects.exists() and not Parcours.objects.exists() and not Prescription.objects.exists()
    connu.refresh_from_db()
    assert connu.telephone == ""


def test_une_ressemblance_attend_le_choix_de_l_utilisateur(connu, animation):
    bilan, lignes = importer(classeur(feuilles(corrige=True)), enregistrer=True, par=animation, rattacher=False)
    ligne = lignes[(PE.nom, 4)]
    assert ligne.statut == EN_ERREUR and "ressemble à une personne connue du PLIE" in ligne.erreurs[0][1]
    assert [c["pk"] for c in ligne.choix] == [connu.pk]
    assert not bilan.enregistre and not Parcours.objects.exists()


def test_corrige_il_s_importe_puis_reimporte_il_ne_change_rien(connu, animation):
    contenu = classeur(feuilles(corrige=True))
    bilan, lignes = importer(contenu, enregistrer=True, par=animation)

    assert bilan.erreurs == 0 and bilan.enregistre
    p1 = Parcours.objects.get(participant__nom="Durand")
    assert p1.date_entree == datetime.date(2016, 10, 3) and p1.rsa
    assert set(p1.criteres.values_list("code", flat=True)) >= {"minima_sociaux", "qualification_insuffisante"}
    assert p1.entree_commission == StatutCommission.REPRISE
    assert p1.sortie_commission == StatutCommission.REPRISE
    assert p1.origine_reprise.source == "ancien-outil.xlsx" and p1.origine_reprise.par == animation
    etape = Etape.objects.get(parcours=p1)
    assert etape.issue == "terminee" and etape.heures_hebdo == 24.5
    assert Parcours.objects.get(participant__prenom="Léa").date_entree == datetime.date(2017, 2, 1)
    assert Participant.objects.filter(nom="Lefèvre").count() == 1  # linked, not duplicated
    connu.refresh_from_db()
    assert connu.telephone == "06 11 22 33 44" and connu.nom == "Lefèvre"
    assert Parcours.objects.get(participant=connu).referent.nom == "Martin"

    historique = sum(m.historique.count() for m in (Parcours, Prescription, Participant, Etape))
    bilan, lignes = importer(contenu, enregistrer=True, par=animation)
    assert {r.statut for r in lignes.values()} == {IDENTIQUE}
    assert sum(m.historique.count() for m in (Parcours, Prescription, Participant, Etape)) == historique
    assert Parcours.objects.count() == 3 and Participant.objects.count() == 3


def test_une_ligne_modifiee_dans_l_ancien_outil_se_met_a_jour(connu, animation):
    importer(classeur(feuilles(corrige=True)), enregistrer=True, par=animation)
    modifie = feuilles(corrige=True)
    modifie[ET.nom][1] = ligne(
        ET, identifiant="E1", parcours="P1", type="Contrat court", date_debut="01/11/2016", date_fin="31/12/2016"
    )
    _, lignes = importer(classeur(modifie), enregistrer=False, par=animation)
    assert messages(lignes[(ET.nom, 2)])["type d'étape"].startswith(
        "type d'étape inconnu : « Contrat court » — proches"
    )
    modifie[ET.nom][1] = ligne(
        ET, identifiant="E1", parcours="P1", type="cdd_court", date_debut="01/11/2016", date_fin="31/12/2016"
    )
    bilan, lignes = importer(classeur(modifie), enregistrer=True, par=animation)
    assert lignes[(ET.nom, 2)].statut == A_METTRE_A_JOUR and "fin réelle" in lignes[(ET.nom, 2)].note
    assert bilan.enregistre and Etape.objects.get().date_fin == datetime.date(2016, 12, 31)


def test_une_sortie_que_la_regle_refuse_se_reprend_sous_exception(connu, animation, client):
    refusee = feuilles(corrige=True)
    refusee[SO.nom][1] = ligne(SO, parcours="P1", date_sortie="30/06/2017", motif="Emploi durable")
    _, lignes = importer(classeur(refusee), enregistrer=True, par=animation)
    sortie = lignes[(SO.nom, 2)]
    assert sortie.statut == EN_ERREUR
    assert "motif de sortie" in messages(sortie)  # the employment-exit rule's own message
    assert not Parcours.objects.exists()

    refusee[SO.nom][1] = ligne(
        SO,
        parcours="P1",
        date_sortie="30/06/2017",
        motif="Emploi durable",
        exception="CDI signé en juin 2017, justificatif dans le dossier papier",
    )
    bilan, lignes = importer(classeur(refusee), enregistrer=True, par=animation)
    assert bilan.enregistre and bilan.exceptions == 1
    assert lignes[(SO.nom, 2)].exception and lignes[(SO.nom, 2)].statut == A_CREER
    exception = ExceptionReprise.objects.get()
    assert exception.par == animation and exception.justification.startswith("CDI signé")
    assert exception.message == messages(sortie)["motif de sortie"]
    assert exception.parcours.motif_sortie.code == "emploi_durable"
    client.force_login(animation)
    dossier = client.get(reverse("dossier_participant", args=[exception.parcours.participant_id])).content.decode()
    assert "Reprise : règle non vérifiée" in dossier and "CDI signé en juin 2017" in dossier
    assert "Reprise de l&#x27;ancien outil : fichier « ancien-outil.xlsx »" in dossier or (
        "Reprise de l'ancien outil : fichier « ancien-outil.xlsx »" in dossier
    )
