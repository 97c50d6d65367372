"""The audiences of a letter: who reads which version, and the letter as each version shows it (the référent rows
restricted, the total always whole)."""

import dataclasses

from parcours.enums import GroupeMotifPrescripteur
from parcours.models import MotifNonEntree as MotifNonEntreeModele
from participants.models import Referent, StructurePorteuse
from plie import access
from plie.enums import Role
from reporting.indicateurs import DonneesLettre, contrat
from reporting.indicateurs.arrondi import taux
from reporting.indicateurs.commentaires import phrase_non_entrees
from reporting.indicateurs.schema import MotifNonEntree, MotifSortie, NonEntrees, Sorties
from reporting.models import Variante


def audiences(donnees: DonneesLettre) -> list[str]:
    """Every version a letter is produced in: the internal and the funders' ones, one per structure porteuse of
    the référents with a row in the letter, one per such référent."""
    ids = sorted(ligne.referent_id for ligne in donnees.referents if ligne.referent_id)
    structures = sorted(set(Referent.objects.filter(pk__in=ids).values_list("structure_id", flat=True)))
    return [
        Variante.INTERNE,
        Variante.FINANCEURS,
        Variante.PRESCRIPTEURS,
        *(f"structures-{pk}" for pk in structures),
        *(f"referent-{pk}" for pk in ids),
    ]


def variantes_de(user) -> list[str]:
    """The versions a user may read, theirs first: the internal one, the funders' one, or the internal one
    restricted to the rows of their référents (one per structure porteuse they belong to, or the référent's own).
    Empty: no letter for this role. A version the letter was not produced in falls back to the funders' one
    (``variantes_disponibles``)."""
    if access.est_animation(user):
        return [Variante.INTERNE]
    if access.a_le_role(user, Role.FINANCEUR):
        return [Variante.FINANCEURS]
    if access.est_prescripteur(user):  # the funders' version, its non-entry motifs by group; never another
        return [Variante.PRESCRIPTEURS]
    if access.a_le_role(user, Role.PORTEUR):
        structures = sorted(user.structures_porteuses.values_list("pk", flat=True))
        return [f"structures-{pk}" for pk in structures] + [Variante.FINANCEURS]
    if access.est_referent(user):
        referent = Referent.objects.filter(utilisateur=user).values_list("pk", flat=True).first()
        return ([f"referent-{referent}"] if referent else []) + [Variante.FINANCEURS]
    return []


def variantes_disponibles(user, produites: set[str]) -> list[str]:
    """The user's versions among those a letter was produced in; their own before the funders' one, which is
    offered alone when none of their own exists (a structure or a référent without a row that month)."""
    if access.est_animation(user):  # every version, to check what each audience receives
        return [Variante.INTERNE, *sorted(produites - {Variante.INTERNE}, key=lambda v: (v != Variante.FINANCEURS, v))]
    les_siennes = [v for v in variantes_de(user) if v in produites]
    propres = [v for v in les_siennes if v != Variante.FINANCEURS or access.a_le_role(user, Role.FINANCEUR)]
    return propres or les_siennes


def referents_de_la_variante(variante: str) -> set[int] | None:
    """The référent rows a variant shows: None for all, an empty set for none."""
    if variante == Variante.INTERNE:
        return None
    if variante.startswith("structures-"):
        structures = [int(pk) for pk in variante.removeprefix("structures-").split("-")]
        return set(Referent.objects.filter(structure__in=structures).values_list("pk", flat=True))
    if variante.startswith("referent-"):
        return {int(variante.removeprefix("referent-"))}
    return set()


def motifs_regroupes(non_entrees: NonEntrees) -> NonEntrees:
    """The non-entries by group of motifs (the groups prescribers see), from a letter's detailed motifs; a motif
    the referential no longer knows counts in « Raison personnelle », the group that says the least."""
    groupes = dict(MotifNonEntreeModele.objects.values_list("libelle", "groupe_prescripteur"))
    par_groupe: dict[str, list[int]] = {}
    for motif in non_entrees.par_motif:
        cle = groupes.get(motif.motif, GroupeMotifPrescripteur.RAISON_PERSONNELLE)
        mois = par_groupe.setdefault(cle, [0] * len(motif.par_mois))
        par_groupe[cle] = [a + b for a, b in zip(mois, motif.par_mois, strict=True)]
    lignes = [
        MotifNonEntree(
            motif=groupe.label,
            par_mois=par_groupe[groupe.value],
            cumul=sum(par_groupe[groupe.value]),
            pourcentage=taux(sum(par_groupe[groupe.value]), non_entrees.cumul),
        )
        for groupe in GroupeMotifPrescripteur
        if groupe.value in par_groupe
    ]
    lignes.sort(key=lambda ligne: -ligne.cumul)
    return dataclasses.replace(non_entrees, par_motif=lignes)


