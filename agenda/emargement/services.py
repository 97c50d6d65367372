"""The sheets' one door: signed on screen, uploaded once signed on paper, declared without a piece (the old tool's
« signé »), marked « à re-signer » when their contact changes, their files erased with the people they name — for
the screens, the import and the commands."""

import contextlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from agenda import statuts
from agenda.emargement.contenu import a_eu_lieu, contenu, demande_une_feuille, empreinte_fichier, rendre
from agenda.enums import FEUILLES_PROBANTES, StatutFeuille
from agenda.models import Activite, FeuilleEmargement, SignatureEmargement
from agenda.services import peut_ecrire
from parcours.models import Entretien
from plie import access, contacts
from plie.fichiers import JPEG, MEGA, PDF, PNG, verifier_fichier

TYPES_DEPOSES = (PDF, PNG, JPEG)
TAILLE_MAX = 10 * MEGA
CHANGE = "La feuille a changé pendant la signature : rechargez la page et faites signer de nouveau."


def peut_emarger(user, objet) -> bool:
    """The référent who held the contact, or the structure d'animation (a command on the server: ``None``); for an
    entretien, also the référent who acts on its parcours today (a cover)."""
    if user is None or access.est_animation(user):
        return True
    if isinstance(objet, Entretien):
        return (objet.referent is not None and peut_ecrire(user, objet.referent)) or objet.parcours.suivi_par(user)
    return peut_ecrire(user, objet.referent)


def _verifier(objet, par) -> None:
    if not peut_emarger(par, objet):
        raise PermissionDenied("Seuls le référent du contact et la structure d'animation font émarger.")
    if not demande_une_feuille(objet):
        raise ValidationError(
            "Seuls un entretien en présentiel et une séance collective (non annulée) ont une feuille d'émargement."
        )
    if not a_eu_lieu(objet):
        raise ValidationError("Ce contact n'a pas encore eu lieu (séance non marquée réalisée, ou date à venir).")


def _verrouiller(objet):
    """The contact and its sheet, locked until the transaction ends (a change of the contact waits for it)."""
    if isinstance(objet, Entretien):
        objet = (
            Entretien.objects.select_for_update(of=("self",)).select_related("parcours__participant").get(pk=objet.pk)
        )
        cle = {"entretien": objet}
    else:
        objet = (
            Activite.objects.select_for_update(of=("self",)).select_related("categorie", "referent").get(pk=objet.pk)
        )
        cle = {"activite": objet}
    feuille = FeuilleEmargement.objects.select_for_update().filter(**cle).first()
    return objet, feuille or FeuilleEmargement(**cle)


def emargement_signer(*, objet, signatures: dict[int, bytes | None], par, empreinte: str = "") -> FeuilleEmargement:
    """Sign the sheet on screen: ``signatures`` gives, for each participant of the contact (parcours id), the PNG
    drawn, or None when absent; at least one signs. ``empreinte``: the fingerprint of the sheet as the signing page
    showed it (a change since is refused). The signed PDF is rendered first, outside any transaction (WeasyPrint
    takes a while: no writer waits for it), then stored with its SHA-256 and the fingerprint of what it attests,
    the contact and its sheet locked and checked unchanged; a sheet replaced has its former file erased."""
    _verifier(objet, par)
    attendu = contenu(objet)
    if empreinte and empreinte != attendu.empreinte():
        raise ValidationError(CHANGE)
    if set(signatures) != {ligne.parcours_id for ligne in attendu.lignes}:
        raise ValidationError(CHANGE)
    if not any(signatures.values()):
        raise ValidationError("Aucun participant n'a signé : une feuille sans signature ne justifie rien.")
    maintenant = timezone.now()
    pdf = rendre(
        attendu,
        signatures={pk: (png, maintenant) if png else None for pk, png in signatures.items()},
        etablie=(par, maintenant),
    )
    with _fichier_puis_transaction("feuille.pdf", pdf) as stocke:
        objet, feuille = _verrouiller(objet)
        if contenu(objet).empreinte() != attendu.empreinte():
            raise ValidationError(CHANGE)
        _remplacer(feuille, StatutFeuille.SIGNEE, stocke, pdf, attendu.empreinte(), par)
        SignatureEmargement.objects.bulk_create(
            [
                SignatureEmargement(
                    feuille=feuille,
                    parcours_id=pk,
                    present=png is not None,
                    image=png,
                    signe_le=maintenant if png else None,
                )
                for pk, png in signatures.items()
            ]
        )
    return feuille


