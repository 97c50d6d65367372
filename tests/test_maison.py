"""The house's own rules on its source: checked on every run, so that a file or a function that grows past them
is split when it grows, not later."""

from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
LIMITE = 800  # lines of a source file (docs/architecture.md)
HORS = {".venv", "node_modules", "migrations", "staticfiles", "var", ".git"}


def sources():
    for chemin in RACINE.rglob("*.py"):
        if not HORS.intersection(chemin.relative_to(RACINE).parts):
            yield chemin


def test_aucun_fichier_source_ne_depasse_800_lignes():
    trop_longs = {str(c.relative_to(RACINE)): n for c in sources() if (n := len(c.read_text().splitlines())) > LIMITE}
    assert not trop_longs, f"à découper (plus de {LIMITE} lignes) : {trop_longs}"


def test_la_recherche_voit_les_sources():  # the test above cannot pass by finding nothing
    noms = {str(c.relative_to(RACINE)) for c in sources()}
    assert {"manage.py", "reprise/moteur/passe.py", "parcours/services/entrees.py"} <= noms
    assert not any("/migrations/" in n for n in noms)
