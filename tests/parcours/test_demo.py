"""seed_demo builds a PLIE shaped like Dijon's, the same for the same seed."""

import datetime
import hashlib
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum
from django.urls import reverse

from demo.lettres import dernier_mois_complet
from parcours import services, sortie_emploi
from parcours.enums import StatutPrescription
from parcours.models import ChangementStatut, Entretien, Etape, Parcours, Prescription
from parcours.services.sorties import verifier_sortie
from participants.models import Participant, Referent, ReferentEtp, StructurePorteuse
from plie.enums import Role
from plie.models import User
from programmation.models import Financement
from reporting.indicateurs import Periode
from reporting.models import Lettre

pytestmark = pytest.mark.django_db


def empreinte() -> str:
    lignes = Parcours.objects.order_by("date_entree", "participant__nom", "participant__prenom").values_list(
        "participant__nom",
        "participant__prenom",
        "participant__date_naissance",
        "date_entree",
        "date_sortie",
        "motif_sortie__code",
        "referent__nom",
        "prescription__date_prescription",
    )
    etapes = Etape.objects.order_by("date_debut", "type__code", "parcours__participant__nom").values_list(
        "type__code", "date_debut", "date_fin", "issue"
    )
    texte = repr((list(lignes), list(etapes), Entretien.objects.count(), Prescription.objects.count()))
    return hashlib.sha256(texte.encode()).hexdigest()


def test_meme_graine_meme_base():
    call_command("seed_demo", "--seed", "7", "--echelle", "0.2", "--jusqua", "2017-12-31", verbosity=0)
    premiere = empreinte()
    # Someone used the demo: a commission decision, journaled in the name of its account.
    a_valider = Parcours.objects.a_valider("entree").first()
    animation = User.objects.filter(role="animation").first()
    services.commission_decider(parcours=a_valider, objet="entree", valider=True, par=animation)
    assert ChangementStatut.objects.exists()
    # … and an activity in a référent's agenda, with a participant, and a validated month.
    from agenda import services as agenda
    from agenda.models import Activite, CategorieActivite, EtatTemps

    agenda.activite_enregistrer(
        referent=a_valider.referent,
        categorie=CategorieActivite.objects.get(code="demarches_participant"),
        date=a_valider.date_entree,
        duree_minutes=30,
        participants=[a_valider],
        realisee=True,
        par=animation,
    )
    EtatTemps.objects.create(referent=a_valider.referent, annee=2017, mois=1, statut="verrouille")
    call_command("seed_demo", "--seed", "7", "--echelle", "0.2", "--jusqua", "2017-12-31", "--vider", verbosity=0)
    assert not ChangementStatut.objects.exists()
    assert not Activite.objects.exists() and not EtatTemps.objects.exists()
    assert empreinte() == premiere
    call_command("seed_demo", "--seed", "8", "--echelle", "0.2", "--jusqua", "2017-12-31", "--vider", verbosity=0)
    assert empreinte() != premiere


