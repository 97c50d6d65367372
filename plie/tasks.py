from celery import shared_task

from plie.journal import journaux_purger


@shared_task(name="plie.ping")
def ping() -> str:
    """Answered by a live worker: the health check uses it to prove the broker and a worker both work."""
    return "pong"


@shared_task(name="plie.purger_journaux")
def purger_journaux() -> int:
    """Scheduled daily; deleting what is past the retention period twice deletes it once."""
    return journaux_purger()
