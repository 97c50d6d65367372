"""Referentials of the parcours (INDICATEURS.md): étape types, motifs, eligibility criteria."""

from django.db import migrations

TYPES_ETAPE = {
    "emploi": [
        ("contrat_long", "Contrat long (CDI / CDD 6 mois et plus)", True),
        ("cdd_court", "CDD court (moins de 6 mois)", False),
        ("contrat_pro_apprentissage", "Contrat de professionnalisation / apprentissage", True),
        ("contrat_aide", "Contrat aidé (CAE / CIE / PEC)", False),
        ("cddi", "CDDI (SIAE)", False),
        ("interim", "Mission d'intérim", False),
        ("creation_activite", "Création ou reprise d'activité", True),
        ("clause_insertion", "Clause d'insertion (CTTI / contrat pro / CDD / CDI)", False),
        ("autre_emploi", "Autre emploi", False),
    ],
    "formation_non_qualifiante": [
        ("competences_cles", "Compétences clés / évaluation socle / CléA", False),
        ("fle", "FLE / formation linguistique", False),
        ("formation_non_qualifiante", "Formation non qualifiante (administratif, commerce, industrie…)", False),
        ("daq", "Dispositif d'accès à la qualification (DAQ)", False),
        ("bilan_competences", "Bilan de compétences", False),
        ("poec_poei_afpr", "POEC / POEI / AFPR", False),
        ("remise_niveau", "Remise à niveau", False),
        ("projet_professionnel", "Travail sur le projet professionnel", False),
        ("vae", "VAE", False),
        ("permis_c_fimo_caces", "Permis C / FIMO / CACES", False),
        ("coaching", "Coaching", False),
        ("actions_courtes", "Actions courtes", False),
    ],
    "formation_qualifiante": [
        ("fq_administratif", "Formation qualifiante — Administratif", False),
        ("fq_batiment_tp", "Formation qualifiante — Bâtiment-TP", False),
        ("fq_commerce", "Formation qualifiante — Commerce", False),
        ("fq_entretien_proprete", "Formation qualifiante — Entretien / propreté", False),
        ("fq_espaces_verts", "Formation qualifiante — Espaces verts", False),
        ("fq_hotellerie_restauration", "Formation qualifiante — Hôtellerie-restauration", False),
        ("fq_industrie", "Formation qualifiante — Industrie", False),
        ("fq_informatique", "Formation qualifiante — Informatique", False),
        ("fq_service_personne", "Formation qualifiante — Service à la personne", False),
        ("fq_transport", "Formation qualifiante — Transport", False),
        ("fq_autre", "Formation qualifiante — Autre", False),
    ],
    "mobilisation": [
        ("chantier_insertion", "Chantier d'insertion (ACI)", False),
        ("plateforme_mobilite", "Plateforme mobilité / permis B", False),
        ("interim_insertion", "Intérim d'insertion (ETTI)", False),
        ("aide_creation", "Aide à la création d'activité", False),
        ("pmsmp", "PMSMP (immersion en entreprise)", False),
        ("remobilisation", "Remobilisation", False),
        ("territoire_zero_chomeur", "Territoire zéro chômeur", False),
        ("service_civique", "Service civique", False),
        ("autre_mobilisation", "Autre action de mobilisation", False),
    ],
}

MOTIFS_NON_ENTREE = [
    ("absent_rdv", "Absent aux rendez-vous"),
    ("annulation_prescription", "Annulation de la prescription"),
    ("autre_accompagnement", "Autre accompagnement plus adapté"),
    ("comportement_inadapte", "Comportement inadapté"),
    ("deja_accompagne", "Déjà en accompagnement"),
    ("demenagement", "Déménagement"),
    ("emploi_formation", "Emploi / formation"),
    ("fle", "Maîtrise insuffisante du français (FLE)"),
    ("maternite", "Maternité"),
    ("probleme_administratif", "Problème administratif"),
    ("probleme_familial", "Problème familial"),
    ("refus_accompagnement", "Refus d'accompagnement"),
    ("sante", "Santé"),
]

