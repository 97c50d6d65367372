"""Signing in and out in the browser, as every browser test does."""

import re

from playwright.sync_api import expect

from tests.plie.factories import MOT_DE_PASSE


def ouvrir_le_menu(page):
    """On a phone the menu bar is folded behind its button: unfold it (nothing to do on a wide screen)."""
    bouton = page.locator(".navbar-toggler")
    if bouton.is_visible() and bouton.get_attribute("aria-expanded") != "true":
        bouton.click()
        expect(page.locator("#menu")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))  # unfolded, not unfolding


def menu(page, nom: str):
    """Follow a link of the menu bar, on any screen."""
    ouvrir_le_menu(page)
    page.locator("#menu").get_by_role("link", name=nom, exact=True).first.click()


def se_connecter(page, email):
    page.goto("/")
    page.fill("#id_username", email)
    page.fill("#id_password", MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("#menu-compte, .navbar-toggler").locator("visible=true").first).to_be_visible()


def se_deconnecter(page):
    ouvrir_le_menu(page)
    page.locator("#menu-compte").click()  # the account menu: role, password, sign out
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.locator("#id_username")).to_be_visible()