@contextlib.contextmanager
def _fichier_puis_transaction(nom: str, octets: bytes):
    """Store a sheet's file first (under the name the model gives it), then open the transaction that points the
    sheet at it: a refusal or a failure inside erases the file; two first sheets of one contact at once (the
    one-to-one constraint) are refused in French."""
    champ = FeuilleEmargement._meta.get_field("fichier")
    stocke = champ.storage.save(champ.generate_filename(None, nom), ContentFile(octets))
    try:
        with transaction.atomic():
            yield stocke
    except IntegrityError:  # the other one won
        champ.storage.delete(stocke)
        raise ValidationError(CHANGE) from None
    except BaseException:
        champ.storage.delete(stocke)
        raise


def _remplacer(feuille: FeuilleEmargement, statut: str, stocke: str, octets: bytes, empreinte: str, par) -> None:
    """Give the sheet its new file (stored already) and status (a declared move); its former file and on-screen
    signatures go (the file once the transaction commits)."""
    ancien = feuille.fichier.name if feuille.fichier else ""
    statuts.FEUILLE.passer(feuille, statut, par=par)
    feuille.fichier.name = stocke
    feuille.empreinte = empreinte_fichier(octets)
    feuille.empreinte_contenu = empreinte
    feuille.etablie_le, feuille.etablie_par = timezone.now(), par if getattr(par, "pk", None) else None
    feuille.full_clean()
    feuille.save()
    SignatureEmargement.objects.filter(feuille=feuille).delete()
    _effacer_apres(ancien)


def _effacer_apres(nom: str) -> None:
    """Erase a stored file once the transaction has committed (a rollback loses nothing)."""
    if nom:
        stockage = FeuilleEmargement._meta.get_field("fichier").storage
        transaction.on_commit(lambda: stockage.delete(nom))


def emargement_deposer(*, objet, fichier, par) -> FeuilleEmargement:
    """Upload the sheet printed, signed by hand and scanned: a PDF or an image, checked by its content."""
    _verifier(objet, par)
    try:
        verifier_fichier(fichier, types=TYPES_DEPOSES, taille_max=TAILLE_MAX)
    except ValidationError as erreur:
        raise ValidationError({"fichier": erreur.messages}) from None
    fichier.seek(0)
    octets = fichier.read()
    fichier.seek(0)
    with _fichier_puis_transaction(fichier.name, octets) as stocke:
        objet, feuille = _verrouiller(objet)
        _remplacer(feuille, StatutFeuille.DEPOSEE, stocke, octets, contenu(objet).empreinte(), par)
    return feuille


@transaction.atomic
def emargement_declarer(*, entretien: Entretien, par) -> FeuilleEmargement | None:
    """What the old tool said, without a piece: its entretien in person « émargement signé » becomes a sheet
    « déclarée, sans pièce » (the import; the structure d'animation's). A sheet already held stays; an entretien
    that was not in person has none."""
    if par is not None and not access.est_animation(par):
        raise PermissionDenied("Seule la structure d'animation reprend les émargements de l'ancien outil.")
    if not demande_une_feuille(entretien):
        return None
    entretien, feuille = _verrouiller(entretien)
    if feuille.pk is None:
        statuts.FEUILLE.passer(feuille, StatutFeuille.DECLAREE, par=par)
        feuille.etablie_le, feuille.etablie_par = timezone.now(), par if getattr(par, "pk", None) else None
        feuille.save()
    return feuille


def contact_modifie(objet, *, par) -> None:
    """After a change of a contact (its service tells ``plie.contacts``, in its transaction): a signed sheet whose
    facts no longer match is marked « à re-signer » (the fingerprint of its content differs)."""
    cle = {"entretien_id": objet.pk} if isinstance(objet, Entretien) else {"activite_id": objet.pk}
    feuille = FeuilleEmargement.objects.select_for_update().filter(statut__in=FEUILLES_PROBANTES, **cle).first()
    if feuille is None or contenu(objet).empreinte() == feuille.empreinte_contenu:
        return
    statuts.FEUILLE.passer(feuille, StatutFeuille.A_RESIGNER, par=par)
    feuille.save(update_fields=["statut"])


def personnes_effacees(parcours_ids: list[int]) -> None:
    """Participants anonymised (ten years after their exit, past the FSE's keeping): their drawn signatures go, and
    the files of the sheets that name them — the sheets' statuses and fingerprints stay."""
    SignatureEmargement.objects.filter(parcours_id__in=parcours_ids).delete()
    feuilles = FeuilleEmargement.objects.filter(
        entretien__parcours_id__in=parcours_ids
    ) | FeuilleEmargement.objects.filter(activite__participants__in=parcours_ids)
    for feuille in feuilles.exclude(fichier="").distinct():
        _effacer_apres(feuille.fichier.name)
        FeuilleEmargement.objects.filter(pk=feuille.pk).update(fichier="")


contacts.enregistrer(contact_modifie)
contacts.enregistrer_effacement(personnes_effacees)
