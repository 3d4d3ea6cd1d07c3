"""The register's CSV export: the same rows as the filtered list, cells that a spreadsheet would run
as formulas kept as text, and nothing of another region."""
from __future__ import annotations

import pytest
from django.urls import reverse

from governance.models import OrganisationType
from tests import factories as make

from .rows import url


@pytest.mark.django_db
def test_filters_and_the_csv_export_agree(client_for):
    client = client_for("wethouder")
    listing = client.get(reverse("governance:register_list", args=["flevoland", "organisations"]),
                         {"type": OrganisationType.POLICE})
    assert listing.context["page"].paginator.count == 5
    export = client.get(reverse("governance:register_export", args=["flevoland", "organisations"]),
                        {"type": OrganisationType.POLICE})
    lines = export.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("name,type,domain") and len(lines) == 6
    assert all("police" in line for line in lines[1:])


@pytest.mark.django_db
def test_csv_cells_that_look_like_formulas_stay_text(own_region, own_leader):
    make.organisation(own_region, notes="=HYPERLINK(\"http://example.org\")")
    export = own_leader.get(url("register_export", "organisations", region=own_region.slug))
    assert "'=HYPERLINK" in export.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_another_regions_export_holds_none_of_flevoland(client_for):
    export = client_for("zeeland-projectleider").get(
        reverse("governance:register_export", args=["zeeland", "organisations"]))
    assert "Flevoland" not in export.content.decode("utf-8-sig")
