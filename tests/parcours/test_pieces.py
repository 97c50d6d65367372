"""The pieces a control asks of a parcours (parcours/pieces.py): what the referential requires of every parcours,
of each criterion, étape type and exit motif, against the documents filed; shown in the dossier with a link that
files the missing one; the upload's rules (parcours/services/documents.py)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parcours import pieces, services
from parcours.models import CritereEligibilite, Document, MotifSortie, TypePiece
from plie.enums import Role
from tests.parcours.factories import EtapeFactory, ParcoursFactory, type_etape
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% piece\n"


def type_(code) -> TypePiece:
    return TypePiece.objects.get(code=code)


def deposer(parcours, code, *, etape=None, par=None):
    return services.document_ajouter(
        parcours=parcours,
        fichier=SimpleUploadedFile("piece.pdf", PDF),
        type_piece=type_(code),
        etape=etape,
        par=par or UserFactory(role=Role.ANIMATION),
        chemin_reserve=code in pieces.RESERVES,  # the contract's own path, as its page files it
    )


@pytest.fixture
def parcours():
    un = ParcoursFactory(prescription__referent=ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT)))
    un.criteres.set(CritereEligibilite.objects.filter(code__in=["minima_sociaux", "autorise_travailler"]))
    return un


def manquantes(parcours) -> list[tuple[str, str]]:
    return [(m.categorie, m.type_piece.code) for m in pieces.pieces([parcours.pk])[parcours.pk].manquantes]


def test_chaque_parcours_et_chaque_critere_demandent_leurs_pieces_une_fois_chacune(parcours):
    assert manquantes(parcours) == [
        ("parcours", "identite"),  # every parcours, and « autorisé à travailler » asks it too: listed once
        ("parcours", "contrat_engagement"),
        ("eligibilite", "attestation_minima_sociaux"),
    ]
    identite = pieces.pieces([parcours.pk])[parcours.pk].exigences[0][0]
    assert identite.pour == "Autorisé à travailler en France"
    for code in ("identite", "contrat_engagement", "attestation_minima_sociaux"):
        deposer(parcours, code)
    assert manquantes(parcours) == [] and pieces.pieces([parcours.pk])[parcours.pk].complet


def test_la_preuve_d_une_etape_est_deposee_sur_l_etape_et_prouve_aussi_la_sortie(parcours):
    for code in ("identite", "contrat_engagement", "attestation_minima_sociaux"):
        deposer(parcours, code)
    emploi = EtapeFactory(parcours=parcours, type=type_etape("contrat_long"), date_debut=datetime.date(2017, 2, 1))
    EtapeFactory(parcours=parcours, type=type_etape("remobilisation"))  # asks nothing
    assert manquantes(parcours) == [("etape", "contrat_travail")]
    deposer(parcours, "contrat_travail")  # filed on the parcours, not on the étape: the étape still lacks it
    assert manquantes(parcours) == [("etape", "contrat_travail")]
    parcours.date_sortie, parcours.motif_sortie = datetime.date(2017, 8, 31), MotifSortie.objects.get(code="sante")
    parcours.sortie_commission = "a_valider"
    parcours.save()
    assert manquantes(parcours) == [("etape", "contrat_travail")]  # « santé » asks no piece
    parcours.motif_sortie = MotifSortie.objects.get(code="emploi_durable")
    parcours.save()
    Document.objects.all().filter(type_piece__code="contrat_travail").delete()
    assert manquantes(parcours) == [("etape", "contrat_travail"), ("sortie", "contrat_travail")]
    deposer(parcours, "contrat_travail", etape=emploi)  # the étape's contract proves the exit too
    assert manquantes(parcours) == []


def test_le_referentiel_decide_ce_qui_est_demande(parcours):
    rqth = type_("rqth")
    CritereEligibilite.objects.get(code="minima_sociaux").pieces.add(rqth)
    assert ("eligibilite", "rqth") in manquantes(parcours)
    TypePiece.objects.filter(code="contrat_engagement").update(toujours_exigee=False)
    assert ("parcours", "contrat_engagement") not in manquantes(parcours)


def test_les_pieces_de_dix_parcours_coutent_autant_que_celles_d_un(django_assert_num_queries):
    tous = []
    for rang in range(10):
        un = ParcoursFactory()
        un.criteres.set(CritereEligibilite.objects.filter(code="minima_sociaux"))
        EtapeFactory(parcours=un, type=type_etape("contrat_long"))
        if rang % 2:
            deposer(un, "identite")
        tous.append(un.pk)
    with django_assert_num_queries(6):
        resultat = pieces.pieces(tous[:1])
    with django_assert_num_queries(6):
        resultat = pieces.pieces(tous)
    assert [len(resultat[pk].manquantes) for pk in tous] == [4, 3] * 5


def test_le_dossier_dit_ce_qui_manque_et_le_lien_depose_la_piece_sur_son_etape(client, parcours):
    emploi = EtapeFactory(parcours=parcours, type=type_etape("contrat_long"), date_debut=datetime.date(2017, 2, 1))
    client.force_login(parcours.referent.utilisateur)
    dossier = reverse("dossier_participant", args=[parcours.participant_id])
    page = client.get(dossier).content.decode()
    assert "4 demandées, 4 manquantes" in page
    lien = f"{reverse('document_ajouter', args=[parcours.pk])}?type=contrat_travail&amp;etape={emploi.pk}"
    assert lien in page and "Contrat long (CDI / CDD 6 mois et plus) du 01/02/2017" in page
    formulaire = client.get(lien.replace("&amp;", "&")).content.decode()
    assert f'<option value="{type_("contrat_travail").pk}" selected>' in formulaire
    assert f'<option value="{emploi.pk}" selected>' in formulaire
    reponse = client.post(
        lien.replace("&amp;", "&"),
        {"type_piece": type_("contrat_travail").pk, "etape": emploi.pk, "fichier": SimpleUploadedFile("c.pdf", PDF)},
    )
    assert reponse.status_code == 302
    page = client.get(dossier).content.decode()
    assert "4 demandées, 3 manquantes" in page and lien not in page
    assert "Contrat de travail · étape Contrat long (CDI / CDD 6 mois et plus) du 01/02/2017" in page


def test_qui_depose_sur_un_parcours_sorti_et_ce_qui_est_refuse(parcours):
    referent = parcours.referent.utilisateur
    parcours.date_sortie, parcours.motif_sortie = datetime.date(2017, 6, 30), MotifSortie.objects.get(code="sante")
    parcours.sortie_commission = "a_valider"
    parcours.save()
    deposer(parcours, "attestation_sortie", par=referent)  # the exit's proof comes after the exit
    autre = ParcoursFactory()
    etrangere = EtapeFactory(parcours=autre)
    with pytest.raises(ValidationError) as erreur:
        deposer(parcours, "contrat_travail", etape=etrangere, par=referent)
    assert erreur.value.message_dict == {"etape": ["Cette étape n'est pas une étape de ce parcours."]}
    TypePiece.objects.filter(code="piece_fse").update(actif=False)
    with pytest.raises(ValidationError):
        deposer(parcours, "piece_fse", par=referent)
    ParcoursFactory(participant=parcours.participant, date_entree=datetime.date(2018, 1, 8))  # entered again
    with pytest.raises(PermissionDenied):
        deposer(parcours, "identite", par=referent)
    deposer(parcours, "identite")  # the structure d'animation still completes it
    with pytest.raises(ValidationError) as erreur:  # the contract is filed by its own page, with its date
        services.document_ajouter(
            parcours=parcours,
            fichier=SimpleUploadedFile("c.pdf", PDF),
            type_piece=type_("contrat_engagement"),
            par=UserFactory(role=Role.ANIMATION),
        )
    assert "depuis sa page « Contrat d'engagement »" in erreur.value.message_dict["type_piece"][0]
    with pytest.raises(PermissionDenied):
        deposer(parcours, "identite", par=UserFactory(role=Role.REFERENT))
