"""The prescriber's forms: the online prescription, the period of the feedback page, the invitation. Fields only:
the services hold the rules."""

from django import forms
from django.db.models import Min
from django.utils import timezone

from parcours import champs
from parcours.models import Prescription
from participants.models import Commune, Prescripteur
from reporting.indicateurs.periode import MOIS, PREMIERE_ANNEE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PrescriptionEnLigneForm(forms.ModelForm):
    piece_jointe = forms.FileField(
        label="Pièce jointe (facultative)",
        required=False,
        help_text="PDF, PNG ou JPEG, 10 Mo au plus : une fiche de liaison, un CV…",
    )

    class Meta:
        model = Prescription
        fields = list(champs.PRESCRIPTION_EN_LIGNE)
        widgets = {"date_naissance": DATE, "observations": forms.Textarea(attrs={"rows": 4})}
        labels = {
            "situation": "Situation de la personne",
            "observations": "Observations",
            "personne_informee": "La personne est informée de cette prescription et accepte d'être contactée par le "
            "PLIE",
        }
        help_texts = {"personne_informee": ""}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.filter(dans_le_territoire=True).order_by("nom")
        self.fields["commune"].help_text = "Le PLIE accompagne les habitants de son territoire."
        for champ in ("date_naissance", "commune", "situation", "personne_informee"):
            self.fields[champ].required = True
        self.fields["personne_informee"].error_messages["required"] = (
            "La personne doit être informée de la prescription et accepter d'être contactée par le PLIE."
        )
        self.fields["telephone"].help_text = "Un téléphone ou une adresse électronique au moins."

    def _post_clean(self):
        """The model is validated by the service (prescription_envoyer), which knows the account."""


class PeriodeForm(forms.Form):
    annee = forms.TypedChoiceField(label="Année", coerce=int)
    mois = forms.TypedChoiceField(
        label="Mois", coerce=int, required=False, empty_value=None, choices=[("", "Toute l'année")]
    )

    def __init__(self, *args, prescripteur: Prescripteur, **kwargs):
        """The years offered: from the organisation's first prescription to this one (this one alone before
        any)."""
        super().__init__(*args, **kwargs)
        annee = timezone.localdate().year
        premiere = Prescription.objects.filter(prescripteur=prescripteur).aggregate(d=Min("date_prescription"))["d"]
        depuis = max(PREMIERE_ANNEE, min(premiere.year, annee) if premiere else annee)
        self.fields["annee"].choices = [(a, str(a)) for a in range(annee, depuis - 1, -1)]
        self.fields["mois"].choices = [("", "Toute l'année")] + [
            (numero, nom.capitalize()) for numero, nom in enumerate(MOIS, start=1)
        ]


class InvitationPrescripteurForm(forms.Form):
    prescripteur = forms.ModelChoiceField(
        label="Organisation", queryset=Prescripteur.objects.filter(actif=True).select_related("groupe")
    )
    prenom = forms.CharField(label="Prénom", max_length=100)
    nom = forms.CharField(label="Nom", max_length=100)
    email = forms.EmailField(label="Adresse électronique", max_length=254)
    telephone = forms.CharField(label="Téléphone", max_length=20, required=False)
