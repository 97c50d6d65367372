"""A file as an old tool gives it (labels in another case, French dates and Excel serials mixed, a known person,
errors to correct), read by several tests of the import."""

from reprise import modele
from tests.reprise.classeur import entetes, ligne

R, PR, PE, PA, ET, SO = (
    modele.REFERENTS,
    modele.PRESCRIPTIONS,
    modele.PERSONNES,
    modele.PARCOURS,
    modele.ETAPES,
    modele.SORTIES,
)
SERIE_01_02_2017 = 42767  # Excel's serial of 01/02/2017


def feuilles(*, corrige: bool) -> dict:
    personne = {"sexe": "homme", "nationalite": "francaise", "commune": "DIJON"}
    return {
        R.nom: [
            entetes(R),
            ligne(R, identifiant="R1", prenom="Claire", nom="Martin", structure="maison de l'EMPLOI"),
        ],
        modele.ETP.nom: [entetes(modele.ETP), ["R1", "01/01/2015", "1"]],
        PR.nom: [
            entetes(PR),
            ligne(
                PR,
                identifiant="PR1",
                date_prescription="12/09/2016",
                prescripteur="france travail dijon nord",
                nom="Durand",
                prenom="Karim",
                referent="R1",
                statut="entree",
            ),
            ligne(
                PR,
                identifiant="PR2",
                date_prescription=SERIE_01_02_2017 - 20,
                prescripteur="France Travail Dijon Nord",
                nom="Bernard",
                prenom="Léa",
                referent="R1",
                statut="Entrée",
            ),
            ligne(
                PR,
                identifiant="PR3",
                date_prescription="02/01/2017",
                prescripteur="France Travail Dijon Nord",
                nom="Lefevre",
                prenom="Jerome",
                referent="R1",
                statut="ENTREE",
            ),
        ],
        PE.nom: [
            entetes(PE),
            ligne(PE, identifiant="I1", nom="Durand", prenom="Karim", date_naissance="03/04/1980", **personne),
            ligne(
                PE,
                identifiant="I2",
                nom="Bernard",
                prenom="Léa",
                date_naissance=29000,
                **{**personne, "sexe": "FEMME"},
            ),
            # Known to the PLIE as « Lefèvre Jérôme »: the same person, without accents.
            ligne(
                PE,
                identifiant="I3",
                nom="LEFEVRE",
                prenom="jerome",
                date_naissance="15/06/1975",
                telephone="06 11 22 33 44",
                **personne,
            ),
        ],
        PA.nom: [
            entetes(PA),
            ligne(
                PA,
                identifiant="P1",
                personne="I1",
                prescription="PR1",
                date_entree="03/10/2016",
                situation_emploi="demandeur d'emploi",
                rsa="oui",
                criteres="beneficiaire de minima sociaux (rsa…); QUALIFICATION INSUFFISANTE OU INADAPTEE",
            ),
            [None] * len(PA.colonnes),  # an empty line
            ligne(
                PA,
                identifiant="P2",
                personne="I2",
                prescription="PR2",
                date_entree=SERIE_01_02_2017,
                situation_emploi="Inactif",
            ),
            ligne(
                PA,
                identifiant="P3",
                personne="I3",
                prescription="PR3",
                date_entree="09/01/2017",
                situation_emploi="Demandeur d'emploi",
            ),
        ],
        ET.nom: [
            entetes(ET),
            ligne(
                ET,
                identifiant="E1",
                parcours="P1",
                type="cdd court (moins de 6 mois)",
                date_debut="01/11/2016" if corrige else "=DATE(2016,11,1)",
                date_fin="30/11/2016",
                employeur_organisme="Boulangerie Dupain",
                heures_hebdo="24,5",
            ),
        ],
        SO.nom: [
            entetes(SO),
            ligne(SO, parcours="P1", date_sortie="30/06/2017" if corrige else "01/09/2016", motif="a sa demande"),
            ligne(SO, parcours="P2", date_sortie="31/03/2017", motif="demenagement" if corrige else "Emploi CDI"),
        ],
    }
