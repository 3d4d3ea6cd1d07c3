"""The register's vocabulary: domains, themes and phases, which every region starts with."""
from __future__ import annotations

import pytest

from governance.models import Domain, Phase, Region, Theme

from .rows import url


@pytest.mark.django_db
def test_every_region_starts_with_domains_themes_and_phases():
    for region in Region.objects.all():
        assert Domain.objects.filter(region=region).count() == 6
        assert Theme.objects.filter(region=region).count() == 12
        assert list(Phase.objects.filter(region=region).values_list("name", flat=True)) == [
            "Veiligheid", "Risicogestuurde zorg", "Herstel"]


@pytest.mark.django_db
def test_a_phase_ordered_at_two_to_the_63rd_is_refused_and_keeps_the_name(client_for):
    response = client_for("projectleider").post(url("register_create", "phases"), {
        "name": "Nazorg na nazorg", "order": str(2**63 - 1)})
    assert response.status_code == 200 and "order" in response.context["form"].errors
    assert 'value="Nazorg na nazorg"' in response.content.decode()
