"""The demo region's tables, meetings, agreements and basics: fictional, but shaped like the real
thing, with a few deliberate gaps so that the flags have something to show:

- Sociaal Team Urk has no fixed contact in the safety chain;
- Noordoostpolder's youth plan does not cover domestic violence;
- the agreements between Veilig Thuis and the local teams are past their evaluation date;
- the human trafficking network has no secretariat; some action items are overdue.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from django.core.files.base import ContentFile

from .models import (
    ActionItem,
    Agreement,
    AgreementVersion,
    Annex,
    CalamityRole,
    ChecklistEntry,
    ChecklistItem,
    Coverage,
    Decision,
    Domain,
    DomainKind,
    Duo,
    FixedContact,
    GlossaryTerm,
    GovernanceTable,
    Meeting,
    Organisation,
    OrganisationType,
    Phase,
    PlanKind,
    PolicyPlan,
    Region,
    SeatRole,
    Stakeholder,
    TableSeat,
    Theme,
)
from .models import (
    Frequency as F,
)
from .models import (
    TableLevel as L,
)
from .models import (
    TableScope as S,
)

# (name, level, scope, place (subregion name or municipality code), domains, chair (org, person index),
#  secretariat (org, person index) or None, frequency, themes (indexes into the seeded themes), member orgs)
VT, ALMERE, LELYSTAD, ZVH, OM = ("Veilig Thuis Flevoland", "Gemeente Almere", "Gemeente Lelystad",
                                 "Zorg- en Veiligheidshuis Flevoland", "Openbaar Ministerie, parket Flevoland")
POLICE_ALMERE, PROBATION, RVDK = ("Politie Basisteam Almere Stad", "Reclassering, unit Flevoland",
                                  "Raad voor de Kinderbescherming, locatie Flevoland")
TABLES = [
    ("Stuurgroep Aanpak Huiselijk Geweld en Kindermishandeling Flevoland", L.ADMINISTRATIVE, S.REGION, None,
     "SZ", (ALMERE, 0), (ALMERE, 1), F.QUARTERLY, [0, 4, 5, 10], [VT, LELYSTAD, "Gemeente Dronten", POLICE_ALMERE, OM, ZVH]),
    ("Regionaal Bestuurlijk Overleg Zorg en Veiligheid", L.ADMINISTRATIVE, S.REGION, None,
     "SZ", (LELYSTAD, 0), (LELYSTAD, 1), F.HALF_YEARLY, [3, 11], [ALMERE, VT, OM, ZVH, "Politie Basisteam Lelystad"]),
    ("Ambtelijk Regieoverleg Zorg en Veiligheid", L.TACTICAL, S.REGION, None,
     "SZ", (ALMERE, 1), (ZVH, 0), F.SIX_WEEKLY, [1, 3, 11], [LELYSTAD, "Gemeente Dronten", VT, ZVH, PROBATION]),
    ("Werkgroep Samenwerkingsafspraken Veilig Thuis en lokale teams", L.TACTICAL, S.REGION, None,
     "S", (VT, 1), (ALMERE, 1), F.SIX_WEEKLY, [0, 1, 11], [VT, "Wijkteam Almere Stad", "Sociaal Wijkteam Lelystad Noord", "Sociaal Team Dronten"]),
    ("Regionaal Veiligheidsoverleg Flevoland", L.ADMINISTRATIVE, S.REGION, None,
     "Z", (OM, 0), (ZVH, 0), F.QUARTERLY, [3, 8], [POLICE_ALMERE, "Politie Basisteam Lelystad", ZVH]),
    ("Lokale driehoek Almere", L.ADMINISTRATIVE, S.MUNICIPALITY, "GM0034",
     "Z", (ALMERE, 0), (ALMERE, 1), F.MONTHLY, [2, 3], [POLICE_ALMERE, OM]),
    ("Casusoverleg Zorg- en Veiligheidshuis (MDA++)", L.OPERATIONAL, S.REGION, None,
     "SZ", (ZVH, 1), (ZVH, 0), F.FORTNIGHTLY, [1, 3, 5], [VT, POLICE_ALMERE, PROBATION, "GGZ Flevoland", "Wijkteam Almere Buiten"]),
    ("Casusoverleg Tijdelijk Huisverbod", L.OPERATIONAL, S.REGION, None,
     "SZ", (VT, 1), (ZVH, 1), F.WEEKLY, [2, 3], [POLICE_ALMERE, PROBATION, "Veilige Opvang Flevoland"]),
    ("Top-X overleg daderaanpak", L.OPERATIONAL, S.REGION, None,
     "Z", (ZVH, 0), (ZVH, 1), F.MONTHLY, [3], [POLICE_ALMERE, OM, PROBATION, "Verslavingsreclassering Flevoland"]),
    ("Multidisciplinair overleg Kindermishandeling Noord", L.OPERATIONAL, S.SUBREGION, "Flevoland-Noord",
     "SZ", (VT, 1), ("Sociaal Team Dronten", 0), F.MONTHLY, [4], ["Wijkteam Emmeloord", "Jeugdhulp Polderkind", RVDK, "GGD Flevoland"]),
    ("Ketenoverleg Jeugdbescherming Flevoland", L.TACTICAL, S.REGION, None,
     "SZ", ("Jeugdbescherming Flevoland", 0), (RVDK, 0), F.QUARTERLY, [4, 10], [RVDK, VT, "Jeugdhulp Polderkind"]),
    ("Overleg Ouderenmishandeling Lelystad", L.OPERATIONAL, S.MUNICIPALITY, "GM0995",
     "S", ("Sociaal Wijkteam Lelystad Zuid", 0), ("Sociaal Wijkteam Lelystad Zuid", 1), F.SIX_WEEKLY, [6],
     ["Sociaal Wijkteam Lelystad Noord", "Politie Basisteam Lelystad", VT]),
    ("Leerkring Veilig Thuis en wijkteams Almere", L.OPERATIONAL, S.MUNICIPALITY, "GM0034",
     "S", ("Wijkteam Almere Haven", 0), (ALMERE, 1), F.QUARTERLY, [0, 11],
     [VT, "Wijkteam Almere Poort", "Wijkteam Almere Hout", "Wijkteam Almere Stad"]),
    ("Beleidsoverleg Wmo en Jeugd Flevoland", L.TACTICAL, S.REGION, None,
     "S", (LELYSTAD, 1), (ALMERE, 1), F.MONTHLY, [4, 5, 10], ["Gemeente Dronten", "Gemeente Zeewolde", "Gemeente Urk", "GGD Flevoland"]),
    ("Netwerk Mensenhandel Flevoland", L.TACTICAL, S.REGION, None,
     "Z", (OM, 1), None, F.HALF_YEARLY, [8], [POLICE_ALMERE, "Centrum Seksueel Geweld Flevoland", "Veilige Opvang Flevoland"]),
]
DECISIONS = [
    "De werkgroep legt een voorstel voor een gezamenlijke triage-afweging voor aan de stuurgroep.",
    "Iedere gemeente benoemt een contactpersoon voor de evaluatie van de samenwerkingsafspraken.",
    "Het huisverbodprotocol wordt per 1 januari aangepast aan de nieuwe termijnen.",
    "De cijfers van het afgelopen halfjaar worden met toelichting gedeeld met de colleges.",
    "Casussen waarin de regie onduidelijk was, worden besproken in de leerkring.",
    "De escalatieroute wordt opgenomen in de inwerkmap van nieuwe medewerkers.",
]
ACTIONS = [
    "Concept evaluatie samenwerkingsafspraken opstellen",
    "Overzicht vaste aanspreekpunten actualiseren",
    "Werkinstructie informatiedeling afstemmen met de privacy-officers",
    "Agenda voor de bestuurlijke sessie voorbereiden",
    "Terugkoppeling leerkring aan de teammanagers",
    "Cijferrapportage met duiding opstellen",
]
SUMMARIES = [
    "Voortgang van de regionale aanpak, de cijfers van het afgelopen halfjaar en de evaluatie van de afspraken.",
    "Knelpunten in de overdracht tussen Veilig Thuis en de lokale teams; afspraken over terugkoppeling.",
    "Stand van zaken per gemeente en de agenda voor het komende kwartaal.",
]

# (title, parties, adopted by (table indexes), monitored by, themes, versions (label, years ago, changes),
#  evaluation in days from today, coverage per checklist item in order)
C, P, M = Coverage.COVERED, Coverage.PARTLY, Coverage.MISSING
AGREEMENTS = [
    ("Samenwerkingsafspraken Veilig Thuis en lokale teams Flevoland",
     [VT, "Wijkteam Almere Stad", "Wijkteam Almere Buiten", "Sociaal Wijkteam Lelystad Noord", "Sociaal Team Dronten",
      "Wijkteam Emmeloord", "Sociaal Team Urk", "Sociaal Team Zeewolde", ALMERE, LELYSTAD],
     [0], 3, [0, 1, 11],
     [("2017", 9, "Eerste afspraken over overdracht en terugkoppeling."),
      ("2020", 6, "Herzien na de eerste evaluatie: escalatiemodel in drie routes en termijnen toegevoegd.")],
     -60, [C, C, P, C, C, P, C, C, P, M, P, M, M]),
    ("Convenant Zorg- en Veiligheidshuis Flevoland",
     [ZVH, POLICE_ALMERE, OM, VT, PROBATION, RVDK, ALMERE, LELYSTAD],
     [1], 2, [3, 8, 11],
     [("2019", 7, "Convenant bij de start van het casusoverleg MDA++."),
      ("2023", 3, "Privacyparagraaf herschreven; koppeling met de daderaanpak.")],
     45, [C, C, C, C, P, C, C, P, C, C, C, P, P]),
    ("Afspraken tijdelijk huisverbod Flevoland",
     [ALMERE, LELYSTAD, "Gemeente Dronten", POLICE_ALMERE, VT, PROBATION],
     [0, 5], 7, [2],
     [("2021", 5, "Afspraken over de tiendaagse termijn en de start van hulp in het hele gezin.")],
     400, [C, P, C, M, C, P, C, C, C, P, C, M, P]),
]
ANNEXES = {0: ["Triageprotocol", "Overdrachtsprotocol"], 1: ["Privacyprotocol casusoverleg"]}

# (social org, person, safety org, person, level, what they pull together, themes)
DUOS = [
    (ALMERE, 0, POLICE_ALMERE, 0, "administrative", "De regionale aanpak huiselijk geweld op de bestuurlijke agenda's van zorg én veiligheid.", [0, 3]),
    (VT, 0, OM, 0, "administrative", "Afstemming tussen zorg- en strafrechtelijk spoor bij acute onveiligheid.", [1, 3]),
    (LELYSTAD, 1, ZVH, 0, "civil_service", "Het ambtelijk regieoverleg en de evaluatie van de samenwerkingsafspraken.", [11]),
    (ALMERE, 1, PROBATION, 0, "civil_service", "Een sluitende daderaanpak van huisverbod tot nazorg.", [2, 3]),
]
GLOSSARY = [
    ("Regie", "Wie de voortgang van de hulp en veiligheid in een gezin bewaakt en anderen aanspreekt.",
     "casusregie (lokale teams)\nprocesregie (Zorg- en Veiligheidshuis)\nlead (Veilig Thuis)"),
    ("Veiligheidsbeoordeling", "De beoordeling door Veilig Thuis binnen vijf werkdagen na een melding.",
     "triage (Veilig Thuis)\nveiligheidstaxatie (politie)"),
    ("Warme overdracht", "Overdracht van een gezin waarbij de overdragende en ontvangende professional samen met het gezin spreken.",
     "overdrachtsgesprek (lokale teams)"),
    ("Melding", "Het doorgeven van een vermoeden van huiselijk geweld aan Veilig Thuis, met de bedoeling dat Veilig Thuis handelt.",
     "zorgmelding (politie)\nadviesvraag is iets anders: daarbij blijft de vrager verantwoordelijk"),
    ("Tijdelijk huisverbod", "Een maatregel van de burgemeester: de pleger mag tien dagen niet in de woning komen, te verlengen tot vier weken.",
     "huisverbod\nWthv"),
    ("Veiligheidsplan", "Afspraken met het gezin en de betrokken professionals over wat nodig is om het geweld nu te stoppen.",
     "veiligheidsafspraken (Veilig Thuis)"),
]
CALAMITY = [
    ("Burgemeester van de betrokken gemeente", None, "Eerstverantwoordelijk voor openbare orde en het opleggen van een huisverbod; voorzitter van het beleidsteam.", "Woordvoering naar pers en gemeenteraad."),
    ("Wethouder zorg en jeugd", (ALMERE, 0), "Verantwoordelijk voor de hulpverlening aan het gezin en de inzet van het lokale team.", "Informeert het college en de raadscommissie over de hulpverlening."),
    ("Directeur Veilig Thuis", (VT, 0), "Verantwoordelijk voor het handelen van Veilig Thuis en de calamiteitenmelding bij de inspecties.", "Informeert medewerkers en de inspecties; stemt woordvoering af met de gemeente."),
    ("Teamchef politie", (POLICE_ALMERE, 0), "Verantwoordelijk voor het politieoptreden en de strafrechtelijke afhandeling in overleg met het OM.", "Woordvoering over het politieoptreden, afgestemd met OM en burgemeester."),
    ("Manager Zorg- en Veiligheidshuis", (ZVH, 0), "Roept binnen 24 uur een casusoverleg bijeen en borgt de afstemming tussen de ketenpartners.", "Informeert de ketenpartners; geen eigen woordvoering naar buiten."),
]


def demo_pdf(title: str) -> bytes:
    """A small, valid one-page PDF with a title, so demo annexes can be downloaded and opened."""
    text = title.replace("\\", "").replace("(", "").replace(")", "").encode("latin-1", "replace")
    stream = b"BT /F1 18 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def governance_build(*, region: Region, suffix: str, today: date, rng: random.Random, with_files: bool) -> None:
    """Builds one copy of the demo's tables, agreements and basics. `suffix` marks the copies at scale."""
    orgs = {o.name.removesuffix(suffix): o for o in Organisation.objects.filter(region=region, name__endswith=suffix)}
    if suffix == "":
        orgs = {o.name: o for o in Organisation.objects.filter(region=region) if not o.name.endswith(")")}
    people: dict[str, list[Stakeholder]] = {}
    for person in Stakeholder.objects.filter(organisation__in=orgs.values()).order_by("id"):
        people.setdefault(person.organisation_id, []).append(person)

    def person(org_name: str, index: int) -> Stakeholder:
        return people[orgs[org_name].pk][index]

    domains = list(Domain.objects.filter(region=region))
    by_kind = {kind: [d for d in domains if d.kind == kind] for kind in DomainKind}
    themes = list(Theme.objects.filter(region=region).order_by("id"))
    phases = list(Phase.objects.filter(region=region).order_by("order"))
    subregions = {r.name: r for r in region.subregions.all()}
    municipalities = {m.code: m for m in region.municipalities.all()}

    tables = GovernanceTable.objects.bulk_create([
        GovernanceTable(
            region=region, name=name + suffix, level=level, scope=scope,
            subregion=subregions.get(place) if scope == S.SUBREGION else None,
            municipality=municipalities.get(place) if scope == S.MUNICIPALITY else None,
            chair=person(*chair), secretary=person(*secretary) if secretary else None, frequency=frequency,
            mandate="Stuurt op de onderdelen van de regionale aanpak die in de naam staan en legt verantwoording af aan de deelnemende besturen.",
            decision_rights="Besluit over de eigen werkafspraken; besluiten met financiële gevolgen gaan naar de colleges.",
        )
        for name, level, scope, place, _d, chair, secretary, frequency, _t, _m in TABLES
    ])
    tables = list(GovernanceTable.objects.filter(region=region, name__in=[t.name for t in tables]).order_by("id"))
    domain_links, theme_links, phase_links, seats = [], [], [], []
    for table, (_n, level, _s, _p, kinds, _chair, _secretary, _f, theme_indexes, members) in zip(tables, TABLES, strict=True):
        for letter, kind in (("S", DomainKind.SOCIAL), ("Z", DomainKind.SAFETY)):
            if letter in kinds:
                domain_links += [GovernanceTable.domains.through(governancetable_id=table.pk, domain_id=d.pk) for d in by_kind[kind]]
        theme_links += [GovernanceTable.themes.through(governancetable_id=table.pk, theme_id=themes[i].pk) for i in theme_indexes]
        phase_indexes = [0, 1] if level == L.OPERATIONAL else [0, 1, 2]
        phase_links += [GovernanceTable.phases.through(governancetable_id=table.pk, phase_id=phases[i].pk) for i in phase_indexes]
        seated = {table.chair_id, table.secretary_id}
        for org_name in members:
            index = 0 if level == L.ADMINISTRATIVE else min(1, len(people[orgs[org_name].pk]) - 1)
            member = person(org_name, index)
            if member.pk in seated:
                continue
            seated.add(member.pk)
            seats.append(TableSeat(region=region, table=table, stakeholder=member,
                                   role=SeatRole.ADVISER if org_name == "GGD Flevoland" else SeatRole.MEMBER))
    GovernanceTable.domains.through.objects.bulk_create(domain_links)
    GovernanceTable.themes.through.objects.bulk_create(theme_links)
    GovernanceTable.phases.through.objects.bulk_create(phase_links)
    TableSeat.objects.bulk_create(seats)

    meetings = []
    for table in tables:
        for step in range(rng.randint(2, 3)):
            meetings.append(Meeting(region=region, table=table, held_on=today - timedelta(days=20 + step * 70 + rng.randint(0, 14)),
                                    summary=SUMMARIES[(table.pk + step) % len(SUMMARIES)]))
    Meeting.objects.bulk_create(meetings)
    meetings = list(Meeting.objects.filter(table__in=tables).select_related("table").order_by("id"))
    decisions, actions = [], []
    for index, meeting in enumerate(meetings):
        for step in range(rng.randint(1, 2)):
            decisions.append(Decision(region=region, meeting=meeting, text=DECISIONS[(index + step) % len(DECISIONS)]))
        owner_pool = [meeting.table.chair] + ([meeting.table.secretary] if meeting.table.secretary else [])
        for step in range(rng.randint(1, 2)):
            due = meeting.held_on + timedelta(days=rng.choice([14, 30, 45]))
            done = due - timedelta(days=3) if due < today and rng.random() < 0.85 else None  # some stay overdue
            actions.append(ActionItem(region=region, meeting=meeting, description=ACTIONS[(index + step) % len(ACTIONS)],
                                      owner=owner_pool[step % len(owner_pool)], due_on=due, done_on=done))
    Decision.objects.bulk_create(decisions)
    ActionItem.objects.bulk_create(actions)

    # Bulk writes throughout: demo content is not a change anyone made, so it stays out of the history.
    agreements = Agreement.objects.bulk_create([
        Agreement(
            region=region, title=title + suffix, monitored_by=tables[monitored_by],
            adopted_on=today.replace(year=today.year - versions[0][1], month=3, day=1),
            evaluation_on=today + timedelta(days=evaluation),
            summary="Afspraken tussen de partijen over samenwerking, overdracht, escalatie en evaluatie.",
        )
        for title, _p, _a, monitored_by, _t, versions, evaluation, _c in AGREEMENTS
    ])
    agreements = list(Agreement.objects.filter(region=region, title__in=[a.title for a in agreements]).order_by("id"))
    parties, adopted, agreement_themes, versions_made = [], [], [], []
    for agreement, (_title, party_names, adopted_by, _m, theme_indexes, versions, _e, _c) in zip(agreements, AGREEMENTS, strict=True):
        parties += [Agreement.parties.through(agreement_id=agreement.pk, organisation_id=orgs[name].pk) for name in party_names]
        adopted += [Agreement.adopted_by.through(agreement_id=agreement.pk, governancetable_id=tables[i].pk) for i in adopted_by]
        agreement_themes += [Agreement.themes.through(agreement_id=agreement.pk, theme_id=themes[i].pk) for i in theme_indexes]
        versions_made += [
            AgreementVersion(region=region, agreement=agreement, label=label, changes=changes,
                             adopted_on=today.replace(year=today.year - years_ago, month=3, day=1))
            for label, years_ago, changes in versions
        ]
    Agreement.parties.through.objects.bulk_create(parties)
    Agreement.adopted_by.through.objects.bulk_create(adopted)
    Agreement.themes.through.objects.bulk_create(agreement_themes)
    AgreementVersion.objects.bulk_create(versions_made)
    entries, annexes = [], []
    for number, (agreement, spec) in enumerate(zip(agreements, AGREEMENTS, strict=True)):
        coverage = spec[7]
        made = list(AgreementVersion.objects.filter(agreement=agreement).order_by("adopted_on"))
        for version in made:
            latest = version is made[-1]
            for item, status in zip(ChecklistItem, coverage, strict=True):
                # Older versions covered less: the revision is what filled the gaps.
                if not latest and status == C and rng.random() < 0.4:
                    status = P
                entries.append(ChecklistEntry(region=region, version_of=version, item=item.value, status=status))
        if with_files:
            for annex_title in ANNEXES.get(number, []):
                annex = Annex(region=region, version_of=made[-1], title=annex_title, filename=f"{annex_title.lower()}.pdf")
                content = demo_pdf(f"{annex_title} - {agreement.title}")
                annex.size = len(content)
                annex.file.save(annex.filename, ContentFile(content), save=False)
                annexes.append(annex)
    ChecklistEntry.objects.bulk_create(entries)
    Annex.objects.bulk_create(annexes)

    duos = []
    for social_org, social_index, safety_org, safety_index, level, text, theme_indexes in DUOS:
        duo = Duo(region=region, social=person(social_org, social_index), safety=person(safety_org, safety_index),
                  level=level, pulls_together=text)
        duos.append((duo, theme_indexes))
    Duo.objects.bulk_create([duo for duo, _t in duos])
    Duo.themes.through.objects.bulk_create([
        Duo.themes.through(duo_id=duo.pk, theme_id=themes[i].pk) for duo, indexes in duos for i in indexes])

    police_for = {"GM0034": POLICE_ALMERE, "GM0995": "Politie Basisteam Lelystad", "GM0171": "Politie Basisteam Noordoostpolder-Urk",
                  "GM0303": "Politie Basisteam Dronten-Zeewolde", "GM0050": "Politie Basisteam Dronten-Zeewolde"}
    contacts = []
    for org in orgs.values():
        if org.type != OrganisationType.LOCAL_TEAM or org.name.startswith("Sociaal Team Urk"):
            continue  # Urk's team lacks a fixed contact: a deliberate gap
        code = org.municipalities.values_list("code", flat=True).first()
        contacts.append(FixedContact(region=region, local_team=org, contact=person(police_for[code], 1),
                                     note="Bereikbaar via het teamnummer; wekelijks spreekuur in het wijkteam."))
    FixedContact.objects.bulk_create(contacts)

    if suffix == "":
        plans = []
        for code, municipality in municipalities.items():
            for kind in PlanKind:
                covers = not (code == "GM0171" and kind == PlanKind.YOUTH)  # a deliberate gap
                plans.append(PolicyPlan(
                    region=region, municipality=municipality, kind=kind, starts=today.year - 2, ends=today.year + 1,
                    title=f"{kind.label} {municipality.name}", covers_domestic_violence=covers,
                    note="" if covers else "Het jeugdplan noemt huiselijk geweld en kindermishandeling niet.",
                ))
        PolicyPlan.objects.bulk_create(plans)
        CalamityRole.objects.bulk_create([
            CalamityRole(region=region, order=order, holder=holder, stakeholder=person(*who) if who else None,
                         responsibility=responsibility, communication=communication)
            for order, (holder, who, responsibility, communication) in enumerate(CALAMITY, start=1)
        ])
        GlossaryTerm.objects.bulk_create([
            GlossaryTerm(region=region, term=term, definition=definition, also_called=also)
            for term, definition, also in GLOSSARY
        ])
