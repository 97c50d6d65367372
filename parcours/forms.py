import datetime

from django import forms
from django.utils import timezone

from parcours import champs, eligibilite, lectures, pieces, sortie_emploi
from parcours.enums import DegreFrein, DomaineClea, FamilleFrein, NiveauClea
from parcours.models import (
    AideIndividuelle,
    CritereEligibilite,
    Document,
    Entretien,
    Etape,
    MotifNonEntree,
    MotifSortie,
    Parcours,
    Prescription,
    TypePiece,
    Veille,
)
from participants.models import Participant, Referent
from plie.champs import TEXTE_COURT
from plie.formats import nombre, pluriel

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ChoixReferentCharge(forms.ModelChoiceField):
    """A référent among those in post, each option telling their load (``lectures.charge_des_referents``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(Referent.objects.none(), *args, **kwargs)
        self.objectifs = None

    def charger(self, au: datetime.date) -> None:
        """The référents in post at ``au`` with their load (read when the form is built, never at import)."""
        self.queryset, self.objectifs = lectures.charge_des_referents(au)

    def label_from_instance(self, obj):
        objectif = self.objectifs.objectif_file_active(obj.etp)
        attente = obj.prescriptions_en_attente
        return (
            f"{obj} ({obj.structure}) — file active {nombre(obj.file_active)} / objectif {nombre(objectif)}, "
            f"{nombre(attente)} prescription{pluriel(attente)} en attente"
        )


class PrescriptionForm(forms.ModelForm):
    class Meta:
        model = Prescription
        fields = [*champs.PRESCRIPTION, "referent"]
        widgets = {
            "date_prescription": DATE,
            "date_naissance": DATE,
            "observations": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "referent" in self.fields:
            self.fields["referent"] = ChoixReferentCharge(
                label=self.fields["referent"].label,
                required=False,
                help_text="Facultatif : la pré-affectation peut se faire plus tard. Pour chaque référent : sa "
                "file active du jour contre son objectif et ses prescriptions en attente.",
            )
            self.fields["referent"].charger(timezone.localdate())
        self.fields["prescripteur"].queryset = self.fields["prescripteur"].queryset.filter(actif=True)


class PreaffectationForm(forms.Form):
    referent = ChoixReferentCharge(
        label="Référent",
        help_text="Pour chaque référent : sa file active du jour contre son objectif (ETP × file active par ETP "
        "de l'année) et les prescriptions déjà pré-affectées qui attendent une décision.",
    )
    date = forms.DateField(label="Date de pré-affectation", widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, prescription: Prescription, **kwargs):
        super().__init__(*args, **kwargs)
        self.prescription = prescription
        self.fields["referent"].charger(timezone.localdate())


class NonEntreeForm(forms.Form):
    motif = forms.ModelChoiceField(label="Motif de non-entrée", queryset=MotifNonEntree.objects.filter(actif=True))
    date = forms.DateField(label="Date de la décision", widget=DATE, initial=timezone.localdate)
    commentaire = forms.CharField(
        label="Commentaire", required=False, max_length=TEXTE_COURT, widget=forms.Textarea(attrs={"rows": 3})
    )


class PersonneForm(forms.ModelForm):
    """The identity of a person entering for the first time."""

    class Meta:
        model = Participant
        fields = list(champs.PERSONNE)
        widgets = {"date_naissance": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_naissance"].required = True
        self.fields["date_naissance"].help_text = ""


class EntreeForm(forms.ModelForm):
    """The parcours' entry data: the situation at entry and the eligibility criteria, in the groups the page
    shows (``GROUPES``). The criteria that follow from the record (allowed to work, living in the territory) are
    not asked: the service records them (``parcours.eligibilite``)."""

    criteres = forms.ModelMultipleChoiceField(
        label="Critères d'éligibilité",
        queryset=CritereEligibilite.objects.exclude(code__in=eligibilite.DERIVES),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": "Cochez au moins un critère d'éligibilité."},
        help_text="Autorisé à travailler en France et résidant du territoire : déduits de la fiche.",
    )
    criteres_verifies = forms.BooleanField(
        label="J'ai vérifié les critères d'éligibilité cochés",
        error_messages={"required": "Confirmez que vous avez vérifié les critères d'éligibilité."},
    )

    GROUPES = [
        (
            "Situation sur le marché du travail",
            [
                "situation_emploi",
                "inscrit_france_travail",
                "date_inscription_france_travail",
                "chomeur_longue_duree",
                "niveau_formation",
            ],
        ),
        (
            "Ressources et statut",
            ["rsa", "ass", "aah", "rqth", "parent_isole", "probleme_mobilite", "probleme_logement", "mesure_justice"],
        ),
        ("Résidence", ["commune", "quartier"]),
        ("Éligibilité", ["autorise_travailler", "criteres", "criteres_verifies"]),
        (
            "Entrée, engagement et information",
            [
                "date_entree",
                "date_contrat_engagement",
                "date_information_rgpd",
                "date_information_fse",
            ],
        ),
    ]

    class Meta:
        model = Parcours
        fields = list(champs.ENTREE)
        widgets = {
            "date_entree": DATE,
            "date_inscription_france_travail": DATE,
            "date_contrat_engagement": DATE,
            "date_information_rgpd": DATE,
            "date_information_fse": DATE,
        }

    def __init__(self, *args, prescription: Prescription, residence: bool = True, **kwargs):
        """``residence`` false: the page asks the commune and quartier with the person (the first entry), not
        twice; ``situation()`` leaves them out."""
        super().__init__(*args, **kwargs)
        self.instance.prescription = prescription
        self.residence = residence
        if not residence:
            del self.fields["commune"], self.fields["quartier"]

    def situation(self) -> dict:
        hors_situation = ("date_entree", "criteres", "criteres_verifies")
        return {k: v for k, v in self.cleaned_data.items() if k not in hors_situation}

    def groupes(self) -> list[tuple[str, list]]:
        groupes = [(titre, [self[c] for c in champs if c in self.fields]) for titre, champs in self.GROUPES]
        return [(titre, champs) for titre, champs in groupes if champs]

    def propositions(self) -> dict[str, list[str]]:
        """The criteria the situation typed so far proposes (shown beside them; the page's script updates them)."""
        if not self.is_bound:
            return {}
        situation = {}
        for regles in eligibilite.PROPOSITIONS.values():
            for regle in regles:
                situation[regle["champ"]] = self._valeur(regle["champ"])
        return eligibilite.propositions(situation, self._valeur("date_entree"))

    def _valeur(self, champ):
        valeur = self[champ].value()
        if isinstance(self.fields[champ], forms.DateField) and isinstance(valeur, str):
            try:
                return datetime.date.fromisoformat(valeur)
            except ValueError:
                return None
        return valeur


class _ElementForm(forms.ModelForm):
    """A form for something inside a parcours: dates are checked against the parcours by the model."""

    def __init__(self, *args, parcours: Parcours, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.parcours = parcours
        for champ in self.fields.values():
            if isinstance(champ, forms.DateField):
                champ.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EtapeForm(_ElementForm):
    class Meta:
        model = Etape
        fields = list(champs.ETAPE)
        widgets = {"commentaire": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = self.fields["type"].queryset.filter(actif=True)


class EntretienForm(_ElementForm):
    class Meta:
        model = Entretien
        fields = list(champs.ENTRETIEN)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class VeilleForm(_ElementForm):
    class Meta:
        model = Veille
        fields = list(champs.VEILLE)


class AideForm(_ElementForm):
    class Meta:
        model = AideIndividuelle
        fields = list(champs.AIDE)
        widgets = {"commentaire": forms.Textarea(attrs={"rows": 2})}


class SortieForm(forms.Form):
    date_sortie = forms.DateField(label="Date de sortie", widget=DATE)
    motif = forms.ModelChoiceField(label="Motif de sortie", queryset=None)
    commentaire = forms.CharField(
        label="Commentaire", required=False, max_length=TEXTE_COURT, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motif"].queryset = MotifSortie.objects.filter(actif=True)


class DiagnosticForm(forms.Form):
    date = forms.DateField(label="Date du diagnostic", widget=DATE)
    commentaire = forms.CharField(
        label="Commentaire", required=False, max_length=TEXTE_COURT, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, diagnostic=None, **kwargs):
        super().__init__(*args, **kwargs)
        freins = {f.famille: f.degre for f in diagnostic.freins.all()} if diagnostic else {}
        clea = {c.domaine: c.niveau for c in diagnostic.positionnements_clea.all()} if diagnostic else {}
        if diagnostic:
            self.initial.update(date=diagnostic.date, commentaire=diagnostic.commentaire)
        # One row of radio buttons per family and per CléA domain: the page shows them as two grids.
        for famille, libelle in FamilleFrein.choices:
            self.fields[f"frein_{famille}"] = forms.ChoiceField(
                label=f"Frein : {libelle}",
                choices=DegreFrein.choices,
                initial=freins.get(famille, DegreFrein.AUCUN),
                widget=forms.RadioSelect,
            )
        for domaine, libelle in DomaineClea.choices:
            self.fields[f"clea_{domaine}"] = forms.ChoiceField(
                label=f"CléA : {libelle}",
                choices=[("", "Non évalué"), *NiveauClea.choices],
                required=False,
                initial=clea.get(domaine, ""),
                widget=forms.RadioSelect,
            )

    def grille_freins(self) -> list[tuple[str, object]]:
        return [(libelle, self[f"frein_{famille}"]) for famille, libelle in FamilleFrein.choices]

    def grille_clea(self) -> list[tuple[str, object]]:
        return [(libelle, self[f"clea_{domaine}"]) for domaine, libelle in DomaineClea.choices]

    @staticmethod
    def degres() -> list[str]:
        return list(DegreFrein.labels)

    @staticmethod
    def niveaux() -> list[str]:
        return ["Non évalué", *NiveauClea.labels]

    def freins(self) -> dict:
        return {f: self.cleaned_data[f"frein_{f}"] for f in FamilleFrein.values}

    def clea(self) -> dict:
        return {d: self.cleaned_data[f"clea_{d}"] for d in DomaineClea.values}


def _referents_en_poste():
    return Referent.objects.en_poste_au(timezone.localdate()).select_related("structure")


class TransfertForm(forms.Form):
    referent = forms.ModelChoiceField(label="Nouveau référent", queryset=Referent.objects.none())
    date = forms.DateField(label="À partir du", widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = _referents_en_poste()


class TransfertPortefeuilleForm(forms.Form):
    de = forms.ModelChoiceField(label="Référent qui part", queryset=Referent.objects.select_related("structure"))
    vers = forms.ModelChoiceField(label="Référent qui reprend le portefeuille", queryset=Referent.objects.none())
    date = forms.DateField(label="À partir du", widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vers"].queryset = _referents_en_poste()


class RemplacementForm(forms.Form):
    remplacant = forms.ModelChoiceField(label="Référent remplaçant", queryset=Referent.objects.none())
    remplace = forms.ModelChoiceField(label="Référent remplacé", queryset=Referent.objects.none())
    date_debut = forms.DateField(label="Du", widget=DATE)
    date_fin = forms.DateField(label="Au (inclus)", widget=DATE)
    motif = forms.CharField(label="Motif", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remplacant"].queryset = _referents_en_poste()
        self.fields["remplace"].queryset = _referents_en_poste()


class DocumentForm(forms.ModelForm):
    """A document of one parcours: its type (the active ones, or the one the missing piece's link names), the
    étape it proves among the parcours' own."""

    class Meta:
        model = Document
        fields = ["type_piece", "etape", "libelle", "fichier"]

    def __init__(self, *args, parcours: Parcours, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type_piece"].queryset = TypePiece.objects.filter(actif=True).exclude(code__in=pieces.RESERVES)
        self.fields["type_piece"].empty_label = None
        self.fields["etape"].queryset = parcours.etapes.select_related("type").order_by("-date_debut")
        self.fields["etape"].empty_label = "Aucune (une pièce du parcours)"
        self.fields["etape"].label_from_instance = lambda etape: f"{etape.type} — {etape.date_debut:%d/%m/%Y}"
        self.fields["fichier"].help_text = "PDF, PNG ou JPEG, 10 Mo au plus. Le contenu du fichier est vérifié."


class PrescriptionModifierForm(PrescriptionForm):
    """A waiting prescription corrected: what the prescriber sent (the pre-assignment has its own form)."""

    class Meta(PrescriptionForm.Meta):
        fields = list(champs.PRESCRIPTION)


class DerogationSeniorForm(forms.Form):
    etape = forms.ModelChoiceField(label="Étape d'insertion tenue 6 mois", queryset=Etape.objects.none())
    justification = forms.CharField(
        label="Pourquoi cette dérogation", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, parcours: Parcours, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["etape"].queryset = parcours.etapes.filter(
            type__regle_sortie__in=sortie_emploi.INSERTION_SENIOR
        ).select_related("type")
