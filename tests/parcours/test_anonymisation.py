"""Anonymisation at the end of the archive period: identity gone, every figure unchanged."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from parcours.anonymisation import ANONYME
from parcours.models import AideIndividuelle, Entretien, Etape, Parcours, Prescription, Veille
from parcours.tasks import anonymiser_archives
from participants.models import Participant
from reporting.indicateurs import Periode, calculer

pytestmark = pytest.mark.django_db


def figures() -> dict:
    """The aggregates the indicators are built from, by every dimension they use."""
    resultat = {}
    for annee in (2010, 2011, 2012):
        # The whole annual letter, référent rows included.
        resultat[f"lettre_{annee}"] = calculer(Periode(annee, 12))
    parcours = Parcours.objects.order_by()
    for dimension in [
        "participant__sexe",
        "participant__nationalite",
        "age_entree",
        "commune",
        "quartier",
        "niveau_formation",
        "rsa",
        "rqth",
        "situation_emploi",
        "motif_sortie",
        "referent",
        "prescription__prescripteur__groupe",
        "date_entree__year",
        "date_sortie__year",
    ]:
        resultat[dimension] = sorted(parcours.values_list(dimension).annotate(n=Count("pk")), key=repr)
    resultat["personnes"] = Participant.objects.count()
    resultat["etapes"] = sorted(Etape.objects.values_list("type", "date_debut__year").annotate(n=Count("pk")))
    resultat["entretiens"] = Entretien.objects.aggregate(n=Count("pk"), minutes=Sum("duree_minutes"))
    resultat["veilles"] = Veille.objects.count()
    resultat["aides"] = AideIndividuelle.objects.aggregate(n=Count("pk"), total=Sum("montant"))
    resultat["non_entrees"] = sorted(
        Prescription.objects.values_list("statut", "motif_non_entree", "date_decision__year").annotate(n=Count("pk")),
        key=repr,
    )
    return resultat


@pytest.fixture
def plie_ancien():
    call_command("seed_demo", "--seed", "3", "--echelle", "0.2", "--jusqua", "2012-12-31", verbosity=0)


def test_anonymiser_ne_change_aucun_chiffre(plie_ancien):
    temoin = Participant.objects.filter(parcours__date_sortie__lt=datetime.date(2012, 1, 1)).first()
    temoin.telephone = "06 00 00 00 01"
    temoin.save()  # a history row holding personal data
    avant = figures()
    sortie = StringIO()
    call_command("anonymiser", "--executer", "--lot", "50", stdout=sortie)
    assert "anonymisées" in sortie.getvalue()
    assert figures() == avant

    temoin.refresh_from_db()
    assert (temoin.nom, temoin.prenom, temoin.date_naissance, temoin.adresse, temoin.telephone) == (
        ANONYME,
        ANONYME,
        None,
        "",
        "",
    )
    assert temoin.anonymise_le is not None
    assert set(temoin.historique.values_list("nom", "telephone")) == {(ANONYME, "")}
    assert not Entretien.objects.filter(parcours__participant=temoin).exclude(notes="").exists()
    assert set(Prescription.objects.filter(participant=temoin).values_list("nom", flat=True)) == {ANONYME}
    # People still accompanied (open parcours) keep their identity.
    ouverts = Participant.objects.filter(parcours__date_sortie__isnull=True)
    assert ouverts.exists() and not ouverts.filter(nom=ANONYME).exists()


def test_simulation_par_defaut_et_idempotence(plie_ancien):
    sortie = StringIO()
    call_command("anonymiser", stdout=sortie)
    assert "simulation" in sortie.getvalue()
    assert not Participant.objects.filter(nom=ANONYME).exists()
    premier = anonymiser_archives.delay().get()
    assert premier["participants"] > 0 and premier["prescriptions"] > 0
    assert anonymiser_archives.delay().get() == {"participants": 0, "prescriptions": 0}


def test_lot_invalide_refuse():
    with pytest.raises(Exception, match="La taille de lot doit être un entier positif."):
        call_command("anonymiser", "--lot", "0")
