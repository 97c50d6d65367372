from django.apps import AppConfig


class PrescripteursConfig(AppConfig):
    name = "prescripteurs"
    verbose_name = "Prescripteurs : prescription en ligne et retours"