# code, libellé, positive, neutralisée, vers l'emploi, type de sortie positive
MOTIFS_SORTIE = [
    (
        "emploi_durable",
        "Emploi durable (CDI mi-temps minimum après 6 mois ; CDD ou intérim cumulant 6 mois sur 12)",
        True,
        False,
        True,
        "emploi_durable",
    ),
    (
        "emploi_aide",
        "Emploi aidé (contrat aidé de plus de 6 mois hors chantier d'insertion, ou emploi de moins d'un mi-temps)",
        True,
        False,
        False,
        "emploi_aide",
    ),
    ("formation_qualifiante", "Formation qualifiante", True, False, False, "formation_qualifiante"),
    ("creation_activite", "Création ou reprise d'activité (après 6 mois)", True, False, True, "creation"),
    ("a_sa_demande", "À sa demande", False, False, False, ""),
    ("autre_accompagnement", "Autre accompagnement plus adapté", False, False, False, ""),
    ("demenagement", "Déménagement", False, True, False, ""),
    ("indisponible", "Indisponible pour recherche d'emploi", False, False, False, ""),
    ("maternite", "Maternité", False, True, False, ""),
    ("sante", "Santé", False, True, False, ""),
    ("situation_administrative", "Situation administrative incompatible avec l'emploi", False, False, False, ""),
    (
        "non_respect_contrat",
        "Non-respect du contrat d'engagement (absences injustifiées, injoignable, comportement inadapté)",
        False,
        False,
        False,
        "",
    ),
    ("suivi_30_mois", "Suivi PLIE de plus de 30 mois", False, False, False, ""),
    ("deces", "Décès", False, True, False, ""),
    ("retraite", "Retraite", False, True, False, ""),
    ("autre", "Autre", False, False, False, ""),
]

CRITERES = [
    ("sans_activite_1_an", "Sans activité depuis plus d'un an (inscrit ou non à France Travail)", "marche_travail"),
    ("minima_sociaux", "Bénéficiaire de minima sociaux (RSA…)", "marche_travail"),
    ("qualification_insuffisante", "Qualification insuffisante ou inadaptée", "marche_travail"),
    ("savoirs_base", "Savoirs de base non maîtrisés", "marche_travail"),
    ("situation_familiale", "Situation familiale complexe (parent isolé…)", "situation_personnelle"),
    ("mobilite_logement", "Problèmes de mobilité ou de logement", "situation_personnelle"),
    ("sante_handicap", "Problèmes de santé ou handicap (non suivi par Cap emploi)", "situation_personnelle"),
    ("justice", "Sous main de justice", "situation_personnelle"),
    ("residence_territoire", "Réside dans une commune du territoire du PLIE", "general"),
    ("autorise_travailler", "Autorisé à travailler en France", "general"),
]


def charger(apps, schema_editor):
    TypeEtape = apps.get_model("parcours", "TypeEtape")
    MotifNonEntree = apps.get_model("parcours", "MotifNonEntree")
    MotifSortie = apps.get_model("parcours", "MotifSortie")
    CritereEligibilite = apps.get_model("parcours", "CritereEligibilite")
    for categorie, types in TYPES_ETAPE.items():
        for ordre, (code, libelle, durable) in enumerate(types, start=1):
            TypeEtape.objects.get_or_create(
                code=code, defaults={"libelle": libelle, "categorie": categorie, "durable": durable, "ordre": ordre}
            )
    for ordre, (code, libelle) in enumerate(MOTIFS_NON_ENTREE, start=1):
        MotifNonEntree.objects.get_or_create(code=code, defaults={"libelle": libelle, "ordre": ordre})
    for ordre, (code, libelle, positive, neutralisee, vers_emploi, type_positive) in enumerate(MOTIFS_SORTIE, start=1):
        MotifSortie.objects.get_or_create(
            code=code,
            defaults={
                "libelle": libelle,
                "positive": positive,
                "neutralisee": neutralisee,
                "vers_emploi": vers_emploi,
                "type_positive": type_positive,
                "ordre": ordre,
            },
        )
    for ordre, (code, libelle, serie) in enumerate(CRITERES, start=1):
        CritereEligibilite.objects.get_or_create(
            code=code, defaults={"libelle": libelle, "serie": serie, "ordre": ordre}
        )


class Migration(migrations.Migration):
    dependencies = [("parcours", "0001_initial")]
    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
