from django import forms

from reprise.lecture import taille_max


class FichiersMultiples(forms.ClearableFileInput):
    allow_multiple_selected = True


class ChampFichiers(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FichiersMultiples(attrs={"accept": ".xlsx,.csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        un = super().clean
        if isinstance(data, list | tuple):
            return [un(d, initial) for d in data]
        return [un(data, initial)]


class DepotForm(forms.Form):
    fichiers = ChampFichiers(
        label="Fichier à importer",
        help_text="Un classeur .xlsx du modèle, ou un ou plusieurs fichiers CSV (un par feuille du modèle). "
        f"{taille_max() // (1024 * 1024)} Mo au plus par fichier.",
        error_messages={"required": "Choisissez un fichier .xlsx, ou des fichiers CSV."},
    )
