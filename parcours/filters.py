import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from parcours.enums import StatutPrescription
from parcours.models import Parcours, Prescription
from parcours.models.prescriptions import Q_A_RAPPROCHER
from participants.models import GroupePrescripteur, Referent, StructurePorteuse

DATE = forms.DateInput(attrs={"type": "date"})


class FiltresBootstrap(django_filters.FilterSet):
    """Filters drawn with Bootstrap's small controls."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for champ in self.form.fields.values():
            classe = "form-select" if isinstance(champ.widget, forms.Select) else "form-control"
            champ.widget.attrs["class"] = f"{classe} form-select-sm form-control-sm"


OUI_NON = [("oui", "Oui"), ("non", "Non")]


class PrescriptionFilter(FiltresBootstrap):
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
    a_rapprocher = django_filters.ChoiceFilter(
        label="À rapprocher", choices=OUI_NON, method="rapprochement", empty_label="Toutes"
    )

    class Meta:
        model = Prescription
        fields = ["statut", "groupe", "referent", "du", "au", "a_rapprocher"]

    def rapprochement(self, queryset, name, value):
        return queryset.filter(Q_A_RAPPROCHER) if value == "oui" else queryset.exclude(Q_A_RAPPROCHER)


ETATS = [("en_cours", "En cours"), ("sortis", "Sortis"), ("tous", "Tous")]


class PortefeuilleFilter(FiltresBootstrap):
    """Filters of a file active; the annotations come from portefeuille() in parcours.views.file_active."""

    etat = django_filters.ChoiceFilter(label="Parcours", choices=ETATS, method="par_etat", empty_label=None)
    en_etape = django_filters.ChoiceFilter(label="En étape", choices=OUI_NON, method="booleen", empty_label="Tous")
    en_veille = django_filters.ChoiceFilter(label="En veille", choices=OUI_NON, method="booleen", empty_label="Tous")
    rsa = django_filters.ChoiceFilter(label="RSA", choices=OUI_NON, method="booleen", empty_label="Tous")
    qpv = django_filters.ChoiceFilter(label="QPV", choices=OUI_NON, method="booleen", empty_label="Tous")
    entre_du = django_filters.DateFilter(label="Entrés du", field_name="date_entree", lookup_expr="gte", widget=DATE)
    entre_au = django_filters.DateFilter(label="au", field_name="date_entree", lookup_expr="lte", widget=DATE)
    sans_contact_depuis = django_filters.DateFilter(
        label="Sans contact depuis le", method="sans_contact_depuis_le", widget=DATE
    )
    referent = django_filters.ModelChoiceFilter(label="Référent", queryset=Referent.objects.all(), empty_label="Tous")
    tri = django_filters.OrderingFilter(
        label="Trier par",
        fields=(
            ("participant__nom", "nom"),
            ("date_entree", "entree"),
            ("date_sortie", "sortie"),
            ("dernier_contact", "contact"),
        ),
        field_labels={
            "participant__nom": "Nom",
            "date_entree": "Entrée",
            "date_sortie": "Sortie",
            "dernier_contact": "Dernier contact",
        },
    )

    class Meta:
        model = Parcours
        fields = []

    def booleen(self, queryset, name, value):
        champ = {"qpv": "est_qpv"}.get(name, name)
        return queryset.filter(**{champ: value == "oui"})

    def par_etat(self, queryset, name, value):
        """Open parcours by default; closed ones (within what the user may see) or all on demand."""
        if value == "sortis":
            return queryset.filter(date_sortie__isnull=False)
        if value == "tous":
            return queryset
        return queryset.file_active(au=timezone.localdate())

    def sans_contact_depuis_le(self, queryset, name, value):
        return queryset.filter(Q(dernier_contact__lt=value) | Q(dernier_contact__isnull=True))


OBJETS_COMMISSION = [("entree", "Entrées"), ("sortie", "Sorties")]


class CommissionFilter(FiltresBootstrap):
    """The commission's queue narrowed to a référent, a structure porteuse, entries or exits, and those waiting
    since a date (recorded on or before it: the oldest first)."""

    referent = django_filters.ModelChoiceFilter(label="Référent", queryset=Referent.objects.all(), empty_label="Tous")
    structure = django_filters.ModelChoiceFilter(
        label="Structure porteuse",
        field_name="referent__structure",
        queryset=StructurePorteuse.objects.all(),
        empty_label="Toutes",
    )
    objet = django_filters.ChoiceFilter(
        label="Décisions", choices=OBJETS_COMMISSION, method="par_objet", empty_label="Entrées et sorties"
    )
    avant = django_filters.DateFilter(label="En attente depuis le", method="en_attente_depuis", widget=DATE)

    class Meta:
        model = Parcours
        fields = []

    def __init__(self, *args, objet: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.objet = objet

    def par_objet(self, queryset, name, value):
        return queryset if value == self.objet else queryset.none()

    def en_attente_depuis(self, queryset, name, value):
        """Entries entered, exits recorded, on or before ``value``."""
        return queryset.filter(**{f"date_{self.objet}__lte": value})
