"""Edge cases found in review: the filed reason cannot be edited into the acute path, a filer who
lost access hears nothing more, a failing mail server does not undo or hide a saved step, a merged
municipality does not block edits, and a meeting cannot predate its route."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from escalation.models import Escalation, RouteMeeting
from escalation.services import route_meeting_record
from escalation.workflow import Reason, State
from governance.models import Membership, Municipality

from .test_workflow import file_escalation, take_step, user, walk_to

pytestmark = pytest.mark.django_db


def _edit_data(escalation: Escalation, **changes) -> dict:
    data = {
        "municipality": escalation.municipality_id, "title": escalation.title,
        "organisations": [o.pk for o in escalation.organisations.all()], "agreement": "",
        "case_code": escalation.case_code, "description": escalation.description, "question": escalation.question,
        "version": escalation.version,
    }
    return data | changes


def test_the_reason_cannot_be_edited_into_the_acute_path(client_for):
    escalation = file_escalation(reason=Reason.COOPERATION)
    url = reverse("escalation:edit", args=["flevoland", escalation.pk])
    response = client_for("beleidsmedewerker").post(url, _edit_data(escalation, reason=Reason.SAFETY))
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.reason == Reason.COOPERATION
    detail = client_for("beleidsmedewerker").get(reverse("escalation:detail", args=["flevoland", escalation.pk]))
    assert "acute-route_2" not in detail.content.decode()


def test_a_filer_who_lost_access_gets_no_more_mail(django_capture_on_commit_callbacks):
    escalation = file_escalation(actor="teammanager", municipality="GM0034")
    Membership.objects.filter(user=user("teammanager")).delete()
    with django_capture_on_commit_callbacks(execute=True):
        take_step(escalation, "start-route_1")
    assert all(user("teammanager").email not in message.to for message in mail.outbox)


def test_a_failing_mail_server_does_not_turn_a_saved_step_into_an_error(client_for, settings, monkeypatch):
    escalation = file_escalation()

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    client = client_for("beleidsmedewerker")
    url = reverse("escalation:step", args=["flevoland", escalation.pk, "start-route_1"])
    response = client.post(url, {"version": escalation.version, "reason": "Teammanagers plannen overleg."})
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.state == State.ROUTE_1


def test_an_escalation_of_a_merged_municipality_can_still_be_edited(client_for):
    escalation = file_escalation(municipality="GM0050")
    Municipality.objects.filter(code="GM0050").update(is_active=False)
    url = reverse("escalation:edit", args=["flevoland", escalation.pk])
    response = client_for("beleidsmedewerker").post(url, _edit_data(escalation, title="Nieuwe omschrijving"))
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.title == "Nieuwe omschrijving"
    new_form = client_for("beleidsmedewerker").get(reverse("escalation:create", args=["flevoland"]))
    assert "Zeewolde" not in str(new_form.context["form"]["municipality"])


def test_a_meeting_cannot_predate_the_route_it_belongs_to():
    escalation = walk_to(State.ROUTE_2)
    meeting = RouteMeeting(held_on=timezone.localdate() - timedelta(days=30), outcome="Overleg gevoerd.")
    with pytest.raises(Exception) as raised:
        route_meeting_record(actor=user("beleidsmedewerker"), escalation=escalation, meeting=meeting, participants=[])
    assert "held_on" in raised.value.message_dict
    assert not RouteMeeting.objects.filter(escalation=escalation).exists()


def test_an_identifier_in_a_step_reason_is_shown_at_the_reason_field(client_for):
    escalation = file_escalation()
    url = reverse("escalation:step", args=["flevoland", escalation.pk, "start-route_1"])
    response = client_for("beleidsmedewerker").post(url, {"version": escalation.version,
                                                          "reason": "Bel de moeder op 06-12345678."})
    assert response.status_code == 200
    assert response.context["form"].errors.get("reason")
