"""The right of access: everything held about one person, as plain data."""

import datetime
from decimal import Decimal

from django.db import models

from parcours.models import Parcours
from participants.models import Participant


def _valeurs(objet: models.Model, exclure=()) -> dict:
    donnees = {}
    for champ in objet._meta.concrete_fields:
        if champ.name in exclure:
            continue
        valeur = getattr(objet, champ.attname)
        if champ.choices and valeur not in (None, ""):
            valeur = getattr(objet, f"get_{champ.name}_display")()
        elif champ.is_relation and valeur is not None:
            valeur = str(getattr(objet, champ.name))
        elif isinstance(valeur, datetime.date | datetime.datetime):
            valeur = valeur.isoformat()
        elif isinstance(valeur, Decimal):
            valeur = str(valeur)
        elif isinstance(valeur, models.fields.files.FieldFile):  # the file itself is among the documents
            valeur = "oui" if valeur else ""
        donnees[str(champ.verbose_name)] = valeur
    return donnees


def donnees_personne(participant: Participant) -> dict:
    """Identity, prescriptions and every parcours with its content, labelled in French."""
    parcours = (
        Parcours.objects.filter(participant=participant)
        .select_related("prescription__prescripteur", "referent", "commune", "quartier", "motif_sortie")
        .prefetch_related(
            "criteres",
            "etapes__type",
            "entretiens",
            "veilles",
            "aides",
            "affectations__referent",
            "diagnostic__freins",
            "diagnostic__positionnements_clea",
        )
        .order_by("date_entree")
    )
    resultat = {
        "personne": _valeurs(participant),
        "prescriptions_sans_entree": [
            _valeurs(p) for p in participant.prescriptions.filter(parcours__isnull=True).order_by("date_prescription")
        ],
        "parcours": [],
        "documents": [
            {"type": d.type_piece.libelle, "libellé": d.libelle, "déposé le": d.televerse_le.isoformat()}
            for d in participant.documents.select_related("type_piece")
        ],
    }
    for un in parcours:
        diagnostic = getattr(un, "diagnostic", None)
        resultat["parcours"].append(
            {
                "parcours": _valeurs(un, exclure=("participant",)),
                "criteres_eligibilite": [str(c) for c in un.criteres.all()],
                "prescription": _valeurs(un.prescription, exclure=("participant",)),
                "affectations": [_valeurs(a, exclure=("parcours",)) for a in un.affectations.all()],
                "diagnostic": None
                if diagnostic is None
                else {
                    **_valeurs(diagnostic, exclure=("parcours",)),
                    "freins": [_valeurs(f, exclure=("diagnostic",)) for f in diagnostic.freins.all()],
                    "clea": [_valeurs(c, exclure=("diagnostic",)) for c in diagnostic.positionnements_clea.all()],
                },
                "etapes": [_valeurs(e, exclure=("parcours",)) for e in un.etapes.all()],
                "entretiens": [_valeurs(e, exclure=("parcours",)) for e in un.entretiens.all()],
                "veilles": [_valeurs(v, exclure=("parcours",)) for v in un.veilles.all()],
                "aides": [_valeurs(a, exclure=("parcours",)) for a in un.aides.all()],
            }
        )
    return resultat
