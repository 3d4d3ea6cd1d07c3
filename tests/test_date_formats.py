"""One way to write a date per language (config/formats): the agreement pages once showed "March 1,
2017", "03/01/2020" and "Oct. 2, 2026" side by side in English."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse

from governance.models import Agreement, AgreementVersion

US_LONG = re.compile(r"\b[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}\b")  # March 1, 2017 / Oct. 2, 2026
NUMERIC = re.compile(r"\b\d{1,2}[/-]\d{1,2}[/-]\d{4}\b")  # 03/01/2020 / 01-03-2020
OURS = {"en": re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b"),
        "nl": re.compile(r"\b\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec) \d{4}\b")}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "nl"])
def test_agreement_pages_write_every_date_the_same_way(client_for, language):
    version = AgreementVersion.objects.filter(region__slug="flevoland").order_by("pk").first()
    agreement = Agreement.objects.get(pk=version.agreement_id)
    client = client_for("projectleider")
    for url in (reverse("governance:register_detail", args=["flevoland", "agreements", agreement.pk]),
                reverse("governance:register_detail", args=["flevoland", "versions", version.pk]),
                reverse("governance:register_list", args=["flevoland", "agreements"])):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        main = page[page.index("<main"):page.index("</main>")]
        found = US_LONG.search(main) or NUMERIC.search(main)
        assert found is None, (url, found)
        assert OURS[language].search(main), url
