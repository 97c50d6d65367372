import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from plie.fichiers import MEGA, PDF, PNG, XLSX, ecrire_ligne, verifier_fichier
from tests.plie.fichiers_pieges import classeur_piege


def classeur() -> bytes:
    tampon = io.BytesIO()
    Workbook().save(tampon)
    return tampon.getvalue()


@pytest.mark.parametrize(
    "nom, contenu, message",
    [
        ("vide.pdf", b"", "Le fichier est vide."),
        ("hasard.xlsx", bytes(range(256)) * 4, "n'est pas un classeur Excel (.xlsx) valide"),
        ("tronque.xlsx", classeur()[:300], "n'est pas un classeur Excel (.xlsx) valide"),
        ("table.xlsx", b"nom;prenom\nDupont;Jean\n", "n'est pas un classeur Excel (.xlsx) valide"),
        ("faux.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "n'est pas un PDF valide"),
        ("classeur.pdf", classeur(), "n'est pas un PDF valide"),
    ],
)
def test_fichiers_refuses_avec_un_message_clair(nom, contenu, message):
    types = (XLSX,) if nom.endswith(".xlsx") else (PDF,)
    with pytest.raises(ValidationError, match=re.escape(message)):
        verifier_fichier(SimpleUploadedFile(nom, contenu), types=types)


def test_nom_qui_ment_sur_le_contenu():
    with pytest.raises(ValidationError, match="ne correspond pas à son contenu"):
        verifier_fichier(SimpleUploadedFile("scan.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 20), types=(PDF, PNG))


def test_fichier_trop_gros():
    with pytest.raises(ValidationError, match="taille maximale de 1 Mo"):
        verifier_fichier(SimpleUploadedFile("gros.pdf", b"%PDF-" + b"0" * MEGA), types=(PDF,), taille_max=MEGA)


def test_fichiers_valides():
    assert verifier_fichier(SimpleUploadedFile("a.xlsx", classeur()), types=(XLSX,)) == XLSX
    assert verifier_fichier(SimpleUploadedFile("a.PDF", b"%PDF-1.7\n..."), types=(PDF,)) == PDF


@given(st.binary(max_size=2048))
def test_octets_quelconques_jamais_d_erreur_inattendue(contenu):
    try:
        verifier_fichier(SimpleUploadedFile("x.xlsx", contenu), types=(XLSX, PDF))
    except ValidationError:
        pass


def test_zip_qui_n_est_pas_un_classeur():
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        archive.writestr("document.txt", "bonjour")
    with pytest.raises(ValidationError):
        verifier_fichier(SimpleUploadedFile("a.xlsx", tampon.getvalue()), types=(XLSX,))


def test_export_excel_neutralise_les_formules():
    feuille = Workbook().active
    ecrire_ligne(feuille, ['=HYPERLINK("http://pirate.example","clic")', "+33 6", "@SOMME(A1)", "Dupont", 3])
    tampon = io.BytesIO()
    feuille.parent.save(tampon)
    relu = load_workbook(io.BytesIO(tampon.getvalue())).active
    cellules = list(relu.iter_rows(values_only=False))[0]
    assert cellules[0].value == '=HYPERLINK("http://pirate.example","clic")'
    assert [c.data_type for c in cellules] == ["s", "s", "s", "s", "n"]


@pytest.mark.parametrize(
    "contenu, message",
    [
        (classeur_piege(101 * MEGA), "plus de 100 Mo une fois décompressé"),
        (classeur_piege(5 * MEGA), "anormalement compressé"),
    ],
    ids=["taille-declaree", "taux-de-compression"],
)
def test_une_archive_piegee_est_refusee_avant_d_etre_decompressee(contenu, message, monkeypatch):
    monkeypatch.setattr(zipfile.ZipFile, "testzip", lambda self: pytest.fail("l'archive a été décompressée"))
    with pytest.raises(ValidationError, match=message):
        verifier_fichier(SimpleUploadedFile("piege.xlsx", contenu), types=(XLSX,))


def test_une_archive_aux_membres_innombrables_est_refusee():
    from plie.fichiers import ARCHIVE_ELEMENTS_MAX

    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        for numero in range(ARCHIVE_ELEMENTS_MAX + 1):
            archive.writestr(f"m{numero}", b"")
    with pytest.raises(ValidationError, match="trop d'éléments"):
        verifier_fichier(SimpleUploadedFile("a.xlsx", tampon.getvalue()), types=(XLSX,))
