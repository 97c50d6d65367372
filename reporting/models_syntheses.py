"""The engine's monthly summaries (PostgreSQL): the results of its heavy queries for one month, grouped by
référent, stored so that a letter reads a few thousand rows instead of scanning every parcours.

They are written only by ``reporting.syntheses.actualiser``; database triggers record in
``Invalidation`` the earliest date every change of the data they are computed from may alter, and a summary is
read only when no such change reaches its month (otherwise the engine computes live). Nobody edits them.
"""

from django.db import models

from parcours.models import MotifSortie
from participants.models import Referent


def _referent():
    return models.ForeignKey(Referent, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")


def _libelle(ligne) -> str:
    return f"{type(ligne)._meta.verbose_name} du {ligne.mois:%d/%m/%Y}"


class Invalidation(models.Model):
    """A change of the data since the last refresh: the summaries of the months ending on or after ``depuis``
    and beginning on or before ``jusqua`` (every month up to today when it is empty) may be wrong. Written by the
    triggers (one row per SQL statement), deleted by the refresh."""

    id = models.BigAutoField(primary_key=True)
    depuis = models.DateField(db_index=True)
    jusqua = models.DateField(null=True, blank=True, help_text="Dernier jour atteint ; vide : jusqu'à aujourd'hui.")

    class Meta:
        verbose_name = "changement à reporter dans les synthèses"
        verbose_name_plural = "changements à reporter dans les synthèses"

    def __str__(self):
        return f"changement depuis le {self.depuis:%d/%m/%Y}"


class SyntheseMois(models.Model):
    """A month whose summaries are stored (``mois``: its last day)."""

    mois = models.DateField(unique=True)
    calculee_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "synthèse mensuelle"
        verbose_name_plural = "synthèses mensuelles"

    def __str__(self):
        return _libelle(self)


class SyntheseReferent(models.Model):
    """The counters of one référent at the end of the month (``requetes.compteurs_par_referent``)."""

    mois = models.DateField()
    referent = _referent()
    entrees_mois = models.PositiveIntegerField()
    entrees_cumul = models.PositiveIntegerField()
    accompagnes = models.PositiveIntegerField()
    file_active = models.PositiveIntegerField()
    en_etape = models.PositiveIntegerField()
    en_veille = models.PositiveIntegerField()
    sorties_cumul = models.PositiveIntegerField()
    sorties_positives_cumul = models.PositiveIntegerField()
    femmes = models.PositiveIntegerField()
    rsa = models.PositiveIntegerField()
    qpv = models.PositiveIntegerField()
    plus_de_45_ans = models.PositiveIntegerField()

    class Meta:
        verbose_name = "synthèse d'un référent"
        verbose_name_plural = "synthèses des référents"
        constraints = [models.UniqueConstraint(fields=["mois", "referent"], name="synthese_referent_unique")]

    def __str__(self):
        return _libelle(self)


class SyntheseEntrees(models.Model):
    """The entries of the year so far of the référent in charge at the end of ``mois``, by month of entry and
    prescripteur group (``requetes.entrees_par_referent``)."""

    mois = models.DateField(db_index=True)
    referent = _referent()
    mois_entree = models.PositiveSmallIntegerField()
    groupe = models.CharField(max_length=30)
    n = models.PositiveIntegerField()
    jours = models.DurationField(null=True)

    class Meta:
        verbose_name = "synthèse des entrées"
        verbose_name_plural = "synthèses des entrées"

    def __str__(self):
        return _libelle(self)


class SyntheseEtapes(models.Model):
    """The étapes in progress during the year so far, by type and operation, of the parcours of the référent in
    charge at the end of ``mois`` (``requetes.etapes_par_referent``): ``m1``… during each month."""

    mois = models.DateField(db_index=True)
    referent = _referent()
    type_id = models.BigIntegerField()
    operation_id = models.BigIntegerField(null=True)
    annee = models.PositiveIntegerField()
    m1 = models.PositiveIntegerField(default=0)
    m2 = models.PositiveIntegerField(default=0)
    m3 = models.PositiveIntegerField(default=0)
    m4 = models.PositiveIntegerField(default=0)
    m5 = models.PositiveIntegerField(default=0)
    m6 = models.PositiveIntegerField(default=0)
    m7 = models.PositiveIntegerField(default=0)
    m8 = models.PositiveIntegerField(default=0)
    m9 = models.PositiveIntegerField(default=0)
    m10 = models.PositiveIntegerField(default=0)
    m11 = models.PositiveIntegerField(default=0)
    m12 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "synthèse des étapes"
        verbose_name_plural = "synthèses des étapes"

    def __str__(self):
        return _libelle(self)


class SyntheseSorties(models.Model):
    """The exits of the year so far by month and motif, of the référent in charge at the end of ``mois``
    (``requetes.sorties_par_referent``)."""

    mois = models.DateField(db_index=True)
    referent = _referent()
    mois_sortie = models.PositiveSmallIntegerField()
    motif_sortie = models.ForeignKey(
        MotifSortie, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    n = models.PositiveIntegerField()

    class Meta:
        verbose_name = "synthèse des sorties"
        verbose_name_plural = "synthèses des sorties"

    def __str__(self):
        return _libelle(self)


class ComptesAlertes(models.Model):
    """The alerts of every open parcours and waiting prescription, counted by rule and référent in charge on the
    day ``au`` (no name): what the dashboards across référents show, computed in the background
    (``reporting.alertes_comptees``). One row, replaced at each computation."""

    au = models.DateField("au")
    comptes = models.JSONField("nombres par règle et par référent", default=dict)

    class Meta:
        verbose_name = "alertes comptées par référent"
        verbose_name_plural = "alertes comptées par référent"

    def __str__(self):
        return f"alertes au {self.au:%d/%m/%Y}"
