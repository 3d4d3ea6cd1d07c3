"""The register: who may read and change it, its rules, and its lists' query counts."""
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from governance.models import (
    Domain,
    Organisation,
    OrganisationType,
    Phase,
    Region,
    Stakeholder,
    StakeholderAssessment,
    Theme,
)
from governance.register.selectors import power_interest_grid
from tests.role_matrix import Page, cases


def _org(name="Veilig Thuis Flevoland"):
    return Organisation.objects.get(region__slug="flevoland", name=name)


def _stakeholder():
    return Stakeholder.objects.filter(region__slug="flevoland").order_by("id").first()


def R(name, *args):  # one letter: it reads like the table it builds
    return lambda: reverse(f"governance:{name}", args=["flevoland", *[a() if callable(a) else a for a in args]])
READ = [200, 200, 200, 200, 200, 404]
EDIT = [200, 403, 403, 403, 403, 404]
POST_ONLY = [405, 403, 403, 403, 403, 404]
MATRIX = {
    "register_home": Page(R("register_home"), READ),
    "organisation_list": Page(R("register_list", "organisations"), READ),
    "stakeholder_list": Page(R("register_list", "stakeholders"), READ),
    "theme_list": Page(R("register_list", "themes"), READ),
    "organisation_export": Page(R("register_export", "organisations"), READ),
    "organisation_detail": Page(R("register_detail", "organisations", lambda: _org().pk), READ),
    "stakeholder_detail": Page(R("register_detail", "stakeholders", lambda: _stakeholder().pk), READ),
    "grid": Page(R("stakeholder_grid"), READ),
    "organisation_create": Page(R("register_create", "organisations"), EDIT),
    "organisation_edit": Page(R("register_edit", "organisations", lambda: _org().pk), EDIT),
    "theme_create": Page(R("register_create", "themes"), EDIT),
    "organisation_remove": Page(R("register_remove", "organisations", lambda: _org().pk), POST_ONLY),
    "stakeholder_assess": Page(R("stakeholder_assess", lambda: _stakeholder().pk), POST_ONLY),
}
CASES = cases(MATRIX)


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "username", "expected"), CASES)
def test_register_role_matrix(open_as, page, username, expected):
    assert open_as(username, MATRIX[page]).status_code == expected


@pytest.mark.django_db
def test_a_row_of_another_region_is_not_found_even_by_its_number(client_for):
    zeeland_org = Organisation.objects.get(name="Veilig Thuis Zeeland")
    url = reverse("governance:register_detail", args=["flevoland", "organisations", zeeland_org.pk])
    assert client_for("projectleider").get(url).status_code == 404


@pytest.mark.django_db
def test_every_region_starts_with_domains_themes_and_phases():
    for region in Region.objects.all():
        assert Domain.objects.filter(region=region).count() == 6
        assert Theme.objects.filter(region=region).count() == 12
        assert list(Phase.objects.filter(region=region).values_list("name", flat=True)) == [
            "Veiligheid", "Risicogestuurde zorg", "Herstel"]


@pytest.mark.django_db
def test_project_leader_adds_an_organisation_and_it_is_audited(client_for, demo_user):
    social = Domain.objects.get(region__slug="flevoland", name="Sociaal domein")
    urk = Region.objects.get(slug="flevoland").municipalities.get(code="GM0184")
    create = reverse("governance:register_create", args=["flevoland", "organisations"])
    response = client_for("projectleider").post(create, {
        "name": "Buurtteam Urk-Oost", "type": OrganisationType.LOCAL_TEAM, "domain": social.pk,
        "municipalities": [urk.pk],
    })
    organisation = Organisation.objects.get(name="Buurtteam Urk-Oost")
    assert response.status_code == 302 and organisation.region.slug == "flevoland"
    assert list(organisation.municipalities.all()) == [urk]
    entries = LogEntry.objects.get_for_object(organisation)
    assert entries.filter(action=LogEntry.Action.CREATE).exists()
    assert {entry.actor for entry in entries} == {demo_user("projectleider")}


