"""The status machines (parcours/statuts.py): every allowed move works and is journaled with who and when; every
other move is refused with a French message and writes nothing; the services move statuses only through them."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours import services, statuts
from parcours.enums import StatutCommission, StatutPrescription
from parcours.models import ChangementStatut, DerogationSenior, MotifNonEntree, MotifSortie, Parcours
from plie.statuts import AUCUN
from tests.parcours.factories import EtapeFactory, ParcoursFactory, PrescriptionFactory, type_etape
from tests.participants.factories import ReferentFactory
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
MACHINES = [statuts.PRESCRIPTION, statuts.ENTREE_COMMISSION, statuts.SORTIE_COMMISSION, statuts.DEROGATION]
AUJOURDHUI = timezone.localdate()


def _accorder(objet, machine) -> None:
    """The dates that go with a status (what the services set beside the move), so the record can be saved."""
    statut = getattr(objet, machine.champ)
    if machine is statuts.PRESCRIPTION:
        objet.date_decision = None if statut in (AUCUN, StatutPrescription.EN_ATTENTE) else objet.date_prescription
        objet.motif_non_entree = MotifNonEntree.objects.first() if statut == StatutPrescription.NON_ENTREE else None
    elif machine is statuts.ENTREE_COMMISSION:
        objet.entree_validee_le = timezone.now() if statut == StatutCommission.VALIDEE else None
    elif machine is statuts.SORTIE_COMMISSION:
        objet.sortie_validee_le = timezone.now() if statut == StatutCommission.VALIDEE else None
        sortie = statut != AUCUN
        objet.date_sortie = D(2017, 6, 30) if sortie else None
        objet.motif_sortie = MotifSortie.objects.get(code="a_sa_demande") if sortie else None
    else:
        objet.decidee_le = timezone.now() if statut in (StatutCommission.VALIDEE, StatutCommission.RENVOYEE) else None


def _objet_dans(machine, statut):
    """A saved record of ``machine``'s model in ``statut`` (written directly: the test starts anywhere)."""
    if machine is statuts.PRESCRIPTION:
        objet = PrescriptionFactory(statut=StatutPrescription.EN_ATTENTE, date_decision=None)
        if statut == StatutPrescription.ENTREE:  # an entered prescription has its parcours
            objet = ParcoursFactory().prescription
    elif machine is statuts.DEROGATION:
        parcours = ParcoursFactory(participant__date_naissance=D(1955, 1, 1))
        etape = EtapeFactory(parcours=parcours, type=type_etape("chantier_insertion"), date_debut=D(2017, 2, 1))
        objet = DerogationSenior.objects.create(parcours=parcours, etape=etape, justification="63 ans.")
    else:
        objet = ParcoursFactory()
    setattr(objet, machine.champ, statut)
    _accorder(objet, machine)
    if statut == AUCUN and machine is not statuts.SORTIE_COMMISSION:
        return objet  # as a service holds it before its creation: the first status is the creation's move
    objet.save()
    return objet


def _toutes_les_paires(machine):
    return [(machine, a, b) for a, b in itertools.product(machine.libelles, repeat=2) if a != b]


@pytest.mark.parametrize(
    ("machine", "depuis", "vers"),
    [p for m in MACHINES for p in _toutes_les_paires(m)],
    ids=lambda v: getattr(v, "nom", None) or (v or "aucun"),
)
def test_chaque_mouvement_permis_marche_et_tout_autre_est_refuse(machine, depuis, vers):
    par = UserFactory(role="animation")
    objet = _objet_dans(machine, depuis)
    avant = ChangementStatut.objects.count()
    if (depuis, vers) in {(t.depuis, t.vers) for t in machine.transitions}:
        transition = machine.passer(objet, vers, par=par)
        assert transition.nom and getattr(objet, machine.champ) == vers
        _accorder(objet, machine)
        objet.save()
        objet.refresh_from_db()
        assert getattr(objet, machine.champ) == vers
        ligne = ChangementStatut.objects.get()
        assert (ligne.machine, ligne.depuis, ligne.vers, ligne.par) == (machine.nom, depuis, vers, par)
        assert abs((timezone.now() - ligne.le).total_seconds()) < 60
    else:
        with pytest.raises(ValidationError) as refus:
            machine.passer(objet, vers, par=par)
        message = " ".join(refus.value.messages)
        assert f"ne peut pas passer de « {machine.libelle(depuis)} » à « {machine.libelle(vers)} »" in message
        assert getattr(objet, machine.champ) == depuis
        if depuis != AUCUN or machine is statuts.SORTIE_COMMISSION:
            objet.save()  # a refused move leaves nothing to journal
            objet.refresh_from_db()
            assert getattr(objet, machine.champ) == depuis
        assert ChangementStatut.objects.count() == avant


