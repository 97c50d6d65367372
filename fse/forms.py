"""Forms only translate fields: the rules are the services' (fse.services)."""

from django import forms
from django.utils import timezone

from fse.enums import FormatExport, Genre, Reponse
from fse.participations import operations_fse
from plie.champs import TEXTE_COURT

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REPONSE = {"choices": Reponse.choices, "widget": forms.RadioSelect}


class DonneesEntreeForm(forms.Form):
    genre = forms.ChoiceField(label="Genre", choices=Genre.choices, widget=forms.RadioSelect)
    sans_domicile = forms.ChoiceField(label="Sans domicile ou en situation d'exclusion du logement", **REPONSE)
    origine_etrangere = forms.ChoiceField(
        label="Origine étrangère",
        help_text="Née à l'étranger, ou dont au moins un des parents est né à l'étranger.",
        **REPONSE,
    )
    minorite = forms.ChoiceField(
        label="Appartenance à une minorité (y compris les communautés marginalisées comme les Roms)", **REPONSE
    )


class DonneesSortieForm(forms.Form):
    date_situation = forms.DateField(label="Situation constatée le", widget=DATE)
    recherche_emploi = forms.BooleanField(label="En recherche d'emploi", required=False)
    formation = forms.BooleanField(label="En études ou en formation", required=False)
    qualification = forms.BooleanField(label="A obtenu une qualification", required=False)
    emploi = forms.BooleanField(label="En emploi, y compris indépendant", required=False)
    telephone = forms.CharField(label="Téléphone", max_length=20, required=False)
    email = forms.EmailField(label="Adresse électronique", required=False)


class CorrectionForm(forms.Form):
    entree = forms.DateField(
        label="Entrée corrigée", widget=DATE, required=False, help_text="Vide : la date déduite du dossier."
    )
    sortie = forms.DateField(
        label="Sortie corrigée", widget=DATE, required=False, help_text="Vide : la date déduite du dossier."
    )
    exclue = forms.BooleanField(label="Exclure cette participation des données FSE", required=False)
    motif = forms.CharField(
        label="Motif de la correction", max_length=TEXTE_COURT, widget=forms.Textarea(attrs={"rows": 2})
    )


class FiltreTableauForm(forms.Form):
    annee = forms.TypedChoiceField(label="Année", coerce=int)
    operation = forms.ModelChoiceField(label="Opération", queryset=None, required=False, empty_label="Toutes")
    referent = forms.ModelChoiceField(label="Référent", queryset=None, required=False, empty_label="Tous")
    etat = forms.ChoiceField(
        label="Afficher",
        required=False,
        choices=[
            ("a_revoir", "À compléter ou à revoir"),
            ("en_retard", "En retard"),
            ("incoherentes", "Incohérentes"),
            ("toutes", "Toutes les participations"),
        ],
    )

    def __init__(self, *args, annees: list[int], referents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [(a, str(a)) for a in annees]
        annee = self.data.get("annee") or (annees[0] if annees else timezone.localdate().year)
        try:
            annee = int(annee)
        except (TypeError, ValueError):
            annee = annees[0] if annees else timezone.localdate().year
        self.fields["operation"].queryset = operations_fse().filter(annee=annee)
        self.fields["referent"].queryset = referents
        for champ in self.fields.values():
            champ.widget.attrs["class"] = "form-select form-select-sm"


class PeriodeForm(forms.Form):
    debut = forms.DateField(label="Du", widget=DATE)
    fin = forms.DateField(label="Au", widget=DATE)

    def clean(self):
        donnees = super().clean()
        if donnees.get("debut") and donnees.get("fin") and donnees["fin"] < donnees["debut"]:
            self.add_error("fin", "La fin de la période ne peut pas précéder son début.")
        return donnees


class ExportForm(PeriodeForm):
    format = forms.ChoiceField(label="Format", choices=FormatExport.choices, initial=FormatExport.XLSX)

    def __init__(self, *args, **kwargs):
        # Shown on the operation's page under its period filter, which has its own « Du » and « Au ».
        kwargs.setdefault("auto_id", "id_export_%s")
        super().__init__(*args, **kwargs)


class ControleForm(forms.Form):
    """The readiness board's choice: an FSE operation, a period (by default the operation's), a référent."""

    operation = forms.ModelChoiceField(label="Opération", queryset=None, empty_label=None)
    debut = forms.DateField(label="Du", widget=DATE, required=False)
    fin = forms.DateField(label="Au", widget=DATE, required=False)
    referent = forms.ModelChoiceField(label="Référent", queryset=None, required=False, empty_label="Tous")

    def __init__(self, *args, referents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operation"].queryset = operations_fse().order_by("-annee", "intitule")
        self.fields["referent"].queryset = referents
        for nom, champ in self.fields.items():
            champ.widget.attrs["class"] = (
                "form-select form-select-sm" if nom in ("operation", "referent") else ("form-control form-control-sm")
            )

    def clean(self):
        donnees = super().clean()
        if donnees.get("debut") and donnees.get("fin") and donnees["fin"] < donnees["debut"]:
            self.add_error("fin", "La fin de la période ne peut pas précéder son début.")
        return donnees


class PaquetForm(forms.Form):
    """The controller's package: an operation and a period, then a sample (a size or a rate, with the seed that
    makes it reproducible) or the controller's own list of participant numbers."""

    operation = forms.ModelChoiceField(label="Opération", queryset=None, empty_label=None)
    debut = forms.DateField(label="Du", widget=DATE)
    fin = forms.DateField(label="Au", widget=DATE)
    taille = forms.IntegerField(label="Échantillon : nombre de participations", required=False, min_value=1)
    taux = forms.IntegerField(label="ou taux (%)", required=False, min_value=1, max_value=100)
    graine = forms.IntegerField(
        label="Graine du tirage",
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        help_text="La même graine sur les mêmes participations tire le même échantillon : notez-la.",
    )
    identifiants = forms.CharField(
        label="Ou la liste du contrôleur : numéros de participant",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Séparés par des espaces, des virgules ou des retours à la ligne (la colonne « N° de participant » "
        "de l'export FSE+).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operation"].queryset = operations_fse().order_by("-annee", "intitule")
