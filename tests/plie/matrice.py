"""The URL × role matrix: every URL pattern of the project and the answer each role gets, and the world of objects
the URLs are built on (the ``monde`` fixture, tests/plie/conftest.py). A new URL pattern not listed in ATTENDU makes
the matrix test fail: its policy must be decided and written here."""

import datetime
import re

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agenda.emargement.services import emargement_deposer
from agenda.models import CategorieActivite
from agenda.services import activite_enregistrer
from fse.enums import EtatExport
from fse.models import ExportFse, PaquetControle, Participation
from fse.participations import synchroniser
from parcours.models import Document, TypePiece
from participants.models import Participant
from plie.enums import Role
from programmation.models import Operation
from reporting.indicateurs import Periode, calculer
from reporting.models import Lettre
from reprise.models import EtatImport, Import
from tests.fse.histoires import portage
from tests.parcours.factories import EntretienFactory, ParcoursFactory, PrescriptionFactory
from tests.participants.factories import ContactPrescripteurFactory, ReferentFactory
from tests.plie.factories import UserFactory

ROLES = [
    "anonyme",
    "referent",
    "referent_autre",
    "animation",
    "porteur",
    "financeur",
    "administrateur",
    "prescripteur",  # of the organisation of the matrix's prescription
    "prescripteur_autre",  # of another organisation
]


L = "login"  # redirect to the login page


def tous(code, anonyme=L):
    return {role: (anonyme if role == "anonyme" else code) for role in ROLES}


DOSSIER = {
    "anonyme": L,
    "referent": 200,
    "referent_autre": 404,
    "animation": 200,
    "porteur": 403,
    "financeur": 403,
    "administrateur": 403,
    "prescripteur": 403,
    "prescripteur_autre": 403,
}


ANIMATION_SEULE = {**tous(403), "animation": 200}


LECTEURS = {**tous(200), "administrateur": 403}  # the letter: every role but the technical administrator


