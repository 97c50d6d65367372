"""Emptying the demo data (the referentials stay)."""

from django.core.management.color import no_style
from django.db import connection, transaction

from agenda.models import (
    Activite,
    ChangementActivite,
    ChangementEtatTemps,
    ChangementFeuille,
    CoutAnnuel,
    EtatTemps,
    FeuilleEmargement,
    SignatureEmargement,
    TempsValide,
)
from demo.parametres import DOMAINE_DEMO
from fse.models import DonneesEntree, DonneesSortie, ExportFse, PaquetControle, Participation
from parcours.models import (
    AffectationReferent,
    AideIndividuelle,
    ChangementStatut,
    DerogationSenior,
    Diagnostic,
    Document,
    Entretien,
    Etape,
    ExceptionReprise,
    FreinDiagnostic,
    OrigineReprise,
    Parcours,
    PositionnementClea,
    Prescription,
    Veille,
)
from participants.models import (
    ContactPrescripteur,
    Participant,
    Prescripteur,
    Referent,
    ReferentEtp,
    Remplacement,
    StructurePorteuse,
)
from plie.models import User
from programmation.models import Financement, ObjectifsAnnuels, Operation


def base_contient_des_donnees() -> bool:
    return Referent.objects.exists() or Participant.objects.exists() or Prescription.objects.exists()


@transaction.atomic
def vider_donnees_demo():
    """Delete every parcours, person, organisation, operation and demo account; referentials stay.

    The documented bulk path of Django's ``flush`` command (``sql_flush``: DELETE, or TRUNCATE on PostgreSQL),
    restricted to these tables and their history: no per-row signals, so no history rows for data that never was
    real, and seconds rather than minutes at national scale."""
    modeles = [
        TempsValide,
        ChangementEtatTemps,
        EtatTemps,
        CoutAnnuel,
        SignatureEmargement,
        ChangementFeuille,
        FeuilleEmargement,
        ChangementActivite,
        Activite.participants.through,
        Activite,
        ChangementStatut,
        ExceptionReprise,
        OrigineReprise,
        DonneesEntree,
        DonneesSortie,
        ExportFse,
        PaquetControle,
        Participation,
        AideIndividuelle,
        Entretien,
        Veille,
        Etape,
        PositionnementClea,
        FreinDiagnostic,
        Diagnostic,
        DerogationSenior,
        Document,
        AffectationReferent,
        Parcours.criteres.through,
        Parcours,
        Prescription,
        Participant,
        ContactPrescripteur,
        Prescripteur,
        Remplacement,
        ReferentEtp,
        Referent,
        Financement,
        Operation,
        ObjectifsAnnuels,
        StructurePorteuse.utilisateurs.through,
        StructurePorteuse,
    ]
    historiques = [m.history.model for m in modeles if hasattr(m, "history")]
    historiques += [m.historique.model for m in modeles if hasattr(m, "historique")]
    for fichier in Document.objects.exclude(fichier="").values_list("fichier", flat=True):
        transaction.on_commit(lambda nom=fichier: Document._meta.get_field("fichier").storage.delete(nom))
    for modele in (ExportFse, PaquetControle):
        for fichier in modele.objects.exclude(fichier="").values_list("fichier", flat=True):
            transaction.on_commit(lambda nom=fichier, m=modele: m._meta.get_field("fichier").storage.delete(nom))
    tables = [m._meta.db_table for m in [*modeles, *historiques]]
    requetes = connection.ops.sql_flush(no_style(), tables, allow_cascade=connection.vendor == "postgresql")
    if connection.vendor == "postgresql":
        with connection.cursor() as curseur:  # TRUNCATE waits for no deferred check of this transaction
            curseur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    connection.ops.execute_sql_flush(requetes)
    User.objects.filter(email__endswith=f"@{DOMAINE_DEMO}").delete()
