"""Issue 23, items 4 and 5: a region started from nothing never breaks, at any step of its first day.

A staff member creates a region with three municipalities and invites its administrator
(`region_create`, as `manage.py create_region` and the admin do); then, step by step, the vocabulary
is added from the national defaults, organisations are imported, a governance table is added, figures
of one period and one area arrive (first without, then with the population they are divided by) and
people are invited. After each step every GET page of the URL configuration that can be built for the
region is opened as every role (the demo's roles, held in the new region), and by someone of another
region and someone not logged in: no server error anywhere, and each the status the role matrices
(tests/role_matrix.py) give the same role on the demo's page.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from escalation.models import Escalation
from governance.models import AgreementVersion, Membership, Municipality, Region, Role, Stakeholder
from governance.register.entities import ENTITIES
from governance.services import invitation_accept, invitation_create, region_create
from reporting.kinds import FigureKind
from reporting.models import Figure, FigureImport
from tests.role_matrix import USERS, Page, cases
from tests.test_role_matrix_complete import EXEMPT, EXEMPT_NAMESPACES, matrices

pytestmark = pytest.mark.django_db

# Three real municipalities of the reference geography that no demo region holds (Gooi en Vechtstreek).
CODES = ["GM0402", "GM0406", "GM0417"]
ANONYMOUS = "anonymous"
# The role each demo person of tests/role_matrix.USERS holds; the outsider keeps their own region.
ROLES = {"projectleider": Role.PROJECT_LEADER, "wethouder": Role.ALDERMAN, "beleidsmedewerker": Role.POLICY_OFFICER,
         "teammanager": Role.TEAM_MANAGER, "beheerder": Role.ADMINISTRATOR}
OUTSIDER = "zeeland-projectleider"


# The first steps' one button (the vocabulary from the national defaults): the project leader's.
PAGES = {
    "first_steps_vocabulary": Page(lambda: reverse("reporting:first_steps_vocabulary", args=["flevoland"]),
                                   [405, 403, 403, 403, 403, 404]),
    # Flevoland has its vocabulary: nothing is added twice, and the project leader is sent on.
    "first_steps_vocabulary:post": Page(lambda: reverse("reporting:first_steps_vocabulary", args=["flevoland"]),
                                        [302, 403, 403, 403, 403, 404], method="post"),
}


@pytest.mark.parametrize(("page", "username", "expected"), cases(PAGES))
def test_role_matrix(open_as, page, username, expected):
    assert open_as(username, PAGES[page]).status_code == expected


def _routes() -> list[tuple[str, str]]:
    """(name, path pattern) of every named route that a role matrix must cover."""
    def walk(patterns, namespace="", prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in EXEMPT_NAMESPACES:
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name and f"{namespace}{pattern.name}" not in EXEMPT:
                yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern)
    return sorted(set(walk(get_resolver().url_patterns)))


def _key(view_name: str, kwargs: dict) -> tuple[str, str]:
    return view_name, str(kwargs.get("entity", ""))


def _expected() -> dict[tuple[str, str], list[int]]:
    """The statuses the role matrices give each demo person (USERS order) on a page, by route (and register
    entity): the first GET page of each in the matrices that lists a status for every one of USERS."""
    found: dict[tuple[str, str], list[int]] = {}
    for pages in matrices().values():
        for page in pages.values():
            if page.method != "get" or len(page.statuses) != len(USERS):
                continue
            match = resolve(urlparse(page.url()).path)
            found.setdefault(_key(match.view_name, match.kwargs), [*page.statuses, page.anonymous])
    return found


def _values(region: Region, leader) -> dict[str, Callable[[str], list]]:
    """For each URL argument, the values it takes in the region now (by route name)."""
    def first(queryset):
        row = queryset.order_by("pk").first()
        return [row.pk] if row else []

    def pk(name: str, entity: str = "") -> list:
        if name.startswith("governance:member_"):
            return first(Membership.objects.filter(region=region).exclude(user=leader))
        if name.startswith("governance:register_"):
            return first(ENTITIES[entity].selector(user=leader, region=region))
        if name == "governance:stakeholder_assess":
            return first(Stakeholder.objects.filter(region=region))
        if name == "governance:checklist_edit":
            return first(AgreementVersion.objects.filter(region=region))
        if name.startswith("escalation:"):
            return first(Escalation.objects.filter(region=region))
        if name.startswith("reporting:meeting_pack"):
            return first(ENTITIES["tables"].selector(user=leader, region=region))
        return []  # rows of other people (an invitation) or of cases: a young region has none to open

    explained = sorted(set(Figure.objects.filter(region=region).exclude(kind=FigureKind.POPULATION)
                           .values_list("kind", "period")))
    return {"pk": pk, "explained": lambda _name: explained}


def _urls(region: Region, leader) -> list[tuple[str, str]]:
    """(url, route) of every GET page of the site that can be built for the region as it is now."""
    values = _values(region, leader)
    urls = []
    for name, pattern in _routes():
        arguments = re.findall(r"<(?:\w+:)?(\w+)>", pattern)
        combinations = [{}]
        if "region_slug" in arguments:
            combinations = [{"region_slug": region.slug}]
        if "entity" in arguments:
            combinations = [c | {"entity": key} for c in combinations for key in ENTITIES]
        if {"kind", "period"} <= set(arguments):
            combinations = [c | {"kind": kind, "period": period} for c in combinations
                            for kind, period in values["explained"](name)]
        if "pk" in arguments:
            combinations = [c | {"pk": pk} for c in combinations for pk in values["pk"](name, c.get("entity", ""))]
        if set(arguments) - {"region_slug", "entity", "kind", "period", "pk"}:
            continue  # a case's code, a step's key, a token: nothing a young region has
        urls += [(reverse(name, kwargs=kwargs), name) for kwargs in combinations
                 if set(kwargs) == set(arguments)]
    return urls


@pytest.fixture
def people(client, demo_user):
    """The new region's people: each demo role's twin, held in the new region (the team manager in its
    first municipality), and the demo's Zeeland project leader from outside."""
    User = get_user_model()
    staff = User.objects.create_user("platform", email="platform@example.org", is_staff=True)
    region, invitation = region_create(actor=staff, name="Veilig Thuis Gooi en Vechtstreek",
                                       municipality_codes=CODES, administrator_email="beheer@gooi.example.org")
    accounts = {}
    for username, role in ROLES.items():
        person = User.objects.create_user(f"gooi-{username}", email=f"{username}@gooi.example.org")
        if role == Role.ADMINISTRATOR:
            invitation.user = person  # the invited account: accepting starts the role
            invitation.save()
            invitation_accept(actor=person, invitation=invitation)
        elif role == Role.TEAM_MANAGER:
            Membership.objects.create(user=person, role=role, municipality=region.municipalities.order_by("code")[0])
        else:
            Membership.objects.create(user=person, role=role, region=region)
        accounts[username] = person
    accounts[OUTSIDER] = demo_user(OUTSIDER)
    return region, accounts


