"""An app plugs into governance without governance naming it: its permissions, navigation item and
region tab come from what it declares in AppConfig.ready() (governance/plugins.py)."""
from __future__ import annotations

import pytest
from django.urls import reverse

from governance import plugins
from governance.models import Role
from governance.roles import ROLE_PERMISSIONS


@pytest.fixture
def declarations():
    """Undo what a test declares, so that the registries stay as the apps left them."""
    saved = (list(plugins.NAV_ITEMS), list(plugins.REGION_TABS), dict(ROLE_PERMISSIONS), list(plugins.DETAIL_LINKS))
    yield
    plugins.NAV_ITEMS[:], plugins.REGION_TABS[:], plugins.DETAIL_LINKS[:] = saved[0], saved[1], saved[3]
    ROLE_PERMISSIONS.clear()
    ROLE_PERMISSIONS.update(saved[2])


@pytest.mark.django_db
def test_a_declared_permission_tab_and_nav_item_appear_for_the_roles_granted(client_for, declarations):
    # A new app would do this in its ready(); the URLs stand in for its own pages.
    plugins.grant({"view_trial"}, to=[Role.PROJECT_LEADER])
    plugins.add_region_tab("Trial tab", "escalation:settings", perm="view_trial", order=40)
    plugins.add_nav_item("Trial nav", "accessibility", shown=lambda access: bool(access.regions_with("view_trial")),
                         order=40)
    page = reverse("governance:region_detail", args=["flevoland"])
    leader = client_for("projectleider").get(page).content.decode()
    assert "Trial tab" in leader and "Trial nav" in leader
    assert reverse("escalation:settings", args=["flevoland"]) in leader
    alderman = client_for("wethouder").get(page).content.decode()
    assert "Trial tab" not in alderman and "Trial nav" not in alderman


@pytest.mark.django_db
def test_a_declared_detail_link_appears_on_that_entity_s_pages_for_the_roles_granted(client_for, declarations):
    from governance.models import GovernanceTable

    plugins.grant({"view_trial"}, to=[Role.PROJECT_LEADER])
    # The URL stands in for an app's page about a table: it takes the region's slug and the row's pk.
    plugins.add_detail_link("tables", "Trial link", "escalation:detail", perm="view_trial")
    table = GovernanceTable.objects.filter(region__slug="flevoland").first()
    page = reverse("governance:register_detail", args=["flevoland", "tables", table.pk])
    leader = client_for("projectleider").get(page).content.decode()
    assert "Trial link" in leader and reverse("escalation:detail", args=["flevoland", table.pk]) in leader
    assert "Trial link" not in client_for("wethouder").get(page).content.decode()
    stakeholder = reverse("governance:register_detail", args=["flevoland", "stakeholders", table.chair_id])
    assert "Trial link" not in client_for("projectleider").get(stakeholder).content.decode()


def test_the_escalation_app_declares_its_own_entries():
    from escalation.demo import escalation_demo_build
    from escalation.permissions import EscalationPerm

    assert any(tab.url_name == "escalation:index" and tab.municipal for tab in plugins.REGION_TABS)
    assert any(item.url_name == "escalation:mine" for item in plugins.NAV_ITEMS)
    assert escalation_demo_build in plugins.DEMO_EXTENSIONS
    assert EscalationPerm.DECIDE in ROLE_PERMISSIONS[Role.POLICY_OFFICER]
    assert EscalationPerm.DECIDE not in ROLE_PERMISSIONS[Role.ADMINISTRATOR]


def test_governance_does_not_import_the_apps_built_on_it():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[1]
    offenders = [str(path.relative_to(root)) for path in root.rglob("*.py")
                 if "tests" not in path.parts and "migrations" not in path.parts
                 and any(f"{app}." in line and ("import" in line) for line in path.read_text().splitlines()
                         for app in ("escalation", "casework", "reporting"))]
    assert offenders == []
