"""Rules around granting roles that keep people inside their own reach."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.urls import reverse

from common.audit import acting_as
from governance.models import Membership, Municipality, Region, Role


def _scope(obj) -> str:
    return f"{'region' if isinstance(obj, Region) else 'municipality'}:{obj.pk}"


@pytest.fixture
def noord_admin(django_user_model, db):
    user = django_user_model.objects.create_user("noord-beheer", email="beheer@noord.example")
    Membership.objects.create(user=user, region=Region.objects.get(slug="flevoland-noord"), role=Role.ADMINISTRATOR)
    return user


@pytest.mark.django_db
def test_a_subregion_administrator_cannot_open_the_parent_region_through_a_municipality_role(client, noord_admin):
    client.force_login(noord_admin)
    response = client.post(reverse("governance:member_add", args=["flevoland-noord"]), {
        "email": noord_admin.email, "role": Role.ALDERMAN, "scope": _scope(Municipality.objects.get(code="GM0184")),
    })
    assert response.status_code == 200
    assert "Veilig Thuis Flevoland" in response.content.decode()
    assert not Membership.objects.filter(user=noord_admin, municipality__isnull=False).exists()
    assert client.get(reverse("governance:region_detail", args=["flevoland"])).status_code == 404


@pytest.mark.django_db
def test_a_region_administrator_may_grant_municipality_roles(client_for):
    response = client_for("beheerder").post(reverse("governance:member_add", args=["flevoland"]), {
        "email": "w@urk.example", "role": Role.ALDERMAN, "scope": _scope(Municipality.objects.get(code="GM0184")),
    })
    assert response.status_code == 302


@pytest.mark.django_db
def test_unusual_but_valid_addresses_are_accepted(client_for):
    response = client_for("beheerder").post(reverse("governance:member_add", args=["flevoland"]), {
        "email": "j.d'hondt@almere.example", "role": Role.TEAM_MANAGER,
        "scope": _scope(Region.objects.get(slug="flevoland")),
    })
    assert response.status_code == 302
    assert Membership.objects.filter(user__email="j.d'hondt@almere.example").exists()


@pytest.mark.django_db
def test_after_an_edit_conflict_a_deliberate_resubmit_succeeds(client_for):
    membership = Membership.objects.get(user__username="beleidsmedewerker")
    url = reverse("governance:member_edit", args=["flevoland", membership.pk])
    client = client_for("beheerder")
    stale = membership.version
    client.post(url, {"role": Role.PROJECT_LEADER, "scope": _scope(membership.region), "version": stale})
    conflict = client.post(url, {"role": Role.ALDERMAN, "scope": _scope(membership.region), "version": stale})
    form = conflict.context["form"]
    assert form["role"].value() == Role.ALDERMAN, "what was typed is kept"
    resubmit = client.post(url, {"role": Role.ALDERMAN, "scope": _scope(membership.region),
                                 "version": form["version"].value()})
    assert resubmit.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.ALDERMAN


@pytest.mark.django_db
def test_a_move_shows_in_the_history_of_the_place_left(client_for, demo_user):
    membership = Membership.objects.get(user__username="zeeland-projectleider")
    with acting_as(demo_user("zeeland-beheerder")):
        membership.region = Region.objects.get(slug="flevoland")
        membership.save()
    with acting_as(demo_user("zeeland-beheerder")):
        membership.delete()
    content = client_for("zeeland-beheerder").get(reverse("governance:region_history", args=["zeeland"])).content
    assert "Veilig Thuis Flevoland" in content.decode()


@pytest.mark.django_db
def test_acting_as_an_anonymous_user_records_no_actor(demo_user):
    membership = Membership.objects.get(user__username="wethouder")
    with acting_as(AnonymousUser()):
        membership.role = Role.POLICY_OFFICER
        membership.save()


@pytest.mark.django_db
def test_an_invited_person_whose_link_expired_can_ask_for_a_new_one(client, django_user_model):
    user = django_user_model.objects.create(username="invited", email="invited@example.org")
    user.set_unusable_password()
    user.save()
    client.post(reverse("password_reset"), {"email": "invited@example.org"})
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_region_cannot_be_made_part_of_itself():
    from django.core.exceptions import ValidationError

    flevoland = Region.objects.get(slug="flevoland")
    flevoland.parent = Region.objects.get(slug="flevoland-noord")
    with pytest.raises(ValidationError):
        flevoland.full_clean()
