"""A task that keeps a worker's slot busy: loaded by the worker the health check test starts (``-I``), never by
the product."""

import time

from celery import shared_task


@shared_task(name="essai.dormir")
def dormir(secondes: float) -> str:
    time.sleep(secondes)
    return "réveillé"
