"""Forms only translate fields: the rules are the services'. This shows a service's refusal on the forms."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def erreurs_du_service(erreur: ValidationError, *formulaires, champs: dict[str, str] | None = None) -> None:
    """Put each message of ``erreur`` on the field it names, in the first of ``formulaires`` that has it (a model
    field may carry another name in the form: ``champs`` maps one to the other); the others above the first form."""
    champs = champs or {}
    principal = formulaires[0]
    if not hasattr(erreur, "error_dict"):
        principal.add_error(None, erreur)
        return
    for champ, messages in erreur.error_dict.items():
        nom = champs.get(champ, champ)
        cible = next((f for f in formulaires if nom != NON_FIELD_ERRORS and nom in f.fields), None)
        if cible is not None:
            cible.add_error(nom, messages)
        else:
            principal.add_error(None, messages)


def resume_erreurs(*formulaires) -> list[dict]:
    """Every error of the page's forms, in the order of their fields, for the summary at the top of the page
    (``components/resume_erreurs.html``): the field's id to link to, its label, the message."""
    resume = []
    for formulaire in formulaires:
        if not formulaire.is_bound:
            continue
        resume += [{"id": "", "libelle": "", "message": m} for m in formulaire.non_field_errors()]
        for champ in formulaire:
            resume += [{"id": champ.id_for_label, "libelle": champ.label, "message": m} for m in champ.errors]
    return resume
