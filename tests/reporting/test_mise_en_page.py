"""The letter's PDF reads cleanly every month and for every audience: read back from its text layer, no word lies
outside the page or over another, every column header and every table's total row are printed, and the page count
does not grow with the months (A4 portrait, the demo base of 2017).

Always: the twelve months in the internal and the funders' versions, and each structure porteuse's and each
référent's version once (their months taken in turn). ``LETTRE_TOUTES_AUDIENCES=1`` (set by .ci/run) adds every
audience in June and in December, the annual letter (about 95 PDFs; every audience of every month, 300 PDFs, took
seven minutes of the CI's 25)."""

import datetime
import os

import pytest
from django.template.defaultfilters import floatformat

from demo.generateur import GenerateurDemo
from reporting.indicateurs import Periode, calculer
from reporting.lettre import audiences, pour_la_variante, rendu
from reporting.templatetags.lettre import entier, mois_court, pct
from tests.reporting import mise_en_page
from tests.reporting.mise_en_page import ecrase

pytestmark = pytest.mark.django_db


def entetes(lettre) -> list[str]:
    """The column headers of every table of the letter."""
    annee, precedente = lettre.annee, lettre.annee_precedente.annee
    mois = [mois_court(m) for m in lettre.series.mois]
    referents = ["Référent", "Structure", "ETP", "Non-entrées cumulées", "Entrées", "Objectif annuel actualisé"]
    referents += ["Du mois", str(annee), "% de l'objectif rapporté au mois", f"Accompagnés en {annee}"]
    referents += ["File active (stock)", "Objectif", "Réelle", "% FA", "dont sur une action", "dont en veille*"]
    comparaison = [f"Entrées {precedente}", f"Entrées {annee}", f"FA {precedente}", f"FA {annee}"]
    return (
        referents
        + comparaison
        + [*mois, "Cumul", str(precedente)]  # pre-assignment duration
        + ["Motif", *mois, "Cumul", "%"]  # non-entries
        + ["Prescripteur", "Prescriptions", "%", "Entrées", "%", "Réalisé", "Objectif à date", "%"]
        + ["Classification / opération", "Nb", "%", "Motif de sortie", "Nb", "%"]
    )


def totaux(lettre) -> list[str]:
    t, ne, p = lettre.total, lettre.non_entrees, lettre.prescriptions
    return [
        "Total réel "
        + " ".join(
            [floatformat(t.etp, "1"), entier(t.non_entrees_cumul), entier(t.objectif_entrees_annuel)]
            + [entier(t.entrees_mois), entier(t.entrees_cumul), pct(t.taux_objectif_entrees), entier(t.accompagnes)]
            + [entier(t.objectif_file_active), entier(t.file_active), pct(t.taux_file_active)]
            + [entier(t.en_etape), entier(t.en_veille)]
        ),
        "Total " + " ".join(entier(n) for n in ne.par_mois) + " " + entier(ne.cumul),
        f"Total {entier(p.total)} {entier(p.entrees)}",
        f"Total général (étapes) {entier(lettre.etapes.total)}",
    ]


def defauts(pdf: bytes, lettre, variante: str) -> list[str]:
    """What is wrong with the letter's PDF for a reader, in words; empty when it reads cleanly."""
    pages = mise_en_page.pages(pdf)
    problemes = []
    attendues = 3 if lettre.mois < 4 else 4  # the charts' page from April on, as in the 2017 letters
    if len(pages) != attendues:
        problemes.append(f"{len(pages)} pages au lieu de {attendues}")
    for numero, page in enumerate(pages, start=1):
        for mot in mise_en_page.hors_de_la_page(page):
            problemes.append(f"page {numero} : « {mot.texte} » sort de la page")
        for un, autre in mise_en_page.chevauchements(page)[:3]:
            problemes.append(f"page {numero} : « {un.texte} » et « {autre.texte} » se chevauchent")
    texte = "".join(page.texte() for page in pages)
    mots = set().union(*(page.mots_entiers() for page in pages))
    for entete in entetes(lettre):
        if not all(ecrase(mot) in mots for mot in entete.split()):
            problemes.append(f"en-tête absent : {entete}")
    lignes = [ligne for page in pages for ligne in page.lignes()]
    for total in totaux(lettre):
        if not any(ecrase(total) in ligne for ligne in lignes):
            problemes.append(f"ligne de total absente ou incomplète : {total}")
    montrees = pour_la_variante(lettre, variante).referents
    for ligne in lettre.referents:
        if (ecrase(ligne.referent) in texte) != (ligne in montrees):
            problemes.append(f"ligne de {ligne.referent} {'absente' if ligne in montrees else 'montrée à tort'}")
    return problemes


def test_la_lettre_se_lit_chaque_mois_pour_chaque_destinataire():
    GenerateurDemo(seed=1, echelle=1.0, jusqua=datetime.date(2017, 12, 31)).executer()
    toutes = os.environ.get("LETTRE_TOUTES_AUDIENCES") == "1"
    problemes, rendues = [], 0
    for mois in range(1, 13):
        lettre = calculer(Periode(2017, mois))
        for rang, variante in enumerate(audiences(lettre)):
            if rang >= 2 and rang % 12 != mois - 1 and not (toutes and mois in (6, 12)):
                continue  # structures and référents: each once, their months in turn (all in June and December)
            pdf = rendu.pdf(pour_la_variante(lettre, variante))
            rendues += 1
            problemes += [f"{mois:02d}/2017 {variante} : {p}" for p in defauts(pdf, lettre, variante)]
    assert rendues >= 24 + 23
    assert not problemes, "\n".join(problemes[:40])


def test_le_controle_voit_une_colonne_perdue_et_un_tableau_qui_deborde():
    """The checks themselves: a page where a word runs off the edge and two words overlap is caught."""
    page = mise_en_page.Page(
        100,
        100,
        [
            mise_en_page.Mot("veille", 90, 10, 120, 15),
            mise_en_page.Mot("Total", 10, 50, 30, 55),
            mise_en_page.Mot("Santé", 20, 51, 40, 56),
            mise_en_page.Mot("voisin", 40, 50, 60, 55),  # touches "Santé" without overlapping
        ],
    )
    assert [m.texte for m in mise_en_page.hors_de_la_page(page)] == ["veille"]
    assert [(a.texte, b.texte) for a, b in mise_en_page.chevauchements(page)] == [("Total", "Santé")]
