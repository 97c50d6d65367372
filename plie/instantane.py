"""Work on a snapshot of the embedded base (SQLite).

SQLite has one writer at a time: a transaction that writes for minutes (the check of a large import, which runs
the import and rolls it back) holds the base's write lock throughout, and every sign-in meanwhile waits, then
fails. ``sur_un_instantane`` runs a block on a consistent copy of the base (SQLite's online backup, about a
second for a Dijon-sized base), for the calling thread only: the live base is only read for the copy. Elsewhere
(PostgreSQL, whose writers do not lock readers) the block runs on the base itself."""

import contextlib
import shutil
import sqlite3
import tempfile
from pathlib import Path

from django.db import connections

PREFIXE = "plie-instantane-"


@contextlib.contextmanager
def sur_un_instantane(alias: str = "default"):
    """Run the block on a copy of the SQLite base ``alias`` (this thread's connection only); yields whether it
    did. What the block writes there is thrown away with the copy."""
    originale = connections[alias]
    if originale.vendor != "sqlite" or originale.is_in_memory_db() or originale.in_atomic_block:
        # PostgreSQL; an in-memory base (the tests'); inside a transaction (its own writes would be copied too)
        yield False
        return
    # Beside the base (its directory, its permissions, never /tmp): a copy of personal data. One left by a
    # process killed in the middle is deleted by the next one (one check at a time in the embedded mode).
    parent = Path(originale.settings_dict["NAME"]).resolve().parent
    for reste in parent.glob(f"{PREFIXE}*"):
        shutil.rmtree(reste, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=PREFIXE, dir=parent) as dossier:
        copie = str(Path(dossier) / "instantane.sqlite3")
        originale.ensure_connection()
        destination = sqlite3.connect(copie)
        try:
            originale.connection.backup(destination)
        finally:
            destination.close()
        instantane = originale.__class__({**originale.settings_dict, "NAME": copie}, alias)
        connections[alias] = instantane
        try:
            yield True
        finally:
            instantane.close()
            connections[alias] = originale
