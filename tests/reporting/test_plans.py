"""The référent's home page reads their portfolio through indexes on a PLIE of Dijon's size, whatever the size of
the PLIE: on the demo base (``seed_demo``, statistics gathered), none of its queries reads a large table whole
(a sequential scan, or an index read from end to end without a condition). The référent's perimeter used to be
« référent IN … OR participant IN … », which PostgreSQL could only apply by scanning every parcours, étape and
entretien. PostgreSQL only."""

import json
import os

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.parametres import DOMAINE_DEMO
from plie.models import User
from reporting import syntheses

pytestmark = pytest.mark.django_db

GRANDES_TABLES = {"parcours_parcours", "parcours_etape", "parcours_entretien"}


def lues_en_entier(noeud: dict, *, sous_une_limite: bool = False) -> set[str]:
    """The large tables a plan reads whole: a sequential scan, or an index read without a condition (unless a
    LIMIT stops it early: the latest rows in the index's order)."""
    tables = set()
    if noeud.get("Relation Name") in GRANDES_TABLES:
        if noeud["Node Type"] == "Seq Scan" or (
            noeud["Node Type"] in ("Index Scan", "Index Only Scan")
            and "Index Cond" not in noeud
            and not sous_une_limite
        ):
            tables.add(noeud["Relation Name"])
    limite = sous_une_limite or noeud["Node Type"] == "Limit"
    for enfant in noeud.get("Plans", []):
        tables |= lues_en_entier(enfant, sous_une_limite=limite)
    return tables


def plan(sql: str) -> dict:
    with connection.cursor() as curseur:
        curseur.execute("EXPLAIN (FORMAT JSON) " + sql)
        (resultat,) = curseur.fetchone()
    resultat = json.loads(resultat) if isinstance(resultat, str) else resultat
    return resultat[0]["Plan"]


def test_l_accueil_du_referent_ne_lit_aucune_grande_table_en_entier(client):
    if connection.vendor != "postgresql" or os.environ.get("PLANS_POSTGRESQL") != "1":
        # Run by bin/test on PostgreSQL, alone on a fresh test base (PLANS_POSTGRESQL=1): after the other tests
        # the tables keep the sizes their rolled-back rows left (not a PLIE's base), and two of the home's
        # queries were planned with a scan of the parcours there.
        pytest.skip("plans de PostgreSQL : lancés à part par bin/test (PLANS_POSTGRESQL=1)")
    with connection.cursor() as curseur:
        curseur.execute("ANALYZE")  # statistics of empty tables, as after the tests that ran before this one
    call_command("seed_demo", "--seed", "1", "--sans-fichiers", verbosity=0)  # then ANALYZE
    syntheses.actualiser()  # the dashboard reads the letter's monthly summaries, as in production
    client.force_login(User.objects.get(email=f"referent@{DOMAINE_DEMO}"))
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(reverse("accueil")).status_code == 200
    lectures = [q["sql"] for q in requetes.captured_queries if q["sql"].lstrip().startswith("SELECT")]
    assert len(lectures) > 20
    fautives = {sql: tables for sql in lectures if (tables := lues_en_entier(plan(sql)))}
    rapport = "\n\n".join(f"{tables}: {sql[sql.index(' FROM ') :][:1500]}" for sql, tables in fautives.items())
    assert fautives == {}, rapport
