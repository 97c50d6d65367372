from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_sante_en_mode_embarque():
    sortie = StringIO()
    call_command("sante", stdout=sortie)
    assert "Base de données : OK" in sortie.getvalue()
    assert "exécutées dans le processus" in sortie.getvalue()


@pytest.mark.celery_worker
def test_sante_avec_le_worker_reel(worker_celery):
    sortie = StringIO()
    call_command("sante", "--delai", "30", stdout=sortie)
    assert "Worker Celery : OK" in sortie.getvalue()
