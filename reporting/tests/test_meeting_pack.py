"""The meeting pack of a governance table: what its next meeting must discuss, from the live data, counts
only for escalations, for whoever reads the table in the register, in a query count that does not grow."""
import re
import zlib
from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from escalation.workflow import Reason, State
from governance.map import network
from governance.map.selectors import _PICTURES, FindingKind, map_picture
from governance.models import GovernanceTable, Municipality, Region
from reporting.meeting_pack import meeting_pack_build
from tests import factories
from tests.role_matrix import Page, cases

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DESCRIPTION = "Heel specifieke beschrijving van de situatie"


def _almere_case():
    from casework.models import Case

    return Case.objects.filter(region__slug="flevoland", municipality__code="GM0034").order_by("pk").first()


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def table(flevoland, today):
    """A table with a theme of its own, a member, meetings before and after today, actions, agreements,
    reviews and escalations around it."""
    theme = factories.theme(flevoland, name="Thema van de tafel")
    table = factories.table(flevoland, name="Tafel Zorg en Veiligheid Test")
    table.themes.add(theme)
    member = factories.stakeholder(flevoland)
    table.seats.create(region=flevoland, stakeholder=member)
    older = factories.meeting(table, held_on=today - timedelta(days=90))
    factories.decision(older, text="Besluit van lang geleden")
    last = factories.meeting(table, held_on=today - timedelta(days=30))
    factories.decision(last, text="Besluit van de laatste vergadering")
    factories.meeting(table, held_on=today + timedelta(days=30))
    factories.action(older, description="Actie die te laat is", due_on=today - timedelta(days=10))
    factories.action(last, description="Actie die nog loopt", due_on=today + timedelta(days=10))
    factories.action(last, description="Actie die klaar is", due_on=today - timedelta(days=5),
                     done_on=today - timedelta(days=6))
    adopted = factories.agreement(flevoland, title="Afspraak vastgesteld hier",
                                  evaluation_on=today - timedelta(days=1))
    adopted.adopted_by.add(table)
    monitored = factories.agreement(flevoland, title="Afspraak gevolgd hier", monitored_by=table)
    factories.review(monitored, reason="De overdracht werkt niet zoals afgesproken")
    factories.review(monitored, reason="Al afgehandeld punt", handled_on=today)
    factories.agreement(flevoland, title="Afspraak van een ander")
    on_theme = factories.agreement(flevoland, title="Afspraak op het thema")
    on_theme.themes.add(theme)

    almere = Municipality.objects.get(code="GM0034")
    escalation = factories.escalation(flevoland, almere, state=State.ROUTE_2, description=DESCRIPTION,
                                      case=_almere_case())
    escalation.organisations.add(member.organisation)
    factories.escalation(flevoland, almere, state=State.ROUTE_3, reason=Reason.SAFETY, agreement=on_theme)
    factories.escalation(flevoland, almere, state=State.ROUTE_3, reason=Reason.SAFETY, agreement=monitored)
    # Not counted: route 1, closed, or about nothing of this table.
    factories.escalation(flevoland, almere, state=State.ROUTE_1, agreement=monitored)
    factories.escalation(flevoland, almere, state=State.RESOLVED, agreement=monitored)
    factories.escalation(flevoland, almere, state=State.ROUTE_2, agreement=factories.agreement(flevoland))
    return table


def _printed(pack, region) -> str:
    """The PDF's HTML: the PDF itself keeps its text in compressed streams."""
    return render_to_string("pdf/meeting_pack.html", {"pack": pack, "region": region, "pdf": True,
                                                      "user": factories.user(first_name="Test")})


def _page(pk: int) -> str:
    return reverse("reporting:meeting_pack", args=["flevoland", pk])


