"""``manage.py importer FICHIER [--simulation]``: the same check and commit from the command line; exit code 0
when clean, 1 otherwise; the report file."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from parcours.models import Parcours
from tests.participants.factories import ParticipantFactory, commune
from tests.reprise.classeur import classeur
from tests.reprise.fichiers import feuilles

pytestmark = pytest.mark.django_db


@pytest.fixture
def connu(organisation):
    return ParticipantFactory(
        nom="Lefèvre", prenom="Jérôme", sexe="h", date_naissance=datetime.date(1975, 6, 15), commune=commune("Dijon")
    )


def test_simulation_puis_import(tmp_path, connu, capsys):
    sale, propre = tmp_path / "sale.xlsx", tmp_path / "propre.xlsx"
    sale.write_bytes(classeur(feuilles(corrige=False)))
    propre.write_bytes(classeur(feuilles(corrige=True)))

    with pytest.raises(CommandError) as erreur:
        call_command("importer", str(sale), "--simulation")
    assert erreur.value.returncode == 1 and "5 ligne(s) en erreur" in str(erreur.value)  # look-alike too
    sortie = capsys.readouterr().out
    assert "Sorties, ligne 2 : date de sortie : La sortie ne peut pas précéder l'entrée du 03/10/2016." in sortie
    rapport = load_workbook(tmp_path / "sale.rapport.xlsx")
    assert ("Sorties", 3) in {(r[0], r[1]) for r in rapport["Lignes"].iter_rows(min_row=2, values_only=True)}

    with pytest.raises(CommandError, match="2 ligne"):  # the look-alike: the browser, or --rattacher
        call_command("importer", str(propre), "--simulation")
    call_command("importer", str(propre), "--simulation", "--rattacher")
    assert "Simulation propre" in capsys.readouterr().out and not Parcours.objects.exists()
    call_command("importer", str(propre), "--rattacher", "--rapport", str(tmp_path / "r.xlsx"))
    assert Parcours.objects.count() == 3 and (tmp_path / "r.xlsx").exists()
    call_command("importer", str(propre))  # known now by the old tool's id: no choice left
    assert "0 à créer, 0 à mettre à jour, 3 identique" in capsys.readouterr().out


def test_fichier_absent_ou_refuse(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("importer", str(tmp_path / "absent.xlsx"))
    faux = tmp_path / "faux.xlsx"
    faux.write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError, match="est un fichier PDF"):
        call_command("importer", str(faux))
