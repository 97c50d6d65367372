"""What the exit form proposes is accepted by the exit service, on random histories: étapes of every kind the
employment-exit rule reads (hours, part time, ends), entretiens, veilles and aides recorded after the rule is met.
No proposal means the service refuses every employment exit today."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from parcours import services, sortie_emploi
from parcours.enums import IssueEtape
from parcours.models import MotifSortie, TypeEtape
from tests.parcours.factories import AideFactory, EntretienFactory, EtapeFactory, ParcoursFactory, VeilleFactory

AUJOURDHUI = datetime.date(2026, 6, 15)
ENTREE = datetime.date(2024, 1, 8)
JOURS = (AUJOURDHUI - ENTREE).days
TYPES = ["contrat_long", "cdd_court", "interim", "contrat_aide", "creation_activite", "contrat_pro_apprentissage"]

une_etape = st.fixed_dictionaries(
    {
        "type": st.sampled_from(TYPES),
        "debut": st.integers(0, JOURS),
        "duree": st.one_of(st.none(), st.integers(1, 400)),
        "heures": st.one_of(st.none(), st.sampled_from([10, 17.5, 20, 35])),
        "temps_partiel": st.booleans(),
    }
)
un_element = st.tuples(st.sampled_from(["entretien", "veille", "aide"]), st.integers(0, JOURS))


class ProprietesDeLaSortieProposee(TestCase):
    @settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=60)
    @given(etapes=st.lists(une_etape, max_size=5), elements=st.lists(un_element, max_size=4))
    def test_la_sortie_proposee_est_acceptee_par_le_service(self, etapes, elements):
        parcours = ParcoursFactory(date_entree=ENTREE, participant__date_naissance=datetime.date(1980, 1, 1))
        for e in etapes:
            debut = ENTREE + datetime.timedelta(days=e["debut"])
            fin = debut + datetime.timedelta(days=e["duree"]) if e["duree"] is not None else None
            fin = fin if fin is None or fin <= AUJOURDHUI else None
            EtapeFactory(
                parcours=parcours,
                type=TypeEtape.objects.get(code=e["type"]),
                date_debut=debut,
                date_fin=fin,
                issue=IssueEtape.TERMINEE if fin else "",
                heures_hebdo=e["heures"],
                temps_partiel_accepte=e["temps_partiel"],
            )
        for genre, jours in elements:
            jour = ENTREE + datetime.timedelta(days=jours)
            if genre == "entretien":
                EntretienFactory(parcours=parcours, date=jour)
            elif genre == "veille":
                VeilleFactory(parcours=parcours, date_debut=jour, date_fin_prevue=jour + datetime.timedelta(days=30))
            else:
                AideFactory(parcours=parcours, date=jour)

        proposee = services.sortie_proposee(parcours, au=AUJOURDHUI)
        if proposee is None:  # then no employment exit passes today
            for code in sortie_emploi.MOTIFS_EMPLOI:
                with self.assertRaises(ValidationError), transaction.atomic():
                    services.sortie_enregistrer(
                        parcours=parcours,
                        date_sortie=AUJOURDHUI,
                        motif=MotifSortie.objects.get(code=code),
                        par=None,
                    )
            return
        assert proposee.justification.date <= proposee.date <= AUJOURDHUI
        with transaction.atomic():
            services.sortie_enregistrer(
                parcours=parcours,
                date_sortie=proposee.date,
                motif=MotifSortie.objects.get(code=proposee.motif),
                par=None,
            )
            parcours.refresh_from_db()
            assert (parcours.date_sortie, parcours.motif_sortie.code) == (proposee.date, proposee.motif)
            transaction.set_rollback(True)
