"""What a reader of a PDF sees, from its text layer: each word with its box (``pdftotext -bbox``, poppler-utils,
installed by ``bin/installer --dev``), grouped in pages and lines, and the checks of the letter's layout."""

import dataclasses
import re
import subprocess
import tempfile
from html import unescape

# Boxes that touch are fine; glyph boxes overlap a little between tight lines (ascenders, descenders).
TOLERANCE = 1.0


@dataclasses.dataclass(frozen=True)
class Mot:
    texte: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclasses.dataclass
class Page:
    largeur: float
    hauteur: float
    mots: list[Mot]

    def lignes(self) -> list[str]:
        """The words of each line (boxes of the same height band), left to right, squashed."""
        lignes: list[list[Mot]] = []
        for mot in sorted(self.mots, key=lambda m: (m.y0, m.x0)):
            if lignes and abs(lignes[-1][0].y0 - mot.y0) < 2:
                lignes[-1].append(mot)
            else:
                lignes.append([mot])
        return [ecrase(" ".join(m.texte for m in sorted(ligne, key=lambda m: m.x0))) for ligne in lignes]

    def texte(self) -> str:
        return ecrase(" ".join(m.texte for m in self.mots))

    def mots_entiers(self) -> set[str]:
        """Every word printed, squashed, a word hyphenated at a line's end joined to its end on the next line."""
        entiers = {ecrase(m.texte) for m in self.mots}
        for mot in self.mots:
            if mot.texte.endswith(("-", "\u00ad", "‐")):
                suites = [
                    m
                    for m in self.mots
                    if 0 <= m.y0 - mot.y0 < 2 * (mot.y1 - mot.y0)
                    and m.y0 > mot.y0 + 1
                    and mot.x0 - 2 <= m.x0 <= mot.x1
                ]
                if suites:
                    suite = min(suites, key=lambda m: (m.y0, abs(m.x0 - mot.x0)))
                    entiers.add(ecrase(mot.texte + suite.texte))
        return entiers


def ecrase(texte: str) -> str:
    """Text without spaces, hyphens (hyphenation splits words at line ends) and case: what must be read, in order."""
    return re.sub(r"[\s\u00a0\u202f\-\u00ad‐]", "", texte).lower()


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_MOT = re.compile(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>')


def pages(pdf: bytes) -> list[Page]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fichier:
        fichier.write(pdf)
        fichier.flush()
        sortie = subprocess.run(
            ["pdftotext", "-bbox", fichier.name, "-"], check=True, capture_output=True, text=True
        ).stdout
    return [
        Page(
            float(largeur),
            float(hauteur),
            [Mot(unescape(t), float(a), float(b), float(c), float(d)) for a, b, c, d, t in _MOT.findall(contenu)],
        )
        for largeur, hauteur, contenu in _PAGE.findall(sortie)
    ]


def hors_de_la_page(page: Page) -> list[Mot]:
    return [m for m in page.mots if m.x0 < 0 or m.y0 < 0 or m.x1 > page.largeur or m.y1 > page.hauteur]


def chevauchements(page: Page) -> list[tuple[Mot, Mot]]:
    """Pairs of words printed over each other (sweep down the page: only words whose heights meet are compared)."""
    mots = sorted(page.mots, key=lambda m: m.y0)
    paires = []
    for i, un in enumerate(mots):
        for autre in mots[i + 1 :]:
            if autre.y0 >= un.y1 - TOLERANCE:
                break
            largeur = min(un.x1, autre.x1) - max(un.x0, autre.x0)
            hauteur = min(un.y1, autre.y1) - max(un.y0, autre.y0)
            if largeur > TOLERANCE and hauteur > TOLERANCE:
                paires.append((un, autre))
    return paires
