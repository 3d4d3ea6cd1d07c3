"""The demo region's register: a believable, fictional picture of who steers what in Flevoland.

Names of people are invented. Organisation names follow the usual pattern of such organisations
in the region; their content here is fiction.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from .models import (
    Domain,
    Level,
    Organisation,
    Region,
    Stakeholder,
    StakeholderAssessment,
)
from .models import (
    OrganisationType as T,
)
from .register.services import register_seed_defaults

# The seeded domains, by their English source names (stored in the site language).
SOCIAL, SAFETY, EDUCATION, HOUSING, HEALTH = "Social domain", "Safety domain", "Education", "Housing", "Health care"

# (name, type, domain, municipality codes served or None for all)
FLEVOLAND_ORGANISATIONS = [
    ("Veilig Thuis Flevoland", T.VEILIG_THUIS, SOCIAL, None),
    ("Gemeente Almere", T.MUNICIPALITY, SOCIAL, ["GM0034"]),
    ("Gemeente Lelystad", T.MUNICIPALITY, SOCIAL, ["GM0995"]),
    ("Gemeente Dronten", T.MUNICIPALITY, SOCIAL, ["GM0303"]),
    ("Gemeente Noordoostpolder", T.MUNICIPALITY, SOCIAL, ["GM0171"]),
    ("Gemeente Urk", T.MUNICIPALITY, SOCIAL, ["GM0184"]),
    ("Gemeente Zeewolde", T.MUNICIPALITY, SOCIAL, ["GM0050"]),
    ("Wijkteam Almere Stad", T.LOCAL_TEAM, SOCIAL, ["GM0034"]),
    ("Wijkteam Almere Buiten", T.LOCAL_TEAM, SOCIAL, ["GM0034"]),
    ("Wijkteam Almere Haven", T.LOCAL_TEAM, SOCIAL, ["GM0034"]),
    ("Wijkteam Almere Poort", T.LOCAL_TEAM, SOCIAL, ["GM0034"]),
    ("Wijkteam Almere Hout", T.LOCAL_TEAM, SOCIAL, ["GM0034"]),
    ("Sociaal Wijkteam Lelystad Noord", T.LOCAL_TEAM, SOCIAL, ["GM0995"]),
    ("Sociaal Wijkteam Lelystad Zuid", T.LOCAL_TEAM, SOCIAL, ["GM0995"]),
    ("Sociaal Team Dronten", T.LOCAL_TEAM, SOCIAL, ["GM0303"]),
    ("Wijkteam Emmeloord", T.LOCAL_TEAM, SOCIAL, ["GM0171"]),
    ("Sociaal Team Urk", T.LOCAL_TEAM, SOCIAL, ["GM0184"]),
    ("Sociaal Team Zeewolde", T.LOCAL_TEAM, SOCIAL, ["GM0050"]),
    ("Politie Basisteam Almere Stad", T.POLICE, SAFETY, ["GM0034"]),
    ("Politie Basisteam Almere Buiten-Haven", T.POLICE, SAFETY, ["GM0034"]),
    ("Politie Basisteam Lelystad", T.POLICE, SAFETY, ["GM0995"]),
    ("Politie Basisteam Noordoostpolder-Urk", T.POLICE, SAFETY, ["GM0171", "GM0184"]),
    ("Politie Basisteam Dronten-Zeewolde", T.POLICE, SAFETY, ["GM0303", "GM0050"]),
    ("Openbaar Ministerie, parket Flevoland", T.PUBLIC_PROSECUTOR, SAFETY, None),
    ("Zorg- en Veiligheidshuis Flevoland", T.ZVH, SAFETY, None),
    ("Centrum Seksueel Geweld Flevoland", T.CSG, HEALTH, None),
    ("GGD Flevoland", T.GGD, HEALTH, None),
    ("Raad voor de Kinderbescherming, locatie Flevoland", T.CHILD_PROTECTION, SAFETY, None),
    ("Reclassering, unit Flevoland", T.PROBATION, SAFETY, None),
    ("Verslavingsreclassering Flevoland", T.PROBATION, SAFETY, None),
    ("Veilige Opvang Flevoland", T.SHELTER, SOCIAL, None),
    ("Jeugdbescherming Flevoland", T.YOUTH_CARE, SOCIAL, None),
    ("Jeugdhulp Polderkind", T.YOUTH_CARE, SOCIAL, ["GM0171", "GM0184", "GM0303"]),
    ("GGZ Flevoland", T.CARE_PROVIDER, HEALTH, None),
    ("Samenwerkingsverband Passend Onderwijs Almere", T.SCHOOL, EDUCATION, ["GM0034"]),
    ("Samenwerkingsverband Onderwijs Lelystad-Dronten", T.SCHOOL, EDUCATION, ["GM0995", "GM0303"]),
    ("Woonstichting Polderhuis", T.HOUSING, HOUSING, ["GM0995", "GM0303", "GM0050"]),
    ("Woningcorporatie Almere Wonen", T.HOUSING, HOUSING, ["GM0034"]),
    ("Woonpartner Noordoost", T.HOUSING, HOUSING, ["GM0171", "GM0184"]),
    ("Stichting Vrijwillige Thuishulp Flevoland", T.OTHER, SOCIAL, None),
]

# Two people per organisation: (function, level) pairs by organisation type.
FUNCTIONS = {
    T.VEILIG_THUIS: [("Directeur", Level.ADMINISTRATIVE), ("Teammanager advies en meldingen", Level.OPERATIONAL)],
    T.MUNICIPALITY: [("Wethouder zorg en jeugd", Level.ADMINISTRATIVE), ("Beleidsadviseur sociaal domein", Level.CIVIL_SERVICE)],
    T.LOCAL_TEAM: [("Teammanager", Level.OPERATIONAL), ("Aandachtsfunctionaris huiselijk geweld", Level.OPERATIONAL)],
    T.POLICE: [("Teamchef", Level.ADMINISTRATIVE), ("Coördinator huiselijk geweld", Level.OPERATIONAL)],
    T.PUBLIC_PROSECUTOR: [("Hoofdofficier van justitie", Level.ADMINISTRATIVE), ("Officier huiselijk geweld", Level.CIVIL_SERVICE)],
    T.ZVH: [("Manager", Level.CIVIL_SERVICE), ("Procesregisseur", Level.OPERATIONAL)],
    T.CSG: [("Coördinator", Level.OPERATIONAL), ("Medisch adviseur", Level.OPERATIONAL)],
    T.GGD: [("Directeur publieke gezondheid", Level.ADMINISTRATIVE), ("Jeugdarts", Level.OPERATIONAL)],
    T.CHILD_PROTECTION: [("Regiomanager", Level.CIVIL_SERVICE), ("Raadsonderzoeker", Level.OPERATIONAL)],
    T.PROBATION: [("Unitmanager", Level.CIVIL_SERVICE), ("Reclasseringswerker", Level.OPERATIONAL)],
    T.SHELTER: [("Manager opvang", Level.CIVIL_SERVICE), ("Casemanager", Level.OPERATIONAL)],
    T.YOUTH_CARE: [("Bestuurder", Level.ADMINISTRATIVE), ("Gedragswetenschapper", Level.OPERATIONAL)],
    T.CARE_PROVIDER: [("Bestuurder", Level.ADMINISTRATIVE), ("Psychiater", Level.OPERATIONAL)],
    T.SCHOOL: [("Directeur", Level.CIVIL_SERVICE), ("Coördinator zorg", Level.OPERATIONAL)],
    T.HOUSING: [("Directeur-bestuurder", Level.ADMINISTRATIVE), ("Wijkconsulent", Level.OPERATIONAL)],
    T.OTHER: [("Coördinator", Level.OPERATIONAL), ("Vrijwilligerscoördinator", Level.OPERATIONAL)],
}
FIRST = ["Anna", "Bas", "Chantal", "Dirk", "Esra", "Frank", "Gerda", "Hasan", "Ilse", "Jeroen", "Karin", "Luuk",
         "Marloes", "Nadia", "Olaf", "Priya", "Quinten", "Rianne", "Sem", "Tamara", "Umut", "Vera", "Wouter", "Zoë"]
LAST = ["Akkerman", "Boersma", "Claassen", "Dijkstra", "Eikelboom", "Fokkema", "de Graaf", "Hoekstra", "IJzerman",
        "Jonker", "Kuipers", "de Lange", "Mertens", "Nijland", "Oosterhuis", "Postma", "Reitsma", "Schouten",
        "Terpstra", "van Urk", "Veenstra", "Wolters", "Zijlstra", "Bulut"]


def register_build(*, region: Region, scale: int, organisations=FLEVOLAND_ORGANISATIONS, today: date | None = None):
    """Bulk-builds the register for one region; `scale` copies of the organisation set."""
    register_seed_defaults(region=region)
    today = today or date.today()
    rng = random.Random(region.slug)  # the same demo every time
    with translation.override(settings.LANGUAGE_CODE):
        domains = {key: Domain.objects.get(region=region, name=gettext(key))
                   for key in (SOCIAL, SAFETY, EDUCATION, HOUSING, HEALTH)}
    municipalities = {m.code: m for m in region.municipalities.all()}

    orgs = []
    for copy in range(scale):
        suffix = f" ({copy + 1})" if copy else ""
        for name, kind, domain, _codes in organisations:
            orgs.append(Organisation(region=region, name=name + suffix, type=kind, domain=domains[domain]))
    Organisation.objects.bulk_create(orgs)
    orgs = list(Organisation.objects.filter(region=region).order_by("id"))
    links = Organisation.municipalities.through
    spec = {name: codes for name, _kind, _domain, codes in organisations}
    rows = []
    for org in orgs:
        base = org.name.rsplit(" (", 1)[0] if org.name.endswith(")") and " (" in org.name else org.name
        codes = spec.get(base) or list(municipalities)
        rows += [links(organisation_id=org.id, municipality_id=municipalities[c].id) for c in codes if c in municipalities]
    links.objects.bulk_create(rows)

    names = [f"{first} {last}" for first in FIRST for last in LAST]
    rng.shuffle(names)
    people = []
    for index, org in enumerate(orgs):
        for position, (function, level) in enumerate(FUNCTIONS[org.type]):
            people.append(Stakeholder(
                region=region, organisation=org, function=function, level=level,
                name=names[(index * 2 + position) % len(names)],
                is_key_figure=level == Level.ADMINISTRATIVE and rng.random() < 0.6,
                is_ambassador=rng.random() < 0.12,
            ))
    Stakeholder.objects.bulk_create(people)

    assessments = []
    for stakeholder in Stakeholder.objects.filter(region=region).order_by("id"):
        if rng.random() < 0.2:
            continue  # some people have not been assessed yet: a visible gap
        influence = 4 if stakeholder.level == Level.ADMINISTRATIVE else 2
        for step in range(rng.randint(1, 3)):
            assessments.append(StakeholderAssessment(
                stakeholder=stakeholder, assessed_on=today - timedelta(days=365 - step * 150),
                influence=max(1, min(5, influence + rng.choice([-1, 0, 0, 1]))),
                interest=rng.randint(1, 5),
                note="" if step else "Eerste inschatting bij de start van de regionale aanpak.",
            ))
    StakeholderAssessment.objects.bulk_create(assessments)

    if organisations is FLEVOLAND_ORGANISATIONS:
        from .demo_governance import governance_build

        for copy in range(scale):
            governance_build(region=region, suffix=f" ({copy + 1})" if copy else "", today=today, rng=rng,
                             with_files=copy == 0)


def small_register_build(*, region: Region) -> None:
    """A few organisations for regions other than the demo region (enough to see scoping work)."""
    name = region.name.replace("Veilig Thuis ", "")
    register_build(region=region, scale=1, organisations=[
        (f"Veilig Thuis {name}", T.VEILIG_THUIS, SOCIAL, None),
        (f"Zorg- en Veiligheidshuis {name}", T.ZVH, SAFETY, None),
        (f"Politie {name}", T.POLICE, SAFETY, None),
    ])
