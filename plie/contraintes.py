"""The check constraints of a record validated in one query.

Django validates each ``CheckConstraint`` of a model with its own query (``Q.check``: every field of the record
as an annotation, in a savepoint): a parcours or an étape has up to seventeen, so a record written through the
services cost as many queries before its save, and the import of an old tool's data (thousands of records) spent
half its time there. ``ContraintesGroupees`` asks the database for every condition of the record at once — the
same conditions, evaluated by the same database, a NULL passing as it does in a CHECK — and raises the same
errors, with the same messages and codes. The other constraints (unique ones) are validated as Django does.

The same model skips the existence query of a foreign key whose related record the caller passed, already read
from or saved to the base (``clean_fields``): an étape written with its parcours in hand does not read the parcours
again to know it exists.
"""

import contextlib
import logging

from django.core.exceptions import FieldError, ValidationError
from django.db import DatabaseError, connections, models, router, transaction
from django.db.models import BooleanField, CheckConstraint, Q, Value
from django.db.models.functions import Coalesce
from django.db.models.sql import Query

logger = logging.getLogger(__name__)


def violees(model, instance, contraintes: list[CheckConstraint], *, exclude, using: str) -> list[CheckConstraint]:
    """The check constraints among ``contraintes`` that ``instance`` breaks, asked in one query. A constraint
    reading a field ``exclude`` leaves out is not checked (as Django does: the database checks it at the save)."""
    if not contraintes:
        return []
    connexion = connections[using]
    if not connexion.features.supports_comparing_boolean_expr:
        return [c for c in contraintes if not _valide_seule(c, model, instance, exclude, using)]
    valeurs = instance._get_field_expression_map(meta=model._meta, exclude=exclude)
    # Only the fields the conditions read (Django annotates every field of the record, for each constraint).
    lus = set().union(*(Q(c.condition).referenced_base_fields for c in contraintes)) | {"pk"}
    sql, params, lues = _requete_compilee(model, {n: v for n, v in valeurs.items() if n in lus}, contraintes, using)
    if len(lues) < len(contraintes):  # a condition reads a field the names above missed: every field, as Django
        sql, params, lues = _requete_compilee(model, valeurs, contraintes, using)
    if not lues:
        return []
    # An error must not break the caller's transaction: a savepoint around the query, as Django does.
    protection = transaction.atomic(using=using) if connexion.in_atomic_block else contextlib.nullcontext()
    try:
        with protection, connexion.cursor() as curseur:
            curseur.execute(sql, params)
            ligne = curseur.fetchone()
    except DatabaseError:
        logger.warning("Contraintes de %s vérifiées une à une après une erreur de la base", model._meta.label)
        return [c for c in lues if not _valide_seule(c, model, instance, exclude, using)]
    return [c for c, tenue in zip(lues, ligne, strict=True) if not tenue]


class _Place:
    """Where a field's value goes among the parameters of a compiled query."""

    def __init__(self, nom: str):
        self.nom = nom


class _ValeurPlacee(Value):
    def __init__(self, valeur: Value, nom: str):
        super().__init__(valeur.value, valeur._output_field_or_none)
        self.nom = nom

    def as_sql(self, compiler, connection):
        sql, params = super().as_sql(compiler, connection)
        if len(params) != (self.value is not None):  # a value the database takes as NULL, or as two: not cached
            raise _NonCompilable
        return sql, [_Place(self.nom)] * len(params)


class _NonCompilable(Exception):
    pass


# (model, constraints, fields read, where each value is NULL, database) -> (SQL, parameters with places, constraints)
_COMPILEES: dict[tuple, tuple[str, list, list[CheckConstraint]]] = {}


