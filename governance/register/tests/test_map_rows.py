"""Conflicts, blocking structures, risks and opportunities as register rows, and the theme's needs:
made and changed through the register's pages, their rules shown on the form, who may do what, the
filters, the export and the attention box."""
from __future__ import annotations

import csv
import io

import pytest

from governance.models import (
    AttentionStatus,
    Conflict,
    ConflictKind,
    DomainKind,
    Impact,
    RiskKind,
    RiskOpportunity,
    Role,
    Theme,
)
from tests import factories as make

from .rows import url


@pytest.fixture
def scene(own_region):
    """Two tables, one social and one safety, each with a meeting and a decision, and a theme."""
    region = own_region
    social = make.domain(region, kind=DomainKind.SOCIAL, name="Zorg")
    safety = make.domain(region, kind=DomainKind.SAFETY, name="Veiligheid")
    adjacent = make.domain(region, kind=DomainKind.ADJACENT, name="Wonen")
    care = make.table(region, name="Regionaal zorgoverleg")
    justice = make.table(region, name="Driehoek")
    care_decision = make.decision(make.meeting(care), text="Hulp start na een beschikking")
    justice_decision = make.decision(make.meeting(justice), text="Hulp start binnen tien dagen")
    theme = make.theme(region, name="Tijdelijk huisverbod")
    return {"region": region, "social": social, "safety": safety, "adjacent": adjacent, "care": care,
            "justice": justice, "care_decision": care_decision, "justice_decision": justice_decision, "theme": theme}


def _at(scene, name: str, *args) -> str:
    return url(name, *args, region=scene["region"].slug)


def _conflict_data(scene, **changes) -> dict:
    return {"kind": ConflictKind.COUNTERACTING, "title": "Hulp na huisverbod start te laat",
            "description": "De twee besluiten spreken elkaar tegen.",
            "side_a_decision": scene["care_decision"].pk, "side_b_decision": scene["justice_decision"].pk,
            "domains": [scene["social"].pk, scene["safety"].pk], "themes": [scene["theme"].pk],
            "impact": Impact.HIGH, "status": AttentionStatus.OPEN} | changes


def _edit_data(conflict: Conflict, **changes) -> dict:
    return {"kind": conflict.kind, "title": conflict.title, "side_a_rule": conflict.side_a_rule,
            "side_b_rule": conflict.side_b_rule, "impact": conflict.impact, "status": conflict.status,
            "version": conflict.version} | changes


# --- Conflicts through the pages ------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_counteracting_decision_is_recorded_and_its_sides_take_the_decisions_tables(scene, own_leader):
    response = own_leader.post(_at(scene, "register_create", "conflicts"), _conflict_data(scene))
    conflict = Conflict.objects.get(region=scene["region"])
    assert response.status_code == 302
    assert response["Location"] == _at(scene, "register_detail", "conflicts", conflict.pk)
    assert (conflict.side_a_table, conflict.side_b_table) == (scene["care"], scene["justice"])
    assert set(conflict.themes.all()) == {scene["theme"]} and conflict.domains.count() == 2
    page = own_leader.get(response["Location"]).content.decode()
    for linked in ("Regionaal zorgoverleg", "Driehoek", "Hulp start binnen tien dagen", "Tijdelijk huisverbod"):
        assert linked in page
    assert _at(scene, "register_detail", "tables", scene["care"].pk) in page
    assert _at(scene, "register_detail", "meetings", scene["justice_decision"].meeting_id) in page


