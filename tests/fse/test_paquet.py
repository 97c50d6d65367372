"""The controller's package (fse/controle/paquet.py, /fse/controle/paquets/): a reproducible sample or the
controller's list; for each participant drawn a summary PDF with exactly the pieces recorded and exactly the ones
missing, the files themselves, the period's sheets; an index; one ZIP, journaled one row per person, for the
structure d'animation only, erased after its retention."""

import datetime
import io
import os
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from agenda.emargement.services import emargement_deposer
from fse import services
from fse.controle import echantillon
from fse.models import PaquetControle
from fse.participations import synchroniser
from parcours import services as parcours_services
from parcours.enums import ModeEntretien
from parcours.models import CritereEligibilite, TypePiece
from plie.enums import ActionJournal, Role
from plie.models import JournalAcces
from tests import publicite
from tests.fse.histoires import portage
from tests.parcours.factories import EntretienFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory
from tests.reporting.histoires import parcours

pytestmark = pytest.mark.django_db
ANNEE = 2025
DEBUT, FIN = datetime.date(ANNEE, 1, 1), datetime.date(ANNEE, 12, 31)


@pytest.fixture
def monde():
    referent = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    operation = portage(referent.structure, ANNEE)
    animation = UserFactory(role=Role.ANIMATION)
    tous = [parcours(referent, datetime.date(ANNEE, 1, 6) + datetime.timedelta(days=7 * rang)) for rang in range(12)]
    for un in tous:
        un.criteres.set(CritereEligibilite.objects.filter(code="minima_sociaux"))
    premier = tous[0]
    for code in ("identite", "attestation_minima_sociaux"):
        parcours_services.document_ajouter(
            parcours=premier,
            fichier=SimpleUploadedFile("p.pdf", f"%PDF-1.4 {code}".encode()),
            type_piece=TypePiece.objects.get(code=code),
            par=animation,
        )
    contact = EntretienFactory(parcours=premier, date=datetime.date(ANNEE, 3, 4), mode=ModeEntretien.PRESENTIEL)
    emargement_deposer(objet=contact, fichier=SimpleUploadedFile("f.pdf", b"%PDF-1.4 feuille"), par=animation)
    synchroniser(operations=[operation])
    return {
        "operation": operation,
        "animation": animation,
        "tous": tous,
        "premier": premier,
        "referent": referent,
        "contact": contact,
    }


def demander(monde, **mode):
    return services.paquet_demander(operation=monde["operation"], debut=DEBUT, fin=FIN, par=monde["animation"], **mode)


def test_la_meme_graine_tire_le_meme_echantillon():
    ids = list(range(1, 101))
    assert echantillon.tirer(ids, graine=42, taille=10) == echantillon.tirer(list(reversed(ids)), graine=42, taille=10)
    assert echantillon.tirer(ids, graine=42, taille=10) != echantillon.tirer(ids, graine=43, taille=10)
    assert (
        len(echantillon.tirer(ids, graine=1, taux=5)) == 5 and len(echantillon.tirer(ids[:7], graine=1, taux=10)) == 1
    )
    assert len(echantillon.tirer(ids[:3], graine=1, taille=10)) == 3


def test_un_echantillon_demande_deux_fois_est_le_meme(monde, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        un = demander(monde, taille=5, graine=2025)
        deux = demander(monde, taille=5, graine=2025)
    assert un.participations == deux.participations and len(un.participations) == 5
    assert un.mode == "échantillon de 5 participations, graine 2025"


def test_le_paquet_tient_exactement_les_pieces_enregistrees_et_dit_celles_qui_manquent(
    client, monde, django_capture_on_commit_callbacks
):
    premier = monde["premier"]
    with django_capture_on_commit_callbacks(execute=True):
        paquet = demander(monde, identifiants=[premier.participant_id, 999999])
    paquet.refresh_from_db()
    assert paquet.etat == "pret" and paquet.introuvables == [999999]
    client.force_login(monde["animation"])
    reponse = client.get(reverse("fse_paquet", args=[paquet.pk]))
    assert reponse["Content-Disposition"].startswith('attachment; filename="controle-operation-')
    archive = zipfile.ZipFile(io.BytesIO(b"".join(reponse.streaming_content)))
    dossier = f"01-participant-{premier.participant_id}"
    noms = sorted(archive.namelist())
    pieces_ = sorted(n for n in noms if n.startswith(f"{dossier}/pieces/"))
    assert [n.split("/")[-1].rsplit("-", 1)[0] for n in pieces_] == ["attestation_minima_sociaux", "identite"]
    assert [archive.read(n) for n in pieces_] == [b"%PDF-1.4 attestation_minima_sociaux", b"%PDF-1.4 identite"]
    assert [n for n in noms if "/emargements/" in n] == [
        f"{dossier}/emargements/20250304-entretien-{monde['contact'].pk}.pdf"
    ]
    synthese = archive.read(f"{dossier}/synthese.pdf")
    publicite.pdf(synthese)
    texte = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(synthese)).pages)
    assert texte.count("Manquante") == 1 and "Contrat d'engagement signé" in texte  # the one piece missing
    assert premier.participant.nom.upper() in texte and "N° de participant" in texte
    index = archive.read("00-index.pdf")
    publicite.pdf(index)
    texte_index = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(index)).pages)
    assert "999999" in texte_index and "liste du contrôleur (2 numéros)" in texte_index
    lignes = JournalAcces.objects.filter(action=ActionJournal.EXPORT, objet="paquet_controle")
    assert list(lignes.values_list("participant_id", flat=True)) == [premier.participant_id]


