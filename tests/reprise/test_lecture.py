"""Files refused with a clear message before anything is read into the base; CSV in the encodings and separators
spreadsheets write; French dates and Excel serials; labels ignoring case and accents."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from plie.fichiers import MEGA
from reprise import modele
from reprise.lecture import lire
from reprise.valeurs import Referentiel, ValeurInvalide, booleen, date, decimal
from tests.plie.fichiers_pieges import classeur_piege
from tests.reprise.classeur import classeur, entetes, ligne

R = modele.REFERENTS
UN_REFERENT = [entetes(R), ligne(R, identifiant="R1", prenom="Léa", nom="Bénard", structure="Maison de l'emploi")]


@pytest.mark.parametrize(
    "nom, contenu, message",
    [
        ("ancien.xlsx", b"%PDF-1.4 un PDF renomme", "est un fichier PDF, pas un classeur .xlsx ni un fichier CSV"),
        ("ancien.csv", b"\x00\x01\x02binaire" * 10, "n'est pas un classeur .xlsx ni un fichier CSV"),
        ("ancien.xlsx", classeur_piege(101 * MEGA), "plus de 100 Mo une fois décompressé"),
        ("ancien.xlsx", classeur_piege(5 * MEGA), "anormalement compressé"),
        ("ancien.csv", b"", "est vide"),
        ("ancien.csv", b"une seule colonne\nvaleur\n", "intitulés des colonnes"),
        ("ancien.csv", b"nom;prenom\nDupont;Jean\n", "ne correspond à aucune feuille du modèle"),
        ("ancien.xlsx", classeur({"Référents": [[None, None], *UN_REFERENT[1:]]}), "la première ligne est vide"),
        ("ancien.xlsx", classeur({"Référents": UN_REFERENT}, fusion="Référents"), "cellules fusionnées"),
        ("ancien.xlsx", classeur({"Référents": [["identifiant référent", "nom"], ["R1", "X"]]}), "« prénom »"),
    ],
    ids=[
        "pdf",
        "binaire",
        "bombe-taille",
        "bombe-taux",
        "vide",
        "sans-separateur",
        "hors-modele",
        "entete-vide",
        "entete-fusionnee",
        "colonne-absente",
    ],
)
def test_fichiers_refuses(nom, contenu, message):
    with pytest.raises(ValidationError) as erreur:
        lire([(nom, contenu)])
    assert message in " ".join(erreur.value.messages)


def test_taille_maximale(settings):
    settings.REPRISE_TAILLE_MAX_MO = 1
    with pytest.raises(ValidationError, match="taille maximale de 1 Mo"):
        lire([("gros.csv", b"a;b\n" + b"x;y\n" * (MEGA // 4 + 1))])


@pytest.mark.parametrize("encodage", ["utf-8-sig", "utf-8", "cp1252"])
@pytest.mark.parametrize("separateur", [";", ","])
def test_csv_dans_chaque_encodage_et_separateur(encodage, separateur):
    texte = "\n".join(separateur.join(str(v or "") for v in rangee) for rangee in UN_REFERENT)
    lecture = lire([("referents.csv", texte.encode(encodage))])
    lue = lecture.feuilles["Référents"]
    assert lue.encodage == ("utf-8-sig" if encodage != "cp1252" else "cp1252")
    ((numero, cellules),) = lue.lignes
    assert numero == 2 and cellules["prenom"].valeur == "Léa" and cellules["nom"].valeur == "Bénard"


def test_formules_gardees_comme_formules_et_feuilles_hors_modele_signalees():
    lecture = lire(
        [
            (
                "ancien.xlsx",
                classeur({"Référents": [entetes(R), ["R1", "=A1", "Nom", "", "", "Maison"]], "Notes perso": [["x"]]}),
            )
        ]
    )
    ((_, cellules),) = lecture.feuilles["Référents"].lignes
    assert cellules["prenom"].formule and cellules["prenom"].valeur == "=A1"
    assert not cellules["nom"].formule
    assert lecture.ignorees == ["Notes perso"]


@pytest.mark.parametrize(
    "valeur, attendu",
    [
        ("03/04/2017", datetime.date(2017, 4, 3)),
        ("3/4/2017", datetime.date(2017, 4, 3)),
        ("03-04-2017", datetime.date(2017, 4, 3)),
        ("2017-04-03", datetime.date(2017, 4, 3)),
        (42828, datetime.date(2017, 4, 3)),
        ("42828", datetime.date(2017, 4, 3)),
        (42828.0, datetime.date(2017, 4, 3)),
        (datetime.datetime(2017, 4, 3, 0, 0), datetime.date(2017, 4, 3)),  # noqa: DTZ001 (as openpyxl reads it)
        ("01/01/2017", datetime.date(2017, 1, 1)),
        ("31/12/2017", datetime.date(2017, 12, 31)),
        ("29/02/2016", datetime.date(2016, 2, 29)),
        ("", None),
    ],
)
def test_dates_francaises_et_excel(valeur, attendu):
    assert date(valeur) == attendu


@pytest.mark.parametrize("valeur", ["31/02/2017", "03/04/17", "avril 2017", "42828.5", -3])
def test_dates_illisibles(valeur):
    with pytest.raises(ValeurInvalide, match="date"):
        date(valeur)


def test_nombres_et_oui_non():
    assert decimal("0,8") == Decimal("0.8") and decimal("35") == 35 and decimal(" 1 234,5 ") == Decimal("1234.5")
    assert booleen("OUI") and booleen("x") and not booleen("Non") and not booleen("")
    with pytest.raises(ValeurInvalide, match="attendu oui ou non"):
        booleen("peut-être")


def test_libelles_sans_casse_ni_accents_et_les_plus_proches():
    motifs = Referentiel("motif de sortie", {"Déménagement": 1, "Santé": 2, "Formation qualifiante": 3})
    assert motifs.trouver("DEMENAGEMENT") == 1 and motifs.trouver("  santé ") == 2
    with pytest.raises(ValeurInvalide) as erreur:
        motifs.trouver("Formation qualifiant")
    assert str(erreur.value) == (
        "motif de sortie inconnu : « Formation qualifiant » — proches : « Formation qualifiante »"
    )


def _referents(nombre: int) -> list[list]:
    feuille = modele.REFERENTS
    return [entetes(feuille)] + [
        ligne(feuille, identifiant=f"R{n}", prenom="Léa", nom=f"Nom{n}", structure="Structure") for n in range(nombre)
    ]


def _sans_dimension(contenu: bytes) -> bytes:
    """The same workbook, its sheets declaring a single row (as some tools write them)."""
    import re
    import zipfile

    entree, sortie = zipfile.ZipFile(io.BytesIO(contenu)), io.BytesIO()
    with zipfile.ZipFile(sortie, "w") as copie:
        for info in entree.infolist():
            donnees = entree.read(info)
            if info.filename.startswith("xl/worksheets/"):
                donnees = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1"', donnees)
            copie.writestr(info, donnees)
    return sortie.getvalue()


@pytest.mark.parametrize("forme", ["xlsx", "xlsx-sans-dimension", "csv"])
def test_un_fichier_de_trop_de_lignes_est_refuse_avant_d_etre_lu(settings, forme):
    from unittest import mock

    from reprise import lecture

    settings.REPRISE_LIGNES_MAX = 5
    if forme == "csv":
        fichier = ("referents.csv", "\n".join(";".join(str(v or "") for v in r) for r in _referents(6)).encode())
        lecteur = mock.patch.object(lecture.pd, "read_csv", wraps=lecture.pd.read_csv)
    else:
        contenu = classeur({"Référents": _referents(6)})
        fichier = ("ancien.xlsx", _sans_dimension(contenu) if forme == "xlsx-sans-dimension" else contenu)
        lecteur = mock.patch.object(lecture, "load_workbook", wraps=lecture.load_workbook)
    with (
        lecteur as lu,
        pytest.raises(ValidationError, match="dépasse 5 lignes, le maximum d'un fichier : découpez-le"),
    ):
        lire([fichier])
    assert lu.called == (forme == "xlsx-sans-dimension")  # declared: refused before openpyxl or pandas reads it
    settings.REPRISE_LIGNES_MAX = 6
    assert len(lire([fichier]).feuilles["Référents"].lignes) == 6  # the limit itself passes
