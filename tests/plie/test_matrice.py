"""The URL × role matrix: every URL pattern of the project, reached by every role, answers as the policy says.

A new URL pattern that is not listed in ATTENDU makes test_chaque_motif_est_dans_la_matrice fail: its policy
must be decided and written here.
"""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from parcours.models import Parcours
from tests.plie.matrice import ATTENDU, ROLES, L, motifs, url_de, urls_admin

pytestmark = pytest.mark.django_db


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.vus: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        for nom, valeur in attrs:
            if nom == "id" and valeur:
                self.vus[valeur] += 1


def ids_en_double(html: str) -> list[str]:
    """The ``id`` attributes a page gives twice (a label, a link or a screen reader then finds the first one)."""
    lecteur = _Ids()
    lecteur.feed(html)
    return sorted(i for i, n in lecteur.vus.items() if n > 1)


def test_un_id_en_double_est_trouve():
    assert ids_en_double('<p id="a"></p><section id="b"><h2 id="a">x</h2></section>') == ["a"]
    assert ids_en_double('<p id="a"></p><p id="b"></p>') == []


def test_chaque_motif_est_dans_la_matrice():
    hors_admin = {nom for espace, nom, _, _ in motifs() if espace != "admin"}
    assert hors_admin == set(ATTENDU)


def test_chaque_vue_declare_sa_politique():
    for espace, nom, _, vue in motifs():
        if espace != "admin":
            assert hasattr(vue, "roles_autorises"), f"la vue {nom} n'a pas de politique d'accès (plie.access)"


@pytest.mark.parametrize("nom", sorted(ATTENDU))
def test_matrice(client, monde, nom):
    url = url_de(nom, monde)
    for role in ROLES:
        client.logout()
        if monde["comptes"][role]:
            client.force_login(monde["comptes"][role])
        reponse = client.get(url)
        attendu = ATTENDU[nom][role]
        if attendu == L:
            assert reponse.status_code == 302 and reponse.url.startswith(reverse("login")), (nom, role)
        else:
            assert reponse.status_code == attendu, (nom, role, reponse.status_code)
        if reponse.status_code == 200 and reponse.get("Content-Type", "").startswith("text/html"):
            assert not ids_en_double(reponse.content.decode()), (nom, role, ids_en_double(reponse.content.decode()))


def test_administration_fermee_aux_roles_qui_n_administrent_pas(client, monde):
    """Every admin URL sends outsiders to the admin login page; staff and superuser flags do not open it."""
    urls = list(urls_admin())
    assert len(urls) > 100
    for role in ["anonyme", "referent", "referent_autre", "porteur", "financeur", "prescripteur"]:
        client.logout()
        compte = monde["comptes"][role]
        if compte:
            compte.is_staff = compte.is_superuser = True
            compte.save()
            client.force_login(compte)
        for nom, url in urls:
            reponse = client.get(url)
            if nom == "login":
                assert reponse.status_code == 200
            elif nom == "logout":
                assert reponse.status_code in (302, 405)
            else:
                assert reponse.status_code == 302, (role, url, reponse.status_code)
                assert reponse.url.startswith(reverse("admin:login")), (role, url)


def test_administration_sans_erreur_pour_qui_administre(client, monde):
    """The structure d'animation reaches every admin page; the administrator never a participant's data."""
    urls = list(urls_admin())
    for role in ["animation", "administrateur"]:
        client.force_login(monde["comptes"][role])
        for _, url in urls:
            statut = client.get(url).status_code
            assert statut in (200, 302, 403, 404, 405), (role, url, statut)
            if role == "administrateur" and any(
                f"/{chemin}/" in url for chemin in ("participants/participant", "parcours/parcours")
            ):
                assert statut in (302, 403, 404), (url, statut)
    assert Parcours.objects.count() == 2
