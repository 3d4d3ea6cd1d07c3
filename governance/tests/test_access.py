import pytest

from governance.access import access_build
from governance.models import Membership, Municipality, Region, Role
from governance.roles import Perm


@pytest.mark.django_db
def test_region_role_reaches_subregions(demo_user):
    access = access_build(demo_user("beheerder"))
    noord = Region.objects.get(slug="flevoland-noord")
    assert Perm.MANAGE_MEMBERS in access.perms_in(noord.id)


@pytest.mark.django_db
def test_municipality_role_reads_the_regions_around_it_but_cannot_manage(demo_user):
    user = demo_user("teammanager")
    Membership.objects.create(user=user, municipality=Municipality.objects.get(code="GM0034"), role=Role.ADMINISTRATOR)
    access = access_build(user)
    flevoland = Region.objects.get(slug="flevoland")
    assert access.perms_in(flevoland.id) == {Perm.VIEW_REGION, Perm.PRINT_REGION, Perm.VIEW_REGISTER}
    assert Region.objects.get(slug="flevoland-noord").id not in access.region_ids
    assert Municipality.objects.get(code="GM0034").id in access.municipality_ids
    assert Municipality.objects.get(code="GM0184").id not in access.municipality_ids


@pytest.mark.django_db
def test_a_user_without_memberships_sees_nothing(django_user_model, client):
    user = django_user_model.objects.create_user("nieuw", password="x")
    assert access_build(user).is_empty
    client.force_login(user)
    assert "Veilig Thuis Flevoland" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_an_inactive_user_has_no_access(demo_user):
    user = demo_user("projectleider")
    user.is_active = False
    assert access_build(user).is_empty
