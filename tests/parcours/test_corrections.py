"""The corrections the admin was used for, now screens of the product backed by services, each journaled."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from parcours import services
from parcours.enums import StatutCommission, StatutPrescription
from parcours.models import Document, Entretien, MotifNonEntree, MotifSortie, Parcours, TypePiece
from plie.enums import ActionJournal, Role
from plie.models import JournalAcces
from tests.parcours.factories import EntretienFactory, EtapeFactory, ParcoursFactory, PrescriptionFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db
AUJOURDHUI = timezone.localdate()
D = datetime.date


def modifications():
    return JournalAcces.objects.filter(action=ActionJournal.MODIFICATION).count()


def test_annuler_le_dernier_transfert(client_animation, animation):
    parcours = ParcoursFactory(date_entree=D(2024, 1, 10))
    premier, second = parcours.referent, ReferentFactory()
    services.parcours_transferer(parcours=parcours, referent=second, date=D(2024, 3, 1), par=animation)
    dossier = client_animation.get(reverse("dossier_participant", args=[parcours.participant_id])).content.decode()
    assert f"Entrée</strong> avec {premier}" in dossier
    assert f"Transfert</strong> de {premier} à {second}" in dossier
    url = reverse("parcours_transfert_annuler", args=[parcours.pk])
    assert "Le transfert du 01/03/2024" in client_animation.get(url).content.decode()  # confirmation first
    assert client_animation.post(url).status_code == 302
    parcours.refresh_from_db()
    assert parcours.referent == premier and parcours.affectations.count() == 1
    assert modifications() == 1


def test_rouvrir_une_sortie_validee_seule_l_animation(client_animation, animation):
    parcours = ParcoursFactory(date_entree=D(2024, 1, 10))
    sante = MotifSortie.objects.get(code="sante")
    services.sortie_enregistrer(parcours=parcours, date_sortie=D(2024, 5, 2), motif=sante, par=None)
    services.commission_decider(parcours=parcours, objet="sortie", valider=True, par=animation)
    # The référent cannot reopen a validated exit...
    referent = UserFactory(role=Role.REFERENT)
    ReferentFactory(utilisateur=referent)
    with pytest.raises(PermissionDenied, match="structure d'animation"):
        services.sortie_corriger(parcours=parcours, date_sortie=D(2024, 5, 3), motif=sante, par=referent)
    # ...the structure d'animation corrects it, and it goes back to the commission.
    reponse = client_animation.post(
        reverse("parcours_sortie", args=[parcours.pk]),
        {"date_sortie": "2024-05-03", "motif": MotifSortie.objects.get(code="demenagement").pk},
    )
    assert reponse.status_code == 302
    parcours.refresh_from_db()
    assert (parcours.date_sortie, parcours.sortie_commission, parcours.sortie_validee_par) == (
        D(2024, 5, 3),
        StatutCommission.A_VALIDER,
        None,
    )
    # Or cancels it: the parcours is in progress again.
    url = reverse("parcours_sortie_annuler", args=[parcours.pk])
    assert "sera annulée" in client_animation.get(url).content.decode()
    client_animation.post(url)
    parcours.refresh_from_db()
    assert parcours.date_sortie is None and parcours.sortie_commission == ""
    assert modifications() == 2


def test_supprimer_un_element_errone_garde_l_historique(client_animation, animation):
    parcours = ParcoursFactory(date_entree=D(2024, 1, 10))
    entretien = EntretienFactory(
        parcours=parcours, date=D(2024, 2, 1), type="individuel", mode="presentiel", duree_minutes=30
    )
    url = reverse("parcours_element_supprimer", args=[parcours.pk, "entretien", entretien.pk])
    assert "sera supprimé" in client_animation.get(url).content.decode()
    assert Entretien.objects.exists()
    client_animation.post(url)
    assert not Entretien.objects.exists()
    assert Entretien.historique.filter(id=entretien.pk, history_type="-", history_user=animation).exists()
    assert modifications() == 1


def test_supprimer_un_document_efface_le_fichier(client_animation, animation, django_capture_on_commit_callbacks):
    parcours = ParcoursFactory(date_entree=D(2024, 1, 10))
    document = services.document_ajouter(
        parcours=parcours,
        fichier=SimpleUploadedFile("piece.pdf", b"%PDF-1.4 contenu"),
        type_piece=TypePiece.objects.get(code="autre"),
        par=animation,
    )
    stockage, nom = document.fichier.storage, document.fichier.name
    assert stockage.exists(nom)
    with pytest.raises(ValidationError, match="Ce fichier n.est pas un PDF"):
        services.document_ajouter(
            parcours=parcours,
            fichier=SimpleUploadedFile("faux.pdf", b"texte"),
            type_piece=TypePiece.objects.get(code="autre"),
            par=animation,
        )
    url = reverse("document_supprimer", args=[document.pk])
    assert client_animation.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client_animation.post(url)
    assert not Document.objects.exists() and not stockage.exists(nom)
    assert Document.historique.filter(id=document.pk, history_type="-").exists()


def test_corriger_l_identite_recalcule_l_age_a_l_entree(client_animation, animation):
    parcours = ParcoursFactory(date_entree=D(2024, 1, 10))
    url = reverse("parcours_identite", args=[parcours.pk])
    donnees = {k: v for k, v in client_animation.get(url).context["form"].initial.items() if v is not None}
    # Born too late to have been 16 at the entry: refused, with the reason.
    reponse = client_animation.post(url, {**donnees, "date_naissance": "2010-01-01"})
    assert "il faut avoir 16 ans au moins" in reponse.content.decode()
    assert (
        client_animation.post(url, {**donnees, "nom": "Rectifié", "date_naissance": "1970-01-01"}).status_code == 302
    )
    parcours.refresh_from_db()
    assert (parcours.participant.nom, parcours.age_entree) == ("Rectifié", 54)


def test_corriger_une_prescription_en_attente(client_animation, animation):
    prescription = PrescriptionFactory(date_prescription=D(2024, 2, 1))
    url = reverse("prescription_modifier", args=[prescription.pk])
    donnees = {k: v for k, v in client_animation.get(url).context["form"].initial.items() if v is not None}
    donnees.update(nom="Corrigé", date_prescription="2024-02-01")
    assert client_animation.post(url, donnees).status_code == 302
    prescription.refresh_from_db()
    assert prescription.nom == "Corrigé"
    prescription.statut, prescription.date_decision = StatutPrescription.NON_ENTREE, D(2024, 3, 1)
    prescription.motif_non_entree = MotifNonEntree.objects.first()
    prescription.save()
    assert client_animation.get(url).status_code == 302  # decided: no longer changes
    assert Parcours.objects.count() == 0


def test_la_commission_voit_les_champs_corriges_et_decide_la_derogation(client_animation, animation):
    from tests.parcours.factories import type_etape

    corrigee = ParcoursFactory(date_entree=D(2024, 1, 10))
    services.commission_decider(parcours=corrigee, objet="entree", valider=True, par=animation)
    services.entree_corriger(
        parcours=corrigee,
        date_entree=D(2024, 1, 10),
        commune=corrigee.commune,
        situation_emploi="inactif",
        par=None,
    )
    senior = ParcoursFactory(date_entree=D(2023, 1, 2), participant__date_naissance=D(1960, 3, 1))
    chantier = EtapeFactory(parcours=senior, type=type_etape("chantier_insertion"), date_debut=D(2023, 2, 1))
    services.derogation_senior_demander(parcours=senior, etape=chantier, justification="Âgé de 63 ans.", par=None)
    page = client_animation.get(reverse("commission")).content.decode()
    assert "Corrigée après validation" in page and "situation sur le marché du travail" in page
    assert "Âgé de 63 ans." in page
    url = reverse("commission_decider", args=[senior.pk, "derogation"])
    client_animation.post(url, {"decision": "valider", "commentaire": "Validée en commission du jour."})
    senior.derogation_senior.refresh_from_db()
    assert senior.derogation_senior.commission == StatutCommission.VALIDEE
    assert "Aucune dérogation n'attend la commission." in client_animation.get(reverse("commission")).content.decode()