def test_chaque_etat_a_un_libelle_francais_et_chaque_mouvement_un_nom():
    for machine in MACHINES:
        assert all(machine.libelles.values()), machine.nom
        assert all(t.nom for t in machine.transitions)


def journal(**cible) -> list[tuple]:
    return list(ChangementStatut.objects.filter(**cible).values_list("machine", "depuis", "vers", "par__email"))


def test_la_vie_d_une_prescription_par_les_services():
    animation = UserFactory(role="animation")
    prescription = services.prescription_creer(
        date_prescription=AUJOURDHUI,
        prescripteur=PrescriptionFactory().prescripteur,
        nom="Neuf",
        prenom="Alex",
        referent=ReferentFactory(),
        par=animation,
    )
    motif = MotifNonEntree.objects.first()
    services.prescription_non_entree(prescription=prescription, motif=motif, date=AUJOURDHUI, par=animation)
    with pytest.raises(ValidationError):
        services.prescription_non_entree(prescription=prescription, motif=motif, date=AUJOURDHUI, par=animation)
    assert journal(prescription=prescription) == [
        ("prescription", "", "en_attente", animation.email),
        ("prescription", "en_attente", "non_entree", animation.email),
    ]


def test_la_vie_d_une_entree_et_d_une_sortie_en_commission_par_les_services():
    referent, animation = UserFactory(), UserFactory(role="animation")
    parcours = ParcoursFactory(date_entree=D(2017, 1, 10), entree_commission=AUCUN)
    statuts.ENTREE_COMMISSION.passer(parcours, StatutCommission.A_VALIDER, par=referent)
    parcours.save()
    services.commission_decider(parcours=parcours, objet="entree", valider=False, par=animation, commentaire="RSA ?")
    services.entree_corriger(parcours=parcours, date_entree=D(2017, 1, 10), par=referent, rsa=True)
    services.commission_decider(parcours=parcours, objet="entree", valider=True, par=animation)
    with pytest.raises(ValidationError, match="n'attend pas la commission"):
        services.commission_decider(parcours=parcours, objet="entree", valider=True, par=animation)
    motif = MotifSortie.objects.get(code="a_sa_demande")
    services.sortie_enregistrer(parcours=parcours, date_sortie=D(2017, 6, 30), motif=motif, par=referent)
    services.commission_decider(parcours=parcours, objet="sortie", valider=False, par=animation, commentaire="Date ?")
    services.sortie_corriger(parcours=parcours, date_sortie=D(2017, 6, 29), motif=motif, par=referent)
    services.commission_decider(parcours=parcours, objet="sortie", valider=True, par=animation)
    services.sortie_annuler(parcours=parcours, par=animation)
    r, a = referent.email, animation.email
    assert journal(parcours=parcours) == [
        ("entree_commission", "", "a_valider", r),
        ("entree_commission", "a_valider", "renvoyee", a),
        ("entree_commission", "renvoyee", "a_valider", r),
        ("entree_commission", "a_valider", "validee", a),
        ("sortie_commission", "", "a_valider", r),
        ("sortie_commission", "a_valider", "renvoyee", a),
        ("sortie_commission", "renvoyee", "a_valider", r),
        ("sortie_commission", "a_valider", "validee", a),
        ("sortie_commission", "validee", "", a),
    ]
    parcours.refresh_from_db()
    assert (parcours.sortie_commission, parcours.sortie_validee_le, parcours.date_sortie) == ("", None, None)


