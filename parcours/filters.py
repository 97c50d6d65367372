import django_filters
from django import forms

from parcours.enums import StatutPrescription
from parcours.models import Prescription
from participants.models import GroupePrescripteur, Referent

DATE = forms.DateInput(attrs={"type": "date"})


class PrescriptionFilter(django_filters.FilterSet):
    statut = django_filters.ChoiceFilter(label="Statut", choices=StatutPrescription.choices, empty_label="Tous")
    groupe = django_filters.ModelChoiceFilter(
        label="Groupe de prescripteurs",
        field_name="prescripteur__groupe",
        queryset=GroupePrescripteur.objects.all(),
        empty_label="Tous",
    )
    referent = django_filters.ModelChoiceFilter(
        label="Référent", queryset=Referent.objects.all(), empty_label="Tous", null_label="Sans référent"
    )
    du = django_filters.DateFilter(
        label="Prescrite du", field_name="date_prescription", lookup_expr="gte", widget=DATE
    )
    au = django_filters.DateFilter(label="au", field_name="date_prescription", lookup_expr="lte", widget=DATE)

    class Meta:
        model = Prescription
        fields = ["statut", "groupe", "referent", "du", "au"]