def _requete_compilee(model, valeurs: dict, contraintes: list[CheckConstraint], using: str):
    """The conditions' query over ``valeurs`` as SQL and parameters. Building and compiling it is most of its cost
    (every condition resolved against every value): it is compiled once per model, constraints and pattern of
    NULL values, and each record's values are put in their places."""
    connexion = connections[using]
    if not all(type(v) is Value and not hasattr(v._output_field_or_none, "get_placeholder") for v in valeurs.values()):
        requete, lues = _requete(valeurs, contraintes)
        sql, params = requete.get_compiler(using=using).as_sql()
        return sql, params, lues
    cle = (model, tuple(c.name for c in contraintes), tuple((n, v.value is None) for n, v in sorted(valeurs.items())))
    compilee = _COMPILEES.get((*cle, using))
    if compilee is None:
        requete, lues = _requete({n: _ValeurPlacee(v, n) for n, v in valeurs.items()}, contraintes)
        try:
            sql, params = requete.get_compiler(using=using).as_sql()
        except _NonCompilable:
            requete, lues = _requete(valeurs, contraintes)
            sql, params = requete.get_compiler(using=using).as_sql()
            return sql, params, lues
        compilee = _COMPILEES[(*cle, using)] = (sql, list(params), lues)
    sql, modele_params, lues = compilee
    preparees: dict[str, object] = {}  # each value the query reads, as the database takes it
    params = []
    for p in modele_params:
        if isinstance(p, _Place):
            if p.nom not in preparees:
                prepares = valeurs[p.nom].as_sql(None, connexion)[1]
                preparees[p.nom] = prepares[0] if prepares else None  # a value the database takes as NULL
            p = preparees[p.nom]
        params.append(p)
    return sql, params, lues


def _requete(valeurs: dict, contraintes: list[CheckConstraint]) -> tuple[Query, list[CheckConstraint]]:
    """The query selecting each condition over the record's ``valeurs``, and the constraints it holds (a
    condition reading a field ``valeurs`` lacks — one the validation excludes — is left to the database)."""
    requete = Query(None)
    for nom, valeur in valeurs.items():
        requete.add_annotation(valeur if hasattr(valeur, "resolve_expression") else Value(valeur), nom, select=False)
    lues = []
    for rang, contrainte in enumerate(contraintes):
        try:
            condition = Coalesce(Q(contrainte.condition), True, output_field=BooleanField())
            requete.add_annotation(condition, f"_contrainte_{rang}")
        except FieldError:
            continue
        lues.append(contrainte)
    return requete, lues


def _valide_seule(contrainte, model, instance, exclude, using) -> bool:
    try:
        contrainte.validate(model, instance, exclude=exclude, using=using)
    except ValidationError:
        return False
    return True


class ContraintesGroupees(models.Model):
    """A model whose ``full_clean`` checks its check constraints in one query (see the module)."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        """Django checks that each foreign key exists with a query of its own; a related record the caller
        passed, read from or saved to the base, is not asked again (the database's own foreign key still holds)."""
        exclude = set(exclude or ())
        for champ in self._meta.concrete_fields:
            if not champ.is_relation or not champ.many_to_one or champ.name in exclude:
                continue
            if champ.get_limit_choices_to() or not champ.is_cached(self):
                continue
            lie = champ.get_cached_value(self)
            if (
                lie is not None
                and lie.pk is not None
                and not lie._state.adding
                and lie.pk == getattr(self, champ.attname)
            ):
                exclude.add(champ.name)
        super().clean_fields(exclude=exclude)

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        erreurs = {}
        for model, contraintes in self.get_constraints():
            verifications = [c for c in contraintes if isinstance(c, CheckConstraint)]
            for contrainte in contraintes:
                if isinstance(contrainte, CheckConstraint):
                    continue
                try:
                    contrainte.validate(model, self, exclude=exclude, using=using)
                except ValidationError as e:
                    # As Django: a unique constraint on one field is that field's error.
                    if getattr(e, "code", None) == "unique" and len(contrainte.fields) == 1:
                        erreurs.setdefault(contrainte.fields[0], []).append(e)
                    else:
                        erreurs = e.update_error_dict(erreurs)
            for contrainte in violees(model, self, verifications, exclude=exclude, using=using):
                erreur = ValidationError(
                    contrainte.get_violation_error_message(), code=contrainte.violation_error_code
                )
                erreurs = erreur.update_error_dict(erreurs)
        if erreurs:
            raise ValidationError(erreurs)
