from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from governance.demo import demo_build
from governance.models import Membership, Region, Role
from tests.logins import login_form


@pytest.mark.django_db
def test_demo_has_one_user_per_role_in_flevoland():
    roles = dict(Membership.objects.filter(user__username__in=[
        "projectleider", "wethouder", "beleidsmedewerker", "teammanager", "beheerder",
    ]).values_list("user__username", "role"))
    assert roles == {
        "projectleider": Role.PROJECT_LEADER, "wethouder": Role.ALDERMAN,
        "beleidsmedewerker": Role.POLICY_OFFICER, "teammanager": Role.TEAM_MANAGER,
        "beheerder": Role.ADMINISTRATOR,
    }
    assert Region.objects.get(slug="flevoland").municipalities.count() == 6


@pytest.mark.django_db
def test_demo_users_can_log_in_with_the_printed_password(client):
    response = client.post("/accounts/login/", login_form("wethouder", "samen-sturen-demo"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing_and_prints_the_logins():
    users = get_user_model().objects.count()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert "projectleider" in out.getvalue() and "samen-sturen-demo" in out.getvalue()
    assert get_user_model().objects.count() == users


@pytest.mark.django_db
def test_demo_is_refused_where_it_is_not_allowed(settings):
    settings.DEMO_ALLOWED = False
    Region.objects.filter(slug="flevoland").update(slug="renamed")  # pretend the database is empty
    with pytest.raises(CommandError, match="refused"):
        call_command("load_demo", stdout=StringIO())


@pytest.mark.django_db
def test_scale_multiplies_regions_and_people():
    # Start from an empty register (the session fixture loaded scale 1): regions take their register along.
    Membership.objects.all().delete()
    Region.objects.all().delete()
    get_user_model().objects.all().delete()
    demo_build(scale=3)
    assert Region.objects.filter(parent__isnull=True).count() == 2 + 2 * 2
    assert Membership.objects.filter(region__slug="flevoland", role=Role.PROJECT_LEADER).count() == 3