@pytest.mark.django_db
def test_resolved_without_a_resolution_is_refused_on_the_form_and_keeps_the_input(scene, own_leader):
    response = own_leader.post(_at(scene, "register_create", "conflicts"),
                               _conflict_data(scene, status=AttentionStatus.RESOLVED, title="Mijn eigen titel"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "resolution" in form.errors
    assert form["title"].value() == "Mijn eigen titel"
    assert "Mijn eigen titel" in response.content.decode()
    assert not Conflict.objects.filter(region=scene["region"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "field"), [
    ({"status": AttentionStatus.RAISED}, "raised_at"),  # raised, but where?
    ({"resolution": "Opgelost"}, "resolution"),  # a resolution of something still open
    ({"side_b_decision": ""}, "side_b_rule"),  # a counteracting decision against nothing
])
def test_the_models_rules_show_at_their_fields(scene, own_leader, changes, field):
    response = own_leader.post(_at(scene, "register_create", "conflicts"), _conflict_data(scene, **changes))
    assert response.status_code == 200 and field in response.context["form"].errors


@pytest.mark.django_db
def test_a_decision_must_belong_to_the_table_named_on_its_side(scene, own_leader):
    response = own_leader.post(_at(scene, "register_create", "conflicts"),
                               _conflict_data(scene, side_a_table=scene["justice"].pk))
    assert response.status_code == 200 and "side_a_table" in response.context["form"].errors


@pytest.mark.django_db
def test_a_blocking_structure_may_name_a_rule_on_one_side_only(scene, own_leader):
    data = _conflict_data(scene, kind=ConflictKind.BLOCKING, side_a_decision="", side_b_decision="",
                          side_a_rule="Jeugdwet: inkoop per gemeente")
    assert own_leader.post(_at(scene, "register_create", "conflicts"), data).status_code == 302
    assert Conflict.objects.get(region=scene["region"]).side_a_rule == "Jeugdwet: inkoop per gemeente"


@pytest.mark.django_db
def test_the_decision_picker_reads_table_date_and_text(scene, own_leader):
    form = own_leader.get(_at(scene, "register_create", "conflicts")).context["form"]
    labels = [label for _value, label in form.fields["side_a_decision"].widget.choices]
    assert "Driehoek – 5 jan 2026: Hulp start binnen tien dagen" in labels


@pytest.mark.django_db
def test_an_edit_on_an_old_version_of_a_conflict_is_refused(scene, own_leader):
    conflict = make.conflict(scene["region"])
    edit = _at(scene, "register_edit", "conflicts", conflict.pk)
    data = _edit_data(conflict, title="Eerste wijziging")
    assert own_leader.post(edit, data).status_code == 302
    stale = own_leader.post(edit, data | {"title": "Tweede wijziging"})
    assert stale.status_code == 200 and "Iemand anders" in stale.content.decode()
    assert stale.context["form"]["title"].value() == "Tweede wijziging"
    conflict.refresh_from_db()
    assert conflict.title == "Eerste wijziging"


@pytest.mark.django_db
def test_raising_and_resolving_a_conflict(scene, own_leader):
    conflict = make.conflict(scene["region"])
    edit = _at(scene, "register_edit", "conflicts", conflict.pk)
    assert own_leader.post(edit, _edit_data(conflict, status=AttentionStatus.RAISED,
                                            raised_at=scene["care"].pk)).status_code == 302
    conflict.refresh_from_db()
    assert own_leader.post(edit, _edit_data(conflict, status=AttentionStatus.RESOLVED, raised_at=scene["care"].pk,
                                            resolution="Eén budget afgesproken.")).status_code == 302
    conflict.refresh_from_db()
    assert conflict.status == AttentionStatus.RESOLVED and conflict.resolution == "Eén budget afgesproken."


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ["conflicts", "risks"])
def test_another_regions_rows_are_not_found(scene, own_leader, entity):
    other = make.region()
    row = make.conflict(other) if entity == "conflicts" else make.risk(other)
    for name in ("register_detail", "register_edit"):
        assert own_leader.get(_at(scene, name, entity, row.pk)).status_code == 404
    assert own_leader.get(url("register_list", entity, region=other.slug)).status_code == 404


@pytest.mark.django_db
def test_another_regions_decision_or_table_cannot_be_chosen(scene, own_leader):
    other = make.region()
    foreign = make.decision(make.meeting(make.table(other)))
    response = own_leader.post(_at(scene, "register_create", "conflicts"),
                               _conflict_data(scene, side_a_decision=foreign.pk))
    assert response.status_code == 200 and "side_a_decision" in response.context["form"].errors


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ["conflicts", "risks"])
def test_an_alderman_reads_but_does_not_edit(scene, client, entity):
    row = make.conflict(scene["region"]) if entity == "conflicts" else make.risk(scene["region"])
    client.force_login(make.member(scene["region"], role=Role.ALDERMAN))
    assert client.get(_at(scene, "register_list", entity)).status_code == 200
    assert client.get(_at(scene, "register_detail", entity, row.pk)).status_code == 200
    assert client.get(_at(scene, "register_export", entity)).status_code == 200
    assert client.get(_at(scene, "register_create", entity)).status_code == 403
    assert client.get(_at(scene, "register_edit", entity, row.pk)).status_code == 403
    assert client.post(_at(scene, "register_edit", entity, row.pk), {"title": "Niet van mij"}).status_code == 403
    assert client.post(_at(scene, "register_remove", entity, row.pk)).status_code == 403


