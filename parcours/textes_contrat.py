"""The contract's default texts, until the structure d'animation writes its own (``TexteContrat``, in the admin):
the PLIE's accompaniment, what it expects of the participant (seed 002: « un contrat d'engagement précisant les
attentes du PLIE en matière d'investissement des participants »), the personal-data notice."""

ACCOMPAGNEMENT = (
    "Le PLIE vous propose un accompagnement individualisé et renforcé vers l'emploi durable. Un référent "
    "de parcours unique vous reçoit régulièrement, construit avec vous les étapes de votre parcours "
    "(formations, ateliers, mises en situation professionnelle, emploi) et vous suit pendant les six "
    "premiers mois de votre emploi.\n"
    "\n"
    "Votre parcours dure le temps nécessaire à votre insertion professionnelle ; il fait l'objet de "
    "bilans réguliers avec votre référent."
)

ATTENTES = (
    "En signant ce contrat, vous vous engagez à :\n"
    "– vous rendre aux rendez-vous fixés avec votre référent, et le prévenir de tout empêchement ;\n"
    "– participer activement aux étapes convenues ensemble et en respecter le règlement ;\n"
    "– rechercher activement un emploi et tenir votre référent informé de vos démarches, des "
    "propositions reçues et de toute embauche ;\n"
    "– signaler tout changement de votre situation (adresse, ressources, disponibilité).\n"
    "\n"
    "Le PLIE vous invitera aussi, après votre sortie, à venir témoigner de votre parcours et de votre "
    "expérience auprès d'autres participants.\n"
    "\n"
    "Des absences répétées sans justification, l'impossibilité de vous joindre ou un comportement "
    "inadapté peuvent mettre fin à votre accompagnement."
)

NOTICE_RGPD = (
    "Les informations de votre parcours sont enregistrées par le PLIE pour vous accompagner, suivre le "
    "dispositif et rendre compte à ses financeurs, dont l'Union européenne (FSE+). Votre référent et la "
    "structure d'animation du PLIE les consultent ; l'organisme qui vous a orienté(e) vers le PLIE "
    "apprend votre entrée et votre sortie, sans le détail de votre parcours ; les financeurs ne "
    "reçoivent que des chiffres, sans votre nom ; l'autorité de gestion du FSE+ reçoit de façon "
    "sécurisée les données du programme, et un contrôleur peut en vérifier les pièces.\n"
    "\n"
    "Elles sont conservées le temps de votre accompagnement puis archivées pendant la durée exigée par "
    "les contrôles du FSE+. Vous pouvez y accéder, les faire rectifier ou limiter leur usage auprès de "
    "la structure d'animation du PLIE, et saisir la CNIL."
)
