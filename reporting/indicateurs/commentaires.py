"""The generated comments of a letter, in the words of the 2017 letters; the structure d'animation edits them
before publishing. They read the letter's figures, rounded as printed, and never compute one."""

from parcours.enums import CategorieEtape
from plie.formats import milliers
from reporting.indicateurs.arrondi import entier
from reporting.indicateurs.periode import MOIS
from reporting.indicateurs.schema import DonneesLettre


def nombre(valeur: float) -> str:
    """French thousands separator: 1 234."""
    return milliers(entier(valeur) or 0)


def pourcent(valeur) -> str:
    return "–" if valeur is None else f"{entier(valeur)}\u00a0%"


def _date(lettre: DonneesLettre) -> str:
    jour = int(lettre.fin_mois[-2:])
    return f"{jour} {MOIS[lettre.mois - 1]}"


def phrase_non_entrees(non_entrees) -> str | None:
    """The sentence on the year's non-entries and their three main motifs (None without any)."""
    motifs = [m for m in non_entrees.par_motif if m.cumul][:3]
    if not motifs:
        return None
    liste = ", ".join(f"{m.motif.lower()} ({nombre(m.cumul)})" for m in motifs)
    return f"{nombre(non_entrees.cumul)} non-entrées depuis janvier ; principaux motifs : {liste}."


def commentaires(lettre: DonneesLettre) -> list[str]:
    total, date = lettre.total, _date(lettre)
    phrases = []
    attendues = entier(total.objectif_entrees_annuel * lettre.mois / 12) or 0
    ecart = attendues - total.entrees_cumul
    phrase = f"Au {date}, le PLIE est à {pourcent(total.taux_objectif_entrees)} de ses objectifs d'entrées."
    if ecart > 0:
        phrase += f" Cela représente un retard de {nombre(ecart)} entrées ({nombre(total.entrees_cumul)} contre "
        phrase += f"{nombre(attendues)} attendues)."
    elif ecart < 0:
        phrase += f" Cela représente une avance de {nombre(-ecart)} entrées ({nombre(total.entrees_cumul)} pour "
        phrase += f"{nombre(attendues)} attendues)."
    phrases.append(phrase)

    ecart_fa = (entier(total.objectif_file_active) or 0) - total.file_active
    if total.taux_file_active is not None:
        sens = "écart" if ecart_fa >= 0 else "dépassement"
        phrases.append(
            f"La file active compte {nombre(total.file_active)} personnes, soit "
            f"{pourcent(total.taux_file_active)} de l'objectif ({sens} de {nombre(abs(ecart_fa))} personnes)."
        )

    prec = lettre.annee_precedente
    mois = MOIS[lettre.mois - 1]
    difference = total.entrees_cumul - prec.entrees_cumul
    if prec.entrees_cumul:
        evolution = difference * 100 / prec.entrees_cumul
        sens = "en plus" if difference > 0 else "en moins"
        phrases.append(
            f"Comparaison {mois} {prec.annee} / {mois} {lettre.annee} : {nombre(abs(difference))} entrées "
            f"d'écart, soit {pourcent(abs(evolution))} d'entrées {sens}."
            if difference
            else f"Comparaison {mois} {prec.annee} / {mois} {lettre.annee} : autant d'entrées que l'an passé."
        )

    duree = lettre.duree_preaffectation
    if duree.cumul is not None:
        phrase = f"La durée de pré-affectation est de {nombre(duree.cumul)} jours"
        if duree.annee_precedente is not None:
            phrase += f" contre {nombre(duree.annee_precedente)} en {prec.annee}"
        phrases.append(phrase + ".")

    non_entrees = phrase_non_entrees(lettre.non_entrees)
    if non_entrees:
        phrases.append(non_entrees)

    prescriptions = lettre.prescriptions
    if prescriptions.taux_prescriptions_ft_cd is not None:
        phrases.append(
            f"Les prescriptions du Conseil départemental et de France Travail représentent "
            f"{pourcent(prescriptions.taux_prescriptions_ft_cd)} de l'objectif à date, leurs entrées "
            f"{pourcent(prescriptions.taux_entrees_ft_cd)}."
        )

    etapes = lettre.etapes
    if etapes.total:
        emploi = etapes.categorie(CategorieEtape.EMPLOI)
        periode = "dans l'année" if lettre.annuelle else f"en {mois}"
        phrases.append(
            f"{nombre(etapes.total)} étapes de parcours en cours {periode} ; {pourcent(emploi.pourcentage)} "
            f"sont liées à l'emploi ({nombre(emploi.nombre)} étapes) et les emplois durables (CDI, CDD de 6 mois "
            f"et plus, contrat pro, création) représentent {pourcent(etapes.part_emplois_durables)} des étapes "
            "emploi."
        )

    sorties = lettre.sorties
    if sorties.total_cumul:
        phrases.append(
            f"Au {date}, {pourcent(sorties.taux_positives)} des sorties sont des sorties positives "
            f"({pourcent(sorties.taux_positives_hors_neutralisees)} hors sorties neutralisées) ; taux de sorties "
            f"positives rapporté aux entrées réalisées : {pourcent(sorties.taux_positives_sur_entrees)}."
        )
    if sorties.positives_cumul:
        phrases.append(
            f"{pourcent(sorties.part_positives_emploi)} des sorties positives sont des sorties vers l'emploi "
            f"durable ou la création d'activité ({pourcent(sorties.part_positives_emploi_y_compris_aides)} "
            "avec les emplois aidés)."
        )
    return phrases
