from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo PLIE: its generator and ``seed_demo``. Above every other app: it reads them all, none reads it."""

    name = "demo"
    verbose_name = "Démonstration"