ATTENDU = {
    "sante": tous(200, anonyme=200),  # the health page: « ok », nothing else
    "login": {**tous(302, anonyme=200)},
    "logout": tous(405, anonyme=405),
    "password_reset": tous(200, anonyme=200),
    "password_reset_done": tous(200, anonyme=200),
    "password_reset_confirm": tous(200, anonyme=200),
    "password_reset_complete": tous(200, anonyme=200),
    "password_change": tous(200),
    "mot_de_passe_change": tous(200),
    "session_prolonger": tous(405),
    "otp_configurer": tous(200),
    "otp_verifier": tous(200),
    "accueil": {**tous(200), "prescripteur": 302, "prescripteur_autre": 302},  # to their space
    "tableau_excel": {**tous(403), "animation": 200, "porteur": 200},
    "tableau_referent": {**DOSSIER, "porteur": 200},  # counts only: the référent, their porteur, the animation
    "fiche_referent": {**DOSSIER, "porteur": 200},
    "dossier_participant": DOSSIER,
    "journal_participant": ANIMATION_SEULE,
    "export_participant": ANIMATION_SEULE,
    "parcours_element_ajouter": DOSSIER,
    "parcours_element_modifier": DOSSIER,
    "parcours_sortie": DOSSIER,
    "parcours_diagnostic": DOSSIER,
    "parcours_entree": DOSSIER,
    "parcours_element_supprimer": DOSSIER,
    "parcours_derogation": DOSSIER,
    "parcours_identite": DOSSIER,
    # On the open, never transferred parcours of the matrix, both send the animation back to the dossier.
    "parcours_sortie_annuler": {**tous(403), "animation": 302},
    "parcours_transfert_annuler": {**tous(403), "animation": 302},
    "document_supprimer": DOSSIER,
    "prescription_modifier": ANIMATION_SEULE,
    "file_active": {**tous(403), "referent": 200, "referent_autre": 200, "animation": 200},
    "commission": ANIMATION_SEULE,
    "commission_comptes": ANIMATION_SEULE,
    # A référent reads and writes their own agenda (the matrix's other référent too: their own, empty); the
    # structure porteuse reads its référents' agendas, without participants' names, and writes none.
    "agenda": {**tous(403), "referent": 200, "referent_autre": 200, "animation": 200, "porteur": 200},
    "agenda_activite_nouvelle": {**tous(403), "referent": 200, "referent_autre": 200, "animation": 200},
    "agenda_activite_modifier": {**tous(403), "referent": 200, "referent_autre": 404, "animation": 200},
    "agenda_activite_statut": {**tous(403), "referent": 405, "referent_autre": 405, "animation": 405},
    # The référents' costs: their employer and the structure d'animation; an operation's staff cost: the latter.
    "agenda_couts": {**tous(403), "animation": 200, "porteur": 200},
    "agenda_cout_operation": ANIMATION_SEULE,
    # The monthly time statements: the référent's own, their employer's référents', every one for the animation.
    "agenda_temps_liste": {**tous(403), "referent": 200, "referent_autre": 200, "animation": 200, "porteur": 200},
    "agenda_temps": {**tous(403), "referent": 200, "referent_autre": 404, "animation": 200, "porteur": 200},
    "agenda_temps_pdf": {**tous(403), "referent": 200, "referent_autre": 404, "animation": 200, "porteur": 200},
    "agenda_temps_agir": {**tous(403), "referent": 405, "referent_autre": 405, "animation": 405, "porteur": 405},
    # Émargement: the board for the référent, their employer (counts, no names) and the structure d'animation; a
    # sheet (it names participants) for the référent of the contact and the structure d'animation only.
    "agenda_emargements": {**tous(403), "referent": 200, "referent_autre": 200, "animation": 200, "porteur": 200},
    "agenda_emargement": {**tous(403), "referent": 200, "referent_autre": 404, "animation": 200},
    "agenda_emargement_vierge": {**tous(403), "referent": 200, "referent_autre": 404, "animation": 200},
    "agenda_emargement_signer": {**tous(403), "referent": 200, "referent_autre": 404, "animation": 200},
    "agenda_emargement_fichier": {**tous(403), "referent": 200, "referent_autre": 404, "animation": 200},
    "agenda_emargement_deposer": {**tous(403), "referent": 405, "referent_autre": 405, "animation": 405},
    "document_ajouter": DOSSIER,
    "document": DOSSIER,
    # The readiness board names the participations: the structure d'animation, a référent for their portfolio.
    "fse_controle": {**tous(403), "referent": 200, "referent_autre": 200, "animation": 200},
    # The contrat d'engagement names the person: their référent and the structure d'animation only.
    "contrat": DOSSIER,
    "contrat_pdf": DOSSIER,
    "parcours_transferer": ANIMATION_SEULE,
    "portefeuille_transferer": ANIMATION_SEULE,
    "remplacement": ANIMATION_SEULE,
    "commission_decider": {**tous(403), "animation": 405},
    "commission_decider_lot": {**tous(403), "animation": 405},
    "prescriptions": {**tous(403), "referent": 200, "referent_autre": 200, "animation": 200},
    "prescription_nouvelle": ANIMATION_SEULE,
    "prescription": DOSSIER,
    "prescription_preaffecter": {**tous(403), "animation": 405},
    "prescription_non_entree": DOSSIER,
    "prescription_entree": DOSSIER,
    "lettres": LECTEURS,
    "lettre_brouillon": ANIMATION_SEULE,
    "lettre_publier": {**tous(403), "animation": 405},
    "lettre": LECTEURS,
    "lettre_excel": LECTEURS,
    "lettre_pdf": LECTEURS,
    "lettre_etat": LECTEURS,
    "lettre_relancer": {**tous(403), "animation": 405},
    "statistiques": ANIMATION_SEULE,
    "programmation": ANIMATION_SEULE,
    "programmation_excel": ANIMATION_SEULE,
    "operation": ANIMATION_SEULE,
    "operation_nouvelle": ANIMATION_SEULE,
    "operation_modifier": ANIMATION_SEULE,
    "operation_supprimer": ANIMATION_SEULE,
    "enveloppe_souple": ANIMATION_SEULE,
    "enveloppe_souple_excel": ANIMATION_SEULE,
    "statistiques_excel": ANIMATION_SEULE,
    "invitation": tous(200, anonyme=200),  # the holder's one-time link (here an invalid one: "Lien invalide")
    "invitation_terminee": tous(200, anonyme=200),
    "comptes": {**tous(403), "animation": 200, "administrateur": 200},
    "comptes_decider": {**tous(403), "animation": 405},
    "comptes_acces": {**tous(403), "animation": 302},  # without an action: back to « Comptes »
    # The import of the old tool's data: the structure d'animation only.
    "reprise": ANIMATION_SEULE,
    "reprise_modele": ANIMATION_SEULE,
    "reprise_export": {**tous(403), "animation": 405},
    "reprise_import": ANIMATION_SEULE,
    "reprise_etat": ANIMATION_SEULE,
    "reprise_decider": {**tous(403), "animation": 405},
    "reprise_enregistrer": {**tous(403), "animation": 405},
    "reprise_relancer": {**tous(403), "animation": 405},
    "reprise_rapport": ANIMATION_SEULE,
    "reprise_supprimer": ANIMATION_SEULE,
    # FSE+ participant data: the référent for their own, the structure d'animation; never a financeur.
    "fse": {**tous(403), "referent": 200, "referent_autre": 200, "animation": 200},
    "fse_participation": DOSSIER,
    "fse_parcours": DOSSIER,
    "fse_supprimer": ANIMATION_SEULE,
    "fse_operation": ANIMATION_SEULE,
    "fse_export_demander": {**tous(403), "animation": 405},
    "fse_export": ANIMATION_SEULE,
    # The controller's package names the people drawn: the structure d'animation only.
    "fse_paquets": ANIMATION_SEULE,
    "fse_paquet": ANIMATION_SEULE,
    "prescription_piece_jointe": DOSSIER,
    # Prescribers: their organisation's prescriptions only (another's answer 404); never a person's record.
    "prescripteur": {**tous(403), "prescripteur": 200, "prescripteur_autre": 200},
    "prescripteur_nouvelle": {**tous(403), "prescripteur": 200, "prescripteur_autre": 200},
    "prescripteur_prescription": {**tous(403), "prescripteur": 200, "prescripteur_autre": 404},
    "prescripteur_bilan": {**tous(403), "prescripteur": 200, "prescripteur_autre": 200},
    "prescripteur_abonnement": {**tous(403), "prescripteur": 405, "prescripteur_autre": 405},
    "prescripteurs": ANIMATION_SEULE,
    "prescripteurs_bilan": ANIMATION_SEULE,
    "prescripteurs_retirer": ANIMATION_SEULE,
}


