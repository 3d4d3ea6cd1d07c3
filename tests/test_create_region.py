"""Issue 23, item 5: a real region started from nothing, by `manage.py create_region` or the Django admin:
its municipalities by CBS code, its first administrator invited, all or nothing, nothing else; and its
start page's first steps, ticking off as they are done."""
from __future__ import annotations

import html
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.models import OutboxMail
from governance.models import Domain, GovernanceTable, Invitation, Membership, Organisation, Phase, Region, Role, Theme
from governance.services import invitation_accept, invitation_create
from reporting.first_steps import first_steps_for
from reporting.models import Figure
from tests import factories as f

pytestmark = pytest.mark.django_db

CODES = ["GM0402", "GM0406", "GM0417"]  # Hilversum, Huizen, Laren (NH.): in no demo region


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("platform", email="platform@example.org", is_staff=True,
                                                 is_superuser=True)


def _create(*codes: str, name: str = "Veilig Thuis Gooi en Vechtstreek", email: str = "beheer@gooi.example.org",
            **options) -> str:
    out = StringIO()
    call_command("create_region", name, "--municipalities", *(codes or CODES), "--administrator", email,
                 "--by", options.pop("by", "platform"), stdout=out, **options)
    return out.getvalue()


def _nothing_changed(regions: int, mails: int, users: int) -> None:
    assert (Region.objects.count(), OutboxMail.objects.count(), get_user_model().objects.count()) == (
        regions, mails, users)


@pytest.fixture
def before(staff):
    return Region.objects.count(), OutboxMail.objects.count(), get_user_model().objects.count()


def test_the_command_creates_the_region_with_its_municipalities_and_invites_its_administrator(staff):
    output = _create(first_name="Sanne", last_name="de Wit")
    region = Region.objects.get(slug="veilig-thuis-gooi-en-vechtstreek")
    assert sorted(region.municipalities.values_list("code", flat=True)) == CODES
    assert region.safety_region.code == "VR14"  # the one its municipalities share
    invitation = Invitation.objects.get(region=region)
    assert (invitation.email, invitation.role, invitation.scope_region, invitation.invited_by) == (
        "beheer@gooi.example.org", Role.ADMINISTRATOR, region, staff)
    assert not Membership.objects.filter(region=region).exists()  # the role starts when accepted
    assert OutboxMail.objects.filter(to="beheer@gooi.example.org").count() == 1
    # No demo data, no vocabulary: the first steps are the region's own.
    for model in (Domain, Theme, Phase, Organisation, GovernanceTable, Figure):
        assert not model.objects.filter(region=region).exists(), model
    assert "Hilversum (GM0402)" in output and "Invited beheer@gooi.example.org" in output


def test_the_command_takes_codes_separated_by_commas_and_a_slug(staff):
    _create("GM0402,GM0406", "gm0417", slug="gooi")
    assert Region.objects.get(slug="gooi").municipalities.count() == 3


@pytest.mark.parametrize(("codes", "options", "message"), [
    (["GM0402", "GM9998"], {}, "GM9998 is not a municipality of the reference geography"),
    (["GM0402", "0406"], {}, "“0406” is not a CBS municipality code: GM and four digits"),
    (["GM0402"], {"name": "Veilig Thuis Flevoland"}, "A region named “Veilig Thuis Flevoland” exists already"),
    (["GM0402"], {"slug": "flevoland"}, "The short name “flevoland” is taken by another region"),
    (["GM0402"], {"email": "geen-adres"}, "“geen-adres” is not an e-mail address"),
    (["GM0402"], {"email": "platform@example.org"}, "Nobody can grant, change or remove their own roles"),
])
def test_the_command_refuses_and_creates_nothing(before, settings, codes, options, message):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(CommandError) as refused:
        _create(*codes, **options)
    assert "Nothing was created" in str(refused.value) and message in str(refused.value)
    _nothing_changed(*before)


