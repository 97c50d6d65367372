"""The PostgreSQL triggers that keep the monthly summaries honest.

Every table the summaries are computed from gets three statement-level triggers (insert, update, delete) and a
truncate trigger. Each records in ``reporting_invalidation`` the earliest date the statement's rows may change a
figure from: the summaries of the months ending on or after it are no longer read (the engine computes live)
until the refresh has recomputed them. An update that leaves every watched column as it was records nothing (a
référent's notes do not touch the letter).

An exit recorded on a parcours counts from the exit, not from the entry (``SORTIE_SEULE``): recording this
month's exits keeps the past months readable.

Each also records the latest date the rows may change a figure until (``jusqua``; NULL: until today): a row
that has ended (an exit, an étape's end, a veille's end) counts in the months up to the end of its last year (the
year's cumulative figures), never after. Correcting a parcours closed two years ago recomputes that year's months
only, and leaves this year's letters readable.

``SURVEILLEES`` is the contract: for each table, the columns the summaries read and the SQL expressions, over a
row ``n`` of the table, of the earliest date the row counts from and of the latest (``JUSQUA``; a table absent
from it counts until today). A test checks that the summary queries read no
other column, and that the functions installed in the database are the ones written here (after a change, a
migration calls ``installer`` again).
"""

TOUT = "DATE '0001-01-01'"
# The first month a parcours may count in is its entry's: a change of what hangs on it counts from there.
ENTREE_DU_PARCOURS = "(SELECT min(p.date_entree) FROM parcours_parcours p WHERE p.{cle} = n.id)"

# A parcours whose exit alone changes (recorded, corrected, its motif) changes nothing before its exit.
SORTIE = ("date_sortie", "motif_sortie_id")
SORTIE_SEULE = {
    "parcours_parcours": "CASE WHEN ({avant}) IS NOT DISTINCT FROM ({apres}) THEN LEAST(o.date_sortie, n.date_sortie)"
    " ELSE LEAST(o.date_entree, n.date_entree) END"
}

SURVEILLEES: dict[str, tuple[tuple[str, ...], str]] = {
    "parcours_parcours": (
        (
            "id",
            "participant_id",
            "prescription_id",
            "referent_id",
            "date_entree",
            "date_sortie",
            "motif_sortie_id",
            "quartier_id",
            "rsa",
            "age_entree",
        ),
        "n.date_entree",
    ),
    "parcours_etape": (("id", "parcours_id", "type_id", "operation_id", "date_debut", "date_fin"), "n.date_debut"),
    "parcours_veille": (("id", "parcours_id", "date_debut", "date_fin"), "n.date_debut"),
    "parcours_affectationreferent": (("id", "parcours_id", "referent_id", "date_debut"), "n.date_debut"),
    "parcours_prescription": (
        ("id", "prescripteur_id", "date_prescription"),
        ENTREE_DU_PARCOURS.format(cle="prescription_id"),
    ),
    "participants_participant": (("id", "sexe"), ENTREE_DU_PARCOURS.format(cle="participant_id")),
    "participants_prescripteur": (("id", "groupe_id"), TOUT),
    "participants_groupeprescripteur": (("id", "groupe_lettre"), TOUT),
    "participants_quartier": (("id", "type"), TOUT),
    "parcours_motifsortie": (("id", "positive"), TOUT),
}


def fin_d_annee(date: str) -> str:
    """The 31 December of the year of ``date`` (an SQL expression); NULL when it is NULL (still running)."""
    return f"make_date(extract(year FROM {date})::int, 12, 31)"


# The latest date a row counts until; NULL: until today.
JUSQUA: dict[str, str] = {
    "parcours_parcours": fin_d_annee("n.date_sortie"),
    "parcours_etape": fin_d_annee("n.date_fin"),
    "parcours_veille": fin_d_annee("n.date_fin"),
    # The référent in charge changes from the transfer to the parcours' end.
    "parcours_affectationreferent": "(SELECT "
    + fin_d_annee("p.date_sortie")
    + " FROM parcours_parcours p WHERE p.id = n.parcours_id)",
    # A prescription's group counts in its parcours' entries: the year of the entry.
    "parcours_prescription": "(SELECT "
    + fin_d_annee("min(p.date_entree)")
    + " FROM parcours_parcours p WHERE p.prescription_id = n.id)",
}