def _walk(region, accounts, expected, printed, *, full: bool, anonymous: bool) -> tuple[int, list[str]]:
    """Opens the pages as everyone; (pages opened, what answered other than expected).

    `full`: every page, as everyone. Otherwise (the steps in between): the region's pages only (not the
    account pages around it), as the region's own people, each only the pages their role opens (the
    outsider's 404 and a role's 403 come before any row is read), and the register's pages only for the
    kinds of rows the region has (a kind still empty reads rows that only grow: the last step, walked in
    full, has the most of them)."""
    client = Client(raise_request_exception=False)
    urls = _urls(region, accounts["projectleider"])
    if not full:
        filled = {key for key, entity in ENTITIES.items()
                  if entity.selector(user=accounts["projectleider"], region=region).exists()}
        urls = [(url, name) for url, name in urls if region.slug in url
                and resolve(urlparse(url).path).kwargs.get("entity", "") in filled | {""}]
    wrong, opened = [], 0
    for index, username in enumerate([*USERS, ANONYMOUS]):
        if (not full and username == OUTSIDER) or (not anonymous and username == ANONYMOUS):
            continue
        client.logout()
        if username != ANONYMOUS:
            client.force_login(accounts[username])
        for url, name in urls:
            match = resolve(urlparse(url).path)
            statuses = expected.get(_key(match.view_name, match.kwargs))
            want = statuses[index] if statuses else None
            if not full and want not in (None, 200):
                continue  # a refusal (403, 404, 405) comes before any row is read: the full walks check it
            response = client.get(url)
            if getattr(response, "streaming", False):
                response.close()
            opened += 1
            if response.status_code >= 500 or (want is not None and response.status_code != want):
                wrong.append(f"{username} {url} ({name}): {response.status_code}, expected {want}")
        printed.clear()
    return opened, wrong