def test_the_pack_holds_what_the_next_meeting_must_discuss(flevoland, table, today, demo_user):
    pack = meeting_pack_build(user=demo_user("projectleider"), region=flevoland, table=table)
    assert pack.last_meeting.held_on == today - timedelta(days=30)
    assert pack.next_meeting.held_on == today + timedelta(days=30)
    assert [d.text for d in pack.decisions] == ["Besluit van de laatste vergadering"]
    assert [a.description for a in pack.actions] == ["Actie die te laat is", "Actie die nog loopt"]
    assert [a.description for a in pack.overdue_actions] == ["Actie die te laat is"]
    assert [(a.title, a.adopted_here, a.evaluation_status) for a in pack.agreements] == [
        ("Afspraak vastgesteld hier", True, "overdue"), ("Afspraak gevolgd hier", False, "none")]
    assert [r.reason for r in pack.reviews] == ["De overdracht werkt niet zoals afgesproken"]


def test_escalations_are_counted_by_route_and_reason_in_route_2_or_3_only(flevoland, table, demo_user):
    counts = meeting_pack_build(user=demo_user("projectleider"), region=flevoland, table=table).escalations
    assert counts.total == 3
    assert [(item.label, item.count) for item in counts.by_route] == [("Route 2", 1), ("Route 3", 2)]
    by_reason = {item.label: item.count for item in counts.by_reason}
    assert by_reason[str(Reason.SAFETY.label)] == 2 and by_reason[str(Reason.COOPERATION.label)] == 1
    assert sum(by_reason.values()) == 3


def test_no_case_detail_reaches_the_page_or_the_pdf(client_for, flevoland, table, demo_user):
    html = client_for("projectleider").get(_page(table.pk)).content.decode()
    pack = meeting_pack_build(user=demo_user("projectleider"), region=flevoland, table=table)
    printed = _printed(pack, flevoland)
    for text in (html, printed):
        assert 'id="pack-by-route"' in text  # the counts are there
        assert DESCRIPTION not in text and _almere_case().code not in text and "Overdracht blijft liggen" not in text


def test_findings_are_those_on_the_table_s_themes_or_about_the_table(flevoland, table, demo_user):
    leader = demo_user("projectleider")
    pack = meeting_pack_build(user=leader, region=flevoland, table=table)
    kinds = {(finding.kind, finding.subject) for finding in pack.findings}
    assert (FindingKind.NO_ADMINISTRATIVE_COUNTERPART, table.name) in kinds  # about the table itself
    assert any(subject == "Thema van de tafel" for _kind, subject in kinds)
    for finding in pack.findings:
        assert (finding.theme and finding.theme.name == "Thema van de tafel") or finding.subject == table.name
    assert len(pack.findings) < len(map_picture(user=leader, region=flevoland).findings)


def test_figures_come_with_their_explanation_or_say_they_have_none(client_for, flevoland, table, demo_user):
    pack = meeting_pack_build(user=demo_user("projectleider"), region=flevoland, table=table)
    assert [panel.table.kind for panel in pack.figures] == ["reports", "advice"]
    assert pack.unexplained == 4  # as on the dashboard: the latest two half-years of both figures
    printed = _printed(pack, flevoland)
    assert "Not yet explained" in printed
    explained = [e for panel in pack.figures for _period, e in panel.table.explained if e]
    assert explained and explained[0].text in printed  # the PDF has every period's explanation
    html = client_for("projectleider").get(_page(table.pk)).content.decode()
    assert "Nog niet toegelicht" in html and "<svg" in html  # the page speaks Dutch


def test_the_page_shows_every_section(client_for, table):
    html = client_for("projectleider").get(_page(table.pk)).content.decode()
    for text in ("Actie die te laat is", "Besluit van de laatste vergadering", "Afspraak vastgesteld hier",
                 "De overdracht werkt niet zoals afgesproken", "Thema van de tafel", 'id="dash-figures"'):
        assert text in html
    assert "Besluit van lang geleden" not in html and "Actie die klaar is" not in html
    assert "Al afgehandeld punt" not in html and "Afspraak van een ander" not in html


