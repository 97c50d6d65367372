"""The admin site answers only to the roles that administer (access policy), whatever is_staff says."""

from plie.access import peut_administrer, peut_voir_donnees_personnelles


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
