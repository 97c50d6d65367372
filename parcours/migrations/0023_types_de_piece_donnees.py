"""The referential of document types, what each criterion, étape type and exit motif requires by default (the
structure d'animation edits both in the admin), and each existing document's nature read as a type."""

from django.db import migrations

TYPES = [
    # code, libellé, exigée pour chaque parcours, actif
    ("identite", "Pièce d'identité ou titre de séjour", True, True),
    ("justificatif_domicile", "Justificatif de domicile", False, True),
    ("inscription_france_travail", "Attestation d'inscription à France Travail", False, True),
    ("attestation_minima_sociaux", "Attestation de minima sociaux (RSA, ASS, AAH…)", False, True),
    ("rqth", "Reconnaissance de la qualité de travailleur handicapé (RQTH)", False, True),
    ("contrat_engagement", "Contrat d'engagement signé", True, True),
    ("contrat_travail", "Contrat de travail", False, True),
    ("attestation_formation", "Attestation d'entrée ou certificat de formation", False, True),
    ("justificatif_creation", "Justificatif de création d'activité (SIRET, Kbis…)", False, True),
    (
        "attestation_sortie",
        "Attestation de sortie (courrier, attestation de l'employeur ou de l'organisme)",
        False,
        True,
    ),
    ("prescription", "Pièce jointe à la prescription", False, True),
    ("emargement", "Feuille d'émargement", False, True),
    ("piece_fse", "Pièce justificative FSE (sans type précis)", False, False),
    ("autre", "Autre document", False, True),
]

CRITERES = {
    "autorise_travailler": ["identite"],
    "residence_territoire": ["justificatif_domicile"],
    "sans_activite_1_an": ["inscription_france_travail"],
    "minima_sociaux": ["attestation_minima_sociaux"],
}
ETAPES_PAR_CATEGORIE = {
    "emploi": ["contrat_travail"],
    "formation_qualifiante": ["attestation_formation"],
    "formation_non_qualifiante": ["attestation_formation"],
}
ETAPES = {"creation_activite": ["justificatif_creation"], "aide_creation": ["justificatif_creation"]}
MOTIFS = {
    "emploi_durable": ["contrat_travail"],
    "emploi_aide": ["contrat_travail"],
    "formation_qualifiante": ["attestation_formation"],
    "creation_activite": ["justificatif_creation"],
}


def remplir(apps, schema_editor):
    TypePiece = apps.get_model("parcours", "TypePiece")
    types = {}
    for ordre, (code, libelle, toujours, actif) in enumerate(TYPES, start=1):
        types[code] = TypePiece.objects.create(
            code=code, libelle=libelle, toujours_exigee=toujours, actif=actif, ordre=ordre * 10
        )
    for modele, exigences in (("CritereEligibilite", CRITERES), ("MotifSortie", MOTIFS), ("TypeEtape", ETAPES)):
        for objet in apps.get_model("parcours", modele).objects.filter(code__in=exigences):
            objet.pieces.set([types[c] for c in exigences[objet.code]])
    for objet in apps.get_model("parcours", "TypeEtape").objects.filter(categorie__in=ETAPES_PAR_CATEGORIE):
        if objet.code not in ETAPES:
            objet.pieces.set([types[c] for c in ETAPES_PAR_CATEGORIE[objet.categorie]])
    for nom in ("Document", "HistoricalDocument"):
        modele = apps.get_model("parcours", nom)
        for nature in modele.objects.values_list("nature", flat=True).distinct():
            modele.objects.filter(nature=nature).update(type_piece=types.get(nature, types["autre"]))


def vider(apps, schema_editor):
    for nom in ("Document", "HistoricalDocument"):
        modele = apps.get_model("parcours", nom)
        for code in modele.objects.values_list("type_piece__code", flat=True).distinct():
            modele.objects.filter(type_piece__code=code).update(nature=code)
    apps.get_model("parcours", "TypePiece").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("parcours", "0022_types_de_piece")]

    operations = [migrations.RunPython(remplir, vider)]