def motifs(resolveur=None, prefixe="", espace=None):
    """Every URL pattern: (namespace, name, route prefix + pattern, callback)."""
    resolveur = resolveur or get_resolver()
    for motif in resolveur.url_patterns:
        if isinstance(motif, URLResolver):
            yield from motifs(motif, prefixe + str(motif.pattern), motif.namespace or espace)
        elif isinstance(motif, URLPattern):
            yield espace, motif.name, prefixe + str(motif.pattern), motif.callback


def construire_monde():
    """Two référents of two structures, each with a participant, and one account per role."""
    referent = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    autre = ReferentFactory(utilisateur=UserFactory(role=Role.REFERENT))
    parcours = ParcoursFactory(prescription__referent=referent, date_entree=datetime.date(2024, 1, 10))
    ParcoursFactory(prescription__referent=autre, date_entree=datetime.date(2024, 1, 10))
    porteur = UserFactory(role=Role.PORTEUR)
    referent.structure.utilisateurs.add(porteur)
    comptes = {
        "anonyme": None,
        "referent": referent.utilisateur,
        "referent_autre": autre.utilisateur,
        "animation": UserFactory(role=Role.ANIMATION, is_staff=True, is_superuser=True),
        "porteur": porteur,
        "financeur": UserFactory(role=Role.FINANCEUR),
        "administrateur": UserFactory(role=Role.ADMINISTRATEUR, is_staff=True, is_superuser=True),
    }
    prescription = PrescriptionFactory(referent=referent, date_prescription=datetime.date(2024, 2, 1))
    prescription.piece_jointe.save("pj.pdf", ContentFile(b"%PDF-1.4 pj"))
    contact = ContactPrescripteurFactory(avec_compte=True, prescripteur=prescription.prescripteur)
    comptes["prescripteur"] = contact.utilisateur
    comptes["prescripteur_autre"] = ContactPrescripteurFactory(avec_compte=True).utilisateur
    entretien = EntretienFactory(
        parcours=parcours, date=datetime.date(2024, 2, 1), type="individuel", mode="presentiel", duree_minutes=30
    )
    # Its sheet, signed on paper and uploaded.
    emargement_deposer(objet=entretien, fichier=SimpleUploadedFile("f.pdf", b"%PDF-1.4 feuille"), par=None)
    document = Document.objects.create(
        participant=parcours.participant,
        parcours=parcours,
        type_piece=TypePiece.objects.get(code="autre"),
        fichier=SimpleUploadedFile("a.pdf", b"%PDF-1.4 test"),
    )
    lettre = Lettre.objects.create(
        annee=2024, mois=1, donnees=calculer(Periode(2024, 1)).chiffres_json(), commentaires=["Test."]
    )
    operation = Operation.objects.create(
        annee=2024, intitule="Action", porteur="Porteur", nature="actions_participants", budget_prevu=1000
    )
    un_import = Import.objects.create(jeton="matrice", nom_fichier="ancien.xlsx", etat=EtatImport.VERIFIE)
    un_import.resultat.save("matrice.json", ContentFile(b"[]"), save=False)
    un_import.rapport.save("matrice.xlsx", ContentFile(b"PK"), save=False)
    un_import.save()
    fse = portage(referent.structure, 2024)
    synchroniser(operations=[fse])
    export_fse = ExportFse.objects.create(
        jeton="matrice", operation=fse, debut=datetime.date(2024, 1, 1), fin=datetime.date(2024, 12, 31)
    )
    export_fse.fichier.save("matrice.xlsx", ContentFile(b"PK"), save=False)
    export_fse.etat = EtatExport.PRET
    export_fse.save()
    paquet = PaquetControle.objects.create(
        jeton="matrice", operation=fse, debut=datetime.date(2024, 1, 1), fin=datetime.date(2024, 12, 31)
    )
    paquet.fichier.save("matrice.zip", ContentFile(b"PK"), save=False)
    paquet.etat = EtatExport.PRET
    paquet.save()
    activite = activite_enregistrer(
        referent=referent,
        categorie=CategorieActivite.objects.get(code="reunion_plie"),
        date=datetime.date(2024, 2, 1),
        duree_minutes=60,
        realisee=True,
        par=None,
    )
    return {
        "activite": activite,
        "fse": fse,
        "participation_fse": Participation.objects.get(parcours=parcours),
        "export_fse": export_fse,
        "paquet": paquet,
        "import": un_import,
        "comptes": comptes,
        "referent": referent,
        "operation": operation,
        "lettre": lettre,
        "document": document,
        "participant": parcours.participant,
        "parcours": parcours,
        "entretien": entretien,
        "prescription": prescription,
        "contact_prescripteur": contact,
    }


