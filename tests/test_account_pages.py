"""The account pages of Django's own that need a login (changing one's password): everyone who is logged
in, nobody else. The public ones (logging in, a forgotten password) are listed, with the reason, in
tests/test_role_matrix_complete.py."""
from __future__ import annotations

import pytest
from django.urls import reverse

from tests.role_matrix import Page, cases

EVERYONE = [200, 200, 200, 200, 200, 200]

PAGES = {
    "password change": Page(lambda: reverse("password_change"), EVERYONE),
    "password changed": Page(lambda: reverse("password_change_done"), EVERYONE),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "username", "expected"), cases(PAGES))
def test_who_may_open_the_account_pages(open_as, page, username, expected):
    assert open_as(username, PAGES[page]).status_code == expected
