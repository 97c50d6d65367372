"""A load test on loopback: simulated users of mixed roles click through the product served by gunicorn as the
compose file runs it (3 sync workers), on the database DATABASE_URL names (a demo base, ``seed_demo``):

    DATABASE_URL=postgres://… .venv/bin/python bench/charge.py [--utilisateurs 50] [--duree 120]
    DATABASE_URL=postgres://… .venv/bin/python bench/charge.py --saturation   # no think time: the throughput

Each user signs in with the demo account of its role (structure d'animation, référents, structure porteuse,
prescriber), then asks for a page of its role's mix, waits 2 to 5 seconds (``--pause``), and again, until
``--duree`` seconds have passed. Prints, per page and in all, the number of requests, the errors (any status but
200), the median, the 95th percentile and the maximum time, and the throughput. ``--saturation`` runs users
without pause, 3 then 6 then 12 at a time, and prints the requests per second each reaches.

Bounded: at most 200 users and 30 minutes; the server is started here on 127.0.0.1 and stopped at the end (or
``--url`` names a server already running, on the loopback only). The background summaries (the FSE+
participations, the alert counts, the letter's monthly summaries) are computed first, so that the load measures
the pages, not a first computation. Needs the static files collected (``manage.py collectstatic``: done here).
"""

import argparse
import http.cookiejar
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plie.settings.dev")
MOT_DE_PASSE = "Demo-PLIE-Dijon-21"
PORT = 8765


def preparer() -> dict[str, list[tuple[str, str]]]:
    """Compute the background summaries, then return each role's pages (label, path) from the base."""
    import django

    django.setup()
    from django.utils import timezone

    from demo.parametres import DOMAINE_DEMO
    from parcours.models import Parcours
    from reporting import syntheses

    debut = time.perf_counter()
    try:
        from fse.participations import actualiser as fse_actualiser
        from reporting import alertes_comptees
    except ImportError:  # an earlier version of the product, for a before/after on the same machine
        from fse.participations import synchroniser

        synchroniser()
    else:
        fse_actualiser()
        alertes_comptees.actualiser()
    if syntheses.actives():
        syntheses.actualiser()
    print(f"Synthèses calculées en {time.perf_counter() - debut:.1f} s", flush=True)
    aujourd_hui = timezone.localdate()

    def dossiers(email: str | None, nombre: int = 20) -> list[str]:
        ouverts = Parcours.objects.filter(date_sortie__isnull=True)
        if email:
            ouverts = ouverts.filter(referent__utilisateur__email=email)
        ids = ouverts.order_by("?").values_list("participant_id", flat=True)[:nombre]
        return [f"/participants/{pk}/" for pk in ids]

    brouillon = f"/lettres/{aujourd_hui.year}/{aujourd_hui.month}/brouillon/"
    roles = {
        "animation": [
            ("accueil", "/"),
            ("accueil", "/"),
            ("file active", "/file-active/"),
            ("file active", "/file-active/?page=2"),
            ("prescriptions", "/prescriptions/"),
            ("commission", "/commission/"),
            ("FSE+", "/fse/"),
            ("brouillon de la lettre", brouillon),
        ]
        + [("dossier", url) for url in dossiers(None, 5)],
        "porteur": [("accueil", "/"), ("lettres", "/lettres/")],
        "prescripteur": [("espace prescripteur", "/prescripteur/"), ("bilan prescripteur", "/prescripteur/bilan/")],
    }
    for compte in ("referent", "referent2"):
        email = f"{compte}@{DOMAINE_DEMO}"
        roles[compte] = [
            ("accueil", "/"),
            ("accueil", "/"),
            ("file active", "/file-active/"),
            ("FSE+", "/fse/"),
        ] + [("dossier", url) for url in dossiers(email, 6)]
    return roles


# The mix of users: mostly référents, then the structure d'animation, a few of the others.
POIDS = {"referent": 16, "referent2": 16, "animation": 10, "porteur": 4, "prescripteur": 4}


