"""The head of an open parcours in the dossier: who follows the person and since when, how long the parcours has
lasted, the étapes in progress and the next due dates. Read from what the dossier already loaded (its prefetched
étapes, entretiens, veilles, affectations): no query of its own. The due dates are the alert rules' own
(``parcours.alertes``)."""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from parcours import alertes, sortie_emploi
from parcours.enums import TypeEntretien
from parcours.models import ParametresAlertes
from plie.mois import mois_apres


@dataclass(frozen=True)
class Echeance:
    libelle: str
    date: datetime.date
    depassee: bool = False


@dataclass(frozen=True)
class Synthese:
    referent: object
    suivi_depuis: datetime.date
    duree: str
    etapes_en_cours: list = field(default_factory=list)
    echeances: list[Echeance] = field(default_factory=list)


def duree(depuis: datetime.date, au: datetime.date) -> str:
    """« 2 ans et 3 mois », « 8 mois », « 12 jours »."""
    ecart = relativedelta(au, depuis)
    if not ecart.years and not ecart.months:
        return f"{ecart.days} jour{'s' if ecart.days > 1 else ''}"
    parties = []
    if ecart.years:
        parties.append(f"{ecart.years} an{'s' if ecart.years > 1 else ''}")
    if ecart.months:
        parties.append(f"{ecart.months} mois")
    return " et ".join(parties)


def synthese(parcours, *, au: datetime.date, suivi_emploi: sortie_emploi.SuiviEmploi | None) -> Synthese:
    affectations = sorted(parcours.affectations.all(), key=lambda a: a.date_debut)
    depuis = affectations[-1].date_debut if affectations else parcours.date_entree
    en_cours = [e for e in parcours.etapes.all() if e.date_debut <= au and (e.date_fin is None or e.date_fin >= au)]
    echeances = []
    bilans = [e.date for e in parcours.entretiens.all() if e.type == TypeEntretien.BILAN]
    parametres = ParametresAlertes.actuels()
    mois_bilans = parametres.bilans
    a_faire = alertes.bilan_a_faire(parcours.date_entree, max(bilans, default=None), au, mois_bilans)
    if a_faire:
        echeances.append(Echeance("Bilan de parcours à faire", a_faire, depassee=True))
    prochain = alertes.prochain_bilan(parcours.date_entree, au, mois_bilans)
    if prochain:
        echeances.append(Echeance("Prochain bilan de parcours", prochain))
    points = [e.date for e in parcours.entretiens.all() if e.type in alertes.POINTS and e.date <= au]
    dernier_point = max(points, default=None)
    point = alertes.point_etape_du(parcours.date_entree, dernier_point, au, parametres.mois_point_etape)
    if point:
        echeances.append(Echeance("Point d'étape à faire", point, depassee=True))
    else:
        suivant = mois_apres(dernier_point or parcours.date_entree, parametres.mois_point_etape)
        echeances.append(Echeance("Prochain point d'étape", suivant))
    veille = next((v for v in parcours.veilles.all() if v.date_fin is None), None)
    if veille:
        echeances.append(Echeance("Fin de la veille", veille.date_fin_prevue, depassee=veille.date_fin_prevue < au))
    trente = mois_apres(parcours.date_entree, alertes.TRENTE_MOIS)
    echeances.append(Echeance("30 mois de parcours", trente, depassee=trente <= au))
    if suivi_emploi and suivi_emploi.possible:
        echeances.append(Echeance("Sortie emploi possible (règle remplie)", suivi_emploi.possible.date, depassee=True))
    elif suivi_emploi and suivi_emploi.prevue:
        echeances.append(Echeance("Sortie emploi possible si l'emploi continue", suivi_emploi.prevue.date))
    return Synthese(
        referent=parcours.referent,
        suivi_depuis=depuis,
        duree=duree(parcours.date_entree, au),
        etapes_en_cours=en_cours,
        echeances=sorted(echeances, key=lambda e: e.date),
    )
