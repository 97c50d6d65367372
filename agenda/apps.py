from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = "Agenda des référents : activités et temps"

    def ready(self):
        from agenda import statuts, temps  # noqa: F401  (the machines' journals; the validated months' lock)
        from agenda.emargement import services  # noqa: F401  (sheets to sign again when their contact changes)