def demarrer_serveur(travailleurs: int) -> list[subprocess.Popen]:
    """gunicorn; and with REDIS_URL, a Celery worker, as compose runs them (without it, the embedded mode: the
    background refreshes run in a thread of the web processes)."""
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=5)
    except urllib.error.HTTPError:
        raise SystemExit(f"Le port {PORT} est déjà pris par un autre serveur : arrêtez-le d'abord.") from None
    except OSError:
        pass  # free
    else:
        raise SystemExit(f"Le port {PORT} est déjà pris par un autre serveur : arrêtez-le d'abord.")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "plie.settings.dev"}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=RACINE, env=env, check=True
    )
    processus = []
    if os.environ.get("REDIS_URL"):
        celery = Path(sys.executable).parent / "celery"
        journal = open(RACINE / "var" / "bench-charge-worker.log", "w")  # noqa: SIM115 (the worker's lifetime)
        processus.append(
            subprocess.Popen(
                [str(celery), "-A", "plie", "worker", "--pool", "solo", "--loglevel", "warning"],
                cwd=RACINE,
                env=env,
                stdout=journal,
                stderr=subprocess.STDOUT,
            )
        )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    serveur = subprocess.Popen(
        [
            str(gunicorn),
            "plie.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(travailleurs),
            "--log-level",
            "warning",
        ],
        cwd=RACINE,
        env=env,
    )
    limite = time.monotonic() + 60
    while time.monotonic() < limite:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/connexion/", timeout=10)
            return [serveur, *processus]
        except OSError:  # refused while it starts, or its first request still importing the project
            time.sleep(0.5)
    for un in (serveur, *processus):
        un.kill()
    raise SystemExit("Le serveur gunicorn n'a pas démarré en 60 s.")


class Utilisateur:
    def __init__(self, base: str, role: str, pages: list[tuple[str, str]]):
        self.base, self.role, self.pages = base, role, pages
        jarre = http.cookiejar.CookieJar()
        self.ouvreur = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jarre))
        self.jarre = jarre

    def connecter(self) -> None:
        page = self.ouvreur.open(self.base + "/connexion/", timeout=60).read().decode()
        jeton = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        donnees = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": jeton, "username": f"{self.role}@demo.plie.fr", "password": MOT_DE_PASSE}
        ).encode()
        requete = urllib.request.Request(self.base + "/connexion/", data=donnees, headers={"Referer": self.base})
        reponse = self.ouvreur.open(requete, timeout=60)
        if "/connexion/" in reponse.geturl():
            raise SystemExit(f"Connexion refusée pour {self.role}@demo.plie.fr.")

    def demander(self, chemin: str) -> tuple[int, float]:
        debut = time.perf_counter()
        try:
            reponse = self.ouvreur.open(self.base + chemin, timeout=120)
            reponse.read()
            statut = reponse.status
        except urllib.error.HTTPError as erreur:
            statut = erreur.code
        except OSError:  # refused, reset or timed out: an error as the user sees it
            statut = 0
        return statut, time.perf_counter() - debut


def jouer(base, roles, *, utilisateurs: int, duree: float, pause: tuple[float, float], graine: int = 1):
    """Run ``utilisateurs`` users for ``duree`` seconds; return [(page, status, seconds)] and the elapsed time."""
    tirage = random.Random(graine)
    choix = [role for role, poids in POIDS.items() for _ in range(poids)]
    resultats: list[tuple[str, int, float]] = []
    verrou = threading.Lock()
    fin = [0.0]  # set once every user is signed in
    depart, partez = threading.Barrier(utilisateurs + 1), threading.Event()

    def un_utilisateur(rang: int):
        aleatoire = random.Random(graine * 1000 + rang)
        role = choix[tirage.randrange(len(choix))] if rang >= len(POIDS) else list(POIDS)[rang]
        utilisateur = Utilisateur(base, role, roles[role])
        utilisateur.connecter()
        depart.wait()
        partez.wait()
        time.sleep(aleatoire.uniform(0, pause[1]))  # users do not all click at the same instant
        while time.monotonic() < fin[0]:
            libelle, chemin = aleatoire.choice(utilisateur.pages)
            statut, secondes = utilisateur.demander(chemin)
            with verrou:
                resultats.append((libelle, statut, secondes))
            if pause[1]:
                time.sleep(aleatoire.uniform(*pause))

    fils = [threading.Thread(target=un_utilisateur, args=(rang,), daemon=True) for rang in range(utilisateurs)]
    for fil in fils:
        fil.start()
    depart.wait()
    debut = time.monotonic()
    fin[0] = debut + duree
    partez.set()
    for fil in fils:
        fil.join(timeout=duree + 180)
    return resultats, time.monotonic() - debut


