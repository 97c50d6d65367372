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