def _step_vocabulary(client, region, accounts):
    client.force_login(accounts["projectleider"])
    assert client.post(reverse("reporting:first_steps_vocabulary", args=[region.slug])).status_code == 302


def _step_organisations(client, region, accounts):
    client.force_login(accounts["projectleider"])
    from django.core.files.uploadedfile import SimpleUploadedFile
    names = ", ".join(Municipality.objects.filter(code__in=CODES[:1]).values_list("name", flat=True))
    csv = f"name;type;domain;municipalities\nWijkteam {names};local_team;Sociaal domein;{CODES[0]}\n"
    response = client.post(reverse("governance:register_import", args=[region.slug, "organisations"]),
                           {"file": SimpleUploadedFile("organisaties.csv", csv.encode(), content_type="text/csv")})
    assert response.status_code == 302, response.content.decode()[:2000]


def _step_table(client, region, accounts):
    from governance.models import GovernanceTable, TableLevel
    GovernanceTable.objects.create(region=region, name="Regionaal bestuurlijk overleg", level=TableLevel.ADMINISTRATIVE)


def _step_figures(client, region, accounts):
    """One period, one area, no population: nothing can be divided, no rate to draw."""
    source = FigureImport.objects.create(region=region, table="84849NED", file_name="84849NED.csv",
                                         periods=["2025HJ01"], figure_count=2, imported_by=accounts["projectleider"])
    municipality = region.municipalities.order_by("code")[0]
    for kind, value in [(FigureKind.REPORTS, 95), (FigureKind.ADVICE, 120)]:
        Figure.objects.create(region=region, area_code=municipality.code, municipality=municipality, kind=kind,
                              period="2025HJ01", value=value, provisional=True, source=source)


def _step_population(client, region, accounts):
    """The population of that year: one rate per figure, a chart of one point."""
    municipality = region.municipalities.order_by("code")[0]
    Figure.objects.create(region=region, area_code=municipality.code, municipality=municipality,
                          kind=FigureKind.POPULATION, period="2025JJ00", value=83_000)


def _step_people(client, region, accounts):
    invitation_create(actor=accounts["beheerder"], region=region, email="beleid@gooi.example.org", first_name="",
                      last_name="", role=Role.POLICY_OFFICER, scope=region)


STEPS = [("created", None), ("vocabulary", _step_vocabulary), ("organisations", _step_organisations),
         ("table", _step_table), ("figures of one period and one area", _step_figures),
         ("their population", _step_population), ("people invited", _step_people)]


def test_a_region_from_nothing_opens_every_page_for_every_role_at_every_step(client, people, printed):
    region, accounts = people
    expected = _expected()
    report, total, started = [], 0, time.monotonic()
    for number, (step, action) in enumerate(STEPS):
        if action is not None:
            action(client, region, accounts)
        # Someone not logged in is sent to the login page before any row is read: once is enough.
        opened, wrong = _walk(region, accounts, expected, printed, full=number in (0, len(STEPS) - 1),
                              anonymous=number == 0)
        total += opened
        report += [f"after “{step}”: {line}" for line in wrong]
    print(f"first-day walk: {total} pages opened over {len(STEPS)} steps in {time.monotonic() - started:.0f} s")
    assert not report, "pages that broke or answered unexpectedly in a young region:\n" + "\n".join(report)
    assert total > 1000


# --- what the walk found, each on its own ----------------------------------------------------------------

def test_a_chart_of_one_period_draws_each_area_as_a_marker_with_its_value():
    from decimal import Decimal

    from django.utils import translation

    from reporting.charts import Series, chart_note, line_chart
    from reporting.periods import period_from_key

    periods = [period_from_key("2025HJ01")]
    series = [Series("Gooi en Vechtstreek", [Decimal("41.2")]), Series("Nederland", [Decimal("40.8")]),
              Series("Huizen", [None])]
    with translation.override("nl"):
        svg = line_chart(title="Meldingen", description="Per 10.000 inwoners", periods=periods, series=series,
                         y_name="per 10.000", chart_id="one")  # was a ValueError (leather: an empty time scale)
        note = chart_note(periods=periods, series=series)
    assert svg.count("<circle") == 2 and ">41,2</text>" in svg and ">40,8</text>" in svg
    assert "Gooi en Vechtstreek" in svg and "Nederland" in svg
    assert note.startswith("Eén periode")