@pytest.mark.django_db
def test_a_domain_of_another_region_cannot_be_chosen(client_for):
    zeeland_domain = Domain.objects.filter(region__slug="zeeland").first()
    create = reverse("governance:register_create", args=["flevoland", "organisations"])
    response = client_for("projectleider").post(create, {
        "name": "Iets", "type": OrganisationType.OTHER, "domain": zeeland_domain.pk,
    })
    assert response.status_code == 200 and "domain" in response.context["form"].errors
    assert 'value="Iets"' in response.content.decode()


@pytest.mark.django_db
def test_an_edit_on_an_old_version_is_refused_and_keeps_the_input(client_for):
    organisation = _org()
    url = reverse("governance:register_edit", args=["flevoland", "organisations", organisation.pk])
    data = {"name": "Veilig Thuis Flevoland (VT)", "type": organisation.type, "domain": organisation.domain_id,
            "version": organisation.version}
    client = client_for("projectleider")
    assert client.post(url, data).status_code == 302
    conflict = client.post(url, data | {"name": "Een andere naam"})
    assert conflict.status_code == 200
    assert "Iemand anders" in conflict.content.decode()
    assert conflict.context["form"]["name"].value() == "Een andere naam"
    organisation.refresh_from_db()
    assert organisation.name == "Veilig Thuis Flevoland (VT)"


@pytest.mark.django_db
def test_an_organisation_with_stakeholders_cannot_be_removed(client_for):
    organisation = _org()
    response = client_for("projectleider").post(
        reverse("governance:register_remove", args=["flevoland", "organisations", organisation.pk]),
        {"version": organisation.version}, follow=True)
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert "wordt nog gebruikt" in response.content.decode()


@pytest.mark.django_db
def test_assessments_keep_history_and_the_newest_is_the_current_position(client_for, demo_user):
    stakeholder = _stakeholder()
    url = reverse("governance:stakeholder_assess", args=["flevoland", stakeholder.pk])
    client = client_for("projectleider")
    client.post(url, {"assessed_on": date.today().isoformat(), "influence": 5, "interest": 1})
    client.post(url, {"assessed_on": (date.today() - timedelta(days=30)).isoformat(), "influence": 1, "interest": 5})
    grid = power_interest_grid(user=demo_user("projectleider"), region=stakeholder.region)
    point = next(p for p in grid.points if p.stakeholder.pk == stakeholder.pk)
    assert (point.influence, point.interest) == (5, 1)
    assert stakeholder.assessments.count() >= 2


@pytest.mark.django_db
def test_an_assessment_in_the_future_is_refused(client_for):
    stakeholder = _stakeholder()
    before = stakeholder.assessments.count()
    response = client_for("projectleider").post(
        reverse("governance:stakeholder_assess", args=["flevoland", stakeholder.pk]),
        {"assessed_on": (date.today() + timedelta(days=3)).isoformat(), "influence": 3, "interest": 3})
    assert response.status_code == 200
    assert "toekomst" in response.content.decode()
    assert stakeholder.assessments.count() == before


@pytest.mark.django_db
def test_filters_and_the_csv_export_agree(client_for):
    client = client_for("wethouder")
    listing = client.get(reverse("governance:register_list", args=["flevoland", "organisations"]),
                         {"type": OrganisationType.POLICE})
    assert listing.context["page"].paginator.count == 5
    export = client.get(reverse("governance:register_export", args=["flevoland", "organisations"]),
                        {"type": OrganisationType.POLICE})
    lines = export.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("name,type,domain") and len(lines) == 6
    assert all("police" in line for line in lines[1:])


