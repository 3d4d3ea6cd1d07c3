"""The network picture in the browser: a reader opens it from the register, focuses on a table, follows
a node of the picture to its page, and comes back around a person from that person's page."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e
TABLE = "Casusoverleg Tijdelijk Huisverbod"


def test_alderman_focuses_the_network_on_a_table_and_follows_a_node(login, app):
    page = login("wethouder")
    page.goto(f"{app}/regions/flevoland/register/")
    page.get_by_role("link", name="Netwerk", exact=True).click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Netwerk")
    expect(page.locator("svg.network-picture > title")).to_have_text("Netwerk van Veilig Thuis Flevoland")
    expect(page.get_by_role("paragraph").filter(has_text="andere mensen zijn weggelaten")).to_be_visible()
    assert_accessible(page, "network")

    page.get_by_label("Richten op").select_option(label=TABLE)
    page.get_by_label("Stappen vanaf het middelpunt").select_option("2")
    page.get_by_role("button", name="Tonen").click()
    expect(page.locator("svg.network-picture")).to_be_visible()
    expect(page.locator("svg.network-picture > desc")).to_contain_text(f"Rond {TABLE}, tot 2 stappen ver")
    table = page.get_by_role("region", name=re.compile("Het netwerk als tabel"))
    expect(table.get_by_role("link", name=TABLE)).to_be_visible()
    assert_accessible(page, "network-focused-on-a-table")

    # The picture's shapes link to the register: follow the table's own.
    page.locator("svg.network-picture g.node a", has_text=TABLE).click()
    expect(page.get_by_role("heading", level=2)).to_have_text(TABLE)

    # Back from a person's page: the network around that person.
    page.get_by_role("table").get_by_role("link").first.click()
    person = page.get_by_role("heading", level=2).inner_text()
    page.get_by_role("link", name="Het netwerk rond deze persoon tonen").click()
    expect(page.get_by_label("Richten op")).to_have_value(re.compile(r"^person:\d+$"))
    expect(page.get_by_role("region", name=re.compile("Het netwerk als tabel")).get_by_role(
        "link", name=person, exact=True)).to_be_visible()
    assert_accessible(page, "network-around-a-person")
