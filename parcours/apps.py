from django.apps import AppConfig


class ParcoursConfig(AppConfig):
    name = "parcours"
    verbose_name = "Parcours"

    def ready(self):
        from parcours import statuts  # noqa: F401  (the status machines journal their moves from here on)
