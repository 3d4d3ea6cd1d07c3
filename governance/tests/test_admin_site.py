"""Django's admin is for platform staff: a logged-in person without staff rights gets a plain refusal
instead of being sent between the admin's login and ours (which sends a logged-in person straight back)."""
from __future__ import annotations

import html

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ADMIN_URLS = ["/admin/", "/admin/login/?next=/admin/", "/admin/governance/region/", "/admin/auth/user/1/change/",
              "/admin/no-such-page/"]


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_a_logged_in_person_who_is_not_staff_is_refused_with_a_message(client_for, url):
    response = client_for("beheerder").get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    page = html.unescape(response.content.decode())
    assert "These technical administration pages are only for the staff who run the platform." in page
    assert f'href="{reverse("home")}"' in page


def test_the_refusal_is_in_dutch(client_for):
    response = client_for("projectleider").get("/admin/")
    assert response.status_code == 403
    assert ("Deze technische beheerpagina's zijn alleen voor de medewerkers die het platform draaien."
            in html.unescape(response.content.decode()))


def test_following_the_admin_link_ends_on_the_refusal_not_in_a_loop(client_for):
    response = client_for("wethouder").get("/admin/", follow=True)
    assert response.status_code == 403 and response.redirect_chain == []


def test_staff_keep_the_admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("platform", is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/governance/region/").status_code == 200


def test_someone_not_logged_in_is_sent_to_our_login(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert response.resolver_match.view_name == "login"
