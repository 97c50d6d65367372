"""Referential data of Dijon Métropole's PLIE: communes, quartiers, prescripteur groups (INDICATEURS.md)."""

from django.db import migrations

COMMUNES = [
    ("Ahuy", "21003", "21121"),
    ("Bressey-sur-Tille", "21103", "21560"),
    ("Bretenière", "21106", "21110"),
    ("Chenôve", "21166", "21300"),
    ("Chevigny-Saint-Sauveur", "21171", "21800"),
    ("Corcelles-les-Monts", "21192", "21160"),
    ("Daix", "21223", "21121"),
    ("Dijon", "21231", "21000"),
    ("Fénay", "21263", "21600"),
    ("Flavignerot", "21271", "21160"),
    ("Fontaine-lès-Dijon", "21278", "21121"),
    ("Hauteville-lès-Dijon", "21315", "21121"),
    ("Longvic", "21355", "21600"),
    ("Magny-sur-Tille", "21373", "21110"),
    ("Marsannay-la-Côte", "21390", "21160"),
    ("Neuilly-Crimolois", "21452", "21800"),
    ("Ouges", "21473", "21600"),
    ("Perrigny-lès-Dijon", "21481", "21160"),
    ("Plombières-lès-Dijon", "21485", "21370"),
    ("Quetigny", "21515", "21800"),
    ("Saint-Apollinaire", "21540", "21850"),
    ("Sennecey-lès-Dijon", "21605", "21800"),
    ("Talant", "21617", "21240"),
]

QUARTIERS = [
    ("Grésilles", "Dijon", "qpv"),
    ("Fontaine d'Ouche", "Dijon", "qpv"),
    ("Le Mail", "Chenôve", "qpv"),
    ("Bief du Moulin", "Longvic", "qpv"),
    ("Belvédère", "Talant", "qpv"),
    ("Quetigny Centre", "Quetigny", "veille"),
    ("Guynemer", "Longvic", "veille"),
]

GROUPES = [
    ("france_travail", "France Travail (ex Pôle emploi)", "france_travail"),
    ("conseil_departemental", "Conseil départemental", "conseil_departemental"),
    ("mission_locale", "Mission locale", "autres"),
    ("operateurs", "Opérateurs (ETTI, organismes de formation…)", "autres"),
    ("service_emploi_communes", "Service emploi des communes", "autres"),
    ("services_sociaux", "Services sociaux, associations, SPIP", "autres"),
    ("cap_emploi", "Cap emploi", "autres"),
    ("autre", "Autre", "autres"),
]


def charger(apps, schema_editor):
    Commune = apps.get_model("participants", "Commune")
    Quartier = apps.get_model("participants", "Quartier")
    GroupePrescripteur = apps.get_model("participants", "GroupePrescripteur")
    communes = {}
    for nom, insee, cp in COMMUNES:
        communes[nom], _ = Commune.objects.get_or_create(code_insee=insee, defaults={"nom": nom, "code_postal": cp})
    for nom, commune, type_ in QUARTIERS:
        Quartier.objects.get_or_create(commune=communes[commune], nom=nom, defaults={"type": type_})
    for ordre, (code, libelle, groupe_lettre) in enumerate(GROUPES, start=1):
        GroupePrescripteur.objects.get_or_create(
            code=code, defaults={"libelle": libelle, "groupe_lettre": groupe_lettre, "ordre": ordre}
        )


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]
    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
