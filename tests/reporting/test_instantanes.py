"""Every letter ever published still renders: a version-1 snapshot, kept as published, gives its HTML, PDF and
Excel; a snapshot newer than the code is refused with a message; a new publication records the schema version."""

import gzip
import io
import json
import pathlib

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from reporting.lettre import arrondie_pour, donnees_publiees, excel, instantanes, pour_la_variante, rendu
from reporting.models import Lettre

pytestmark = pytest.mark.django_db
FICHIER = pathlib.Path(__file__).parent / "donnees" / "instantane-v1-2017-06.json.gz"


@pytest.fixture
def lettre_v1():
    instantane = json.loads(gzip.decompress(FICHIER.read_bytes()))
    assert instantane["version_schema"] == 1
    return Lettre.objects.create(
        annee=instantane["annee"],
        mois=instantane["mois"],
        numero=instantane["numero"],
        donnees=instantane["donnees"],
        version_schema=instantane["version_schema"],
        commentaires=instantane["commentaires"],
        actualite=instantane["actualite"],
    )


@pytest.mark.parametrize("variante", ["interne", "financeurs"])
def test_un_instantane_de_version_1_se_rend_toujours(lettre_v1, variante):
    donnees = donnees_publiees(lettre_v1)
    file_active = lettre_v1.donnees["total"]["file_active"]
    html = rendu.html(pour_la_variante(donnees, variante))
    assert lettre_v1.donnees["titre"] in html
    assert f">{file_active}<" in html.replace("\u202f", "").replace(" ", "")
    pdf = PdfReader(io.BytesIO(rendu.pdf(pour_la_variante(donnees, variante))))
    assert "Forum de l'emploi le 15 juin." in " ".join(p.extract_text() for p in pdf.pages).replace("’", "'")
    classeur = load_workbook(io.BytesIO(excel.classeur(arrondie_pour(donnees, variante))))
    valeurs = {c.value for feuille in classeur for ligne in feuille.iter_rows() for c in ligne}
    assert file_active in valeurs


def test_une_publication_note_la_version_du_schema(lettre_v1):
    from reporting.indicateurs import Periode
    from reporting.lettre import publier

    nouvelle = publier(Periode(2017, 6), par=None)
    assert nouvelle.version_schema == instantanes.VERSION_SCHEMA and nouvelle.numero == lettre_v1.numero + 1


def test_un_instantane_plus_recent_que_le_code_est_refuse(lettre_v1):
    lettre_v1.version_schema = instantanes.VERSION_SCHEMA + 1
    with pytest.raises(ValueError, match="plus récente que ce code"):
        donnees_publiees(lettre_v1)


def test_les_mises_a_jour_s_enchainent(monkeypatch):
    monkeypatch.setattr(instantanes, "VERSION_SCHEMA", 3)
    monkeypatch.setattr(
        instantanes,
        "MISES_A_JOUR",
        {1: lambda d: {**d, "ajout_v2": d["a"] * 2}, 2: lambda d: {**d, "ajout_v3": d["ajout_v2"] + 1}},
    )
    ancien = {"a": 5}
    assert instantanes.a_jour(ancien, 1) == {"a": 5, "ajout_v2": 10, "ajout_v3": 11}
    assert ancien == {"a": 5}  # the stored snapshot is never rewritten
