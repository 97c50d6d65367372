from django.apps import AppConfig


class PlieConfig(AppConfig):
    name = "plie"
    verbose_name = "PLIE — utilisateurs et sécurité"
