"""The export of the demo base opens and holds what docs/fse.md says: the documented columns in the documented
order, one row per participation, the indicator table whose total is the participations entered."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings as reglages
from django.core.management import call_command
from django.db.models import Count
from openpyxl import load_workbook

from fse.export import CHAMPS
from fse.models import Participation
from fse.participations import operations_fse, periode, synchroniser
from fse.services import export_demander
from plie.enums import Role
from programmation.enums import NatureOperation
from tests.plie.factories import UserFactory

pytestmark = pytest.mark.django_db


def colonnes_documentees() -> list[str]:
    texte = (Path(reglages.BASE_DIR) / "docs" / "fse.md").read_text(encoding="utf-8")
    section = texte.split("## Export pour l'autorité de gestion", 1)[1].split("**Régler les colonnes**", 1)[0]
    return re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE)


def test_la_documentation_liste_chaque_colonne_dans_l_ordre():
    assert colonnes_documentees() == list(CHAMPS)


def test_l_export_de_la_demo(django_capture_on_commit_callbacks):
    call_command("seed_demo", "--seed", "3", "--echelle", "0.2", "--jusqua", "2017-12-31", verbosity=0)
    synchroniser()
    operation = (
        operations_fse()
        .filter(annee=2017, nature=NatureOperation.PORTAGE_REFERENTS)
        .annotate(n=Count("participations"))
        .order_by("-n")
        .first()
    )
    debut, fin = periode(operation)
    with django_capture_on_commit_callbacks(execute=True):
        export = export_demander(
            operation=operation, debut=debut, fin=fin, format="xlsx", par=UserFactory(role=Role.ANIMATION)
        )
    export.refresh_from_db()
    presentes = Participation.objects.comptees().filter(operation=operation).presentes_entre(debut, fin)
    assert export.lignes == presentes.count() > 20
    with export.fichier.open("rb") as flux:
        classeur = load_workbook(io.BytesIO(flux.read()))
    lignes = list(classeur["Participations"].iter_rows(values_only=True))
    assert list(lignes[0]) == [libelle for libelle, _ in CHAMPS.values()]
    assert len(lignes) - 1 == export.lignes
    entete = list(lignes[0])
    for ligne in lignes[1:]:
        valeurs = dict(zip(entete, ligne, strict=True))
        assert valeurs["Opération"] == operation.intitule
        assert valeurs["Genre"] in ("Femme", "Homme", "Non binaire")
        statuts = [valeurs[c] for c in ("Chômeur", "Inactif", "En emploi")]
        assert statuts.count("Oui") == 1
        assert valeurs["Niveau CITE"] in ("0-2", "3-4", "5-8", "Non renseigné")
    indicateurs = {ligne[0]: ligne for ligne in classeur["Indicateurs"].iter_rows(values_only=True) if ligne[0]}
    entrees = presentes.filter(date_entree__gte=debut, date_entree__lte=fin).count()
    assert indicateurs["EECO11"][-1] == entrees
    assert sum(indicateurs[c][-1] for c in ("EECO01", "EECO03", "EECO04")) == entrees
    # The demo's référents have answered most questionnaires: the answers reach the table.
    assert 0 < indicateurs["EECO14"][-1] < entrees and indicateurs["EECR04"][-1] > 0
    renseignees = presentes.filter(donnees_entree__isnull=False).count()
    assert 0.7 * export.lignes < renseignees < export.lignes