def test_la_vie_d_une_derogation_par_les_services():
    referent, animation = UserFactory(), UserFactory(role="animation")
    senior = ParcoursFactory(date_entree=D(2023, 1, 2), participant__date_naissance=D(1960, 3, 1))
    chantier = EtapeFactory(parcours=senior, type=type_etape("chantier_insertion"), date_debut=D(2023, 2, 1))
    services.derogation_senior_demander(parcours=senior, etape=chantier, justification="63 ans.", par=referent)
    services.commission_decider(parcours=senior, objet="derogation", valider=False, par=animation, commentaire="Non")
    services.derogation_senior_demander(parcours=senior, etape=chantier, justification="63 ans, ACI.", par=referent)
    services.commission_decider(parcours=senior, objet="derogation", valider=True, par=animation, commentaire="Oui")
    derogation = DerogationSenior.objects.get()
    assert [(d, v) for _, d, v, _ in journal(derogation=derogation)] == [
        ("", "a_valider"),
        ("a_valider", "renvoyee"),
        ("renvoyee", "a_valider"),
        ("a_valider", "validee"),
    ]


@pytest.mark.parametrize(
    ("champs", "contrainte"),
    [
        ({"entree_commission": StatutCommission.VALIDEE, "entree_validee_le": None}, "parcours_entree_validee_datee"),
        ({"entree_validee_le": timezone.now()}, "parcours_entree_validee_datee"),
        ({"sortie_commission": StatutCommission.VALIDEE, "sortie_validee_le": None}, "parcours_sortie_validee_datee"),
        ({"sortie_commission": ""}, "parcours_sortie_en_commission"),
    ],
)
def test_la_base_lie_chaque_statut_a_sa_date(champs, contrainte):
    parcours = ParcoursFactory(sorti=True)  # its entry and its exit to validate
    with pytest.raises(IntegrityError, match=contrainte), transaction.atomic():
        Parcours.objects.filter(pk=parcours.pk).update(**champs)


def test_la_base_lie_la_decision_d_une_derogation_a_sa_date():
    parcours = ParcoursFactory(participant__date_naissance=D(1955, 1, 1))
    etape = EtapeFactory(parcours=parcours, type=type_etape("chantier_insertion"), date_debut=D(2017, 2, 1))
    derogation = DerogationSenior.objects.create(parcours=parcours, etape=etape, justification="63 ans.")
    with pytest.raises(IntegrityError, match="derogation_senior_decision_datee"), transaction.atomic():
        DerogationSenior.objects.filter(pk=derogation.pk).update(commission=StatutCommission.VALIDEE)


def test_le_dossier_raconte_chaque_changement_de_statut_a_nombre_de_requetes_constant(client, animation):
    parcours = ParcoursFactory(date_entree=D(2017, 1, 10), participant__date_naissance=D(1958, 1, 1))
    chantier = EtapeFactory(parcours=parcours, type=type_etape("chantier_insertion"), date_debut=D(2017, 2, 1))
    DerogationSenior.objects.create(parcours=parcours, etape=chantier, justification="59 ans.")  # asked, not moved
    client.force_login(animation)
    url = reverse("dossier_participant", args=[parcours.participant_id])
    with CaptureQueriesContext(connection) as sans:
        assert client.get(url).status_code == 200
    renvoi = "Cochez le RSA."
    services.commission_decider(parcours=parcours, objet="entree", valider=False, par=animation, commentaire=renvoi)
    services.entree_corriger(parcours=parcours, date_entree=D(2017, 1, 10), par=animation, rsa=True)
    services.commission_decider(parcours=parcours, objet="entree", valider=True, par=animation)
    services.commission_decider(parcours=parcours, objet="derogation", valider=False, par=animation, commentaire="Non")
    with CaptureQueriesContext(connection) as avec:
        page = client.get(url).content.decode()
    assert len(avec) == len(sans)
    qui = animation.get_full_name() or animation.email
    assert f"L&#x27;entrée en commission : à valider → renvoyée au référent, par {qui}" in page
    assert f"L&#x27;entrée en commission : à valider → validée, par {qui}" in page
    assert f"La dérogation 55 ans et plus : à valider → refusée, par {qui}" in page
