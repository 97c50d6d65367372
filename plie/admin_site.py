"""The admin site answers only to the roles that administer (access policy), whatever is_staff says."""

from django.core.exceptions import FieldError

from plie.access import peut_administrer, peut_voir_donnees_personnelles
from plie.enums import ActionJournal
from plie.journal import journaliser

# How to reach the person from a model holding personal data (checked on the model, not imported).
CHEMINS_VERS_LE_PARTICIPANT = ["participant_id", "parcours__participant_id", "diagnostic__parcours__participant_id"]


def participant_de(modele, pk) -> int | None:
    if modele._meta.model_name == "participant":
        return int(pk)
    for chemin in CHEMINS_VERS_LE_PARTICIPANT:
        try:
            return modele.objects.filter(pk=pk).values_list(chemin, flat=True).first()
        except FieldError:  # the path does not exist on this model: try the next one
            continue
    return None


def restreindre_site_admin(site) -> None:
    site.site_header = "PLIE — administration"
    site.site_title = "PLIE"
    site.index_title = "Référentiels et données"
    site.has_permission = lambda request: peut_administrer(request.user)


class DonneesPersonnellesAdminMixin:
    """Admin of a model that holds personal data: the structure d'animation only, even for a superuser."""

    def has_module_permission(self, request):
        return peut_voir_donnees_personnelles(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return peut_voir_donnees_personnelles(request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return peut_voir_donnees_personnelles(request.user) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, *args):
        return peut_voir_donnees_personnelles(request.user) and super().has_add_permission(request, *args)

    def has_delete_permission(self, request, obj=None):
        return peut_voir_donnees_personnelles(request.user) and super().has_delete_permission(request, obj)

    def _journaliser_objet(self, request, reponse, object_id, suffixe=""):
        if reponse.status_code == 200 and str(object_id).isdigit():
            journaliser(
                request,
                action=ActionJournal.CONSULTATION,
                objet=self.model._meta.model_name + suffixe,
                objet_id=int(object_id),
                participant_id=participant_de(self.model, object_id),
            )
        return reponse

    def change_view(self, request, object_id, form_url="", extra_context=None):
        reponse = super().change_view(request, object_id, form_url, extra_context)
        return self._journaliser_objet(request, reponse, object_id)

    def history_view(self, request, object_id, extra_context=None):
        reponse = super().history_view(request, object_id, extra_context)
        return self._journaliser_objet(request, reponse, object_id, suffixe="_historique")

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version (django-simple-history's admin)."""
        reponse = super().history_form_view(request, object_id, version_id, extra_context)
        return self._journaliser_objet(request, reponse, object_id, suffixe="_historique")

    def changelist_view(self, request, extra_context=None):
        """A list of people's records is a read too: one row (the list, not each line)."""
        reponse = super().changelist_view(request, extra_context)
        if getattr(reponse, "status_code", None) == 200:
            journaliser(
                request, action=ActionJournal.CONSULTATION, objet=self.model._meta.model_name + "_liste", objet_id=None
            )
        return reponse


class LectureSeuleAdminMixin:
    """A record that only the product's screens change, through its services: the admin shows it, never changes,
    adds or deletes it (a change here would skip the rules and rewrite history)."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DonneesPersonnellesLectureSeuleAdmin(LectureSeuleAdminMixin, DonneesPersonnellesAdminMixin):
    """Personal data, read-only: the structure d'animation only, and every read journaled."""