def test_without_a_planned_meeting_the_pack_says_so(flevoland, today, demo_user):
    table = factories.table(flevoland)
    factories.meeting(table, held_on=today - timedelta(days=3))
    pack = meeting_pack_build(user=demo_user("projectleider"), region=flevoland, table=table)
    assert pack.last_meeting.held_on == today - timedelta(days=3) and pack.next_meeting is None
    printed = _printed(pack, flevoland)
    assert "None planned: no meeting is recorded for today or later." in printed


def test_roles_that_do_not_read_escalations_or_figures_are_told_so(client_for, table):
    html = client_for("beheerder").get(_page(table.pk)).content.decode()
    assert "Actie die te laat is" in html  # a functional administrator reads the register
    assert 'id="pack-by-route"' not in html
    assert "<svg" not in html


def test_the_pdf_is_a_tagged_pdf_of_the_table(client_for, table):
    response = client_for("wethouder").get(reverse("reporting:meeting_pack_pdf", args=["flevoland", table.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "tafel-zorg-en-veiligheid-test" in response["Content-Disposition"]
    # The table's name is in the document's outline (its headings), inside compressed streams.
    streams = b"".join(zlib.decompress(raw) for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream",
                                                                   response.content, re.S))
    assert table.name.encode() in streams


def test_the_table_s_page_links_to_its_meeting_pack(client_for, table):
    html = client_for("wethouder").get(
        reverse("governance:register_detail", args=["flevoland", "tables", table.pk])).content.decode()
    assert f'href="{_page(table.pk)}"' in html


def _demo_table_url(name: str) -> str:
    table = GovernanceTable.objects.filter(region__slug="flevoland").order_by("pk").first()
    return reverse(name, args=["flevoland", table.pk])


# projectleider, wethouder, beleidsmedewerker, teammanager, beheerder, zeeland-projectleider: whoever
# reads the table in the register; what the pack shows follows each one's rights (tested above).
PAGES = {
    "meeting pack": Page(lambda: _demo_table_url("reporting:meeting_pack"), [200, 200, 200, 200, 200, 404]),
    "meeting pack pdf": Page(lambda: _demo_table_url("reporting:meeting_pack_pdf"), [200, 200, 200, 200, 200, 404]),
}


@pytest.mark.parametrize("page, user, status", cases(PAGES))
def test_who_may_open_the_meeting_pack(open_as, page, user, status):
    assert open_as(user, PAGES[page]).status_code == status


def test_another_region_s_table_is_not_found(client_for):
    other = factories.table(Region.objects.get(slug="zeeland"))
    assert client_for("projectleider").get(_page(other.pk)).status_code == 404
    assert client_for("projectleider").get(
        reverse("reporting:meeting_pack_pdf", args=["flevoland", other.pk])).status_code == 404


def test_query_count_does_not_grow_with_the_data(client_for, flevoland, table, today):
    browser = client_for("projectleider")
    url = _page(table.pk)
    browser.get(url)
    _PICTURES.clear()  # count the map computed, not reused (governance/map/tests/test_cache.py)
    network._NETWORKS.clear()
    with CaptureQueriesContext(connection) as before:
        browser.get(url)
    almere = Municipality.objects.get(code="GM0034")
    member = table.seats.first().stakeholder
    for number in range(15):
        meeting = factories.meeting(table, held_on=today - timedelta(days=40 + number))
        factories.decision(meeting)
        factories.action(meeting, due_on=today + timedelta(days=number))
        agreement = factories.agreement(flevoland, monitored_by=table)
        factories.review(agreement)
        escalation = factories.escalation(flevoland, almere, state=State.ROUTE_2, agreement=agreement)
        escalation.organisations.add(member.organisation)
        table.seats.create(region=flevoland, stakeholder=factories.stakeholder(flevoland))
        factories.conflict(flevoland).themes.add(*table.themes.all())
    _PICTURES.clear()
    network._NETWORKS.clear()
    with CaptureQueriesContext(connection) as after:
        browser.get(url)
    assert len(after) == len(before), [q["sql"][:120] for q in after.captured_queries]
