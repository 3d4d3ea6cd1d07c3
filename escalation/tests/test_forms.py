"""The escalation forms as people use them: the filed reason cannot be edited into the acute path,
an escalation of a merged municipality stays editable, and a refused identifier is shown at the
field where it was typed."""
from __future__ import annotations

import pytest
from django.urls import reverse

from escalation.models import Escalation
from escalation.workflow import Reason
from governance.models import Municipality

from .test_workflow import file_escalation

pytestmark = pytest.mark.django_db


def _edit_data(escalation: Escalation, **changes) -> dict:
    data = {
        "municipality": escalation.municipality_id, "title": escalation.title,
        "organisations": [o.pk for o in escalation.organisations.all()], "agreement": "",
        "case_code": escalation.case.code if escalation.case else "", "description": escalation.description,
        "question": escalation.question,
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


def test_an_identifier_in_a_step_reason_is_shown_at_the_reason_field(client_for):
    escalation = file_escalation()
    url = reverse("escalation:step", args=["flevoland", escalation.pk, "start-route_1"])
    response = client_for("beleidsmedewerker").post(url, {"version": escalation.version,
                                                          "reason": "Bel de moeder op 06-12345678."})
    assert response.status_code == 200
    assert response.context["form"].errors.get("reason")