def centile(valeurs: list[float], rang: float) -> float:
    valeurs = sorted(valeurs)
    return valeurs[min(len(valeurs) - 1, int(round(rang / 100 * (len(valeurs) - 1))))]


def rapport(resultats, ecoule: float) -> None:
    par_page = defaultdict(list)
    for libelle, statut, secondes in resultats:
        par_page[libelle].append((statut, secondes))
    par_page["ensemble"] = [(s, t) for _, s, t in resultats]
    print(f"{'page':28} {'requêtes':>9} {'erreurs':>8} {'médiane':>9} {'p95':>9} {'max':>9}")
    for libelle, lignes in sorted(par_page.items(), key=lambda e: (e[0] == "ensemble", e[0])):
        temps = [t for _, t in lignes]
        erreurs = sum(1 for s, _ in lignes if s != 200)
        print(
            f"{libelle:28} {len(lignes):9} {erreurs:8} {statistics.median(temps) * 1000:7.0f} ms "
            f"{centile(temps, 95) * 1000:6.0f} ms {max(temps) * 1000:6.0f} ms"
        )
    print(f"Débit : {len(resultats) / ecoule:.1f} requêtes/s sur {ecoule:.0f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--utilisateurs", type=int, default=50)
    parser.add_argument("--duree", type=float, default=120, help="secondes (au plus 1 800)")
    parser.add_argument("--pause", type=float, nargs=2, default=(2.0, 5.0), metavar=("MIN", "MAX"))
    parser.add_argument("--saturation", action="store_true", help="sans pause, 3, 6 puis 12 utilisateurs")
    parser.add_argument("--travailleurs", type=int, default=3, help="processus gunicorn (3 : comme compose)")
    parser.add_argument("--url", default="", help="un serveur déjà démarré, sur 127.0.0.1 seulement")
    args = parser.parse_args()
    if not 1 <= args.utilisateurs <= 200 or not 0 < args.duree <= 1800:
        raise SystemExit("Au plus 200 utilisateurs et 1 800 secondes.")
    if args.url and urllib.parse.urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("La charge ne vise que la boucle locale (127.0.0.1).")
    roles = preparer()
    serveurs = [] if args.url else demarrer_serveur(args.travailleurs)
    base = args.url.rstrip("/") or f"http://127.0.0.1:{PORT}"
    try:
        if args.saturation:
            for nombre in (3, 6, 12):
                resultats, ecoule = jouer(base, roles, utilisateurs=nombre, duree=args.duree, pause=(0, 0))
                erreurs = sum(1 for _, s, _ in resultats if s != 200)
                temps = [t for _, _, t in resultats]
                print(
                    f"{nombre:3} utilisateurs sans pause : {len(resultats) / ecoule:5.1f} requêtes/s, "
                    f"médiane {statistics.median(temps) * 1000:.0f} ms, p95 {centile(temps, 95) * 1000:.0f} ms, "
                    f"{erreurs} erreurs",
                    flush=True,
                )
        else:
            resultats, ecoule = jouer(
                base, roles, utilisateurs=args.utilisateurs, duree=args.duree, pause=tuple(args.pause)
            )
            rapport(resultats, ecoule)
    finally:
        for serveur in serveurs:
            serveur.send_signal(signal.SIGTERM)
            serveur.wait(timeout=30)


if __name__ == "__main__":
    main()
