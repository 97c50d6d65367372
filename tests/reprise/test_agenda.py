"""The « Activités » and « Temps validés » sheets: a PLIE arriving with its past year's agenda and validated time.
Activities go through the agenda's service (every rule: category, participants in the référent's portfolio,
times); each month of validated time becomes a statement locked « repris de l'ancien outil », whose minutes the
staff cost reads; a month validated in the product is not replaced; the same file imported again changes nothing;
the export writes both sheets back, so that they survive an export then an import into an empty base."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from agenda import couts, services
from agenda.enums import StatutActivite, StatutEtatTemps
from agenda.models import Activite, CoutAnnuel, EtatTemps, TempsValide
from plie.enums import Role
from reprise import modele
from reprise.export import exporter
from reprise.lecture import lire
from reprise.models import Correspondance, GenreCorrespondance
from reprise.moteur import A_CREER, A_METTRE_A_JOUR, EN_ERREUR, IDENTIQUE, Moteur
from tests.fse.histoires import portage
from tests.plie.factories import UserFactory
from tests.reponses import texte
from tests.reprise.classeur import classeur, entetes, ligne

pytestmark = pytest.mark.django_db

R, PR, PE, PA, AC, TE = (
    modele.REFERENTS,
    modele.PRESCRIPTIONS,
    modele.PERSONNES,
    modele.PARCOURS,
    modele.ACTIVITES,
    modele.TEMPS,
)
OPERATION = "Accompagnement Maison de l'emploi 2016"


@pytest.fixture
def operation(organisation):
    return portage(organisation["structure"], 2016, intitule=OPERATION)


NOMS = {1: ("Durand", "Karim", "03/04/1980"), 2: ("Lefèvre", "Sonia", "17/09/1991")}


def personne(n: int) -> dict:
    nom, prenom, naissance = NOMS[n]
    return {
        PR.nom: ligne(
            PR,
            identifiant=f"PR{n}",
            date_prescription="12/12/2015",
            prescripteur="France Travail Dijon Nord",
            nom=nom,
            prenom=prenom,
            referent="R1",
            statut="Entrée",
        ),
        PE.nom: ligne(
            PE,
            identifiant=f"I{n}",
            nom=nom,
            prenom=prenom,
            sexe="Homme" if n == 1 else "Femme",
            date_naissance=naissance,
            nationalite="Française",
            commune="Dijon",
            telephone="06 00 00 00 00",
        ),
        PA.nom: ligne(
            PA,
            identifiant=f"P{n}",
            personne=f"I{n}",
            prescription=f"PR{n}",
            date_entree="04/01/2016",
            situation_emploi="Demandeur d'emploi",
        ),
    }


def feuilles(activites=None, temps=None) -> dict:
    """Claire Martin (R1) and two people entered on 04/01/2016 in her portfolio; November 2016 of her agenda and
    of her time validated in the old tool."""
    gens = [personne(1), personne(2)]
    activites = activites or [
        ligne(
            AC,
            identifiant="A1",
            referent="R1",
            categorie="Atelier collectif",
            date="14/11/2016",
            debut="9h30",
            fin="11:45",
            intitule="Atelier CV",
            participants="P1; P2",
        ),
        ligne(
            AC,
            identifiant="A2",
            referent="R1",
            categorie="reunion_plie",
            date="15/11/2016",
            duree_minutes=90,
            statut="Annulée",
        ),
        ligne(
            AC,
            identifiant="A3",
            referent="R1",
            categorie="administration",
            date="16/11/2016",
            duree_minutes=60,
            operation=OPERATION,
        ),
    ]
    temps = temps or [
        ligne(
            TE,
            referent="R1",
            annee=2016,
            mois=11,
            operation=OPERATION,
            categorie="Entretiens individuels",
            heures="12,5",
            participants="oui",
        ),
        ligne(
            TE,
            referent="R1",
            annee=2016,
            mois=11,
            operation=OPERATION,
            categorie="Ateliers",
            heures=2.25,
            participants="oui",
        ),
        ligne(TE, referent="R1", annee=2016, mois=11, categorie="Réunions", heures=3),
    ]
    return {
        R.nom: [entetes(R), ligne(R, identifiant="R1", prenom="Claire", nom="Martin", structure="Maison de l'emploi")],
        modele.ETP.nom: [entetes(modele.ETP), ligne(modele.ETP, referent="R1", date_debut="01/01/2015", etp=1)],
        PR.nom: [entetes(PR), *(g[PR.nom] for g in gens)],
        PE.nom: [entetes(PE), *(g[PE.nom] for g in gens)],
        PA.nom: [entetes(PA), *(g[PA.nom] for g in gens)],
        AC.nom: [entetes(AC), *activites],
        TE.nom: [entetes(TE), *temps],
    }


def importer(contenu: bytes, par=None, *, enregistrer=True):
    moteur = Moteur(lire([("ancien.xlsx", contenu)]), par=par, source="ancien.xlsx")
    bilan = moteur.executer(enregistrer=enregistrer)
    return bilan, {(r.feuille, r.ligne): r for r in moteur.resultats}


def erreurs(resultats) -> list:
    return [(f, n, r.erreurs) for (f, n), r in resultats.items() if r.statut == EN_ERREUR]


def test_l_agenda_et_le_temps_valide_de_l_ancien_outil(operation, animation):
    bilan, resultats = importer(classeur(feuilles()), animation)
    assert erreurs(resultats) == [] and bilan.enregistre
    atelier, reunion, administration = Activite.objects.order_by("date")
    assert (atelier.debut, atelier.fin, atelier.duree_minutes) == (datetime.time(9, 30), datetime.time(11, 45), 135)
    assert atelier.statut == StatutActivite.REALISEE and atelier.operation == operation  # the portage, by default
    assert sorted(str(p.participant) for p in atelier.participants.all()) == ["DURAND Karim", "LEFÈVRE Sonia"]
    assert reunion.statut == StatutActivite.ANNULEE
    assert administration.operation == operation and administration.referent.nom == "Martin"

    etat = EtatTemps.objects.get()
    assert (etat.annee, etat.mois, etat.statut, etat.repris) == (2016, 11, StatutEtatTemps.VERROUILLE, True)
    releve = etat.releve_valide
    assert releve["categories"] == ["Entretiens individuels", "Ateliers", "Réunions"]
    assert releve["minutes_participants"] == 750 + 135
    assert dict(TempsValide.objects.values_list("operation_id", "minutes")) == {operation.pk: 885, None: 180}
    # The staff cost reads the month as any locked one: 14 h 45 at 41 600 € / 1 720 h.
    CoutAnnuel.objects.create(referent=etat.referent, annee=2016, montant=Decimal("41600"))
    cout = couts.cout_des_personnels(operation, datetime.date(2016, 1, 1), datetime.date(2016, 12, 31))
    assert cout["minutes"] == 885 and cout["total"] == Decimal("356.74")  # 14.75 × 41600 / 1720 = 356.744…

    # The same file again: nothing changes; an hour corrected: that line, and the month rebuilt.
    bilan, resultats = importer(classeur(feuilles()), animation)
    assert {r.statut for r in resultats.values()} == {IDENTIQUE}
    autre = feuilles(
        temps=[
            ligne(
                TE,
                referent="R1",
                annee=2016,
                mois=11,
                operation=OPERATION,
                categorie="Entretiens individuels",
                heures=10,
                participants="oui",
            ),
        ]
    )
    bilan, resultats = importer(classeur(autre), animation)
    assert resultats[(TE.nom, 2)].statut == A_METTRE_A_JOUR
    assert dict(TempsValide.objects.values_list("operation_id", "minutes")) == {operation.pk: 735, None: 180}


@pytest.mark.parametrize(
    ("feuille", "valeurs", "colonne", "message"),
    [
        (AC, {"categorie": "Atelier CVs et lettres"}, "catégorie", "catégorie d'activité inconnue"),
        (AC, {"participants": "P1; P9"}, "participants", "P9"),
        (AC, {"categorie": "administration", "participants": "P1"}, "participants", "ne concerne aucun participant"),
        (AC, {"debut": "25:00"}, "début", "heure impossible"),
        (AC, {"fin": "09:00"}, "fin", "L'heure de fin suit l'heure de début."),
        (AC, {"statut": "Reportée"}, "statut", "statut inconnu"),
        (AC, {"date": "14/11/2030", "statut": "Réalisée"}, "date", "après aujourd'hui"),
        (TE, {"mois": 13}, "mois", "Un mois de 1 à 12"),
        (TE, {"annee": 2026, "mois": 12, "operation": None}, "mois", "n'est pas terminé"),
        (TE, {"heures": 0}, "heures", "des heures positives"),
        (TE, {"heures": 300}, "heures", "de 1 minute à 250 heures"),
        (TE, {"operation": "Chantier inconnu"}, "opération", "opération inconnue"),
    ],
)
def test_une_ligne_fausse_est_refusee_en_francais_et_n_ecrit_rien(
    operation, animation, feuille, valeurs, colonne, message
):
    base = (
        {
            "identifiant": "A1",
            "referent": "R1",
            "categorie": "Atelier collectif",
            "date": "14/11/2016",
            "debut": "09:30",
            "fin": "11:45",
            "participants": "P1",
        }
        if feuille is AC
        else {"referent": "R1", "annee": 2016, "mois": 11, "operation": OPERATION, "heures": 2}
    )
    ligne_ = ligne(feuille, **{**base, **valeurs})
    fichier = feuilles(activites=[ligne_]) if feuille is AC else feuilles(temps=[ligne_])
    if feuille is TE:
        fichier.pop(AC.nom)
    bilan, resultats = importer(classeur(fichier), animation)
    (erreur,) = [r for r in resultats.values() if r.statut == EN_ERREUR]
    assert erreur.feuille == feuille.nom
    assert any(message in texte and col == colonne for col, texte in erreur.erreurs), erreur.erreurs
    assert not bilan.enregistre
    assert not Activite.objects.exists() and not EtatTemps.objects.exists()


def test_un_mois_valide_dans_le_produit_n_est_pas_remplace(operation, animation):
    """Claire Martin validated November 2016 in the product: the old tool's line for it is refused, unless it is
    the line her validation holds (her own export, imported again); her activities, unchanged, import again."""
    importer(classeur(feuilles(temps=[ligne(TE, referent="R1", annee=2016, mois=12, heures=1)])), animation)
    referent = Activite.objects.first().referent
    referent.utilisateur = UserFactory(role=Role.REFERENT)
    referent.save()
    services.etat_valider_referent(referent=referent, annee=2016, mois=11, par=referent.utilisateur)
    minutes = TempsValide.objects.get(etat__mois=11, operation=operation).minutes  # the atelier and the admin
    assert minutes == 135 + 60
    tenue = ligne(
        TE,
        referent="R1",
        annee=2016,
        mois=11,
        operation=OPERATION,
        categorie="Atelier collectif",
        heures=Decimal("2.25"),
    )
    _, resultats = importer(classeur(feuilles(temps=[tenue])), animation)
    assert resultats[(TE.nom, 2)].statut == IDENTIQUE
    assert {r.statut for (f, _n), r in resultats.items() if f == AC.nom} == {IDENTIQUE}
    autre = ligne(TE, referent="R1", annee=2016, mois=11, operation=OPERATION, categorie="Atelier collectif", heures=3)
    bilan, resultats = importer(classeur(feuilles(temps=[autre])), animation)
    assert not bilan.enregistre
    assert "existe déjà dans le produit" in str(resultats[(TE.nom, 2)].erreurs)


def agenda_et_temps() -> tuple:
    """The activities and the month's statement, whatever the order of its lines (PostgreSQL's jsonb does not keep
    the order of a dict's keys, so the export's lines may come in another order)."""
    releve = EtatTemps.objects.get().releve_valide
    return (
        sorted(Activite.objects.values_list("date", "debut", "duree_minutes", "statut", "intitule")),
        sorted((v["operation"], c, m) for v in releve["lignes"] for c, m in v["minutes"].items()),
        sorted(tuple(sorted(ligne.items())) for ligne in releve["repris"]),
        sorted(releve["categories"]),
        releve["minutes_participants"],
        dict(TempsValide.objects.values_list("operation__intitule", "minutes")),
    )


def test_l_export_ecrit_l_agenda_et_les_temps_et_les_reprend_dans_une_base_vide(operation, animation):
    importer(classeur(feuilles()), animation)
    contenu, _ = exporter()
    classeur_exporte = load_workbook(io.BytesIO(contenu))
    activites = list(classeur_exporte[AC.nom].iter_rows(min_row=2, values_only=True))
    assert [(a[2], a[7], a[11]) for a in activites] == [
        ("Atelier collectif", "Réalisée", "P1; P2"),
        ("Réunion PLIE (GTT, ETT, commission)", "Annulée", None),  # an empty cell
        ("Administration, préparation", "Réalisée", None),
    ]
    temps = sorted(classeur_exporte[TE.nom].iter_rows(min_row=2, values_only=True), key=lambda t: t[4])
    assert [(t[3], t[4], t[5], t[6]) for t in temps] == [
        (OPERATION, "Ateliers", 2.25, "oui"),
        (OPERATION, "Entretiens individuels", 12.5, "oui"),
        (None, "Réunions", 3, "non"),
    ]
    avant = agenda_et_temps()
    Activite.objects.all().delete()  # an empty agenda, as in another base
    EtatTemps.objects.all().delete()
    Correspondance.objects.filter(genre=GenreCorrespondance.ACTIVITE).delete()
    _, resultats = importer(contenu, animation)
    assert erreurs(resultats) == []
    assert {r.statut for (f, _n), r in resultats.items() if f in (AC.nom, TE.nom)} == {A_CREER}
    assert agenda_et_temps() == avant


def test_un_mois_repris_se_dit_repris(operation, animation, client):
    """Its statement says where it comes from — no validation of the product is invented — on the page, in the
    month's list and in its PDF."""
    importer(classeur(feuilles()), animation)
    etat = EtatTemps.objects.get()
    client.force_login(animation)
    page = client.get(reverse("agenda_temps", args=[etat.referent_id, 2016, 11])).content.decode()
    assert "Repris de l&#x27;ancien outil" in page and "validé par le référent le" not in page
    liste = client.get(reverse("agenda_temps_liste"), {"mois": "2016-11"}).content.decode()
    assert "Repris de l&#x27;ancien outil" in liste
    pdf = texte(client.get(reverse("agenda_temps_pdf", args=[etat.referent_id, 2016, 11])))
    assert "Validé dans l'ancien outil" in pdf and "Non validé" not in pdf
    pdf = pdf.replace("\xa0", " ").replace("\u202f", " ")
    assert "Accompagnement Maison de l'emploi 2016 (2016) 12 h 30 2 h 15 14 h 45" in pdf


def test_un_mois_repris_se_corrige_par_l_import_pas_en_le_rouvrant(operation, animation):
    importer(classeur(feuilles()), animation)
    etat = EtatTemps.objects.get()
    with pytest.raises(ValidationError, match="se corrige en important de nouveau"):
        services.etat_rouvrir(etat=etat, par=animation, motif="Erreur de saisie")
    etat.refresh_from_db()
    assert etat.statut == StatutEtatTemps.VERROUILLE and etat.releve_valide["repris"]