def url_de(nom, monde):
    kwargs = {}
    if nom in ("dossier_participant", "journal_participant", "export_participant"):
        kwargs = {"pk": monde["participant"].pk}
    elif nom.startswith("prescription_") and nom != "prescription_nouvelle" or nom == "prescription":
        kwargs = {"pk": monde["prescription"].pk}
    elif nom == "parcours_element_ajouter":
        kwargs = {"parcours_pk": monde["parcours"].pk, "genre": "entretien"}
    elif nom in ("parcours_element_modifier", "parcours_element_supprimer"):
        kwargs = {"parcours_pk": monde["parcours"].pk, "genre": "entretien", "pk": monde["entretien"].pk}
    elif nom in (
        "parcours_sortie",
        "parcours_diagnostic",
        "parcours_transferer",
        "parcours_entree",
        "parcours_derogation",
        "parcours_identite",
        "parcours_sortie_annuler",
        "parcours_transfert_annuler",
        "document_ajouter",
        "contrat",
        "contrat_pdf",
    ):
        kwargs = {"parcours_pk": monde["parcours"].pk}
    elif nom in ("document", "document_supprimer"):
        kwargs = {"pk": monde["document"].pk}
    elif nom in ("agenda_activite_modifier", "agenda_activite_statut"):
        kwargs = {"pk": monde["activite"].pk}
    elif nom.startswith("agenda_emargement_") or nom == "agenda_emargement":
        kwargs = {"genre": "entretien", "pk": monde["entretien"].pk}
    elif nom == "agenda_cout_operation":
        kwargs = {"pk": monde["operation"].pk}
    elif nom in ("agenda_temps", "agenda_temps_pdf"):
        kwargs = {"pk": monde["referent"].pk, "annee": 2024, "mois": 2}
    elif nom == "agenda_temps_agir":
        kwargs = {"pk": monde["referent"].pk, "annee": 2024, "mois": 2, "action": "valider"}
    elif nom == "commission_decider":
        kwargs = {"pk": monde["parcours"].pk, "objet": "entree"}
    elif nom == "commission_decider_lot":
        kwargs = {"objet": "entree"}
    elif nom in ("lettre", "lettre_excel", "lettre_pdf", "lettre_etat", "lettre_relancer"):
        kwargs = {"pk": monde["lettre"].pk}
    elif nom in ("lettre_brouillon", "lettre_publier"):
        kwargs = {"annee": 2024, "mois": 1}
    elif nom in ("statistiques_excel", "programmation_excel", "enveloppe_souple_excel"):
        kwargs = {"annee": 2024}
    elif nom in ("operation", "operation_modifier", "operation_supprimer"):
        kwargs = {"pk": monde["operation"].pk}
    elif nom in ("tableau_referent", "fiche_referent"):
        kwargs = {"pk": monde["referent"].pk}
    elif nom in ("password_reset_confirm", "invitation"):
        kwargs = {"uidb64": "MQ", "token": "jeton-invalide"}
    elif nom == "comptes_decider":
        kwargs = {"pk": 1}
    elif nom == "comptes_acces":
        kwargs = {"pk": monde["referent"].utilisateur_id}
    elif nom.startswith("reprise_") and nom not in ("reprise_modele", "reprise_export"):
        kwargs = {"pk": monde["import"].pk}
    elif nom in ("fse_participation", "fse_supprimer"):
        kwargs = {"pk": monde["participation_fse"].pk}
    elif nom == "fse_parcours":
        kwargs = {"parcours_pk": monde["parcours"].pk}
    elif nom in ("fse_operation", "fse_export_demander"):
        kwargs = {"pk": monde["fse"].pk}
    elif nom == "fse_export":
        kwargs = {"pk": monde["export_fse"].pk}
    elif nom == "fse_paquet":
        kwargs = {"pk": monde["paquet"].pk}
    elif nom == "prescripteur_prescription":
        kwargs = {"pk": monde["prescription"].pk}
    elif nom == "prescripteurs_bilan":
        kwargs = {"pk": monde["prescription"].prescripteur_id}
    elif nom == "prescripteurs_retirer":
        kwargs = {"pk": monde["contact_prescripteur"].pk}
    return reverse(nom, kwargs=kwargs)


def urls_admin():
    participant_ct = ContentType.objects.get_for_model(Participant)
    for _, nom, route, vue in motifs():
        if not route.startswith("admin/"):
            continue
        if nom is None:
            yield "catch-all", "/admin/inexistant/"
            continue
        modele = getattr(getattr(vue, "model_admin", None), "model", None)
        objet = modele.objects.first() if modele is not None else None
        valeurs = {
            "app_label": "parcours",
            "object_id": str(objet.pk if objet else 1),
            "content_type_id": participant_ct.pk,
            "url": "inexistant/",
        }
        noms_parametres = re.findall(r"\(\?P<(\w+)>|<(?:\w+:)?(\w+)>", route)
        noms_parametres = [a or b for a, b in noms_parametres]
        positionnels = len(re.findall(r"\((?!\?)", route))
        if positionnels:
            yield nom, reverse(f"admin:{nom}", args=[valeurs["object_id"]] + ["1"] * (positionnels - 1))
        else:
            yield nom, reverse(f"admin:{nom}", kwargs={k: valeurs.get(k, "1") for k in noms_parametres})
