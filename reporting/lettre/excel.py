"""The letter as an Excel workbook: one sheet per table, numbers as numbers, French headers."""

from plie import publicite
from plie.fichiers import ajouter_feuille, classeur_en_octets
from reporting.indicateurs import DonneesLettre
from reporting.indicateurs.periode import MOIS

COLONNES_REFERENTS = [
    ("Référent", "referent"),
    ("Structure", "structure"),
    ("ETP", "etp"),
    ("Non-entrées cumulées", "non_entrees_cumul"),
    ("Objectif annuel actualisé", "objectif_entrees_annuel"),
    ("Entrées du mois", "entrees_mois"),
    ("Entrées (cumul)", "entrees_cumul"),
    ("% objectif rapporté au mois", "taux_objectif_entrees"),
    ("Accompagnés dans l'année", "accompagnes"),
    ("Objectif file active", "objectif_file_active"),
    ("File active", "file_active"),
    ("% file active", "taux_file_active"),
    ("dont sur une action", "en_etape"),
    ("dont en veille", "en_veille"),
]


def classeur(lettre: DonneesLettre) -> bytes:
    """``lettre``: the letter for its audience, rounded as its JSON contract (one decimal, ``arrondie_pour``)."""
    wb = publicite.classeur(lettre.titre)
    mois = [MOIS[m - 1] for m in range(1, lettre.mois + 1)]
    lignes = [[getattr(ligne, cle) for _, cle in COLONNES_REFERENTS] for ligne in lettre.referents]
    lignes.append(["Total", ""] + [getattr(lettre.total, cle) for _, cle in COLONNES_REFERENTS[2:]])
    ajouter_feuille(wb, "Prescriptions et entrées", [t for t, _ in COLONNES_REFERENTS], lignes)
    prec = lettre.annee_precedente
    ajouter_feuille(
        wb,
        "Année précédente",
        ["Indicateur", str(prec.annee), str(lettre.annee)],
        [
            ["Entrées (cumul)", prec.entrees_cumul, lettre.total.entrees_cumul],
            ["% objectif d'entrées", prec.taux_objectif_entrees, lettre.total.taux_objectif_entrees],
            ["File active", prec.file_active, lettre.total.file_active],
            ["% objectif file active", prec.taux_file_active, lettre.total.taux_file_active],
            ["Sorties positives (cumul)", prec.sorties_positives_cumul, lettre.sorties.positives_cumul],
        ],
    )
    duree = lettre.duree_preaffectation
    ajouter_feuille(
        wb,
        "Durée de pré-affectation",
        ["Période", "Jours (moyenne)"],
        [[f"Année {prec.annee}", duree.annee_precedente]]
        + [[MOIS[m.mois - 1], m.jours] for m in duree.par_mois]
        + [["Cumul", duree.cumul]],
    )
    ajouter_feuille(
        wb,
        "Non-entrées",
        ["Motif", *mois, "Cumul", "%"],
        [[m.motif, *m.par_mois, m.cumul, m.pourcentage] for m in lettre.non_entrees.par_motif],
    )
    p = lettre.prescriptions
    ajouter_feuille(
        wb,
        "Prescriptions",
        ["Prescripteur", "Prescriptions", "%", "Entrées", "% des entrées"],
        [[g.groupe, g.prescriptions, g.pourcentage, g.entrees, g.pourcentage_entrees] for g in p.par_groupe]
        + [
            [],
            ["France Travail + Conseil départemental", "Réalisé", "Objectif à date"],
            ["Prescriptions", p.prescriptions_ft_cd, p.objectif_prescriptions_ft_cd],
            ["Entrées", p.entrees_ft_cd, p.objectif_entrees_ft_cd],
        ],
    )
    e = lettre.etapes
    categories = {c.categorie: c.libelle for c in e.par_categorie}
    ajouter_feuille(
        wb,
        "Étapes",
        ["Catégorie", "Type ou opération", "Nombre", "% de la catégorie dans le total"],
        [[categories[t.categorie], t.libelle, t.nombre, None] for t in e.par_type]
        + [[c.libelle, "Total de la catégorie", c.nombre, c.pourcentage] for c in e.par_categorie]
        + [
            ["Total", "", e.total, None],
            [
                "Participants de la file active en étape",
                "",
                e.participants_en_etape,
                e.taux_participants_en_etape,
            ],
            ["Emplois durables / étapes emploi", "", e.emplois_durables, e.part_emplois_durables],
        ],
    )
    s = lettre.sorties
    ajouter_feuille(
        wb,
        "Sorties",
        ["Indicateur ou motif", "Positive", "Nombre ou taux", "%"],
        [[m.motif, "oui" if m.positive else "non", m.nombre, m.pourcentage] for m in s.par_motif]
        + [
            [],
            ["Objectif annuel de sorties positives", "", s.objectif_annuel_positives],
            ["Objectif de sorties positives à date", "", s.objectif_positives_a_date],
            ["Sorties positives du mois", "", s.positives_mois],
            ["Sorties positives (cumul)", "", s.positives_cumul],
            ["Sorties autres (cumul)", "", s.autres_cumul],
            ["Taux de sorties positives (%)", "", s.taux_positives],
            # Not in the prescribers' version (reporting.lettre.variantes.sorties_regroupees).
            *(
                [["Taux hors sorties neutralisées (%)", "", s.taux_positives_hors_neutralisees]]
                if s.neutralisees_cumul is not None
                else []
            ),
            ["Taux rapporté aux entrées (%)", "", s.taux_positives_sur_entrees],
            ["Part des sorties positives vers l'emploi (%)", "", s.part_positives_emploi],
        ],
    )
    ajouter_feuille(
        wb, "Commentaires", ["Commentaire"], [[c] for c in lettre.commentaires] + [[lettre.actualite or ""]]
    )
    return classeur_en_octets(wb)