# --- Risks and opportunities -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_risk_is_recorded_through_its_page(scene, own_leader):
    owner = make.stakeholder(scene["region"])
    response = own_leader.post(_at(scene, "register_create", "risks"), {
        "kind": RiskKind.OPPORTUNITY, "title": "Landelijke aandacht voor mensenhandel", "impact": Impact.MEDIUM,
        "status": AttentionStatus.OPEN, "owner": owner.pk, "themes": [scene["theme"].pk],
        "domains": [scene["social"].pk]})
    assert response.status_code == 302
    risk = RiskOpportunity.objects.get(region=scene["region"])
    assert risk.kind == RiskKind.OPPORTUNITY and risk.owner == owner
    assert own_leader.get(response["Location"]).status_code == 200


# --- Filters and export ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_conflict_list_filters(scene, own_leader):
    region = scene["region"]
    open_high = make.conflict(region, title="Open en hoog", impact=Impact.HIGH)
    open_high.themes.add(scene["theme"])
    open_high.domains.add(scene["safety"])
    resolved = make.conflict(region, title="Opgelost", status=AttentionStatus.RESOLVED, resolution="Klaar",
                             kind=ConflictKind.BLOCKING)
    resolved.domains.add(scene["social"])
    listing = _at(scene, "register_list", "conflicts")

    def titles(**query) -> set[str]:
        return {row.title for row in own_leader.get(listing, query).context["page"].object_list}

    assert titles() == {"Open en hoog", "Opgelost"}
    assert titles(status=AttentionStatus.RESOLVED) == {"Opgelost"}
    assert titles(kind=ConflictKind.BLOCKING) == {"Opgelost"}
    assert titles(impact=Impact.HIGH) == {"Open en hoog"}
    assert titles(theme=scene["theme"].pk) == {"Open en hoog"}
    assert titles(domain=scene["social"].pk) == {"Opgelost"}
    assert titles(q="Klaar") == {"Opgelost"}


@pytest.mark.django_db
def test_the_risk_list_filters_on_kind(scene, own_leader):
    make.risk(scene["region"], title="Wachttijden")
    make.risk(scene["region"], title="Kans", kind=RiskKind.OPPORTUNITY)
    page = own_leader.get(_at(scene, "register_list", "risks"), {"kind": RiskKind.OPPORTUNITY}).context["page"]
    assert [row.title for row in page.object_list] == ["Kans"]


@pytest.mark.django_db
def test_the_conflicts_export_with_the_lists_filters(scene, own_leader):
    conflict = make.conflict(scene["region"], title="=Formule", side_a_decision=scene["care_decision"],
                             side_a_table=scene["care"], impact=Impact.HIGH)
    conflict.themes.add(scene["theme"])
    make.conflict(scene["region"], title="Laag", impact=Impact.LOW)
    response = own_leader.get(_at(scene, "register_export", "conflicts"), {"impact": Impact.HIGH})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["title", "kind", "description", "side_a", "side_b"]
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["title"] == "'=Formule"  # a spreadsheet must not run it
    assert "Hulp start na een beschikking" in record["side_a"] and "Regionaal zorgoverleg" in record["side_a"]
    assert record["themes"] == "Tijdelijk huisverbod" and record["impact"] == Impact.HIGH


# --- The attention box -----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_attention_box_lists_open_conflicts_and_open_high_risks(scene, own_leader):
    region = scene["region"]
    make.conflict(region, title="Open conflict")
    make.conflict(region, title="Aan tafel", status=AttentionStatus.RAISED, raised_at=scene["care"])
    make.conflict(region, title="Opgelost conflict", status=AttentionStatus.RESOLVED, resolution="Klaar")
    make.risk(region, title="Hoog risico", impact=Impact.HIGH)
    make.risk(region, title="Laag risico", impact=Impact.LOW)
    make.risk(region, title="Grote kans", impact=Impact.HIGH, kind=RiskKind.OPPORTUNITY)
    make.risk(region, title="Opgelost risico", impact=Impact.HIGH, status=AttentionStatus.RESOLVED,
              resolution="Klaar")
    home = own_leader.get(_at(scene, "register_home"))
    attention = {entity.key: " ".join(messages) for entity, messages in home.context["attention"]}
    assert "Open conflict" in attention["conflicts"] and "Aan tafel" in attention["conflicts"]
    assert "Opgelost" not in attention["conflicts"]
    assert "Hoog risico" in attention["risks"]
    assert not any(title in attention["risks"] for title in ("Laag risico", "Grote kans", "Opgelost risico"))
    listed = own_leader.get(_at(scene, "register_list", "conflicts")).context["checks"]
    assert any("2" in message and "Open conflict" in message for message in listed)


