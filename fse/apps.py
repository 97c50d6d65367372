from django.apps import AppConfig


class FseConfig(AppConfig):
    name = "fse"
    verbose_name = "FSE+ : participations et indicateurs"
