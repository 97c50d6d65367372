"""Prescribers read the funders' letter with its non-entry motifs by group: they know which of their prescriptions
did not enter, and when, so a detailed motif counted that month could be a named person's."""

import datetime

import pytest
from django.urls import reverse

from parcours.enums import StatutPrescription
from parcours.models import MotifNonEntree
from plie.enums import Role
from reporting.indicateurs import Periode
from reporting.lettre import publier
from reporting.lettre.variantes import arrondie_pour
from reporting.models import FichierLettre, Variante
from tests.parcours.factories import PrescriptionFactory
from tests.participants.factories import ContactPrescripteurFactory, ReferentFactory
from tests.plie.factories import UserFactory
from tests.reponses import texte

pytestmark = pytest.mark.django_db


def non_entree(code, jour):
    PrescriptionFactory(
        referent=ReferentFactory(),
        date_prescription=datetime.date(2025, 3, 1),
        statut=StatutPrescription.NON_ENTREE,
        date_decision=datetime.date(2025, 3, jour),
        motif_non_entree=MotifNonEntree.objects.get(code=code),
    )


@pytest.fixture
def lettre(django_capture_on_commit_callbacks):
    non_entree("sante", 3)
    non_entree("maternite", 4)
    non_entree("absent_rdv", 5)
    non_entree("refus_accompagnement", 31)  # the last day of the month
    with django_capture_on_commit_callbacks(execute=True):
        return publier(Periode(2025, 3), par=UserFactory(role=Role.ANIMATION))


def test_la_version_des_prescripteurs_regroupe_les_motifs(lettre):
    from reporting.lettre import donnees_publiees

    donnees = donnees_publiees(lettre)
    financeurs = arrondie_pour(donnees, Variante.FINANCEURS).non_entrees
    prescripteurs = arrondie_pour(donnees, Variante.PRESCRIPTEURS).non_entrees
    assert {m.motif for m in financeurs.par_motif} >= {"Santé", "Maternité"}
    assert [(m.motif, m.cumul, m.par_mois[2]) for m in prescripteurs.par_motif] == [
        ("N'a pas donné suite", 2, 2),
        ("Raison personnelle", 2, 2),
    ]
    assert prescripteurs.cumul == financeurs.cumul == 4  # the total whole
    assert arrondie_pour(donnees, Variante.PRESCRIPTEURS).referents == []


def test_le_prescripteur_lit_sa_version_et_aucune_autre(client, lettre):
    contact = ContactPrescripteurFactory(avec_compte=True)
    client.force_login(contact.utilisateur)
    page = client.get(reverse("lettre", args=[lettre.pk]))
    assert page.status_code == 200
    for version in ("financeurs", "interne"):
        assert client.get(reverse("lettre", args=[lettre.pk]) + f"?version={version}").status_code == 404
    pdf = FichierLettre.objects.get(lettre=lettre, variante=Variante.PRESCRIPTEURS, format="pdf")
    contenu = texte(client.get(reverse("lettre_pdf", args=[lettre.pk]) + "?version=prescripteurs"))
    assert pdf.pret and "Raison personnelle" in contenu
    # « Absent aux rendez-vous » is a non-entry motif only (santé and maternité are exit motifs too, and the exits'
    # table is the funders' one): not in the table, not in the comments.
    assert "absent aux rendez-vous" not in contenu.lower()
    assert "neutralisées" not in contenu  # nor the rate without the neutralised exits (health, maternity…)
    assert "principaux motifs : n'a pas donné suite (2), raison personnelle (2)" in " ".join(contenu.split())


