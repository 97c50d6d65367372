"""Published snapshots and the versions of their schema.

A published letter keeps the engine's output as it was (``Lettre.donnees``) with the version of its schema
(``Lettre.version_schema``). The rule, from version 1 on: a new version may add keys, never rename or remove one,
and never change what an existing key means. When a version adds keys, ``MISES_A_JOUR`` gains the function that
gives an older snapshot the new keys (computed from what it holds, or marked absent), so that every letter ever
published still renders its PDF, Excel and HTML (tested on a version-1 snapshot kept in tests/reporting/donnees/).
"""

import copy

from django.utils import timezone

from reporting.indicateurs import DonneesLettre

# Version 1: the letter as the first wave published it (docs/indicateurs.md).
VERSION_SCHEMA = 1

# version n -> the function that turns a snapshot of version n into one of version n + 1.
MISES_A_JOUR: dict[int, callable] = {}


def a_jour(donnees: dict, version: int) -> dict:
    """The snapshot in the current schema (a copy; the stored snapshot is never rewritten)."""
    if version > VERSION_SCHEMA:
        raise ValueError(f"Instantané de version {version}, plus récente que ce code ({VERSION_SCHEMA}).")
    donnees = copy.deepcopy(donnees)
    for numero in range(version, VERSION_SCHEMA):
        donnees = MISES_A_JOUR[numero](donnees)
    return donnees


def donnees_publiees(lettre) -> DonneesLettre:
    """A published letter (``reporting.models.Lettre``) as it was published, brought to the current schema, with
    its text."""
    return DonneesLettre.depuis_json(a_jour(lettre.donnees, lettre.version_schema)).remplacer(
        commentaires=list(lettre.commentaires),
        actualite=lettre.actualite,
        version_publiee=lettre.numero,
        publiee_le=timezone.localdate(lettre.publiee_le).isoformat(),
    )
