from celery import shared_task


@shared_task(name="plie.ping")
def ping() -> str:
    """Answered by a live worker: the health check uses it to prove the broker and a worker both work."""
    return "pong"
