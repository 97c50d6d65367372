"""Time the pages each role meets on the database DATABASE_URL names (a demo base, ``seed_demo --echelle N``):

    DATABASE_URL=postgres://… .venv/bin/python bench/pages.py [--repetitions 5] [--seulement accueil]
        [--deja-calculees]

Each page is asked for by Django's test client, signed in as the demo account of its role (the structure
d'animation, the référent ``referent@demo.plie.fr``, a structure porteuse, a prescriber), ``--repetitions`` times
after one warm-up request; prints the best and median times, the SQL query count and the response's size.

The summaries computed in the background (the FSE+ participations, the alert counts, the letter's monthly
summaries) are computed first, and no refresh is asked during the run: the figures are a page's own cost, what a
user waits for, not the background work's (timed by ``bench/fse.py`` and ``bench/lettre.py``).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plie.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# The static files' plain storage: the pages' cost, without a collectstatic manifest on the bench machine.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from demo.parametres import DOMAINE_DEMO  # noqa: E402
from parcours.models import Entretien, Parcours, Prescription  # noqa: E402
from participants.models import Referent  # noqa: E402
from plie.models import User  # noqa: E402
from programmation.models import Operation  # noqa: E402


def preparer(calculer: bool = True):
    """Compute what the pages read from the background (unless ``calculer`` is false: computed already), then
    let no page ask for it again. (Run against an earlier version of the product, for a before/after in the same
    run, what it does not have is skipped.)"""
    from reporting import syntheses

    if not calculer:
        from plie import actualisations

        actualisations.demander = lambda *args, **kwargs: None
        syntheses.demander_actualisation = lambda: None
        return
    debut = time.perf_counter()
    try:
        from fse.participations import actualiser as fse_actualiser
        from plie import actualisations
        from reporting import alertes_comptees
    except ImportError:
        from fse.participations import synchroniser

        synchroniser()
    else:
        fse_actualiser()
        alertes_comptees.actualiser()
        actualisations.demander = lambda *args, **kwargs: None
    if syntheses.actives():
        syntheses.actualiser()
    print(f"Synthèses calculées en {time.perf_counter() - debut:.1f} s (participations FSE+, alertes, lettre)")
    syntheses.demander_actualisation = lambda: None


def pages() -> list[tuple[str, str, str]]:
    """(role's account, label, URL)."""
    aujourd_hui = timezone.localdate()
    referent = User.objects.get(email=f"referent@{DOMAINE_DEMO}")
    un_parcours = (
        Parcours.objects.filter(referent__utilisateur=referent, date_sortie__isnull=True).order_by("pk").first()
    )
    brouillon = f"/lettres/{aujourd_hui.year}/{aujourd_hui.month}/brouillon/"
    attente = Prescription.objects.en_attente().order_by("pk").first()
    dernier = Entretien.objects.filter(referent__utilisateur=referent).order_by("-date").values("date").first()
    semaine = f"semaine={dernier['date'].isoformat()}" if dernier else ""
    mois = dernier["date"] if dernier else aujourd_hui
    fiche = Referent.objects.get(utilisateur=referent)
    portage = Operation.objects.filter(structure=fiche.structure, annee=mois.year).order_by("pk").first()
    physique = Entretien.objects.filter(referent=fiche, mode="presentiel").order_by("-date", "-pk").first()
    return [
        ("animation", "Accueil (structure d'animation)", "/"),
        ("animation", "FSE+ : tableau de bord", "/fse/"),
        ("animation", "File active (page 1)", "/file-active/"),
        ("animation", "Prescriptions (page 1)", "/prescriptions/"),
        ("animation", "Commission", "/commission/"),
        ("animation", "Commission : comptes rafraîchis (JSON)", "/commission/comptes/"),
        ("animation", "Prescription en attente (pré-affectation)", f"/prescriptions/{attente.pk}/"),
        ("animation", "Brouillon de la lettre du mois", brouillon),
        ("animation", "Dossier d'un participant", f"/participants/{un_parcours.participant_id}/"),
        ("animation", "Comptes", "/comptes/"),
        ("referent", "Accueil (référent)", "/"),
        ("referent", "Agenda du référent (sa dernière semaine d'entretiens)", f"/agenda/?{semaine}"),
        ("referent", "État des temps du référent (ce mois-là)", f"/agenda/temps/{fiche.pk}/{mois.year}/{mois.month}/"),
        ("animation", "États des temps de tous les référents (ce mois-là)", f"/agenda/temps/?mois={mois:%Y-%m}"),
        ("animation", "Programmation (coût des personnels de chaque opération)", f"/programmation/?annee={mois.year}"),
        *(
            [("animation", "Coût des personnels d'une opération", f"/agenda/couts/operations/{portage.pk}/")]
            if portage
            else []
        ),
        ("animation", "Émargements de tous les référents (ce mois-là)", f"/agenda/emargements/?mois={mois:%Y-%m}"),
        (
            "referent",
            "Émargements du référent (ses contacts sans feuille, page 1)",
            f"/agenda/emargements/?mois={mois:%Y-%m}",
        ),
        *(
            [
                ("referent", "Feuille d'émargement d'un entretien", f"/agenda/emargement/entretien/{physique.pk}/"),
                (
                    "referent",
                    "Feuille d'émargement vierge (PDF)",
                    f"/agenda/emargement/entretien/{physique.pk}/vierge/",
                ),
            ]
            if physique
            else []
        ),
        ("referent", "File active du référent", "/file-active/"),
        ("referent", "Dossier d'un participant du référent", f"/participants/{un_parcours.participant_id}/"),
        ("referent", "FSE+ : tableau de bord du référent", "/fse/"),
        *(
            [
                (
                    "animation",
                    "FSE+ : préparer un contrôle (une opération, page 1)",
                    f"/fse/controle/?operation={portage.pk}",
                ),
                (
                    "referent",
                    "FSE+ : préparer un contrôle (son portefeuille)",
                    f"/fse/controle/?operation={portage.pk}",
                ),
                ("referent", "Contrat d'engagement d'un participant", f"/parcours/{un_parcours.pk}/contrat/"),
                ("referent", "Contrat d'engagement à imprimer (PDF)", f"/parcours/{un_parcours.pk}/contrat/imprimer/"),
            ]
            if portage
            else []
        ),
        ("porteur", "Accueil (structure porteuse)", "/"),
        ("prescripteur", "Espace prescripteur", "/prescripteur/"),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--seulement", default="", help="only the pages whose label contains this text")
    parser.add_argument(
        "--deja-calculees", action="store_true", help="the background summaries are fresh: do not compute them"
    )
    args = parser.parse_args()
    print(f"Base : {connection.vendor}, {Parcours.objects.count()} parcours")
    preparer(calculer=not args.deja_calculees)
    clients = {}
    for role, libelle, url in pages():
        if args.seulement.lower() not in libelle.lower():
            continue
        if role not in clients:
            clients[role] = Client(SERVER_NAME="127.0.0.1")
            clients[role].force_login(User.objects.get(email=f"{role}@{DOMAINE_DEMO}"))
        client = clients[role]
        reponse = client.get(url)
        assert reponse.status_code == 200, (url, reponse.status_code)
        durees = []
        for _ in range(args.repetitions):
            with CaptureQueriesContext(connection) as requetes:
                debut = time.perf_counter()
                reponse = client.get(url)
                durees.append((time.perf_counter() - debut) * 1000)
        print(
            f"{libelle:45} meilleur {min(durees):6.0f} ms, médiane {statistics.median(durees):6.0f} ms, "
            f"{len(requetes):3} requêtes, {len(reponse.content) // 1024:4} Kio"
        )


if __name__ == "__main__":
    main()