def test_les_demandes_fautives_sont_refusees_en_clair(monde):
    with pytest.raises(ValidationError) as erreur:
        demander(monde, taille=5)
    assert "graine" in erreur.value.message_dict
    with pytest.raises(ValidationError):
        demander(monde, taille=5, taux=10, graine=1)
    with pytest.raises(ValidationError):
        demander(monde, taille=5, graine=1, identifiants=[1])
    with pytest.raises(ValidationError) as erreur:
        services.lire_identifiants("12, abc; 14")
    assert "abc" in erreur.value.message_dict["identifiants"][0]
    assert services.lire_identifiants("12, 13;14\n12") == [12, 13, 14]
    with pytest.raises(ValidationError) as erreur:
        services.lire_identifiants(" ".join(str(n) for n in range(1, services.TAILLE_MAX_PAQUET + 2)))
    assert "au plus" in erreur.value.message_dict["identifiants"][0]
    with pytest.raises(PermissionDenied):
        services.paquet_demander(
            operation=monde["operation"], debut=DEBUT, fin=FIN, taille=1, graine=1, par=monde["referent"].utilisateur
        )
    assert not PaquetControle.objects.exists()


def test_la_page_prepare_et_liste_les_paquets(client, monde, django_capture_on_commit_callbacks):
    client.force_login(monde["animation"])
    url = reverse("fse_paquets")
    assert "Graine du tirage" in client.get(url).content.decode()
    faux = client.post(url, {"operation": monde["operation"].pk, "debut": "2025-01-01", "fin": "2025-12-31"})
    assert "Choisissez soit un échantillon" in faux.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            url,
            {"operation": monde["operation"].pk, "debut": "2025-01-01", "fin": "2025-12-31", "taux": 25, "graine": 7},
        )
    assert reponse.status_code == 302
    page = client.get(url).content.decode()
    assert "échantillon de 25 %, graine 7" in page and "Télécharger (ZIP)" in page
    assert len(PaquetControle.objects.get().participations) == 3  # 25 % of 12


def test_purge_apres_la_duree_de_conservation(monde, settings, django_capture_on_commit_callbacks):
    settings.FSE_CONTROLE_RETENTION_JOURS = 30
    with django_capture_on_commit_callbacks(execute=True):
        paquet = demander(monde, taille=1, graine=1)
    paquet.refresh_from_db()
    chemin = paquet.fichier.path
    assert services.exports_purger(maintenant=paquet.cree_le + datetime.timedelta(days=29)) == 0
    assert services.exports_purger(maintenant=paquet.cree_le + datetime.timedelta(days=31)) == 1
    assert not PaquetControle.objects.exists() and not os.path.exists(chemin)


def test_une_seance_collective_compte_pour_chacun_de_ses_participants_seulement(monde):
    from agenda.emargement import lectures
    from agenda.enums import StatutActivite
    from agenda.models import Activite, CategorieActivite
    from fse.controle.paquet import _contacts

    premier, second, troisieme = monde["tous"][:3]
    atelier = Activite.objects.create(
        referent=monde["referent"],
        categorie=CategorieActivite.objects.get(code="atelier_collectif"),
        date=datetime.date(ANNEE, 3, 10),
        duree_minutes=90,
        statut=StatutActivite.REALISEE,
        intitule="Atelier CV",
    )
    atelier.participants.set([premier, second])
    assert lectures.par_parcours([premier.pk, troisieme.pk], DEBUT, FIN) == {
        premier.pk: {"contacts": 2, "probantes": 1}  # the sheet filed for the entretien; none for the session
    }
    contacts = _contacts([premier.pk], DEBUT, FIN)
    assert [(c["genre"], c["minutes"]) for c in contacts[premier.pk]] == [
        ("entretien", contacts[premier.pk][0]["minutes"]),
        ("seance", 90),
    ]
    assert list(contacts) == [premier.pk]


def test_une_personne_absente_de_la_seance_n_y_a_ni_contact_ni_feuille(monde):
    from agenda.emargement import lectures
    from agenda.emargement.services import emargement_signer
    from agenda.enums import StatutActivite
    from agenda.models import Activite, CategorieActivite
    from fse.controle.paquet import _contacts
    from tests.agenda.signatures import png

    premier, second = monde["tous"][:2]
    atelier = Activite.objects.create(
        referent=monde["referent"],
        categorie=CategorieActivite.objects.get(code="atelier_collectif"),
        date=datetime.date(ANNEE, 3, 10),
        duree_minutes=90,
        statut=StatutActivite.REALISEE,
        intitule="Atelier CV",
    )
    atelier.participants.set([premier, second])
    emargement_signer(objet=atelier, signatures={premier.pk: png(), second.pk: None}, par=monde["animation"])
    comptes = lectures.par_parcours([premier.pk, second.pk], DEBUT, FIN)
    assert comptes == {premier.pk: {"contacts": 2, "probantes": 2}}  # the absent one: no contact at all
    assert [c["genre"] for c in _contacts([premier.pk, second.pk], DEBUT, FIN)[second.pk]] == []
