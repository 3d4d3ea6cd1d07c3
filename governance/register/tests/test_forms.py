"""Register forms with long choice lists: one plain select each (a searchable picker with JavaScript),
whose chosen values post and come back as before."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Agreement, GovernanceTable, Organisation, Stakeholder


def url(name, *args):
    return reverse(f"governance:{name}", args=["flevoland", *args])


def _select(content: str, name: str) -> str:
    start = content.index(f'<select name="{name}"')
    return content[start:content.index("</select>", start)]


@pytest.mark.django_db
def test_the_table_form_offers_chair_and_secretary_as_pickers_of_the_regions_people(client_for):
    content = client_for("projectleider").get(url("register_create", "tables")).content.decode()
    people = set(Stakeholder.objects.filter(region__slug="flevoland").values_list("pk", flat=True))
    for name in ("chair", "secretary"):
        select = _select(content, name)
        assert "data-picker" in select and "multiple" not in select
        assert {int(v) for v in re.findall(r'<option value="(\d+)"', select)} == people
    assert 'src="/static/js/picker.js"' in content


@pytest.mark.django_db
def test_the_agreement_form_takes_several_parties_and_tables_from_plain_selects(client_for):
    parties = list(Organisation.objects.filter(region__slug="flevoland").order_by("pk")[:3])
    table = GovernanceTable.objects.filter(region__slug="flevoland").order_by("pk").first()
    client = client_for("projectleider")
    content = client.get(url("register_create", "agreements")).content.decode()
    assert "multiple" in _select(content, "parties") and 'name="parties" type="checkbox"' not in content
    response = client.post(url("register_create", "agreements"), {
        "title": "Afspraken over nazorg", "parties": [p.pk for p in parties], "adopted_by": [table.pk]})
    assert response.status_code == 302
    agreement = Agreement.objects.get(region__slug="flevoland", title="Afspraken over nazorg")
    assert set(agreement.parties.all()) == set(parties) and list(agreement.adopted_by.all()) == [table]


@pytest.mark.django_db
def test_the_table_form_costs_the_same_queries_with_many_more_people(client_for):
    client = client_for("projectleider")
    with CaptureQueriesContext(connection) as before:
        client.get(url("register_create", "tables"))
    organisation = Organisation.objects.filter(region__slug="flevoland").first()
    Stakeholder.objects.bulk_create([
        Stakeholder(region=organisation.region, organisation=organisation, name=f"Extra {i}", function="x",
                    level="operational") for i in range(200)])
    with CaptureQueriesContext(connection) as after:
        response = client.get(url("register_create", "tables"))
    assert len(after) == len(before)
    assert "Extra 199 (x, " in response.content.decode()


@pytest.mark.django_db
def test_a_date_refused_in_one_form_leaves_the_next_forms_date_unmarked(client_for):
    client = client_for("projectleider")
    refused = client.post(url("register_create", "meetings"), {"held_on": "gisteren"}).content.decode()
    assert re.search(r'<input type="date" name="held_on"[^>]*is-invalid', refused)
    fresh = client.get(url("register_create", "meetings")).content.decode()
    assert not re.search(r'<input type="date" name="held_on"[^>]*is-invalid', fresh)