def test_a_merged_municipality_is_refused_with_what_to_do(before, settings):
    settings.LANGUAGE_CODE = "en"
    f.municipality(code="GM9001", name="Opgeheven", is_active=False, inactive_since=date(2025, 1, 1))
    with pytest.raises(CommandError, match="GM9001 .Opgeheven. no longer exists since 2025-01-01"):
        _create("GM0402", "GM9001")
    _nothing_changed(*before)


def test_every_refusal_is_listed_at_once(before, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(CommandError) as refused:
        _create("GM9998", "GM9997", name="Veilig Thuis Flevoland")
    assert all(text in str(refused.value) for text in ("GM9998", "GM9997", "exists already"))


def test_the_command_needs_a_staff_account_to_invite_as(before):
    f.user(username="iemand")
    with pytest.raises(CommandError, match="No active staff account 'iemand'"):
        _create(by="iemand")


def test_a_municipality_of_another_region_is_allowed_but_said(staff):
    output = _create("GM0034", "GM0402")  # Almere lies in Flevoland
    assert "Almere (GM0034) is also part of Veilig Thuis Flevoland" in output
    assert Region.objects.filter(municipalities__code="GM0034").count() >= 2


def test_a_subregion_groups_some_of_its_regions_municipalities_and_needs_no_administrator(staff):
    output = _create("GM0034", "GM0050", name="Flevoland-Zuidwest", email="", part_of="flevoland")
    subregion = Region.objects.get(name="Flevoland-Zuidwest")
    assert subregion.parent.slug == "flevoland" and subregion.municipalities.count() == 2
    assert not Invitation.objects.filter(region=subregion).exists() and not OutboxMail.objects.exists()
    assert "also part of" not in output and "its administrators administer it" in output


def test_a_subregion_is_refused_a_municipality_outside_its_region(before, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(CommandError, match="not part of Veilig Thuis Flevoland: GM0402"):
        _create("GM0034", "GM0402", name="Flevoland-Gooi", email="", part_of="flevoland")
    _nothing_changed(*before)


# --- the Django admin ---------------------------------------------------------------------------------

def test_the_admin_starts_a_region_the_same_way(client, staff):
    client.force_login(staff)
    url = reverse("admin:governance_region_add")
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Veilig Thuis Gooi en Vechtstreek", "slug": "",
                                 "municipalities": "GM0402, GM0406\nGM0417",
                                 "administrator_email": "beheer@gooi.example.org", "first_name": "", "last_name": ""})
    region = Region.objects.get(slug="veilig-thuis-gooi-en-vechtstreek")
    assert response.status_code == 302 and response["Location"] == reverse("admin:governance_region_change",
                                                                           args=[region.pk])
    assert region.municipalities.count() == 3
    assert Invitation.objects.get(region=region).role == Role.ADMINISTRATOR
    assert not Domain.objects.filter(region=region).exists()


