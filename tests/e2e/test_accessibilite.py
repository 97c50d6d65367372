"""Every page of the product, for every role that may open it, without a serious or critical accessibility
violation (axe-core, WCAG 2.1 AA): the pages are those of the URL matrix (tests/plie/matrice.py) that answer 200
to the role, on the matrix's world of objects."""

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.navigation import se_connecter
from tests.plie.matrice import ATTENDU, construire_monde, url_de

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROLES = ["referent", "animation", "porteur", "financeur", "administrateur", "prescripteur"]
# Files and machine answers: nothing for a screen reader to read.
HORS_PAGES = ("excel", "pdf", "xlsx", "csv", "json", "etat", "telecharger", "piece_jointe", "document", "fichier")
HORS_PAGES += ("fiche", "export")


@pytest.mark.parametrize("role", ROLES)
def test_chaque_page_de_chaque_role_est_accessible(page, role):
    from tests.e2e.conftest import violations_graves

    monde = construire_monde()
    compte = monde["comptes"][role]
    se_connecter(page, compte.email)
    graves, vues = {}, 0
    for nom, attendu in sorted(ATTENDU.items()):
        if attendu[role] != 200 or any(mot in nom for mot in HORS_PAGES):
            continue
        try:
            reponse = page.goto(url_de(nom, monde))
        except PlaywrightError:  # a file, downloaded rather than shown
            continue
        if reponse is None or not reponse.headers.get("content-type", "").startswith("text/html"):
            continue
        vues += 1
        if trouvees := violations_graves(page):
            graves[nom] = trouvees
    assert vues >= 3, vues
    assert not graves, graves
