"""The structure of the file active, listed once: the groups the dashboards count and show as shares of the file
active, with their labels, and for those the engine counts on request, the condition on the parcours."""

from django.db.models import Q

from participants.enums import Sexe, TypeQuartier

# key: (label, condition on a parcours of the file active; None when the engine counts it anyway)
GROUPES = {
    "femmes": ("Femmes", Q(participant__sexe=Sexe.FEMME)),
    "rsa": ("Bénéficiaires du RSA", Q(rsa=True)),
    "qpv": ("Résidant en QPV", Q(quartier__type=TypeQuartier.QPV)),
    "plus_de_45_ans": ("45 ans et plus à l'entrée", Q(age_entree__gte=45)),
    "en_etape": ("En étape ce mois-ci", None),
    "en_veille": ("En veille", None),
}
# In the engine's order: every group, and those counted only when asked (``structure=True``).
STRUCTURE_FILE_ACTIVE = tuple(GROUPES)
COMPTES_SUR_DEMANDE = tuple(cle for cle, (_, condition) in GROUPES.items() if condition is not None)
LIBELLES = {cle: libelle for cle, (libelle, _) in GROUPES.items()}
