"""Every page against every role: allowed (200), not allowed (403), other region (404), GET on a POST
action (405), anonymous (redirect to login)."""
from __future__ import annotations

import pytest
from django.urls import reverse

from governance.models import Membership
from tests.role_matrix import Page, cases


def _membership_pk() -> int:
    return Membership.objects.get(user__username="beleidsmedewerker").pk


# page -> how to build its URL, and the status per user in tests.role_matrix.USERS order
MATRIX = {
    "home": Page(lambda: reverse("home"), [200, 200, 200, 200, 200, 200]),
    "region_list": Page(lambda: reverse("governance:region_list"), [200, 200, 200, 200, 200, 200]),
    "region_detail": Page(
        lambda: reverse("governance:region_detail", args=["flevoland"]), [200, 200, 200, 200, 200, 404]),
    "subregion_detail": Page(
        # The team manager works in Almere, which lies in Flevoland-Zuid, not -Noord.
        lambda: reverse("governance:region_detail", args=["flevoland-noord"]), [200, 200, 200, 404, 200, 404]),
    "region_pdf": Page(lambda: reverse("governance:region_pdf", args=["flevoland"]), [200, 200, 200, 200, 200, 404]),
    "member_list": Page(lambda: reverse("governance:member_list", args=["flevoland"]), [200, 403, 200, 403, 200, 404]),
    "member_add": Page(lambda: reverse("governance:member_add", args=["flevoland"]), [403, 403, 403, 403, 200, 404]),
    "member_edit": Page(
        lambda: reverse("governance:member_edit", args=["flevoland", _membership_pk()]),
        [403, 403, 403, 403, 200, 404]),
    "member_remove": Page(
        lambda: reverse("governance:member_remove", args=["flevoland", _membership_pk()]),
        [403, 403, 403, 403, 405, 404]),
    # Posted: removed (inside the test's transaction), back to the list.
    "member_remove:post": Page(
        lambda: reverse("governance:member_remove", args=["flevoland", _membership_pk()]),
        [403, 403, 403, 403, 302, 404], method="post"),
    "region_history": Page(
        lambda: reverse("governance:region_history", args=["flevoland"]), [200, 403, 403, 403, 200, 404]),
}
CASES = cases(MATRIX)


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "username", "expected"), CASES)
def test_role_matrix(open_as, page, username, expected):
    assert open_as(username, MATRIX[page]).status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("page", [page for page in MATRIX if page != "member_remove"])
def test_anonymous_is_sent_to_login(client, page):
    response = client.get(MATRIX[page].url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_guessed_membership_of_another_region_is_not_found(client_for):
    other = Membership.objects.get(user__username="zeeland-projectleider").pk
    response = client_for("beheerder").get(reverse("governance:member_edit", args=["flevoland", other]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_region_list_shows_only_own_regions(client_for):
    content = client_for("projectleider").get(reverse("governance:region_list")).content.decode()
    assert "Veilig Thuis Flevoland" in content
    assert "Zeeland" not in content


@pytest.mark.django_db
def test_navigation_offers_only_what_the_role_may_use(client_for):
    detail = reverse("governance:region_detail", args=["flevoland"])
    members = reverse("governance:member_list", args=["flevoland"])
    history = reverse("governance:region_history", args=["flevoland"])
    alderman = client_for("wethouder").get(detail).content.decode()
    assert members not in alderman and history not in alderman
    administrator = client_for("beheerder").get(detail).content.decode()
    assert members in administrator and history in administrator
