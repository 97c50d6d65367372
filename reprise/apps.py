from django.apps import AppConfig


class RepriseConfig(AppConfig):
    name = "reprise"
    verbose_name = "Reprise des données de l'ancien outil"

    def ready(self):
        from reprise import lots

        lots.connecter()