SORTIES_POSITIVES, AUTRES_SORTIES = "Sorties positives", "Autres sorties"


def sorties_regroupees(sorties: Sorties) -> Sorties:
    """The year's exits as prescribers read them: positive or not, never the motif (health, maternity, a move:
    set against their list of entries, a motif would be a named person's). Nor the neutralised exits (moves,
    deaths, retirements, health, maternity) or the rate without them, from which their count follows."""
    lignes = []
    for libelle, positive in ((SORTIES_POSITIVES, True), (AUTRES_SORTIES, False)):
        nombre = sum(m.nombre for m in sorties.par_motif if m.positive == positive)
        if nombre:
            lignes.append(MotifSortie(libelle, positive, nombre, taux(nombre, sorties.total_cumul)))
    return dataclasses.replace(
        sorties, par_motif=lignes, neutralisees_cumul=None, taux_positives_hors_neutralisees=None
    )


def _libelles_detailles(non_entrees: NonEntrees, sorties: Sorties) -> list[str]:
    """The detailed motifs a letter counts, as a comment would name them."""
    return [m.motif.lower() for m in non_entrees.par_motif if m.cumul] + [
        m.motif.lower() for m in sorties.par_motif if m.nombre
    ]


def commentaires_sans_motifs(
    commentaires: list[str], detaillees: NonEntrees, regroupees: NonEntrees, sorties: Sorties
) -> list[str]:
    """The letter's comments for prescribers: the sentence on non-entries says their groups of motifs; another
    comment that names a detailed motif of non-entry or exit (the structure d'animation's words), or the
    neutralised exits, is left out."""
    libelles = _libelles_detailles(detaillees, sorties)
    gardes = []
    for commentaire in commentaires:
        texte = commentaire.lower()
        if "non-entrées" in texte and "motif" in texte:
            phrase = phrase_non_entrees(regroupees)
            if phrase:
                gardes.append(phrase)
        elif not any(libelle in texte for libelle in libelles) and "neutralis" not in texte:
            gardes.append(commentaire)
    return gardes


def pour_la_variante(donnees: DonneesLettre, variante: str) -> DonneesLettre:
    """The letter as a given audience reads it: rows restricted, the total always whole."""
    visibles = referents_de_la_variante(variante)
    referents = donnees.referents
    if visibles is not None:
        referents = [ligne for ligne in referents if ligne.referent_id in visibles]
    if variante == Variante.PRESCRIPTEURS:
        regroupees = motifs_regroupes(donnees.non_entrees)
        return donnees.remplacer(
            referents=referents,
            variante=variante,
            non_entrees=regroupees,
            sorties=sorties_regroupees(donnees.sorties),
            commentaires=commentaires_sans_motifs(
                donnees.commentaires, donnees.non_entrees, regroupees, donnees.sorties
            ),
            commentaires_generes=None,
        )
    return donnees.remplacer(referents=referents, variante=variante)


def contrat_pour(donnees: DonneesLettre, variante: str) -> dict:
    """The JSON contract (one decimal) of the letter for an audience."""
    version = "financeurs" if variante in (Variante.FINANCEURS, Variante.PRESCRIPTEURS) else "interne"
    return contrat(pour_la_variante(donnees, variante), version=version)


def arrondie_pour(donnees: DonneesLettre, variante: str) -> DonneesLettre:
    """The letter for an audience with its figures rounded as in its JSON contract (the workbook's cells)."""
    return DonneesLettre.depuis_json(contrat_pour(donnees, variante))


def libelles(variantes: list[str]) -> dict[str, str]:
    """Each version's name for the people who steer the scheme (it names staff and structures, no participant),
    in two queries whatever their number."""
    structures = {int(v[11:]) for v in variantes if v.startswith("structures-") and v[11:].isdigit()}
    referents = {int(v[9:]) for v in variantes if v.startswith("referent-") and v[9:].isdigit()}
    noms_structures = dict(StructurePorteuse.objects.filter(pk__in=structures).values_list("pk", "nom"))
    noms_referents = {r.pk: str(r) for r in Referent.objects.filter(pk__in=referents)}
    resultat = {}
    for variante in variantes:
        if variante == Variante.INTERNE:
            resultat[variante] = "Interne (tous les référents)"
        elif variante == Variante.FINANCEURS:
            resultat[variante] = "Financeurs (totaux)"
        elif variante == Variante.PRESCRIPTEURS:
            resultat[variante] = "Prescripteurs (totaux, motifs regroupés)"
        elif variante.startswith("structures-") and variante[11:].isdigit():
            resultat[variante] = "Structure : " + noms_structures.get(int(variante[11:]), variante)
        elif variante.startswith("referent-") and variante[9:].isdigit():
            resultat[variante] = "Référent : " + noms_referents.get(int(variante[9:]), variante)
        else:  # a combined version of the first wave (``structures-1-2``)
            resultat[variante] = "Ancienne version : " + variante
    return resultat