def _grow_register(extra: int) -> None:
    """More organisations (each serving two municipalities), stakeholders and assessments."""
    flevoland = Region.objects.get(slug="flevoland")
    domain = Domain.objects.filter(region=flevoland).first()
    municipalities = list(flevoland.municipalities.all()[:2])
    for index in range(extra):
        organisation = Organisation.objects.create(region=flevoland, name=f"Extra {index}", type="other", domain=domain)
        organisation.municipalities.set(municipalities)
        person = Stakeholder.objects.create(region=flevoland, name=f"Persoon {index}", function="x",
                                            organisation=organisation, level="operational")
        StakeholderAssessment.objects.create(stakeholder=person, assessed_on=date.today(), influence=3, interest=3)


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
        client.get(reverse("governance:register_detail", args=["flevoland", "organisations", _org().pk]))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("governance:stakeholder_grid", args=["flevoland"]))
    assert "<svg" in response.content.decode()


@pytest.mark.django_db
def test_an_edit_without_a_version_is_refused(client_for):
    organisation = _org()
    response = client_for("projectleider").post(
        reverse("governance:register_edit", args=["flevoland", "organisations", organisation.pk]),
        {"name": "Zonder versie", "type": organisation.type, "domain": organisation.domain_id})
    assert response.status_code == 200
    organisation.refresh_from_db()
    assert organisation.name == "Veilig Thuis Flevoland"


@pytest.mark.django_db
def test_a_conflict_shows_what_the_other_person_saved(client_for):
    organisation = _org()
    url = reverse("governance:register_edit", args=["flevoland", "organisations", organisation.pk])
    base = {"type": organisation.type, "domain": organisation.domain_id, "version": organisation.version}
    client = client_for("projectleider")
    client.post(url, base | {"name": "Veilig Thuis Flevoland", "notes": "Nieuwe afspraak met de politie"})
    conflict = client.post(url, base | {"name": "Veilig Thuis Flevoland", "notes": "Mijn eigen tekst"})
    content = conflict.content.decode()
    assert "Nieuwe afspraak met de politie" in content and "Mijn eigen tekst" in content


@pytest.mark.django_db
def test_a_merged_municipality_stays_linked_when_an_organisation_is_saved(client_for):
    organisation = _org()
    urk = organisation.municipalities.get(code="GM0184")
    urk.is_active = False
    urk.save()
    client_for("projectleider").post(
        reverse("governance:register_edit", args=["flevoland", "organisations", organisation.pk]),
        {"name": organisation.name, "type": organisation.type, "domain": organisation.domain_id,
         "municipalities": list(organisation.municipalities.values_list("pk", flat=True)),
         "version": organisation.version})
    assert organisation.municipalities.filter(code="GM0184").exists()


@pytest.mark.django_db
def test_csv_cells_that_look_like_formulas_stay_text(client_for):
    organisation = _org()
    organisation.notes = "=HYPERLINK(\"http://example.org\")"
    organisation.save()
    export = client_for("projectleider").get(reverse("governance:register_export", args=["flevoland", "organisations"]))
    assert "'=HYPERLINK" in export.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_another_regions_export_holds_none_of_flevoland(client_for):
    export = client_for("zeeland-projectleider").get(
        reverse("governance:register_export", args=["zeeland", "organisations"]))
    assert "Flevoland" not in export.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_a_crowded_cell_keeps_its_markers_inside(demo_user):
    flevoland = Region.objects.get(slug="flevoland")
    organisation = _org()
    for index in range(40):
        person = Stakeholder.objects.create(region=flevoland, name=f"Druk {index}", function="x",
                                            organisation=organisation, level="operational")
        StakeholderAssessment.objects.create(stakeholder=person, assessed_on=date.today(), influence=3, interest=3)
    grid = power_interest_grid(user=demo_user("projectleider"), region=flevoland)
    low, high = grid.margin + 2 * grid.cell_size, grid.margin + 3 * grid.cell_size
    for point in grid.points:
        if (point.influence, point.interest) == (3, 3):
            assert low <= point.x <= high and low <= point.y <= high
