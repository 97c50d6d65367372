"""The FSE+ publicity (plie/publicite.py): every document built through the one banner and the one workbook, the
programme a setting."""

import ast
import re
from pathlib import Path

import pytest

from plie import publicite
from plie.fichiers import tableau_excel
from reprise.lecture import lire
from reprise.lisez_moi import modele_vierge
from tests import publicite as porte

RACINE = Path(__file__).resolve().parents[2]
CODE = [
    p
    for p in RACINE.glob("*/**/*.py")
    if p.parts[len(RACINE.parts)] not in {".venv", "tests", "demo", "bench"} and "migrations" not in p.parts
]


def test_aucun_classeur_n_est_construit_sans_sa_feuille_fse():
    """A workbook the product produces starts from ``publicite.classeur`` (the demo's generator aside: it writes
    an old tool's file, not a document of the PLIE)."""
    construits = []
    for chemin in CODE:
        for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
            if (
                isinstance(noeud, ast.Call)
                and getattr(noeud.func, "id", getattr(noeud.func, "attr", "")) == "Workbook"
            ):
                construits.append(str(chemin.relative_to(RACINE)))
    assert construits == ["plie/publicite.py"]


def _avec_inclusions(nom: str) -> str:
    texte = (RACINE / "templates" / nom).read_text(encoding="utf-8")
    for inclus in re.findall(r'{% include "([^"]+)"', texte):
        texte += _avec_inclusions(inclus)
    return texte


def test_chaque_gabarit_de_pdf_porte_le_bandeau():
    gabarits = sorted(str(p.relative_to(RACINE / "templates")) for p in (RACINE / "templates").rglob("*pdf.html"))
    assert len(gabarits) >= 4
    for nom in gabarits:
        assert "{% bandeau_fse" in _avec_inclusions(nom), nom


def test_le_programme_est_un_reglage(settings):
    settings.FSE_PROGRAMME = "Programme régional FSE+ Bourgogne-Franche-Comté 2021-2027"
    contenu = tableau_excel("Essai", ["Colonne"], [["valeur"]])
    porte.classeur(contenu)
    assert "Programme régional FSE+ Bourgogne-Franche-Comté 2021-2027" in publicite.bandeau()["programme"]


@pytest.mark.django_db
def test_l_import_passe_la_feuille_fse_sans_la_signaler():
    """The export and the template are re-read by the import: the publicity's sheet is neither data nor an
    « ignored sheet » warning."""
    lecture = lire([("modele.xlsx", modele_vierge())])
    assert lecture.ignorees == [] and lecture.vide
