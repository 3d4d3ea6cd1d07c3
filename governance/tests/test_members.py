import re

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from common.audit import acting_as
from governance.models import Invitation, Membership, Municipality, Region, Role
from governance.services import invitation_create, membership_delete
from tests import factories


def _scope(obj) -> str:
    return f"{'region' if isinstance(obj, Region) else 'municipality'}:{obj.pk}"


@pytest.fixture
def flevoland(db):
    return Region.objects.get(slug="flevoland")


@pytest.mark.django_db
def test_adding_a_new_person_invites_them_and_the_link_sets_password_and_role(
        client, client_for, flevoland, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("beheerder").post(reverse("governance:member_add", args=["flevoland"]), {
            "email": "j.devries@lelystad.example", "first_name": "Jan", "last_name": "de Vries",
            "role": Role.POLICY_OFFICER, "scope": _scope(Municipality.objects.get(code="GM0995")),
        })
    assert response.status_code == 302
    person = get_user_model().objects.get(email="j.devries@lelystad.example")
    assert not person.has_usable_password() and not person.memberships.exists()  # nothing until they act
    (message,) = mail.outbox
    link = re.search(r"http\S+/accounts/security/enrol/\S+/", message.body).group()
    client.post(reverse("logout"))
    page = client.get(link)
    assert "Lelystad" in page.content.decode()  # the role that choosing a password accepts
    response = client.post(link, {"new_password1": "een-lang-wachtwoord-42", "new_password2": "een-lang-wachtwoord-42"})
    assert response.status_code == 302
    membership = Membership.objects.get(user=person)
    assert membership.municipality.name == "Lelystad" and membership.role == Role.POLICY_OFFICER
    person.refresh_from_db()
    assert person.check_password("een-lang-wachtwoord-42")


@pytest.mark.django_db
def test_adding_an_existing_address_only_invites_that_person(client_for, demo_user):
    client_for("beheerder").post(reverse("governance:member_add", args=["flevoland"]), {
        "email": demo_user("wethouder").email.upper(), "role": Role.PROJECT_LEADER,
        "scope": _scope(Region.objects.get(slug="flevoland-noord")),
    })
    assert set(demo_user("wethouder").memberships.values_list("role", flat=True)) == {Role.ALDERMAN}
    assert Invitation.objects.pending().get(user=demo_user("wethouder")).role == Role.PROJECT_LEADER


@pytest.mark.django_db
def test_a_duplicate_role_is_refused_and_the_form_keeps_the_input(client_for, demo_user, flevoland):
    response = client_for("beheerder").post(reverse("governance:member_add", args=["flevoland"]), {
        "email": demo_user("wethouder").email, "first_name": "Typed", "role": Role.ALDERMAN,
        "scope": _scope(flevoland),
    })
    assert response.status_code == 200
    content = response.content.decode()
    assert "heeft deze rol daar al" in content or "already has this role" in content
    assert 'value="Typed"' in content


@pytest.mark.django_db
def test_missing_fields_rerender_with_messages(client_for):
    response = client_for("beheerder").post(reverse("governance:member_add", args=["flevoland"]), {"first_name": "Ann"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"email", "role", "scope"}
    assert 'value="Ann"' in response.content.decode()


@pytest.mark.django_db
def test_a_scope_outside_the_region_cannot_be_chosen(client_for):
    response = client_for("beheerder").post(reverse("governance:member_add", args=["flevoland"]), {
        "email": "x@example.org", "role": Role.ALDERMAN,
        "scope": _scope(Municipality.objects.get(code="GM1695")),  # Veere, Zeeland
    })
    assert response.status_code == 200 and "scope" in response.context["form"].errors
    assert not Membership.objects.filter(user__email="x@example.org").exists()


@pytest.mark.django_db
def test_changing_a_role_is_audited_with_who_and_before_after(client_for, demo_user):
    membership = Membership.objects.get(user__username="beleidsmedewerker")
    client_for("beheerder").post(reverse("governance:member_edit", args=["flevoland", membership.pk]), {
        "role": Role.PROJECT_LEADER, "scope": _scope(membership.region), "version": membership.version,
    })
    entry = LogEntry.objects.get_for_object(membership).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == demo_user("beheerder")
    assert entry.changes_dict["role"] == ["policy_officer", "project_leader"]
    history = client_for("beheerder").get(reverse("governance:region_history", args=["flevoland"]))
    assert "Beleidsmedewerker → Regionaal projectleider" in history.content.decode()


@pytest.mark.django_db
def test_an_edit_based_on_an_old_version_does_not_overwrite(client_for):
    membership = Membership.objects.get(user__username="beleidsmedewerker")
    url = reverse("governance:member_edit", args=["flevoland", membership.pk])
    client = client_for("beheerder")
    stale = membership.version
    client.post(url, {"role": Role.PROJECT_LEADER, "scope": _scope(membership.region), "version": stale})
    response = client.post(url, {"role": Role.ALDERMAN, "scope": _scope(membership.region), "version": stale})
    assert response.status_code == 200
    assert "Someone else changed" in response.content.decode() or "Iemand anders" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.PROJECT_LEADER


@pytest.mark.django_db
def test_the_last_administrator_cannot_be_removed(demo_user, flevoland):
    # Through the service: in the app only another administrator could try, and then one remains.
    membership = Membership.objects.get(user__username="beheerder")
    with pytest.raises(ValidationError, match="last functional administrator|laatste functioneel beheerder"):
        membership_delete(actor=demo_user("projectleider"), region=flevoland, membership=membership,
                          version=membership.version)
    assert Membership.objects.filter(pk=membership.pk).exists()


# --- nobody grants themselves a role -------------------------------------------------------------------

OWN = ("Nobody can grant, change or remove their own roles", "Niemand kan eigen rollen")


def _refusals(user) -> list[LogEntry]:
    return list(LogEntry.objects.filter(actor=user, additional_data__has_key="refused"))


@pytest.mark.django_db
def test_an_administrator_cannot_give_themselves_a_role(client_for, demo_user, flevoland):
    admin = demo_user("beheerder")
    before = set(admin.memberships.values_list("pk", flat=True))
    response = client_for("beheerder").post(reverse("governance:member_add", args=["flevoland"]), {
        "email": admin.email.upper(), "role": Role.POLICY_OFFICER, "scope": _scope(flevoland),
    })
    assert response.status_code == 200
    assert any(text in response.content.decode() for text in OWN)
    assert set(admin.memberships.values_list("pk", flat=True)) == before
    [refusal] = _refusals(admin)
    assert refusal.action == LogEntry.Action.CREATE and refusal.additional_data["region_id"] == flevoland.pk
    assert refusal.changes_dict["role"] == [None, Role.POLICY_OFFICER]
    history = client_for("beheerder").get(reverse("governance:region_history", args=["flevoland"])).content.decode()
    assert "creation refused" in history or "aanmaken geweigerd" in history


@pytest.mark.django_db
def test_an_administrator_cannot_change_or_remove_their_own_role(client_for, demo_user, flevoland):
    admin = demo_user("beheerder")
    own = admin.memberships.get(region=flevoland, role=Role.ADMINISTRATOR)
    client = client_for("beheerder")
    page = client.get(reverse("governance:member_edit", args=["flevoland", own.pk])).content.decode()
    assert any(text in page for text in OWN) and 'name="role"' not in page
    response = client.post(reverse("governance:member_edit", args=["flevoland", own.pk]), {
        "role": Role.POLICY_OFFICER, "scope": _scope(flevoland), "version": own.version,
    })
    assert any(text in response.content.decode() for text in OWN)
    response = client.post(reverse("governance:member_remove", args=["flevoland", own.pk]),
                           {"version": own.version}, follow=True)
    assert any(text in str(message) for message in response.context["messages"] for text in OWN)
    own.refresh_from_db()
    assert own.role == Role.ADMINISTRATOR
    assert sorted(entry.action for entry in _refusals(admin)) == [LogEntry.Action.UPDATE, LogEntry.Action.DELETE]
    listing = client.get(reverse("governance:member_list", args=["flevoland"])).content.decode()
    assert reverse("governance:member_edit", args=["flevoland", own.pk]) not in listing


@pytest.mark.django_db
def test_another_administrator_may_offer_the_role(demo_user, flevoland):
    admin = demo_user("beheerder")
    colleague = factories.member(flevoland, Role.ADMINISTRATOR)
    invitation = invitation_create(actor=colleague, region=flevoland, email=admin.email, first_name="",
                                   last_name="", role=Role.POLICY_OFFICER, scope=flevoland)
    assert invitation.user == admin and _refusals(colleague) == []


@pytest.mark.django_db
def test_removing_a_role_is_audited(client_for):
    membership = Membership.objects.get(user__username="wethouder")
    client_for("beheerder").post(reverse("governance:member_remove", args=["flevoland", membership.pk]),
                                 {"version": membership.version})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert LogEntry.objects.filter(action=LogEntry.Action.DELETE, object_pk=str(membership.pk)).exists()


@pytest.mark.django_db
def test_history_of_another_region_stays_hidden(client_for):
    membership = Membership.objects.get(user__username="zeeland-projectleider")
    client_for("zeeland-beheerder").post(reverse("governance:member_edit", args=["zeeland", membership.pk]), {
        "role": Role.POLICY_OFFICER, "scope": _scope(membership.region), "version": membership.version,
    })
    content = client_for("beheerder").get(reverse("governance:region_history", args=["flevoland"])).content.decode()
    assert "zeeland" not in content.lower()


@pytest.mark.django_db
@pytest.mark.parametrize("extra_people", [0, 40])
def test_member_list_query_count_stays_flat(client_for, flevoland, django_user_model, django_assert_max_num_queries,
                                            extra_people):
    for index in range(extra_people):
        user = django_user_model.objects.create_user(f"extra{index}", email=f"extra{index}@example.org")
        Membership.objects.create(user=user, region=flevoland, role=Role.TEAM_MANAGER)
    client = client_for("beheerder")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("governance:member_list", args=["flevoland"])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("changes", [1, 30])
def test_history_query_count_stays_flat(client_for, demo_user, django_assert_max_num_queries, changes):
    from common.audit import acting_as

    membership = Membership.objects.get(user__username="beleidsmedewerker")
    noord = Region.objects.get(slug="flevoland-noord")
    with acting_as(demo_user("beheerder")):
        for index in range(changes):
            membership.region = noord if index % 2 == 0 else membership.region.parent or noord
            membership.role = Role.PROJECT_LEADER if index % 2 == 0 else Role.POLICY_OFFICER
            membership.save()
    client = client_for("beheerder")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("governance:region_history", args=["flevoland"]))
    assert "Flevoland-Noord" in response.content.decode()


@pytest.mark.django_db
def test_a_platform_operator_cannot_give_themselves_a_role_in_the_admin(client, django_user_model, flevoland):
    operator = django_user_model.objects.create_superuser("operator", "operator@samensturen.example", "x" * 20)
    client.force_login(operator)
    response = client.post(reverse("admin:governance_membership_add"), {
        "user": operator.pk, "role": Role.POLICY_OFFICER, "region": flevoland.pk})
    assert response.status_code == 200 and any(text in response.content.decode() for text in OWN)
    assert not Membership.objects.filter(user=operator).exists()
    assert len(_refusals(operator)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("sent", [{}, {"version": "0"}], ids=["no version", "an old version"])
def test_a_removal_that_does_not_name_the_current_version_is_refused(client_for, sent):
    membership = Membership.objects.get(user__username="wethouder")
    response = client_for("beheerder").post(
        reverse("governance:member_remove", args=["flevoland", membership.pk]), sent, follow=True)
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert [message.level_tag for message in response.context["messages"]] == ["error"]


# --- granting stays within reach --------------------------------------------------------------------

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
    assert Invitation.objects.filter(user__email="j.d'hondt@almere.example").exists()


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
