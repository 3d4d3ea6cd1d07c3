import pytest
from django.core import mail
from django.urls import reverse

from tests.logins import login_form

LOGIN = "/accounts/login/"


@pytest.mark.django_db
def test_unknown_user_and_wrong_password_get_the_same_answer(client):
    unknown = client.post(LOGIN, login_form("niemand", "fout-wachtwoord"))
    wrong = client.post(LOGIN, login_form("projectleider", "fout-wachtwoord"))
    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].errors == wrong.context["form"].errors


@pytest.mark.django_db
def test_a_name_far_too_long_is_refused_like_any_wrong_name(client):
    """Found by the fuzz on PostgreSQL: the throttle stored the whole name in a column of 255."""
    response = client.post(LOGIN, login_form("x" * 10_000, "fout-wachtwoord"))
    assert response.status_code == 200 and response.context["form"].errors
    for _attempt in range(5):
        client.post(LOGIN, login_form("y" * 300, "fout-wachtwoord"))
    assert client.post(LOGIN, login_form("y" * 300, "fout-wachtwoord")).status_code == 429


@pytest.mark.django_db
def test_login_is_throttled_after_five_failures(client):
    for _attempt in range(5):
        client.post(LOGIN, login_form("projectleider", "fout-wachtwoord"))
    locked = client.post(LOGIN, login_form("projectleider", "samen-sturen-demo"))
    assert locked.status_code == 429
    assert "Te veel pogingen" in locked.content.decode()


@pytest.mark.django_db
def test_one_password_tried_across_many_usernames_is_throttled_per_address(client, settings):
    for number in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        client.post(LOGIN, login_form(f"medewerker{number}", "Zomer2026!"))
    locked = client.post(LOGIN, login_form("projectleider", "samen-sturen-demo"))
    assert locked.status_code == 429
    # Another address is not held up by it.
    other = client.post(LOGIN, login_form("projectleider", "samen-sturen-demo"), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


@pytest.mark.django_db
def test_a_few_failures_from_a_shared_address_do_not_lock_everyone_out(client):
    for number in range(6):  # colleagues behind one office address mistyping
        client.post(LOGIN, login_form(f"medewerker{number}", "fout-wachtwoord"))
    assert client.post(LOGIN, login_form("projectleider", "samen-sturen-demo")).status_code == 302


@pytest.mark.django_db
def test_password_reset_does_not_reveal_whether_an_address_exists(client):
    known = client.post(reverse("password_reset"), {"email": "projectleider@demo.samensturen.invalid"})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


@pytest.mark.django_db
def test_logout_requires_post(client_for):
    client = client_for("projectleider")
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_dutch_is_the_default_and_english_can_be_chosen(client_for):
    client = client_for("projectleider")
    assert "Vraagt uw actie" in client.get("/").content.decode()  # her start page is the dashboard
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "Needs your action" in page and '<html lang="en">' in page


@pytest.mark.django_db
def test_the_language_switch_is_on_every_page_including_login(client):
    content = client.get(LOGIN).content.decode()
    assert 'name="language" value="en"' in content


@pytest.mark.django_db
def test_health_check_answers(client):
    assert client.get("/health/").json() == {"status": "ok"}


@pytest.mark.django_db
def test_an_invited_person_whose_link_expired_can_ask_for_a_new_one(client, django_user_model):
    user = django_user_model.objects.create(username="invited", email="invited@example.org")
    user.set_unusable_password()
    user.save()
    client.post(reverse("password_reset"), {"email": "invited@example.org"})
    assert len(mail.outbox) == 1
