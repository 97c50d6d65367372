"""The agenda's forms: fields only (the service holds the rules)."""

from django import forms
from django.db.models import Q
from django.utils import timezone

from agenda.models import Activite, CategorieActivite
from parcours.models import Parcours
from programmation.models import Operation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
HEURE = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ChoixParticipants(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.participant} (entré le {obj.date_entree:%d/%m/%Y})"


class ActiviteForm(forms.ModelForm):
    participants = ChoixParticipants(
        label="Participants",
        queryset=Parcours.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Les personnes de votre portefeuille que l'activité concerne (aucune pour une réunion, une "
        "formation ou l'administration).",
    )
    realisee = forms.BooleanField(
        label="Déjà réalisée", required=False, help_text="Sinon, l'activité est prévue : vous la marquerez réalisée."
    )

    class Meta:
        model = Activite
        fields = ["categorie", "intitule", "date", "debut", "fin", "duree_minutes", "operation", "participants"]
        widgets = {"date": DATE, "debut": HEURE, "fin": HEURE}
        help_texts = {"duree_minutes": "Inutile si les heures de début et de fin sont données."}

    def __init__(self, *args, portefeuille, nouvelle: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # What an activity being changed already has stays offered (a withdrawn category, an older operation, a
        # participant who has exited since): changing the time does not silently change the rest.
        instance = self.instance if self.instance.pk else None
        self.fields["categorie"].queryset = CategorieActivite.objects.filter(
            Q(actif=True) | Q(pk=getattr(instance, "categorie_id", None))
        )
        self.fields["duree_minutes"].required = False
        annee = timezone.localdate().year
        self.fields["operation"].queryset = Operation.objects.filter(
            Q(annee__in=(annee - 1, annee, annee + 1)) | Q(pk=getattr(instance, "operation_id", None))
        )
        self.fields["operation"].help_text = "Vide : l'opération de portage du référent pour l'année."
        if instance is not None:
            deja = Parcours.objects.filter(pk__in=instance.participants.values("pk"))
            portefeuille = (portefeuille | deja.select_related("participant")).distinct()
        self.fields["participants"].queryset = portefeuille
        if not nouvelle:
            del self.fields["realisee"]
