"""A Celery task by its name: for the modules the tasks themselves import (the letters, the summaries), so that
no import runs in a circle. The tasks modules of the apps are loaded on first use, as the worker does."""

from celery import current_app


def tache(nom: str):
    if nom not in current_app.tasks:
        current_app.loader.import_default_modules()  # Celery's autodiscovery of every app's tasks.py
    return current_app.tasks[nom]
