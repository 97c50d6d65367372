from django.apps import AppConfig
from django.db.backends.signals import connection_created


class PlieConfig(AppConfig):
    name = "plie"
    verbose_name = "PLIE — utilisateurs et sécurité"

    def ready(self):
        from plie import delais

        connection_created.connect(delais.regler, dispatch_uid="plie-delais")
