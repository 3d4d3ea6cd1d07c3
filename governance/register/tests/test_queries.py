"""Query counts of the register's pages stay flat as the register grows: every list and detail page
is counted on the demo, then again with much more of everything."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
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
    Conflict,
    Coverage,
    Decision,
    Domain,
    DomainKind,
    Duo,
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
    RiskOpportunity,
    Stakeholder,
    StakeholderAssessment,
    TableLevel,
    TableScope,
    TableSeat,
    Theme,
)
from governance.register.entities import ENTITIES

from .rows import agreement, flevoland, newest_version, org, person, table, url


def _grow_register(extra: int) -> None:
    """More organisations (each serving two municipalities), stakeholders and assessments."""
    region = flevoland()
    domain = Domain.objects.filter(region=region).first()
    municipalities = list(region.municipalities.all()[:2])
    for index in range(extra):
        organisation = Organisation.objects.create(region=region, name=f"Extra {index}", type="other", domain=domain)
        organisation.municipalities.set(municipalities)
        someone = Stakeholder.objects.create(region=region, name=f"Persoon {index}", function="x",
                                             organisation=organisation, level="operational")
        StakeholderAssessment.objects.create(stakeholder=someone, assessed_on=date.today(), influence=3, interest=3)


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [0, 30])
@pytest.mark.parametrize("entity", ["organisations", "stakeholders", "domains", "themes", "phases"])
def test_register_lists_keep_a_flat_query_count(client_for, django_assert_max_num_queries, extra, entity):
    _grow_register(extra)
    client = client_for("projectleider")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("governance:register_list", args=["flevoland", entity])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [0, 30])
def test_the_grid_and_detail_pages_keep_a_flat_query_count(client_for, django_assert_max_num_queries, extra):
    _grow_register(extra)
    client = client_for("projectleider")
    with django_assert_max_num_queries(14):
        client.get(reverse("governance:register_detail", args=["flevoland", "organisations", org().pk]))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("governance:stakeholder_grid", args=["flevoland"]))
    assert "<svg" in response.content.decode()


# --- Every list and detail page, as everything grows --------------------------------------------------

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

    # Conflicts between the new tables' decisions, and risks, each on two themes and domains; the
    # measured conflict and risk get every new theme.
    first_decisions = {d.meeting_id: d for d in
                       Decision.objects.filter(meeting__in=meetings[:GROWTH], text="Besluit 0")}
    conflicts = Conflict.objects.bulk_create([
        Conflict(region=region, title=f"Aa conflict {i:02}", owner=social_people[i],
                 side_a_decision=first_decisions[meetings[i].pk], side_a_table=tables[i],
                 side_b_decision=first_decisions[meetings[(i + 1) % GROWTH].pk], side_b_table=tables[(i + 1) % GROWTH])
        for i in range(GROWTH)])
    risks = RiskOpportunity.objects.bulk_create([
        RiskOpportunity(region=region, title=f"Aa risico {i:02}", owner=safety_people[i], raised_at=tables[i],
                        status="raised") for i in range(GROWTH)])
    subject_conflict, subject_risk = DETAIL_SUBJECTS["conflicts"](), DETAIL_SUBJECTS["risks"]()
    new_themes = list(Theme.objects.filter(region=region, name__startswith="Aa thema"))
    for model, rows, subject in ((Conflict, conflicts, subject_conflict), (RiskOpportunity, risks, subject_risk)):
        column = f"{model._meta.model_name}_id"
        model.themes.through.objects.bulk_create(
            [model.themes.through(**{column: row.pk, "theme_id": x.pk}) for row in rows for x in themes[:2]]
            + [model.themes.through(**{column: subject.pk, "theme_id": x.pk}) for x in new_themes])
        model.domains.through.objects.bulk_create(
            [model.domains.through(**{column: row.pk, "domain_id": d.pk}) for row in rows for d in (social, safety)])

    return {"organisations": subject_org, "stakeholders": subject_person, "tables": subject_table,
            "meetings": subject_meeting, "agreements": subject_agreement, "versions": subject_version,
            "conflicts": subject_conflict, "risks": subject_risk}


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
    "conflicts": lambda: Conflict.objects.filter(region__slug="flevoland").order_by("pk").first(),
    "risks": lambda: RiskOpportunity.objects.filter(region__slug="flevoland").order_by("pk").first(),
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
    "conflicts": "Aa conflict 00", "risks": "Aa risico 00", "detail:conflicts": "Aa thema 29",
    "detail:risks": "Aa thema 29",
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
