"""The register's second part as its users meet it: tables, meetings, agreements and the basics.

Who may open which page, how many queries a page costs as the register grows, the gap rules and
the flags they raise, the forms' refusals, uploads and the audit trail. Everything runs on the
shared Flevoland demo (and Zeeland, which must never see any of it).
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from governance.models import (
    ActionItem,
    Agreement,
    AgreementReview,
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
    EvaluationStatus,
    FixedContact,
    GlossaryTerm,
    GovernanceTable,
    Level,
    Meeting,
    Organisation,
    OrganisationType,
    Phase,
    PlanKind,
    PolicyPlan,
    Region,
    Stakeholder,
    StakeholderAssessment,
    TableLevel,
    TableScope,
    TableSeat,
    Theme,
    checklist_completeness,
    evaluation_status,
)
from governance.register.checks import (
    local_teams_without_fixed_contact,
    overdue_actions,
    policy_plan_gaps,
    tables_without_chair_or_secretariat,
)
from governance.register.entities import ENTITIES
from tests.role_matrix import USERS, Page

FLEVO = "flevoland"
READ = [200, 200, 200, 200, 200, 404]
EDIT = [200, 403, 403, 403, 403, 404]
POST_ONLY = [405, 403, 403, 403, 403, 404]
NOT_FOUND = [404, 404, 404, 404, 404, 404]
# A region-level edit page for an entity that has none: the right is checked first, then the page.
EDIT_BUT_ABSENT = [404, 403, 403, 403, 403, 404]

VT_AGREEMENT = "Samenwerkingsafspraken Veilig Thuis en lokale teams Flevoland"
OVERDUE_AGREEMENT = VT_AGREEMENT
NO_SECRETARIAT = "Netwerk Mensenhandel Flevoland"
STUURGROEP = "Stuurgroep Aanpak Huiselijk Geweld en Kindermishandeling Flevoland"


def url(name: str, *args, region: str = FLEVO) -> str:
    return reverse(f"governance:{name}", args=[region, *args])


def flevoland() -> Region:
    return Region.objects.get(slug=FLEVO)


def model_of(key: str):
    return ENTITIES[key].form_class._meta.model


def first_row(key: str):
    """The oldest row of an entity in Flevoland: stable, and never found by a guessed id."""
    return model_of(key).objects.filter(region__slug=FLEVO).order_by("pk").first()


def org(name: str, region: str = FLEVO) -> Organisation:
    return Organisation.objects.get(region__slug=region, name=name)


def person(org_name: str, index: int = 0) -> Stakeholder:
    return Stakeholder.objects.filter(organisation=org(org_name)).order_by("pk")[index]


def table(name: str = STUURGROEP) -> GovernanceTable:
    return GovernanceTable.objects.get(region__slug=FLEVO, name=name)


def agreement(title: str = VT_AGREEMENT) -> Agreement:
    return Agreement.objects.get(region__slug=FLEVO, title=title)


def newest_version(of: Agreement | None = None) -> AgreementVersion:
    return (of or agreement()).versions.order_by("-adopted_on", "-pk").first()


def first_annex() -> Annex:
    return Annex.objects.filter(region__slug=FLEVO).exclude(file="").order_by("pk").first()


# --- 1. Who may open which page ---------------------------------------------------------------------

def _pages() -> dict[str, Page]:
    """page id -> its URL and the status per user (tests.role_matrix)."""
    pages: dict[str, Page] = {}
    for key, entity in ENTITIES.items():
        pages[f"{key}:list"] = Page(lambda k=key: url("register_list", k), READ)
        pages[f"{key}:create"] = Page(lambda k=key: url("register_create", k), EDIT)
        pages[f"{key}:edit"] = Page(lambda k=key: url("register_edit", k, first_row(k).pk), EDIT)
        pages[f"{key}:remove"] = Page(lambda k=key: url("register_remove", k, first_row(k).pk), POST_ONLY)
        pages[f"{key}:detail"] = Page(lambda k=key: url("register_detail", k, first_row(k).pk),
                                  READ if entity.has_detail else NOT_FOUND)
        pages[f"{key}:export"] = Page(lambda k=key: url("register_export", k),
                                      READ if entity.csv_columns else NOT_FOUND)
        pages[f"{key}:import"] = Page(lambda k=key: url("register_import", k),
                                  EDIT if key in ("organisations", "stakeholders", "tables") else EDIT_BUT_ABSENT)
    pages["checklist_edit"] = Page(lambda: url("checklist_edit", newest_version().pk), EDIT)
    pages["annex_document"] = Page(lambda: url("register_document", "annexes", first_annex().pk), READ)
    # A list without documents has no downloads; a row without a document neither.
    pages["table_document"] = Page(lambda: url("register_document", "tables", first_row("tables").pk), NOT_FOUND)
    pages["plan_without_document"] = Page(
        lambda: url("register_document", "policy-plans", first_row("policy-plans").pk), NOT_FOUND)
    pages["unknown_entity"] = Page(lambda: url("register_list", "nonsense"), NOT_FOUND)
    return pages


PAGES = _pages()
# Sampled, to keep the suite fast: every page is opened by one person, rotating over the six users
# (so each role meets each kind of page three times), and the forms are also opened by the project
# leader, who alone may use them. The project leader's list and detail pages are opened again by the
# query-count test below. The pages outside the entities are checked for everyone.
FORMS = ("create", "edit")


def _matrix_cases() -> list[tuple[str, str, int]]:
    cases = []
    kinds = ["list", "create", "edit", "remove", "detail", "export", "import"]
    for page, entry in PAGES.items():
        statuses = entry.statuses
        key, _sep, kind = page.partition(":")
        if key in ENTITIES:
            rotating = USERS[(list(ENTITIES).index(key) + kinds.index(kind)) % len(USERS)]
            users = sorted({rotating, "projectleider"}, key=USERS.index) if kind in FORMS else [rotating]
        else:
            users = USERS
        cases += [(page, user, statuses[USERS.index(user)]) for user in users]
    return cases


MATRIX_CASES = _matrix_cases()


def test_the_sampled_matrix_still_meets_every_role_on_every_kind_of_page():
    kinds = {page.split(":")[1] for page in PAGES if ":" in page}
    for kind in kinds:
        seen = {user for page, user, _s in MATRIX_CASES if page.endswith(f":{kind}")}
        assert seen == set(USERS), kind
    assert {page for page, _u, _s in MATRIX_CASES} == set(PAGES)
    assert {page for page, user, _s in MATRIX_CASES if user == "projectleider"} >= {
        f"{key}:{kind}" for key in ENTITIES for kind in FORMS}


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "username", "expected"), MATRIX_CASES)
def test_role_matrix_of_every_register_page(open_as, page, username, expected):
    assert open_as(username, PAGES[page]).status_code == expected


@pytest.mark.django_db
def test_zeeland_sees_no_flevoland_row_by_its_number(client_for):
    client = client_for("zeeland-projectleider")
    for key in ["tables", "meetings", "agreements", "versions", "actions"]:
        row = first_row(key)
        assert client.get(url("register_edit", key, row.pk, region="zeeland")).status_code == 404
        if ENTITIES[key].has_detail:
            assert client.get(url("register_detail", key, row.pk, region="zeeland")).status_code == 404
    assert client.get(url("register_document", "annexes", first_annex().pk, region="zeeland")).status_code == 404
    listing = client.get(url("register_list", "tables", region="zeeland"))
    assert listing.status_code == 200 and listing.context["page"].paginator.count == 0


# --- 2. Query counts stay flat as the register grows ------------------------------------------------

GROWTH = 30


def _grow_everything() -> dict:
    """Adds GROWTH more of everything to Flevoland, named so the new rows come first on each list,
    and much more around the rows whose detail pages are measured. Returns those rows."""
    region = flevoland()
    today = timezone.localdate()
    social = Domain.objects.get(region=region, kind=DomainKind.SOCIAL)
    safety = Domain.objects.get(region=region, kind=DomainKind.SAFETY)
    municipalities = list(region.municipalities.order_by("code"))
    themes = list(Theme.objects.filter(region=region).order_by("pk")[:3])
    phases = list(Phase.objects.filter(region=region).order_by("pk")[:2])
    leader = get_user_model().objects.get(username="projectleider")
    subject_org = org("Veilig Thuis Flevoland")
    subject_person = person("Politie Basisteam Almere Stad", 1)
    subject_table = table()
    subject_meeting = subject_table.meetings.order_by("-held_on", "-pk").first()
    subject_agreement = agreement()
    subject_version = newest_version(subject_agreement)

    # Vocabulary.
    new_domains = Domain.objects.bulk_create(
        [Domain(region=region, name=f"Aa domein {i:02}", kind=DomainKind.SOCIAL) for i in range(GROWTH)])
    Theme.objects.bulk_create([Theme(region=region, name=f"Aa thema {i:02}") for i in range(GROWTH)])
    Phase.objects.bulk_create([Phase(region=region, name=f"Aa fase {i:02}", order=0) for i in range(GROWTH)])
    GlossaryTerm.objects.bulk_create(
        [GlossaryTerm(region=region, term=f"Aa term {i:02}", definition="Uitleg", also_called="a\nb")
         for i in range(GROWTH)])

    # Organisations (local teams, each serving two municipalities) and their people.
    teams = Organisation.objects.bulk_create([
        Organisation(region=region, name=f"Aa team {i:02}", type=OrganisationType.LOCAL_TEAM,
                     domain=new_domains[i] if i % 2 else social) for i in range(GROWTH)])
    police = Organisation.objects.create(region=region, name="Aa politie", type=OrganisationType.POLICE, domain=safety)
    Organisation.municipalities.through.objects.bulk_create([
        Organisation.municipalities.through(organisation_id=team.pk, municipality_id=m.pk)
        for team in teams for m in municipalities[:2]])
    social_people = Stakeholder.objects.bulk_create([
        Stakeholder(region=region, name=f"Aa sociaal {i:02}", function="Teamleider", organisation=teams[i],
                    level=Level.ADMINISTRATIVE) for i in range(GROWTH)])
    safety_people = Stakeholder.objects.bulk_create([
        Stakeholder(region=region, name=f"Aa agent {i:02}", function="Wijkagent", organisation=police,
                    level=Level.OPERATIONAL) for i in range(GROWTH)])
    colleagues = Stakeholder.objects.bulk_create([
        Stakeholder(region=region, name=f"Aa collega {i:02}", function="Medewerker", organisation=subject_org,
                    level=Level.OPERATIONAL) for i in range(GROWTH)])
    StakeholderAssessment.objects.bulk_create(
        [StakeholderAssessment(stakeholder=s, assessed_on=today, influence=3, interest=2, assessed_by=leader)
         for s in social_people + safety_people + colleagues]
        + [StakeholderAssessment(stakeholder=subject_person, assessed_on=today - timedelta(days=i), influence=2,
                                 interest=4, assessed_by=leader) for i in range(GROWTH)])

    # Fixed contacts and duos around the subject person.
    FixedContact.objects.bulk_create(
        [FixedContact(region=region, local_team=team, contact=subject_person, note="Spreekuur") for team in teams])
    duos = Duo.objects.bulk_create([
        Duo(region=region, social=social_people[i], safety=subject_person, level=Level.ADMINISTRATIVE,
            pulls_together="Samen") for i in range(GROWTH)])
    Duo.themes.through.objects.bulk_create(
        [Duo.themes.through(duo_id=duo.pk, theme_id=theme.pk) for duo in duos for theme in themes[:2]])

    # Tables chaired by the subject person, each with members, a meeting, decisions and actions.
    tables = GovernanceTable.objects.bulk_create([
        GovernanceTable(region=region, name=f"Aa tafel {i:02}", level=TableLevel.TACTICAL,
                        scope=TableScope.MUNICIPALITY if i % 2 else TableScope.REGION,
                        municipality=municipalities[i % len(municipalities)] if i % 2 else None,
                        chair=subject_person, secretary=social_people[i]) for i in range(GROWTH)])
    GovernanceTable.domains.through.objects.bulk_create(
        [GovernanceTable.domains.through(governancetable_id=t.pk, domain_id=d.pk)
         for t in tables for d in (social, safety)])
    GovernanceTable.themes.through.objects.bulk_create(
        [GovernanceTable.themes.through(governancetable_id=t.pk, theme_id=x.pk) for t in tables for x in themes])
    GovernanceTable.phases.through.objects.bulk_create(
        [GovernanceTable.phases.through(governancetable_id=t.pk, phase_id=x.pk) for t in tables for x in phases])
    TableSeat.objects.bulk_create(
        [TableSeat(region=region, table=t, stakeholder=s) for t in tables for s in (subject_person, safety_people[0])]
        + [TableSeat(region=region, table=subject_table, stakeholder=s) for s in colleagues])
    meetings = Meeting.objects.bulk_create(
        [Meeting(region=region, table=t, held_on=today, summary="Verslag") for t in tables]
        + [Meeting(region=region, table=subject_table, held_on=today - timedelta(days=2000 + i), summary="Oud")
           for i in range(GROWTH)])
    Decision.objects.bulk_create(
        [Decision(region=region, meeting=m, text=f"Besluit {n}") for m in meetings for n in range(2)]
        + [Decision(region=region, meeting=subject_meeting, text=f"Extra besluit {i}") for i in range(GROWTH)])
    ActionItem.objects.bulk_create(
        [ActionItem(region=region, meeting=m, description=f"Actie {n}", owner=subject_person if n else colleagues[0],
                    due_on=m.held_on + timedelta(days=14), done_on=None if n else m.held_on + timedelta(days=3))
         for m in meetings for n in range(2)]
        + [ActionItem(region=region, meeting=subject_meeting, description=f"Extra actie {i}", owner=colleagues[i],
                      due_on=subject_meeting.held_on + timedelta(days=i)) for i in range(GROWTH)])

    # Agreements with parties, versions, checklists and annexes; and more of them around the subjects.
    agreements = Agreement.objects.bulk_create([
        Agreement(region=region, title=f"Aa afspraak {i:02}", monitored_by=tables[i],
                  adopted_on=today - timedelta(days=400), evaluation_on=today + timedelta(days=i * 10))
        for i in range(GROWTH)])
    Agreement.parties.through.objects.bulk_create(
        [Agreement.parties.through(agreement_id=a.pk, organisation_id=o.pk)
         for i, a in enumerate(agreements) for o in (subject_org, teams[i])]
        + [Agreement.parties.through(agreement_id=subject_agreement.pk, organisation_id=t.pk) for t in teams])
    Agreement.adopted_by.through.objects.bulk_create(
        [Agreement.adopted_by.through(agreement_id=a.pk, governancetable_id=subject_table.pk) for a in agreements]
        + [Agreement.adopted_by.through(agreement_id=subject_agreement.pk, governancetable_id=t.pk) for t in tables])
    Agreement.themes.through.objects.bulk_create(
        [Agreement.themes.through(agreement_id=a.pk, theme_id=x.pk) for a in agreements for x in themes])
    versions = AgreementVersion.objects.bulk_create(
        [AgreementVersion(region=region, agreement=a, label=label, adopted_on=today - timedelta(days=days))
         for a in agreements for label, days in (("1", 800), ("2", 400))]
        + [AgreementVersion(region=region, agreement=subject_agreement, label=f"groei {i:02}",
                            adopted_on=date(2000, 1, 1) + timedelta(days=i)) for i in range(GROWTH)])
    ChecklistEntry.objects.bulk_create([
        ChecklistEntry(region=region, version_of=v, item=item, status=Coverage.PARTLY)
        for v in versions for item in ChecklistItem.values])
    Annex.objects.bulk_create(
        [Annex(region=region, version_of=v, title=f"Aa bijlage {n}", file=f"annexes/{region.pk}/groei{n}.pdf",
               filename="bijlage.pdf", size=1000) for n, v in enumerate(versions)]
        + [Annex(region=region, version_of=subject_version, title=f"Aa protocol {i:02}",
                 file=f"annexes/{region.pk}/protocol{i}.pdf", filename="protocol.pdf", size=2000)
           for i in range(GROWTH)])

    # The review list: one per new agreement, and many on the subject agreement (and so its table).
    AgreementReview.objects.bulk_create(
        [AgreementReview(region=region, agreement=subject_agreement, reason=f"Groeiles {i:02}", raised_on=today)
         for i in range(GROWTH)]
        + [AgreementReview(region=region, agreement=a, reason="Werkt niet", source=f"Aa bron {i:02}", raised_on=today)
           for i, a in enumerate(agreements)])

    # Basics: old policy plans of the first municipality by name, calamity roles.
    first_by_name = region.municipalities.order_by("name").first()
    PolicyPlan.objects.bulk_create([
        PolicyPlan(region=region, municipality=first_by_name, kind=PlanKind.YOUTH, starts=1990 + i, ends=1991 + i,
                   title=f"Oud jeugdplan {i}") for i in range(GROWTH)])
    CalamityRole.objects.bulk_create([
        CalamityRole(region=region, holder=f"Aa rol {i:02}", stakeholder=colleagues[i], responsibility="Doet iets",
                     order=0) for i in range(GROWTH)])

    return {"organisations": subject_org, "stakeholders": subject_person, "tables": subject_table,
            "meetings": subject_meeting, "agreements": subject_agreement, "versions": subject_version}


def _count_queries(client, page_url: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page_url)
    assert response.status_code == 200, page_url
    return len(captured), response


DETAIL_SUBJECTS = {
    "organisations": lambda: org("Veilig Thuis Flevoland"),
    "stakeholders": lambda: person("Politie Basisteam Almere Stad", 1),
    "tables": table,
    "meetings": lambda: table().meetings.order_by("-held_on", "-pk").first(),
    "agreements": agreement,
    "versions": newest_version,
}
# What must be on each page after growth, so that the second count really is of a page full of new rows.
GROWN_MARKERS = {
    "organisations": "Aa politie", "stakeholders": "Aa agent 00", "duos": "Aa sociaal 00", "tables": "Aa tafel 00",
    "seats": "Aa tafel 00", "meetings": "Aa tafel", "decisions": "Besluit 1", "actions": "Actie 1",
    "agreements": "Aa afspraak 00", "versions": "Aa afspraak 00", "annexes": "Aa bijlage", "reviews": "Aa bron 29",
    "fixed-contacts": "Aa team 00", "policy-plans": "Oud jeugdplan 29", "calamity-roles": "Aa rol 00",
    "glossary": "Aa term 00", "domains": "Aa domein 00",
    "themes": "Aa thema 00", "phases": "Aa fase 00",
    "detail:organisations": "Aa collega 29", "detail:stakeholders": "Aa tafel 29", "detail:tables": "Aa collega 29",
    "detail:meetings": "Extra actie 29", "detail:agreements": "groei 29", "detail:versions": "Aa protocol 29",
}


def test_every_list_and_detail_page_is_measured():
    assert set(DETAIL_SUBJECTS) == {key for key, entity in ENTITIES.items() if entity.has_detail}
    assert set(ENTITIES) | {f"detail:{key}" for key in DETAIL_SUBJECTS} == set(GROWN_MARKERS)


@pytest.mark.django_db
def test_every_list_and_detail_page_keeps_a_flat_query_count_as_the_register_grows(client_for):
    """Each list and detail page is counted on the demo, then again after GROWTH more of everything
    (new rows first on every list, and many more rows around each measured detail row). One test
    for all pages: growing the register once keeps the suite fast.

    A list page shows at most 25 rows, so where the demo already fills the first page, that page
    alone would hide a query per row: the list's last page, partly filled on the demo and full
    after the growth, is counted as well."""
    client = client_for("projectleider")
    pages = {"home": url("register_home")}
    pages |= {key: url("register_list", key) for key in ENTITIES}
    pages |= {f"detail:{key}": url("register_detail", key, subject().pk) for key, subject in DETAIL_SUBJECTS.items()}
    client.get(pages["home"])  # warm-up: what a process loads once (content types, sessions)
    before = {}
    for page, page_url in list(pages.items()):
        before[page], response = _count_queries(client, page_url)
        if page in ENTITIES and response.context["page"].paginator.num_pages > 1:
            last = response.context["page"].paginator.num_pages
            pages[f"{page}:last"] = f"{page_url}?page={last}"
            before[f"{page}:last"], response = _count_queries(client, pages[f"{page}:last"])
            assert len(response.context["page"].object_list) < 25, f"{page}: choose a page that is not full"

    grown = _grow_everything()
    assert {key: obj.pk for key, obj in grown.items()} == {key: s().pk for key, s in DETAIL_SUBJECTS.items()}

    grew, missing = [], []
    for page, page_url in pages.items():
        after, response = _count_queries(client, page_url)
        if after > before[page]:
            grew.append(f"{page}: {before[page]} -> {after}")
        if page in GROWN_MARKERS and GROWN_MARKERS[page] not in response.content.decode():
            missing.append(page)
        if page in ENTITIES or page.endswith(":last"):
            assert len(response.context["page"].object_list) == 25, page  # a full page after the growth
    assert not missing, f"grown rows not on the page: {missing}"
    assert not grew, "query count grew with the data: " + "; ".join(grew)
    assert any(page.endswith(":last") for page in pages)


# --- 3. The rules ------------------------------------------------------------------------------------

def test_checklist_completeness_counts_partly_as_half_and_absent_as_missing():
    items = len(ChecklistItem.values)
    assert items == 13
    assert checklist_completeness([Coverage.COVERED] * 13) == 100
    assert checklist_completeness([Coverage.PARTLY] * 13) == 50
    assert checklist_completeness([Coverage.MISSING] * 13) == 0
    assert checklist_completeness([]) == 0
    assert checklist_completeness([Coverage.COVERED] * 12) == round(100 * 24 / 26)  # one not filled in
    assert checklist_completeness([Coverage.COVERED] * 6 + [Coverage.PARTLY] * 2 + [Coverage.MISSING] * 5) == round(
        100 * 14 / 26)
    assert checklist_completeness(["covered", "nonsense"]) == round(100 * 2 / 26)


@pytest.mark.parametrize(("days", "expected"), [
    (-365, EvaluationStatus.OVERDUE),
    (-1, EvaluationStatus.OVERDUE),
    (0, EvaluationStatus.DUE_SOON),
    (1, EvaluationStatus.DUE_SOON),
    (90, EvaluationStatus.DUE_SOON),
    (91, EvaluationStatus.PLANNED),
    (1000, EvaluationStatus.PLANNED),
])
def test_evaluation_status_at_its_boundaries(days, expected):
    today = date(2024, 2, 28)  # across a leap day, too
    assert evaluation_status(today + timedelta(days=days), today) == expected


def test_no_evaluation_date_means_none():
    assert evaluation_status(None, date(2024, 1, 1)) == EvaluationStatus.NONE
    assert evaluation_status(None) == EvaluationStatus.NONE


@pytest.mark.django_db
def test_policy_plan_gaps_flag_missing_plans_and_plans_without_domestic_violence(demo_user):
    region, leader = flevoland(), demo_user("projectleider")
    year = timezone.localdate().year
    gaps = {gap.municipality.code: gap.problems for gap in policy_plan_gaps(user=leader, region=region, year=year)}
    assert list(gaps) == ["GM0171"] and len(gaps["GM0171"]) == 1  # the demo's gap: the youth plan

    urk = region.municipalities.get(code="GM0184")
    PolicyPlan.objects.filter(region=region, municipality=urk, kind=PlanKind.WMO).delete()
    gaps = {gap.municipality.code: gap.problems for gap in policy_plan_gaps(user=leader, region=region, year=year)}
    assert set(gaps) == {"GM0171", "GM0184"} and len(gaps["GM0184"]) == 1

    # A plan whose period does not include the year does not count, however good it is.
    PolicyPlan.objects.create(region=region, municipality=urk, kind=PlanKind.WMO, starts=year + 2, ends=year + 5,
                              covers_domestic_violence=True)
    PolicyPlan.objects.create(region=region, municipality=urk, kind=PlanKind.WMO, starts=year - 9, ends=year - 1,
                              covers_domestic_violence=True)
    gaps = {gap.municipality.code: gap.problems for gap in policy_plan_gaps(user=leader, region=region, year=year)}
    assert "GM0184" in gaps

    # The year itself at the edge of a period does count.
    PolicyPlan.objects.create(region=region, municipality=urk, kind=PlanKind.WMO, starts=year, ends=year,
                              covers_domestic_violence=True)
    assert "GM0184" not in {g.municipality.code for g in policy_plan_gaps(user=leader, region=region, year=year)}

    # Ten years on, no plan is current anywhere: every municipality misses all three.
    later = policy_plan_gaps(user=leader, region=region, year=year + 10)
    assert len(later) == region.municipalities.filter(is_active=True).count()
    assert all(len(gap.problems) == 3 for gap in later)


@pytest.mark.django_db
def test_a_covering_plan_next_to_a_non_covering_one_closes_the_gap(demo_user):
    region, leader = flevoland(), demo_user("projectleider")
    year = timezone.localdate().year
    nop = region.municipalities.get(code="GM0171")
    PolicyPlan.objects.create(region=region, municipality=nop, kind=PlanKind.YOUTH, starts=year, ends=year + 3,
                              covers_domestic_violence=True)
    assert policy_plan_gaps(user=leader, region=region, year=year) == []


@pytest.mark.django_db
def test_gap_rules_tell_another_region_nothing(demo_user):
    region, outsider = flevoland(), demo_user("zeeland-projectleider")
    assert policy_plan_gaps(user=outsider, region=region) == []
    assert not local_teams_without_fixed_contact(user=outsider, region=region).exists()
    assert not overdue_actions(user=outsider, region=region).exists()
    assert not tables_without_chair_or_secretariat(user=outsider, region=region).exists()


@pytest.mark.django_db
def test_local_teams_without_a_fixed_contact(demo_user):
    region, leader = flevoland(), demo_user("projectleider")
    teams = local_teams_without_fixed_contact(user=leader, region=region)
    assert list(teams.values_list("name", flat=True)) == ["Sociaal Team Urk"]
    FixedContact.objects.create(region=region, local_team=org("Sociaal Team Urk"),
                                contact=person("Politie Basisteam Noordoostpolder-Urk", 1))
    assert not local_teams_without_fixed_contact(user=leader, region=region).exists()
    # Only local teams need one: a new police team without a contact is not a gap.
    Organisation.objects.create(region=region, name="Politie Extra", type=OrganisationType.POLICE,
                                domain=Domain.objects.get(region=region, kind=DomainKind.SAFETY))
    assert not local_teams_without_fixed_contact(user=leader, region=region).exists()


@pytest.mark.django_db
def test_overdue_actions_are_open_and_past_their_date(demo_user):
    region, leader = flevoland(), demo_user("projectleider")
    today = date(2030, 6, 1)
    meeting = table().meetings.order_by("pk").first()
    owner = meeting.table.chair
    ActionItem.objects.filter(region=region).update(done_on=meeting.held_on)  # start from a clean slate
    make = lambda due, done=None: ActionItem.objects.create(  # noqa: E731
        region=region, meeting=meeting, description=f"due {due}", owner=owner, due_on=due, done_on=done)
    late = make(today - timedelta(days=1))
    make(today)  # due today: not yet overdue
    make(today + timedelta(days=1))
    make(today - timedelta(days=30), done=today - timedelta(days=1))  # done late: never overdue
    assert list(overdue_actions(user=leader, region=region, today=today)) == [late]
    assert late.is_overdue(today) and not late.is_overdue(today - timedelta(days=1))


@pytest.mark.django_db
def test_tables_without_chair_or_secretariat(demo_user):
    region, leader = flevoland(), demo_user("projectleider")
    assert list(tables_without_chair_or_secretariat(user=leader, region=region).values_list("name", flat=True)) == [
        NO_SECRETARIAT]
    GovernanceTable.objects.filter(pk=table().pk).update(chair=None)
    assert set(tables_without_chair_or_secretariat(user=leader, region=region).values_list("name", flat=True)) == {
        NO_SECRETARIAT, STUURGROEP}


@pytest.mark.django_db
def test_the_demos_gaps_show_on_the_register_home(client_for):
    response = client_for("wethouder").get(url("register_home"))
    attention = {entity.key: " ".join(messages) for entity, messages in response.context["attention"]}
    assert set(attention) == {"fixed-contacts", "policy-plans", "agreements", "actions", "tables", "reviews"}
    assert "Sociaal Team Urk" in attention["fixed-contacts"]
    assert "Noordoostpolder" in attention["policy-plans"] and "Urk" not in attention["policy-plans"]
    assert OVERDUE_AGREEMENT in attention["agreements"]
    assert NO_SECRETARIAT in attention["tables"]
    overdue = overdue_actions(user=response.wsgi_request.user, region=flevoland()).count()
    assert overdue > 0 and str(overdue) in attention["actions"]
    content = response.content.decode()
    assert "Sociaal Team Urk" in content and NO_SECRETARIAT in content


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "needle"), [
    ("fixed-contacts", "Sociaal Team Urk"),
    ("policy-plans", "Noordoostpolder"),
    ("agreements", OVERDUE_AGREEMENT),
    ("tables", NO_SECRETARIAT),
])
def test_the_demos_gaps_show_above_their_lists(client_for, key, needle):
    response = client_for("beleidsmedewerker").get(url("register_list", key))
    assert any(needle in message for message in response.context["checks"])


@pytest.mark.django_db
def test_the_overdue_actions_flag_on_the_actions_list_goes_when_they_are_done(client_for):
    client = client_for("projectleider")
    assert client.get(url("register_list", "actions")).context["checks"]
    ActionItem.objects.filter(region__slug=FLEVO, done_on__isnull=True).update(done_on=timezone.localdate())
    assert client.get(url("register_list", "actions")).context["checks"] == []


@pytest.mark.django_db
def test_a_gap_that_is_fixed_leaves_the_home_page(client_for):
    FixedContact.objects.create(region=flevoland(), local_team=org("Sociaal Team Urk"),
                                contact=person("Politie Basisteam Noordoostpolder-Urk", 1))
    response = client_for("projectleider").get(url("register_home"))
    assert "fixed-contacts" not in {entity.key for entity, _messages in response.context["attention"]}


@pytest.mark.django_db
def test_zeelands_register_home_shows_none_of_flevolands_gaps(client_for):
    response = client_for("zeeland-projectleider").get(url("register_home", region="zeeland"))
    assert response.status_code == 200
    content = response.content.decode()
    for needle in ["Sociaal Team Urk", NO_SECRETARIAT, OVERDUE_AGREEMENT, "Noordoostpolder"]:
        assert needle not in content


# --- 4. Services and forms ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_new_version_starts_with_the_previous_versions_checklist(client_for):
    previous = newest_version()
    ChecklistEntry.objects.filter(version_of=previous, item=ChecklistItem.TRIAGE).update(
        status=Coverage.COVERED, note="Triage staat in bijlage 2.")
    carried = {e.item: (e.status, e.note) for e in previous.checklist.all()}
    assert len(carried) == 13
    response = client_for("projectleider").post(url("register_create", "versions"), {
        "agreement": previous.agreement_id, "label": "2026", "adopted_on": timezone.localdate().isoformat(),
        "changes": "Evaluatie verwerkt."})
    new = AgreementVersion.objects.get(agreement_id=previous.agreement_id, label="2026")
    assert response.status_code == 302 and response["Location"] == url("register_detail", "versions", new.pk)
    assert {e.item: (e.status, e.note) for e in new.checklist.all()} == carried
    assert carried[ChecklistItem.TRIAGE] == (Coverage.COVERED, "Triage staat in bijlage 2.")
    assert new.region.slug == FLEVO and set(new.checklist.values_list("region__slug", flat=True)) == {FLEVO}


@pytest.mark.django_db
def test_the_first_version_of_an_agreement_starts_with_everything_missing(client_for):
    new_agreement = Agreement.objects.create(region=flevoland(), title="Nieuwe afspraak")
    client_for("projectleider").post(url("register_create", "versions"), {
        "agreement": new_agreement.pk, "label": "1", "adopted_on": "2024-05-01"})
    version = new_agreement.versions.get()
    assert list(version.checklist.values_list("status", flat=True)) == [Coverage.MISSING] * 13


def _checklist_data(version: AgreementVersion, status=Coverage.COVERED, note="") -> dict:
    data = {"version": version.version}
    for item in ChecklistItem.values:
        data[f"{item}-status"] = status
        data[f"{item}-note"] = note
    return data


@pytest.mark.django_db
def test_the_checklist_is_saved_and_its_version_goes_up(client_for):
    version = newest_version()
    before = version.version
    data = _checklist_data(version) | {"financing-status": Coverage.PARTLY, "financing-note": "  Alleen 2025.  "}
    response = client_for("projectleider").post(url("checklist_edit", version.pk), data)
    assert response.status_code == 302 and response["Location"] == url("register_detail", "versions", version.pk)
    version.refresh_from_db()
    assert version.version == before + 1
    entries = {e.item: (e.status, e.note) for e in version.checklist.all()}
    assert entries["financing"] == (Coverage.PARTLY, "Alleen 2025.")
    assert all(status == Coverage.COVERED for item, (status, _n) in entries.items() if item != "financing")
    assert version.checklist.count() == 13


@pytest.mark.django_db
def test_a_checklist_saved_on_an_old_version_is_refused_and_keeps_the_input(client_for):
    version = newest_version()
    client = client_for("projectleider")
    old = _checklist_data(version)
    assert client.post(url("checklist_edit", version.pk), old).status_code == 302  # someone saves first
    stale = client.post(url("checklist_edit", version.pk), old | {"triage-status": Coverage.MISSING,
                                                                   "triage-note": "Mijn notitie"})
    assert stale.status_code == 200
    form = stale.context["form"]
    assert form.non_field_errors()
    assert form["triage-note"].value() == "Mijn notitie" and form["triage-status"].value() == Coverage.MISSING
    assert "Mijn notitie" in stale.content.decode()
    entry = version.checklist.get(item="triage")
    assert (entry.status, entry.note) == (Coverage.COVERED, "")
    version.refresh_from_db()
    assert version.version == old["version"] + 1
    assert form["version"].value() == version.version  # saving again is now possible


@pytest.mark.django_db
def test_a_checklist_with_an_unknown_status_is_refused(client_for):
    version = newest_version()
    before = {e.item: e.status for e in version.checklist.all()}
    response = client_for("projectleider").post(url("checklist_edit", version.pk),
                                                _checklist_data(version) | {"triage-status": "perfect"})
    assert response.status_code == 200 and "triage-status" in response.context["form"].errors
    assert {e.item: e.status for e in version.checklist.all()} == before


@pytest.mark.django_db
def test_an_action_due_before_its_meeting_is_refused(client_for):
    meeting = table().meetings.order_by("pk").first()
    before = ActionItem.objects.count()
    response = client_for("projectleider").post(url("register_create", "actions"), {
        "meeting": meeting.pk, "description": "Te vroeg", "owner": meeting.table.chair_id,
        "due_on": (meeting.held_on - timedelta(days=1)).isoformat()})
    assert response.status_code == 200 and "due_on" in response.context["form"].errors
    assert ActionItem.objects.count() == before
    ok = client_for("projectleider").post(url("register_create", "actions"), {
        "meeting": meeting.pk, "description": "Op tijd", "owner": meeting.table.chair_id,
        "due_on": meeting.held_on.isoformat()})
    assert ok.status_code == 302 and ok["Location"] == url("register_detail", "meetings", meeting.pk)


@pytest.mark.django_db
def test_an_action_due_in_the_year_9999_is_refused_with_a_message(client_for):
    meeting = table().meetings.order_by("pk").first()
    before = ActionItem.objects.count()
    response = client_for("projectleider").post(url("register_create", "actions"), {
        "meeting": meeting.pk, "description": "Ooit", "owner": meeting.table.chair_id, "due_on": "9999-12-31"})
    assert response.status_code == 200 and "due_on" in response.context["form"].errors
    assert 'max="2100-12-31"' in response.content.decode()  # the date picker offers the same range
    assert ActionItem.objects.count() == before


@pytest.mark.django_db
def test_a_phase_ordered_at_two_to_the_63rd_is_refused_and_keeps_the_name(client_for):
    response = client_for("projectleider").post(url("register_create", "phases"), {
        "name": "Nazorg na nazorg", "order": str(2**63 - 1)})
    assert response.status_code == 200 and "order" in response.context["form"].errors
    assert 'value="Nazorg na nazorg"' in response.content.decode()


@pytest.mark.django_db
def test_an_agreement_evaluated_before_its_adoption_is_refused_and_keeps_the_title(client_for):
    response = client_for("projectleider").post(url("register_create", "agreements"), {
        "title": "Convenant Nazorg Flevoland", "parties": [org("Veilig Thuis Flevoland").pk],
        "adopted_on": "2024-06-01", "evaluation_on": "2024-05-31"})
    assert response.status_code == 200 and "evaluation_on" in response.context["form"].errors
    assert response.context["form"]["title"].value() == "Convenant Nazorg Flevoland"
    assert 'value="Convenant Nazorg Flevoland"' in response.content.decode()
    assert not Agreement.objects.filter(title="Convenant Nazorg Flevoland").exists()


@pytest.mark.django_db
def test_a_duo_needs_a_social_and_a_safety_person(client_for):
    police = person("Politie Basisteam Almere Stad", 0)
    before = Duo.objects.count()
    response = client_for("projectleider").post(url("register_create", "duos"), {
        "social": person("Openbaar Ministerie, parket Flevoland", 1).pk, "safety": police.pk,
        "level": "administrative", "pulls_together": "Iets"})
    assert response.status_code == 200 and "social" in response.context["form"].errors
    assert Duo.objects.count() == before
    ok = client_for("projectleider").post(url("register_create", "duos"), {
        "social": person("Gemeente Urk", 0).pk, "safety": police.pk, "level": "administrative",
        "pulls_together": "Iets"})
    assert ok.status_code == 302 and Duo.objects.count() == before + 1


def _table_data(**changes) -> dict:
    region = flevoland()
    return {"name": "Wijkoverleg Urk", "domains": [Domain.objects.get(region=region, kind=DomainKind.SOCIAL).pk],
            "level": TableLevel.OPERATIONAL, "scope": TableScope.REGION, "frequency": "monthly"} | changes


@pytest.mark.django_db
def test_a_table_for_one_municipality_must_name_it(client_for):
    client = client_for("projectleider")
    response = client.post(url("register_create", "tables"), _table_data(scope=TableScope.MUNICIPALITY))
    assert response.status_code == 200 and "municipality" in response.context["form"].errors
    assert not GovernanceTable.objects.filter(name="Wijkoverleg Urk").exists()
    urk = flevoland().municipalities.get(code="GM0184")
    assert client.post(url("register_create", "tables"),
                       _table_data(scope=TableScope.MUNICIPALITY, municipality=urk.pk)).status_code == 302
    assert GovernanceTable.objects.get(name="Wijkoverleg Urk").municipality == urk


@pytest.mark.django_db
def test_a_municipality_of_another_region_cannot_be_chosen_for_a_table(client_for):
    middelburg = Region.objects.get(slug="zeeland").municipalities.first()
    response = client_for("projectleider").post(
        url("register_create", "tables"), _table_data(scope=TableScope.MUNICIPALITY, municipality=middelburg.pk))
    assert response.status_code == 200 and "municipality" in response.context["form"].errors
    assert not GovernanceTable.objects.filter(name="Wijkoverleg Urk").exists()


@pytest.mark.django_db
def test_a_row_of_zeeland_cannot_be_chosen(client_for):
    zeeland_person = Stakeholder.objects.filter(region__slug="zeeland").first()
    zeeland_domain = Domain.objects.filter(region__slug="zeeland").first()
    client = client_for("projectleider")
    response = client.post(url("register_create", "tables"), _table_data(chair=zeeland_person.pk))
    assert response.status_code == 200 and "chair" in response.context["form"].errors
    response = client.post(url("register_create", "tables"), _table_data(domains=[zeeland_domain.pk]))
    assert response.status_code == 200 and "domains" in response.context["form"].errors
    response = client.post(url("register_create", "seats"), {
        "table": table().pk, "stakeholder": zeeland_person.pk, "role": "member"})
    assert response.status_code == 200 and "stakeholder" in response.context["form"].errors
    assert not GovernanceTable.objects.filter(name="Wijkoverleg Urk").exists()
    assert not TableSeat.objects.filter(stakeholder=zeeland_person).exists()


@pytest.mark.django_db
def test_a_removal_on_an_old_version_is_refused(client_for):
    row = table(NO_SECRETARIAT)
    client = client_for("projectleider")
    response = client.post(url("register_remove", "tables", row.pk), {"version": row.version + 1})
    assert response.status_code == 302 and response["Location"] == url("register_edit", "tables", row.pk)
    assert GovernanceTable.objects.filter(pk=row.pk).exists()
    response = client.post(url("register_remove", "tables", row.pk), {"version": "geen getal"})
    assert GovernanceTable.objects.filter(pk=row.pk).exists()
    response = client.post(url("register_remove", "tables", row.pk))  # no version at all: refused as well
    assert response.status_code == 302 and GovernanceTable.objects.filter(pk=row.pk).exists()
    response = client.post(url("register_remove", "tables", row.pk), {"version": row.version})
    assert response.status_code == 302 and response["Location"] == url("register_list", "tables")
    assert not GovernanceTable.objects.filter(pk=row.pk).exists()


def _new_person(name: str) -> Stakeholder:
    return Stakeholder.objects.create(region=flevoland(), name=name, function="Adviseur",
                                      organisation=org("Gemeente Urk"), level=Level.CIVIL_SERVICE)


@pytest.mark.django_db
def test_a_chair_can_be_removed_and_the_table_keeps_going_without_one(client_for):
    chair = _new_person("Voorzitter Tijdelijk")
    GovernanceTable.objects.filter(pk=table().pk).update(chair=chair)
    response = client_for("projectleider").post(url("register_remove", "stakeholders", chair.pk),
                                                {"version": chair.version})
    assert response.status_code == 302
    assert not Stakeholder.objects.filter(pk=chair.pk).exists()
    assert table().chair is None


@pytest.mark.django_db
def test_the_owner_of_an_action_cannot_be_removed(client_for):
    owner = _new_person("Actiehouder Tijdelijk")
    meeting = table().meetings.order_by("pk").first()
    ActionItem.objects.create(region=flevoland(), meeting=meeting, description="Notitie schrijven", owner=owner,
                              due_on=meeting.held_on)
    response = client_for("projectleider").post(url("register_remove", "stakeholders", owner.pk),
                                                {"version": owner.version}, follow=True)
    assert Stakeholder.objects.filter(pk=owner.pk).exists()
    assert response.redirect_chain[0][0] == url("register_edit", "stakeholders", owner.pk)
    assert "Notitie schrijven" in response.content.decode()  # the message names what still uses them


@pytest.mark.django_db
def test_an_edit_of_a_table_on_an_old_version_is_refused(client_for):
    row = table(NO_SECRETARIAT)
    data = _table_data(name=row.name, level=row.level, domains=list(row.domains.values_list("pk", flat=True)),
                       chair=row.chair_id, version=row.version)
    client = client_for("projectleider")
    assert client.post(url("register_edit", "tables", row.pk), data | {"mandate": "Eerste"}).status_code == 302
    conflict = client.post(url("register_edit", "tables", row.pk), data | {"mandate": "Tweede"})
    assert conflict.status_code == 200 and "Iemand anders" in conflict.content.decode()
    assert table(NO_SECRETARIAT).mandate == "Eerste"


# --- 5. Annexes: uploads and downloads ---------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _annex_post(client, upload, title="Escalatieprotocol"):
    return client.post(url("register_create", "annexes"),
                       {"version_of": newest_version().pk, "title": title, "file": upload})


@pytest.mark.django_db
def test_a_pdf_annex_is_uploaded_and_the_alderman_downloads_it(client_for, media):
    response = _annex_post(client_for("projectleider"),
                           SimpleUploadedFile("Escalatie protocol.pdf", PDF, content_type="application/pdf"))
    annex = Annex.objects.get(title="Escalatieprotocol")
    assert response.status_code == 302
    assert (annex.filename, annex.size, annex.region.slug) == ("Escalatie protocol.pdf", len(PDF), FLEVO)
    assert "Escalatie" not in annex.file.name  # stored under a name of its own
    download = client_for("wethouder").get(url("register_document", "annexes", annex.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert "Escalatie protocol.pdf" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF  # the test client closes the file after the last chunk
    assert client_for("zeeland-projectleider").get(url("register_document", "annexes", annex.pk)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content"), [
    ("installer.exe", b"MZ\x90\x00" + b"\x00" * 60),
    ("protocol.pdf", b"MZ\x90\x00 not a pdf at all"),
    ("protocol.pdf", b"<html><script>alert(1)</script></html>"),
    ("protocol.html", b"<html></html>"),
])
def test_an_annex_that_is_not_a_document_is_refused(client_for, media, name, content):
    before = Annex.objects.count()
    response = _annex_post(client_for("projectleider"), SimpleUploadedFile(name, content))
    assert response.status_code == 200 and "file" in response.context["form"].errors
    assert Annex.objects.count() == before
    assert not any(media.rglob("*.*"))


@pytest.mark.django_db
def test_an_annex_above_the_size_limit_is_refused(client_for, media):
    before = Annex.objects.count()
    with override_settings(MAX_UPLOAD_BYTES=100):
        response = _annex_post(client_for("projectleider"), SimpleUploadedFile("groot.pdf", PDF + b"0" * 200))
    assert response.status_code == 200 and "file" in response.context["form"].errors
    assert Annex.objects.count() == before


@pytest.mark.django_db
def test_a_document_missing_from_storage_is_not_found_rather_than_an_error(client_for, media):
    annex = Annex.objects.create(region=flevoland(), version_of=newest_version(), title="Weg",
                                 file=f"annexes/{flevoland().pk}/weg.pdf", filename="weg.pdf")
    assert client_for("wethouder").get(url("register_document", "annexes", annex.pk)).status_code == 404


@pytest.mark.django_db
def test_an_annex_is_renamed_without_uploading_its_file_again(client_for, media):
    client = client_for("projectleider")
    _annex_post(client, SimpleUploadedFile("triage.pdf", PDF))
    annex = Annex.objects.get(title="Escalatieprotocol")
    response = client.post(url("register_edit", "annexes", annex.pk),
                           {"version_of": annex.version_of_id, "title": "Triageprotocol 2026",
                            "version": annex.version})
    assert response.status_code == 302
    renamed = Annex.objects.get(pk=annex.pk)
    assert (renamed.title, renamed.file.name, renamed.filename, renamed.size) == (
        "Triageprotocol 2026", annex.file.name, "triage.pdf", len(PDF))


@pytest.mark.django_db
def test_an_annex_whose_file_is_missing_can_still_be_edited(client_for, media):
    annex = Annex.objects.create(region=flevoland(), version_of=newest_version(), title="Weg",
                                 file=f"annexes/{flevoland().pk}/weg.pdf", filename="weg.pdf")
    response = client_for("projectleider").post(url("register_edit", "annexes", annex.pk), {
        "version_of": annex.version_of_id, "title": "Weg (bestand kwijt)", "version": annex.version})
    assert response.status_code in (200, 302)  # saved, or a form error asking for the file: not a crash


# --- 6. The audit trail ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_new_table_is_audited_with_actor_and_region(client_for, demo_user):
    response = client_for("projectleider").post(url("register_create", "tables"), _table_data())
    created = GovernanceTable.objects.get(name="Wijkoverleg Urk")
    assert response.status_code == 302 and response["Location"] == url("register_detail", "tables", created.pk)
    entry = LogEntry.objects.get_for_object(created).get(action=LogEntry.Action.CREATE)
    assert entry.actor == demo_user("projectleider")
    assert entry.additional_data["region_id"] == flevoland().pk


@pytest.mark.django_db
def test_a_checklist_change_is_audited_per_entry(client_for, demo_user):
    version = newest_version()
    triage = version.checklist.get(item="triage")
    untouched = version.checklist.get(item="parties")
    data = _checklist_data(version)
    for entry in version.checklist.all():  # post what is saved, except the triage
        data[f"{entry.item}-status"], data[f"{entry.item}-note"] = entry.status, entry.note
    data |= {"triage-status": Coverage.COVERED, "triage-note": "Nieuw triagemodel"}
    assert triage.status != Coverage.COVERED or triage.note != "Nieuw triagemodel"
    assert client_for("projectleider").post(url("checklist_edit", version.pk), data).status_code == 302
    entries = LogEntry.objects.get_for_object(triage).filter(action=LogEntry.Action.UPDATE)
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor == demo_user("projectleider") and entry.additional_data["region_id"] == flevoland().pk
    assert "note" in entry.changes_dict
    assert not LogEntry.objects.get_for_object(untouched).filter(action=LogEntry.Action.UPDATE).exists()
