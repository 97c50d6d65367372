"""The read and export journal: who reached which participant's data, without copying the data."""

import datetime

from django.conf import settings
from django.utils import timezone

from plie.enums import ActionJournal
from plie.models import JournalAcces


def adresse_ip(request) -> str | None:
    """The client's address, from the same trusted headers as the login protection."""
    for en_tete in settings.EN_TETES_ADRESSE_CLIENT:
        if request.META.get(en_tete):
            return request.META[en_tete]
    return None


def journaliser(
    request, *, action: ActionJournal, objet: str, objet_id: int | None, participant_id: int | None = None
) -> JournalAcces:
    return JournalAcces.objects.create(
        utilisateur=request.user if request.user.is_authenticated else None,
        action=action,
        objet=objet,
        objet_id=objet_id,
        participant_id=participant_id,
        adresse_ip=adresse_ip(request),
    )


def journaliser_lecture(request, *, objet: str, kwargs: dict) -> JournalAcces:
    """One read of a page showing personal data (``plie.access.acces(lecture=...)``)."""
    objet_id = next((v for k, v in kwargs.items() if k in ("pk", "parcours_pk") and isinstance(v, int)), None)
    return journaliser(
        request,
        action=ActionJournal.CONSULTATION,
        objet=objet,
        objet_id=objet_id,
        participant_id=getattr(request, "participant_lu", None),
    )


def journaliser_export(request, *, objet: str, lignes: list[tuple[int | None, int | None]]) -> int:
    """An export: one journal row per exported record, ``lignes`` of (object id, participant id)."""
    utilisateur = request.user if request.user.is_authenticated else None
    ip = adresse_ip(request)
    JournalAcces.objects.bulk_create(
        [
            JournalAcces(
                utilisateur=utilisateur,
                action=ActionJournal.EXPORT,
                objet=objet,
                objet_id=objet_id,
                participant_id=participant_id,
                adresse_ip=ip,
            )
            for objet_id, participant_id in lignes
        ],
        batch_size=1000,
    )
    return len(lignes)


def journaux_purger(*, maintenant: datetime.datetime | None = None) -> int:
    """Delete the read journal and the login logs older than JOURNAL_RETENTION_JOURS; return the count."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    limite = (maintenant or timezone.now()) - datetime.timedelta(days=settings.JOURNAL_RETENTION_JOURS)
    supprimes = JournalAcces.objects.filter(date__lt=limite).delete()[0]
    supprimes += AccessLog.objects.filter(attempt_time__lt=limite).delete()[0]
    supprimes += AccessFailureLog.objects.filter(attempt_time__lt=limite).delete()[0]
    supprimes += AccessAttempt.objects.filter(attempt_time__lt=limite).delete()[0]
    return supprimes
