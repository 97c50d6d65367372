from django.conf import settings


def session(request):
    """What the page needs to warn before the idle session ends."""
    return {
        "session_duree": settings.SESSION_COOKIE_AGE,
        "session_avertissement": settings.SESSION_AVERTISSEMENT_SECONDES,
    }