@pytest.mark.parametrize("mois", range(1, 13))
def test_chaque_mois_la_version_des_prescripteurs_ne_nomme_aucun_motif(mois):
    """Every month (December gives the annual letter): groups only, in the tables and in the comments — the
    generated sentence says groups, a comment of the structure d'animation naming a motif is left out."""
    from reporting.chiffres import calculer
    from reporting.indicateurs.periode import fin_du_mois

    for code, jour in (("sante", 1), ("maternite", fin_du_mois(2025, mois).day)):  # the first and last day
        PrescriptionFactory(
            referent=ReferentFactory(),
            date_prescription=datetime.date(2025, mois, 1),
            statut=StatutPrescription.NON_ENTREE,
            date_decision=datetime.date(2025, mois, jour),
            motif_non_entree=MotifNonEntree.objects.get(code=code),
        )
    donnees = calculer(Periode(2025, mois))
    donnees = donnees.remplacer(
        commentaires=[*donnees.commentaires, "Deux départs pour maternité ce mois-ci.", "Actualité sans motif."]
    )
    assert any("santé" in c for c in donnees.commentaires)  # the generated sentence names the motifs
    version = arrondie_pour(donnees, Variante.PRESCRIPTEURS)
    assert [(m.motif, m.cumul, m.par_mois[mois - 1]) for m in version.non_entrees.par_motif] == [
        ("Raison personnelle", 2, 2)
    ]
    texte = " ".join(version.commentaires).lower()
    assert "santé" not in texte and "maternité" not in texte
    assert "2 non-entrées depuis janvier ; principaux motifs : raison personnelle (2)." in texte
    assert "Actualité sans motif." in version.commentaires


@pytest.mark.parametrize("mois", range(1, 13))
def test_chaque_mois_la_version_des_prescripteurs_ne_donne_aucun_motif_de_sortie(mois):
    """Exits by motif year to date, set against their list of entries, would date a named person's exit for
    health or maternity: prescribers read positive or not, every month, the first and the last day."""
    from reporting.chiffres import calculer
    from reporting.indicateurs.periode import fin_du_mois
    from tests.reporting.histoires import parcours

    referent = ReferentFactory()
    dernier = fin_du_mois(2025, mois).day
    for motif, jour in (("sante", 1), ("maternite", dernier), ("emploi_durable", dernier)):
        parcours(referent, datetime.date(2024, 6, 1), sortie=datetime.date(2025, mois, jour), motif=motif)
    donnees = calculer(Periode(2025, mois))
    donnees = donnees.remplacer(commentaires=[*donnees.commentaires, "Une sortie pour santé ce mois-ci."])
    assert {m.motif for m in donnees.sorties.par_motif if m.nombre} >= {"Santé", "Maternité"}
    version = arrondie_pour(donnees, Variante.PRESCRIPTEURS)
    assert [(m.motif, m.positive, m.nombre) for m in version.sorties.par_motif] == [
        ("Sorties positives", True, 1),
        ("Autres sorties", False, 2),
    ]
    assert version.sorties.total_cumul == donnees.sorties.total_cumul == 3  # the total whole
    assert donnees.sorties.neutralisees_cumul == 2  # santé and maternité: neither their count nor the rate without
    assert version.sorties.neutralisees_cumul is None and version.sorties.taux_positives_hors_neutralisees is None
    texte = " ".join(version.commentaires).lower()
    assert "santé" not in texte and "maternité" not in texte and "neutralisées" not in texte


def test_la_page_d_une_prescription_ne_date_pas_la_sortie(client):
    """« Visible until » counted from the exit would give the exit's date: an ended parcours says six months
    after its end, without a date."""
    from tests.reporting.histoires import parcours

    contact = ContactPrescripteurFactory(avec_compte=True)
    from django.utils import timezone

    sortie = timezone.localdate() - datetime.timedelta(days=30)
    sorti = parcours(ReferentFactory(), sortie - datetime.timedelta(days=200), sortie=sortie, motif="sante")
    prescription = sorti.prescription
    prescription.prescripteur = contact.prescripteur
    prescription.save(update_fields=["prescripteur"])
    client.force_login(contact.utilisateur)
    page = client.get(reverse("prescripteur_prescription", args=[prescription.pk])).content.decode()
    assert "Parcours terminé" in page
    assert "mois après la fin du parcours" in page
    from dateutil.relativedelta import relativedelta

    for jour in (sortie, sortie + relativedelta(months=6)):
        assert f"{jour:%d/%m/%Y}" not in page
