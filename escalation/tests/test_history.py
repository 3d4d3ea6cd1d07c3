"""Escalations are audited, and their history is read only by those who may read escalations."""
from __future__ import annotations

import pytest
from django.urls import reverse

from escalation.models import Escalation
from escalation.services import escalation_file
from escalation.workflow import Reason
from governance.models import Organisation, Region

pytestmark = pytest.mark.django_db


def _file(demo_user) -> Escalation:
    region = Region.objects.get(slug="flevoland")
    escalation = Escalation(region=region, reason=Reason.COOPERATION,
                            municipality=region.municipalities.get(code="GM0995"),
                            title="Afstemming over bereikbaarheid verloopt stroef", description="Beschrijving.",
                            question="Vraag.")
    return escalation_file(actor=demo_user("beleidsmedewerker"), escalation=escalation,
                           organisations=list(Organisation.objects.filter(region=region)[:2]))


def test_filing_is_on_the_audit_trail_for_the_project_leader_but_not_the_administrator(demo_user, client_for):
    escalation = _file(demo_user)
    history = reverse("governance:region_history", args=["flevoland"])
    leader_page = client_for("projectleider").get(history).content.decode()
    assert escalation.title in leader_page and "Joost Bakker" in leader_page
    admin_page = client_for("beheerder").get(history)
    assert admin_page.status_code == 200 and escalation.title not in admin_page.content.decode()
