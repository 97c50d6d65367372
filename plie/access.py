"""The access policy: who may do what, by role. Every view declares its policy here.

This module knows roles only; it imports no domain app. Each domain QuerySet scopes its objects for a user
(``Parcours.objects.visibles_par(user)``) with the rules below, so that an object outside the scope answers 404
and its existence is not revealed. A view without a policy fails the URL matrix test (tests/plie/test_matrice.py).
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from plie.enums import Role

TOUS_LES_ROLES = frozenset(Role)
ROLES_DONNEES_PERSONNELLES = frozenset({Role.REFERENT, Role.ANIMATION})
ROLES_ADMINISTRATION = frozenset({Role.ANIMATION, Role.ADMINISTRATEUR})


def _actif(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def a_le_role(user, *roles) -> bool:
    return _actif(user) and user.role in roles


def est_animation(user) -> bool:
    return a_le_role(user, Role.ANIMATION)


def est_referent(user) -> bool:
    return a_le_role(user, Role.REFERENT)


def est_prescripteur(user) -> bool:
    return a_le_role(user, Role.PRESCRIPTEUR)


def peut_voir_donnees_personnelles(user) -> bool:
    """Only référents (within their portfolio) and the structure d'animation ever see a participant's data."""
    return _actif(user) and user.role in ROLES_DONNEES_PERSONNELLES


def peut_administrer(user) -> bool:
    """The admin site (referentials, accounts): the structure d'animation and administrators, with is_staff."""
    return _actif(user) and user.is_staff and user.role in ROLES_ADMINISTRATION


def acces(*roles: Role, lecture: str | None = None):
    """Open a view to the signed-in users of ``roles``: anonymous users go to the login page, others get 403.

    ``lecture``: the view shows participants' data; each page it serves (status 200) writes one row of the read
    journal — who, when, from where, this object (the ``pk`` of the URL) and the person, when the view names them
    in ``request.participant_lu`` — never the data itself."""
    autorises = frozenset(roles)
    if not autorises or not autorises <= TOUS_LES_ROLES:
        raise ValueError("acces() attend au moins un rôle connu.")

    def decorateur(vue):
        @wraps(vue)
        def enveloppe(request, *args, **kwargs):
            if not _actif(request.user):
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if request.user.role not in autorises:
                raise PermissionDenied
            reponse = vue(request, *args, **kwargs)
            if lecture and reponse.status_code == 200 and not reponse.has_header("Content-Disposition"):
                from plie.journal import journaliser_lecture  # noqa: PLC0415 (the journal's models load later)

                journaliser_lecture(request, objet=lecture, kwargs=kwargs)
            return reponse

        enveloppe.roles_autorises = autorises
        enveloppe.lecture = lecture
        return enveloppe

    return decorateur


def public(vue):
    """A view anyone may reach (login, password reset): declared, so that the matrix test knows it."""
    vue.roles_autorises = "public"
    return vue
