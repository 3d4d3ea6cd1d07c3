"""Bugs the hostile-input fuzz (tests/fuzz/) found in forms every app shares."""
from __future__ import annotations

import pytest
from django.core.cache import caches
from django.urls import reverse

from governance.models import Organisation


@pytest.mark.django_db
def test_an_id_past_64_bits_in_a_list_is_refused_not_a_server_error(client_for):
    # SQLite cannot read such an id in a list (OverflowError); it is refused as any id not on offer.
    count = Organisation.objects.count()
    response = client_for("projectleider").post(
        reverse("governance:register_create", args=["flevoland", "organisations"]),
        {"name": "Buurtteam", "type": "local_team", "municipalities": ["9223372036854775808"]})
    assert response.status_code == 200 and "municipalities" in response.context["form"].errors
    assert Organisation.objects.count() == count


@pytest.mark.django_db
def test_a_broken_hidden_version_is_said_above_the_form(client_for):
    # The version is a hidden field: crispy showed no error for it, so the form came back without a word.
    response = client_for("projectleider").post(
        reverse("governance:register_create", args=["flevoland", "organisations"]),
        {"name": "Buurtteam", "type": "local_team", "version": "abc"})
    assert response.status_code == 200 and "version" in response.context["form"].errors
    assert 'class="alert alert-block alert-danger"' in response.content.decode()


@pytest.mark.django_db
def test_a_control_character_in_a_name_leaves_the_network_picture_drawn(client_for):
    # Graphviz's labels are XML: "\x01" made `dot` fail, and the network page a server error.
    first = Organisation.objects.filter(region__slug="flevoland").order_by("pk").first()
    Organisation.objects.filter(pk=first.pk).update(name="Veilig\x01Thuis\x1b")
    caches["pictures"].clear()  # an update() does not change the version a cached picture is keyed by
    response = client_for("projectleider").get(reverse("governance:network", args=["flevoland"]))
    html = response.content.decode()
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert response.status_code == 200 and "\x01" not in svg  # the table below the picture keeps the name as typed