def _jusqua(expression: str) -> str:
    """Over a statement's rows: NULL when any row runs until today, else the latest date."""
    return f"CASE WHEN bool_or(({expression}) IS NULL) THEN NULL ELSE max({expression}) END"


def _nom(table: str) -> str:
    return f"reporting_invalider_{table}"


def _enregistrer(depuis: str, jusqua: str, reste: str) -> str:
    """The statement recording the rows' range. A range never ends before the end of its first year: a row
    counts in that year's cumulative figures, even when the dates say it ended earlier (a transfer recorded
    after the parcours' exit), so the refresh recomputes every month a letter would see as changed."""
    return (
        "INSERT INTO reporting_invalidation (depuis, jusqua)\n"
        "      SELECT depuis, CASE WHEN jusqua IS NULL THEN NULL"
        f" ELSE GREATEST(jusqua, {fin_d_annee('depuis')}) END FROM (\n"
        f"        SELECT min({depuis}) AS depuis, {_jusqua(jusqua)} AS jusqua {reste}\n"
        f"        HAVING min({depuis}) IS NOT NULL) AS plage;"
    )


def source(table: str) -> str:
    """The body of the table's trigger function."""
    colonnes, depuis = SURVEILLEES[table]
    jusqua = JUSQUA.get(table, "NULL::date")
    changees = " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in colonnes if c != "id")
    depuis_ancien = depuis.replace("n.", "o.")
    jusqua_ancien = jusqua.replace("n.", "o.")
    depuis_maj = f"LEAST({depuis_ancien}, {depuis})"
    if table in SORTIE_SEULE:
        autres = [c for c in colonnes if c not in SORTIE and c != "id"]
        depuis_maj = SORTIE_SEULE[table].format(
            avant=", ".join(f"o.{c}" for c in autres), apres=", ".join(f"n.{c}" for c in autres)
        )
    # An update counts until the later of the two versions' ends (NULL, until today, if either runs on).
    jusqua_maj = (
        f"CASE WHEN ({jusqua_ancien}) IS NULL OR ({jusqua}) IS NULL THEN NULL "
        f"ELSE GREATEST({jusqua_ancien}, {jusqua}) END"
    )
    return f"""
BEGIN
  IF TG_OP = 'INSERT' THEN
    {_enregistrer(depuis, jusqua, "FROM nouvelles n")}
  ELSIF TG_OP = 'DELETE' THEN
    {_enregistrer(depuis_ancien, jusqua_ancien, "FROM anciennes o")}
  ELSIF TG_OP = 'UPDATE' THEN
    {_enregistrer(depuis_maj, jusqua_maj, f"FROM anciennes o JOIN nouvelles n ON n.id = o.id WHERE {changees}")}
  ELSE
    INSERT INTO reporting_invalidation (depuis, jusqua) VALUES ({TOUT}, NULL);
  END IF;
  RETURN NULL;
END
"""


def installer(schema_editor) -> None:
    """Create or replace the functions and triggers (PostgreSQL only: elsewhere the summaries are not used)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SURVEILLEES:
        nom = _nom(table)
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {nom}() RETURNS trigger LANGUAGE plpgsql AS $corps${source(table)}$corps$"
        )
        for suffixe, evenement, transitions in (
            ("ins", "INSERT", "REFERENCING NEW TABLE AS nouvelles FOR EACH STATEMENT"),
            ("upd", "UPDATE", "REFERENCING OLD TABLE AS anciennes NEW TABLE AS nouvelles FOR EACH STATEMENT"),
            ("del", "DELETE", "REFERENCING OLD TABLE AS anciennes FOR EACH STATEMENT"),
            ("tru", "TRUNCATE", "FOR EACH STATEMENT"),
        ):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {nom}_{suffixe} ON {table}")
            schema_editor.execute(
                f"CREATE TRIGGER {nom}_{suffixe} AFTER {evenement} ON {table} {transitions} EXECUTE FUNCTION {nom}()"
            )


def desinstaller(schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SURVEILLEES:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {_nom(table)}() CASCADE")
