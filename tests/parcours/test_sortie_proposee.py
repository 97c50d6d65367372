"""An exit that explains its rule: the sortie form proposes the first day and the motif the employment-exit rule
allows, refuses an earlier day with the rule's message, and a sent-back exit is corrected from the dossier and from
the alert."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from parcours.enums import StatutCommission
from parcours.models import MotifSortie
from plie.enums import Role
from tests.parcours.factories import EntretienFactory
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory
from tests.reporting.histoires import etape, parcours

pytestmark = pytest.mark.django_db
AUJOURDHUI = timezone.localdate()


@pytest.fixture
def en_emploi():
    """Entered eight months ago; a long contract since seven months: the rule is met since its sixth month."""
    referent = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    un = parcours(referent, AUJOURDHUI - relativedelta(months=8), prescrit_le=AUJOURDHUI - relativedelta(months=9))
    debut = AUJOURDHUI - relativedelta(months=7)
    etape(un, debut, type_code="contrat_long")
    return un, debut + relativedelta(months=6)


def test_le_formulaire_propose_la_date_et_le_motif_de_la_regle(client, en_emploi):
    un, possible = en_emploi
    client.force_login(un.referent.utilisateur)
    url = reverse("parcours_sortie", args=[un.pk])
    page = client.get(url)
    form = page.context["form"]
    assert form.initial["date_sortie"] == possible
    assert form.initial["motif"].code == "emploi_durable"
    assert f"possible depuis le {possible:%d/%m/%Y}" in page.content.decode()
    durable = MotifSortie.objects.get(code="emploi_durable").pk
    trop_tot = client.post(url, {"date_sortie": (possible - datetime.timedelta(days=3)).isoformat(), "motif": durable})
    assert f"La sortie ne peut pas précéder le {possible:%d/%m/%Y}" in trop_tot.content.decode()
    un.refresh_from_db()
    assert un.date_sortie is None
    assert client.post(url, {"date_sortie": possible.isoformat(), "motif": durable}).status_code == 302
    un.refresh_from_db()
    assert (un.date_sortie, un.motif_sortie.code) == (possible, "emploi_durable")


def test_une_sortie_renvoyee_se_corrige_depuis_le_dossier_et_l_alerte(client, en_emploi):
    un, possible = en_emploi
    referent = un.referent.utilisateur
    client.force_login(referent)
    durable = MotifSortie.objects.get(code="emploi_durable").pk
    client.post(reverse("parcours_sortie", args=[un.pk]), {"date_sortie": possible.isoformat(), "motif": durable})
    client.force_login(UserFactory(role=Role.ANIMATION))
    client.post(
        reverse("commission_decider", args=[un.pk, "sortie"]),
        {"decision": "renvoyer", "commentaire": "Joindre le contrat signé."},
    )
    un.refresh_from_db()
    assert un.sortie_commission == StatutCommission.RENVOYEE
    client.force_login(referent)
    correction = reverse("parcours_sortie", args=[un.pk])
    dossier = client.get(reverse("dossier_participant", args=[un.participant_id])).content.decode()
    assert "Joindre le contrat signé." in dossier and f'href="{correction}">Corriger la sortie</a>' in dossier
    assert "Vous avez suivi cette personne jusqu" not in dossier  # still theirs to correct: shown as today
    accueil = client.get(reverse("accueil")).content.decode()
    assert f'href="{correction}">Corriger la sortie</a>' in accueil
    assert "Joindre le contrat signé." in client.get(correction).content.decode()


def test_les_ancres_du_dossier_n_ont_pas_d_espace(client):
    """A parcours numbered above 999: its anchor keeps its digits together (no thousands separator)."""
    from tests.parcours.factories import ParcoursFactory

    referent = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    un = ParcoursFactory(pk=12345, prescription__referent=referent, date_entree=AUJOURDHUI - relativedelta(months=2))
    client.force_login(referent.utilisateur)
    page = client.get(reverse("dossier_participant", args=[un.participant_id])).content.decode()
    assert 'id="parcours-12345"' in page and 'aria-labelledby="titre-parcours-12345"' in page
    retour = client.get(reverse("parcours_element_ajouter", args=[un.pk, "entretien"])).content.decode()
    assert "#parcours-12345" in retour


def test_un_entretien_apres_le_jour_de_la_regle_decale_la_sortie_proposee_et_le_premier_envoi_passe(client, en_emploi):
    un, possible = en_emploi
    entretien = possible + datetime.timedelta(days=10)
    EntretienFactory(parcours=un, date=entretien)
    client.force_login(un.referent.utilisateur)
    url = reverse("parcours_sortie", args=[un.pk])
    page = client.get(url)
    form = page.context["form"]
    assert (form.initial["date_sortie"], form.initial["motif"].code) == (entretien, "emploi_durable")
    assert f"un élément plus récent (entretien du {entretien:%d/%m/%Y})" in page.content.decode()
    envoi = {"date_sortie": form.initial["date_sortie"].isoformat(), "motif": form.initial["motif"].pk}
    assert client.post(url, envoi).status_code == 302
    un.refresh_from_db()
    assert un.date_sortie == entretien
