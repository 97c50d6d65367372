from django.shortcuts import render
from django.utils import timezone

from parcours import alertes as regles_alertes
from plie.access import TOUS_LES_ROLES, acces
from plie.enums import Role
from reporting import accueil as resumes


@acces(*TOUS_LES_ROLES)
def accueil(request):
    """The signed-in home page, one per role."""
    user = request.user
    aujourdhui = timezone.localdate()
    context = {"aujourdhui": aujourdhui}
    if user.role == Role.REFERENT:
        referent = getattr(user, "referent", None)
        if referent is not None:
            context.update(resumes.resume_referent(referent, au=aujourdhui))
            context["alertes"] = resumes.alertes_du_referent(user, au=aujourdhui)
    elif user.role == Role.ANIMATION:
        context.update(resumes.resume_plie(au=aujourdhui))
        context["alertes"] = resumes.alertes_groupees(regles_alertes.alertes(au=aujourdhui))
    elif user.role == Role.PORTEUR:
        context["referents"] = resumes.resume_structures(user.structures_porteuses.all(), au=aujourdhui)
    return render(request, f"reporting/accueil_{user.role}.html", context)