def test_base_non_vide_refusee_sans_option():
    """Also: a benchmark base (--sans-fichiers) publishes its letter with every file waiting, none produced; the
    dashboards' alert counts are computed."""
    from reporting.models import ComptesAlertes, FichierLettre, StatutFichier

    call_command("seed_demo", "--echelle", "0.1", "--jusqua", "2017-12-31", "--sans-fichiers", verbosity=0)
    fichiers = FichierLettre.objects.all()
    assert fichiers.exists() and not fichiers.exclude(statut=StatutFichier.EN_ATTENTE).exists()
    assert ComptesAlertes.objects.get().au is not None
    with pytest.raises(CommandError, match="La base contient déjà des données"):
        call_command("seed_demo", "--echelle", "0.1", "--jusqua", "2017-12-31", verbosity=0)
    call_command("seed_demo", "--echelle", "0.1", "--jusqua", "2017-12-31", "--si-vide", verbosity=0)


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--jusqua", "2017-13-01"], "Date invalide « 2017-13-01 »"),
        (["--echelle", "0"], "L'échelle doit être un nombre strictement positif"),
        (["--jusqua", "2999-01-01"], "La date de fin doit être comprise entre 2003 et aujourd'hui."),
    ],
)
def test_arguments_invalides(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("seed_demo", *arguments, verbosity=0)
    assert not Participant.objects.exists()


def test_une_annee_2017_comme_celle_des_lettres():
    call_command("seed_demo", "--seed", "1", "--jusqua", "2017-12-31", verbosity=0)
    debut, fin = datetime.date(2017, 1, 1), datetime.date(2017, 12, 31)

    assert StructurePorteuse.objects.count() == 9
    en_poste = Referent.objects.en_poste_au(datetime.date(2017, 1, 31))
    assert en_poste.count() == 14
    etp = ReferentEtp.objects.en_vigueur_au
    assert etp(datetime.date(2017, 1, 31)).aggregate(total=Sum("etp"))["total"] == Decimal("12.7")
    assert etp(fin).aggregate(total=Sum("etp"))["total"] == Decimal("12.5")

    assert 700 <= Prescription.objects.filter(date_prescription__year=2017).count() <= 840
    entrees = Parcours.objects.filter(date_entree__year=2017)
    assert 440 <= entrees.count() <= 560
    non_entrees = Prescription.objects.filter(statut=StatutPrescription.NON_ENTREE, date_decision__year=2017)
    assert 230 <= non_entrees.count() <= 310
    motifs = dict(non_entrees.values_list("motif_non_entree__code").annotate(n=Count("pk")))
    assert max(motifs, key=motifs.get) == "absent_rdv"

    sorties = Parcours.objects.filter(date_sortie__year=2017)
    assert 520 <= sorties.count() <= 660
    assert 0.4 <= sorties.filter(motif_sortie__positive=True).count() / sorties.count() <= 0.6

    mois = debut
    while mois <= fin:
        assert 700 <= Parcours.objects.file_active(au=mois + relativedelta(day=31)).count() <= 900, mois
        mois += relativedelta(months=1)

    accompagnes = Parcours.objects.accompagnes(debut=debut, fin=fin)
    etapes = Etape.objects.en_cours_entre(debut=debut, fin=fin).filter(parcours__in=accompagnes)
    assert 1500 <= etapes.count() <= 2000
    assert 0.6 <= etapes.filter(type__categorie="emploi").count() / etapes.count() <= 0.78
    assert Entretien.objects.filter(date__year=2017).count() > 8000

    financements = Financement.objects.filter(operation__annee=2017)
    assert financements.aggregate(total=Sum("montant"))["total"] == Decimal("1153000")
    assert financements.filter(financeur__est_fse=True).aggregate(total=Sum("montant"))["total"] == Decimal("589000")

    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert Participant.objects.annotate(n=Count("parcours")).filter(n__gt=1).exists()


@pytest.mark.parametrize("graine", [2, 3])
def test_la_base_de_demo_respecte_les_regles_des_services(graine):
    """What the generator writes is what the services would accept: every entry passes the parcours' rules and
    every exit the employment-exit rule (its motif justified by its étapes on the exit day, nothing after it)."""
    call_command("seed_demo", "--seed", str(graine), "--echelle", "0.5", "--jusqua", "2017-12-31", verbosity=0)
    refusees = {}
    sorties = Parcours.objects.filter(date_sortie__isnull=False).select_related("participant", "motif_sortie")
    assert sorties.filter(motif_sortie__code__in=sortie_emploi.MOTIFS_EMPLOI).count() > 200
    for parcours in sorties:
        try:
            parcours.full_clean()
            verifier_sortie(parcours, parcours.date_sortie, parcours.motif_sortie)
        except ValidationError as erreur:
            refusees[parcours.pk] = (parcours.motif_sortie.code, erreur.messages)
    assert refusees == {}
    # The other records pass the models' rules the services call (dates, ages, bounds), a sample of each kind.
    from parcours.models import AideIndividuelle, Veille

    for modele in (Participant, Prescription, Etape, Entretien, Veille, AideIndividuelle):
        for objet in modele.objects.order_by("-pk")[:150]:
            try:
                objet.full_clean()
            except ValidationError as erreur:
                refusees[(modele.__name__, objet.pk)] = erreur.messages
    assert refusees == {}


def test_la_lettre_du_dernier_mois_complet_est_publiee(client):
    call_command("seed_demo", "--seed", "5", "--echelle", "0.2", "--jusqua", "2017-12-31", verbosity=0)
    call_command("seed_demo", "--seed", "5", "--echelle", "0.2", "--jusqua", "2017-12-31", "--vider", verbosity=0)
    lettre = Lettre.objects.get()  # re-seeding replaces the demo's letter
    assert (lettre.annee, lettre.mois, lettre.numero) == (2017, 12, 1)
    assert lettre.publiee_par.email == "animation@demo.plie.fr"
    client.force_login(User.objects.get(email="financeur@demo.plie.fr"))
    assert "Lettre annuelle 2017" in client.get(reverse("lettres")).content.decode()


def test_dernier_mois_complet():
    assert dernier_mois_complet(datetime.date(2017, 12, 31)) == Periode(2017, 12)
    assert dernier_mois_complet(datetime.date(2018, 1, 30)) == Periode(2017, 12)
    assert dernier_mois_complet(datetime.date(2018, 3, 1)) == Periode(2018, 2)
