"""The audit hook: changes are filed with the acting user, and with no actor when nobody acts; a person
the trail names as actor is never deleted."""
from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import ProtectedError

from common.audit import acting_as
from governance.models import Membership, Role


@pytest.mark.django_db
def test_acting_as_an_anonymous_user_records_no_actor():
    membership = Membership.objects.get(user__username="wethouder")
    with acting_as(AnonymousUser()):
        membership.role = Role.POLICY_OFFICER
        membership.save()
    entry = LogEntry.objects.get_for_object(membership).order_by("-pk").first()
    assert entry.action == LogEntry.Action.UPDATE and entry.actor is None


# --- The trail keeps its actor: a person who acted is deactivated, never deleted ------------------------

def _acted(user) -> list[tuple]:
    """The entries that name `user` as their actor, as stored."""
    return list(LogEntry.objects.filter(actor=user).order_by("pk").values_list("pk", "actor_id", "actor_email"))


@pytest.mark.django_db
def test_a_person_named_by_entries_cannot_be_deleted_one_by_one_or_in_bulk(demo_user, django_user_model):
    wethouder = demo_user("wethouder")
    membership = Membership.objects.get(user__username="projectleider")
    with acting_as(wethouder):
        membership.role = Role.POLICY_OFFICER
        membership.save()
    entries = _acted(wethouder)
    assert entries
    with pytest.raises(ProtectedError, match="deactivate"), transaction.atomic():
        wethouder.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        django_user_model.objects.filter(pk=wethouder.pk).delete()
    assert django_user_model.objects.filter(pk=wethouder.pk).exists() and _acted(wethouder) == entries
    wethouder.is_active = False  # what to do instead
    wethouder.save()
    assert _acted(wethouder)[:len(entries)] == entries


@pytest.mark.django_db
def test_a_person_who_never_acted_can_be_deleted(django_user_model):
    invited = django_user_model.objects.create_user("never-came", email="never@samensturen.example")
    invited.delete()
    assert not django_user_model.objects.filter(username="never-came").exists()
