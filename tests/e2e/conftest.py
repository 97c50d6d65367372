"""Browser tests: Playwright drives Debian's chromium (never a downloaded browser) against the live server."""

import os
import shutil
from pathlib import Path

import pytest

CAPTURES = Path(__file__).parent / "screenshots"


@pytest.fixture
def navigateur(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls the test makes around it are
    # synchronous and safe. Only for this test: the deployment check rejects the variable.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    chemin = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not chemin:
        pytest.fail("Chromium est introuvable : bin/installer --dev installe le paquet Debian « chromium ».")
    with sync_playwright() as playwright:
        navigateur = playwright.chromium.launch(
            executable_path=chemin,
            headless=True,
            args=[
                "--lang=fr-FR",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
            ],
        )
        yield navigateur
        navigateur.close()


@pytest.fixture
def page(navigateur, live_server, request):
    """A browser tab on the live server: a 1 280 px screen, or the width a test asks (``indirect``: 390, a phone)."""
    largeur = getattr(request, "param", 1280)
    contexte = navigateur.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": largeur, "height": 900 if largeur > 600 else 844}
    )
    contexte.set_default_timeout(15_000)
    page = contexte.new_page()
    yield page
    contexte.close()


@pytest.fixture
def capture(page):
    """Save a full-page screenshot under tests/e2e/screenshots/ (ignored by git, kept as CI artefacts)."""
    CAPTURES.mkdir(exist_ok=True)

    def capturer(nom: str):
        ecran = "" if page.viewport_size["width"] > 600 else "telephone-"
        page.screenshot(path=CAPTURES / f"{ecran}{nom}.png", full_page=True)
        graves = violations_graves(page)  # every page a walk shows is also checked for accessibility
        assert not graves, f"{nom} ({page.url}) : {graves}"
        largeur = page.evaluate("document.documentElement.scrollWidth")  # and fits the screen, phone included
        assert largeur <= page.viewport_size["width"], f"{nom} ({page.url}) : {largeur} px"

    return capturer


def violations_graves(page) -> list[str]:
    """The serious and critical axe-core violations of the page shown (WCAG 2.1 AA rules), one line each."""
    from axe_playwright_python.sync_playwright import Axe

    resultat = Axe().run(page, options={"resultTypes": ["violations"]})
    return [
        f"{v['id']} ({v['impact']}) : {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in resultat.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def accessible(page):
    """Assert the page shown has no serious or critical accessibility violation (axe-core)."""

    def verifier(etiquette: str = ""):
        graves = violations_graves(page)
        assert not graves, f"{etiquette or page.url} : {graves}"

    return verifier
