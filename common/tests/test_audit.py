"""The audit hook: changes are filed with the acting user, and with no actor when nobody acts."""
from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser

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
