"""Fresh planner statistics after a bulk write (PostgreSQL).

PostgreSQL plans from statistics that autovacuum refreshes when it gets to it: right after thousands of rows are
written (an import committed, the demo seeded), a table may still be recorded empty, and a query joining it is
then planned as nested loops that run for minutes. Whoever writes in bulk analyses what it wrote before anything
reads it."""

from django.db import connection


def analyser(tables: list[str] | None = None) -> None:
    """``ANALYZE`` the tables (all of them when None); nothing outside PostgreSQL (SQLite plans without)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as curseur:
        if tables is None:
            curseur.execute("ANALYZE")
            return
        for table in tables:
            curseur.execute(f"ANALYZE {connection.ops.quote_name(table)}")
