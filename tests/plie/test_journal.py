import datetime

import pytest
from django.utils import timezone

from plie.enums import ActionJournal
from plie.journal import journaux_purger
from plie.models import JournalAcces
from plie.tasks import purger_journaux

pytestmark = pytest.mark.django_db


def test_purge_des_journaux_au_dela_de_la_duree_de_conservation(settings):
    settings.JOURNAL_RETENTION_JOURS = 365
    maintenant = timezone.now()
    ancien = JournalAcces.objects.create(
        date=maintenant - datetime.timedelta(days=366), action=ActionJournal.CONSULTATION, objet="participant"
    )
    recent = JournalAcces.objects.create(
        date=maintenant - datetime.timedelta(days=364), action=ActionJournal.CONSULTATION, objet="participant"
    )
    assert purger_journaux.delay().get() == 1
    assert list(JournalAcces.objects.all()) == [recent]
    assert not JournalAcces.objects.filter(pk=ancien.pk).exists()
    # Run twice, the effect happens once.
    assert journaux_purger() == 0


def test_duree_de_conservation_reglable(settings):
    settings.JOURNAL_RETENTION_JOURS = 30
    JournalAcces.objects.create(
        date=timezone.now() - datetime.timedelta(days=31), action=ActionJournal.EXPORT, objet="participant"
    )
    assert journaux_purger() == 1


def test_la_purge_est_planifiee_chaque_jour(settings):
    tache = settings.CELERY_BEAT_SCHEDULE["purger-journaux"]
    assert tache["task"] == "plie.purger_journaux"
    assert tache["schedule"] == datetime.timedelta(days=1)