def test_figures_without_a_population_draw_no_chart_and_say_why():
    from reporting.charts import Series, chart_note, line_chart
    from reporting.periods import period_from_key

    periods = [period_from_key("2024HJ02"), period_from_key("2025HJ01")]
    series = [Series("Gooi en Vechtstreek", [None, None])]
    # Was a ValueError (leather: a chart without series) on the start page, the dashboard and the report.
    assert line_chart(title="t", description="d", periods=periods, series=series, y_name="y", chart_id="none") == ""
    assert "37230ned" in chart_note(periods=periods, series=series)


def test_the_dashboard_of_one_period_shows_its_chart_and_why_there_is_no_trend(client, people):
    region, accounts = people
    _step_figures(client, region, accounts)
    client.force_login(accounts["projectleider"])
    page = client.get(reverse("reporting:dashboard", args=[region.slug])).content.decode()
    assert "Nog geen grafiek: voor de gebieden die hij vergelijkt" in page  # one of three municipalities
    source = FigureImport.objects.get(region=region)
    for municipality in region.municipalities.all():
        Figure.objects.get_or_create(region=region, area_code=municipality.code, municipality=municipality,
                                     kind=FigureKind.POPULATION, period="2025JJ00", defaults={"value": 40_000})
        for kind in (FigureKind.REPORTS, FigureKind.ADVICE):
            Figure.objects.get_or_create(region=region, area_code=municipality.code, municipality=municipality,
                                         kind=kind, period="2025HJ01", defaults={"value": 50, "source": source})
    page = client.get(reverse("reporting:dashboard", args=[region.slug])).content.decode()
    assert "<svg" in page and "Het verloop is te zien vanaf de tweede geïmporteerde periode" in page


def test_the_history_shows_a_figures_imports_periods(client, people):
    """The first import through the page put a list (its periods) on the trail, which broke the history."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    region, accounts = people
    client.force_login(accounts["projectleider"])
    data = ('"ID";"KenmerkenAdviezenMeldingen";"RegioS";"Perioden";"GestarteAdviezen_1";"OntvangenMeldingen_2"\n'
            '1;"T001038";"GM0402  ";"2024HJ02";340;290\n2;"T001038";"GM0402  ";"2025HJ01";345;295\n')
    imported = client.post(reverse("reporting:figures_import", args=[region.slug]), {
        "table": "84849NED", "file": SimpleUploadedFile("84849NED.csv", data.encode(), content_type="text/csv")})
    assert imported.status_code == 302 and FigureImport.objects.filter(region=region).exists()
    response = client.get(reverse("governance:region_history", args=[region.slug]))  # was a TypeError
    assert response.status_code == 200 and "2024HJ02, 2025HJ01" in response.content.decode()


def test_the_first_steps_read_in_dutch(client, people):
    region, accounts = people
    client.force_login(accounts["beheerder"])
    page = client.get(reverse("home")).content.decode()
    assert "Eerste stappen in Veilig Thuis Gooi en Vechtstreek" in page and "Dit doet de projectleider." in page


def test_a_region_without_themes_is_not_told_it_has_no_white_spots(client, people):
    region, accounts = people
    client.force_login(accounts["projectleider"])
    page = client.get(reverse("reporting:dashboard", args=[region.slug])).content.decode()
    assert "Nog geen thema's" in page and "Geen witte vlekken" not in page


def test_the_report_of_one_period_prints_its_one_point_chart(client, people, printed):
    region, accounts = people
    _step_figures(client, region, accounts)
    source = FigureImport.objects.get(region=region)
    for municipality in region.municipalities.all():
        Figure.objects.get_or_create(region=region, area_code=municipality.code, municipality=municipality,
                                     kind=FigureKind.POPULATION, period="2025JJ00", defaults={"value": 40_000})
        Figure.objects.get_or_create(region=region, area_code=municipality.code, municipality=municipality,
                                     kind=FigureKind.REPORTS, period="2025HJ01",
                                     defaults={"value": 60, "source": source})
    client.force_login(accounts["projectleider"])
    response = client.post(reverse("reporting:report", args=[region.slug]), {
        "municipality": "", "include_unexplained": "on", "reason": "De eerste cijfers van de regio."})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"  # was a ValueError
    text = printed[0]
    assert "<svg" in text and ">17,9</text>" in text  # 215 reports per 120,000 inhabitants