def test_the_admin_refuses_an_unknown_code_and_creates_nothing(client, staff, before):
    client.force_login(staff)
    response = client.post(reverse("admin:governance_region_add"), {
        "name": "Veilig Thuis Gooi", "municipalities": "GM0402 GM9998", "administrator_email": "b@gooi.example.org"},
        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Nothing was created" in page and "GM9998 is not a municipality of the reference geography" in page
    _nothing_changed(*before)


# --- first steps --------------------------------------------------------------------------------------

@pytest.fixture
def young(staff):
    """A region just created, its administrator's invitation accepted, and a project leader."""
    _create()
    region = Region.objects.get(slug="veilig-thuis-gooi-en-vechtstreek")
    invitation = Invitation.objects.get(region=region)
    invitation_accept(actor=invitation.user, invitation=invitation)
    leader = f.member(region, Role.PROJECT_LEADER)
    return region, invitation.user, leader


def _steps_section(response) -> str:
    page = html.unescape(response.content.decode())
    start = page.find('id="first-steps-')
    return page[start:page.find("</section>", start)] if start >= 0 else ""


def test_the_administrators_start_page_lists_the_first_steps_with_what_is_theirs_to_do(client, young):
    region, administrator, _leader = young
    client.force_login(administrator)
    steps = _steps_section(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en"))
    assert "0 of 5 done" in steps
    assert reverse("governance:member_add", args=[region.slug]) in steps  # people: theirs
    assert reverse("reporting:figures_import", args=[region.slug]) not in steps
    assert steps.count("The project leader does this.") == 4


def test_the_project_leaders_dashboard_lists_the_steps_and_they_tick_off_until_the_list_goes(client, young):
    region, administrator, leader = young
    client.force_login(leader)
    dashboard = reverse("reporting:dashboard", args=[region.slug])
    steps = _steps_section(client.get(dashboard, HTTP_ACCEPT_LANGUAGE="en"))
    for url in (reverse("reporting:first_steps_vocabulary", args=[region.slug]),
                reverse("governance:register_import", args=[region.slug, "organisations"]),
                reverse("governance:register_create", args=[region.slug, "tables"]),
                reverse("reporting:figures_import", args=[region.slug])):
        assert url in steps
    assert "The functional administrator does this." in steps

    response = client.post(reverse("reporting:first_steps_vocabulary", args=[region.slug]), {"next": dashboard})
    assert response.status_code == 302 and response["Location"] == dashboard
    assert Domain.objects.filter(region=region).exists() and Phase.objects.filter(region=region).exists()
    assert "1 of 5 done" in _steps_section(client.get(dashboard, HTTP_ACCEPT_LANGUAGE="en"))

    f.organisation(region)
    f.table(region)
    municipality = region.municipalities.first()
    Figure.objects.create(region=region, area_code=municipality.code, municipality=municipality, kind="reports",
                          period="2025HJ01", value=40)
    assert "4 of 5 done" in _steps_section(client.get(dashboard, HTTP_ACCEPT_LANGUAGE="en"))
    invitation_create(actor=administrator, region=region, email="wethouder@gooi.example.org", first_name="",
                      last_name="", role=Role.ALDERMAN, scope=region)
    assert _steps_section(client.get(dashboard)) == ""  # all done: the list is gone
    client.force_login(administrator)
    assert _steps_section(client.get(reverse("home"))) == ""


def test_a_region_whose_steps_are_done_shows_none(client_for):
    assert _steps_section(client_for("projectleider").get(reverse("home"))) == ""
    assert _steps_section(client_for("beheerder").get(reverse("home"))) == ""


def test_the_first_steps_of_any_number_of_regions_take_one_query(young):
    region, administrator, _leader = young
    first_steps_for(user=administrator, regions=[region])  # the access, read once per request
    with CaptureQueriesContext(connection) as one:
        first_steps_for(user=administrator, regions=[region])
    for number, code in enumerate(["GM0358", "GM0197"]):
        _create(code, name=f"Regio {number}", email=f"beheer{number}@example.org")
        Membership.objects.create(user=administrator, region=Region.objects.get(name=f"Regio {number}"),
                                  role=Role.ADMINISTRATOR)
    administrator = get_user_model().objects.get(pk=administrator.pk)  # a new request's
    regions = list(Region.objects.filter(memberships__user=administrator))
    first_steps_for(user=administrator, regions=[])
    with CaptureQueriesContext(connection) as three:
        found = first_steps_for(user=administrator, regions=regions)
    assert len(found) == 3 and len(three) == len(one) == 1


def test_the_vocabulary_button_is_the_project_leaders(client, young):
    region, administrator, _leader = young
    client.force_login(administrator)
    assert client.post(reverse("reporting:first_steps_vocabulary", args=[region.slug])).status_code == 403
    assert not Domain.objects.filter(region=region).exists()


def test_the_admin_adds_a_subregion_without_an_administrator(client, staff):
    client.force_login(staff)
    flevoland = Region.objects.get(slug="flevoland")
    response = client.post(reverse("admin:governance_region_add"), {
        "name": "Flevoland-Zuidwest", "municipalities": "GM0034 GM0050", "administrator_email": "",
        "parent": flevoland.pk})
    assert response.status_code == 302
    assert Region.objects.get(name="Flevoland-Zuidwest").parent == flevoland
