from django.conf import settings


def session(request):
    """What the page needs to warn before the idle session ends."""
    return {
        "session_duree": settings.SESSION_COOKIE_AGE,
        "session_avertissement": settings.SESSION_AVERTISSEMENT_SECONDES,
    }


def plie(request):
    """The PLIE's name, from the settings (PLIE_NOM): every page's title, header and footer."""
    return {"plie_nom": settings.PLIE_NOM}


class _Roles:
    """``roles.animation``, ``roles.referent``…: the signed-in user's role as the templates ask it, by the same
    predicates as the views (``plie.access``), so that a template never compares ``user.role`` itself."""

    def __init__(self, user):
        self._user = user

    def __getattr__(self, nom):
        from plie import access
        from plie.enums import Role

        if nom not in Role.values:
            raise AttributeError(nom)
        return access.a_le_role(self._user, nom)


def roles(request):
    return {"roles": _Roles(getattr(request, "user", None))}
