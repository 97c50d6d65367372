"""Signing in and out in the browser, as every browser test does."""

from playwright.sync_api import expect

from tests.plie.factories import MOT_DE_PASSE


def se_connecter(page, email):
    page.goto("/")
    page.fill("#id_username", email)
    page.fill("#id_password", MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("#menu-compte")).to_be_visible()


def se_deconnecter(page):
    page.locator("#menu-compte").click()  # the account menu: role, password, sign out
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.locator("#id_username")).to_be_visible()
