from django import forms

from programmation.models import Financeur, Operation


class OperationForm(forms.ModelForm):
    """The operation and, below it, one amount per funder."""

    class Meta:
        model = Operation
        fields = [
            "annee",
            "intitule",
            "porteur",
            "structure",
            "nature",
            "budget_prevu",
            "budget_realise",
            "date_debut",
            "date_fin",
        ]
        widgets = {
            "date_debut": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "date_fin": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.financeurs = list(Financeur.objects.all())
        montants = {}
        if self.instance.pk:
            montants = {f.financeur_id: f.montant for f in self.instance.financements.all()}
        for financeur in self.financeurs:
            libelle = f"Financement {financeur.nom} (€)" + (" — Fonds social européen" if financeur.est_fse else "")
            self.fields[f"financement_{financeur.pk}"] = forms.DecimalField(
                label=libelle,
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
                initial=montants.get(financeur.pk),
                localize=True,
            )

    def financements(self) -> dict:
        return {f: self.cleaned_data.get(f"financement_{f.pk}") for f in self.financeurs}