@pytest.mark.django_db
def test_nothing_open_means_no_attention(scene, own_leader):
    make.conflict(scene["region"], status=AttentionStatus.RESOLVED, resolution="Klaar")
    home = own_leader.get(_at(scene, "register_home"))
    assert {entity.key for entity, _messages in home.context["attention"]}.isdisjoint({"conflicts", "risks"})


# --- Themes: the domains they need, and their phase --------------------------------------------------------

@pytest.mark.django_db
def test_a_new_themes_form_starts_with_the_social_and_safety_domains_ticked(scene, own_leader):
    form = own_leader.get(_at(scene, "register_create", "themes")).context["form"]
    assert set(form.initial["needed_domains"]) == {scene["social"].pk, scene["safety"].pk}
    assert "eenzijdig" in str(form.fields["needed_domains"].help_text)  # what the map makes of it


@pytest.mark.django_db
def test_the_users_choice_of_needed_domains_is_kept(scene, own_leader):
    phase = make.phase(scene["region"], name="Veiligheid")
    create = _at(scene, "register_create", "themes")
    assert own_leader.post(create, {"name": "Alleen veiligheid", "needed_domains": [scene["safety"].pk],
                                    "phase": phase.pk}).status_code == 302
    assert own_leader.post(create, {"name": "Nergens nodig"}).status_code == 302
    assert own_leader.post(create, {"name": "Met wonen", "needed_domains": [
        scene["social"].pk, scene["safety"].pk, scene["adjacent"].pk]}).status_code == 302
    themes = {theme.name: theme for theme in Theme.objects.filter(region=scene["region"])}
    assert list(themes["Alleen veiligheid"].needed_domains.all()) == [scene["safety"]]
    assert themes["Alleen veiligheid"].phase == phase
    assert not themes["Nergens nodig"].needed_domains.exists()
    assert themes["Met wonen"].needed_domains.count() == 3


@pytest.mark.django_db
def test_an_edited_theme_starts_from_what_it_needs_now(scene, own_leader):
    theme = scene["theme"]
    theme.needed_domains.set([scene["adjacent"]])
    form = own_leader.get(_at(scene, "register_edit", "themes", theme.pk)).context["form"]
    assert [int(pk) for pk in form["needed_domains"].value()] == [scene["adjacent"].pk]


@pytest.mark.django_db
def test_the_theme_list_and_export_show_needs_and_phase(scene, own_leader):
    theme = scene["theme"]
    theme.needed_domains.set([scene["social"], scene["safety"]])
    theme.phase = make.phase(scene["region"], name="Acute veiligheid")
    theme.save()
    page = own_leader.get(_at(scene, "register_list", "themes")).content.decode()
    assert "Zorg, Veiligheid" in page or "Veiligheid, Zorg" in page
    assert "Acute veiligheid" in page
    response = own_leader.get(_at(scene, "register_export", "themes"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert set(record["needed_domains"].split(";")) == {"Zorg", "Veiligheid"}
    assert record["phase"] == "Acute veiligheid"


@pytest.mark.django_db
def test_the_conflict_form_reads_decisions_and_tables_once(scene, own_leader, django_assert_max_num_queries):
    for index in range(20):
        make.decision(make.meeting(make.table(scene["region"], name=f"Tafel {index:02}")))
    own_leader.get(_at(scene, "register_create", "conflicts"))  # warm-up: session, permissions
    with django_assert_max_num_queries(14) as captured:
        response = own_leader.get(_at(scene, "register_create", "conflicts"))
    assert response.status_code == 200
    sql = [query["sql"] for query in captured.captured_queries]
    # The options are read once (a count before it, from list(), is cheap).
    assert sum(query.startswith('SELECT "governance_decision"."id" AS "pk"') for query in sql) == 1
    assert sum(query.startswith('SELECT "governance_governancetable"."id" AS "pk"') for query in sql) == 1
