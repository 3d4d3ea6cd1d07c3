"""The register's generic pages (list, detail, create, edit, remove, export, import, documents) and
the pages beside them: who may open which (the role matrix, tests/role_matrix.py), that another
region never finds a Flevoland row, not even by its number, and that an edit or removal based on an
old version of a row is refused."""
from __future__ import annotations

import pytest
from django.urls import reverse

from governance.models import Annex, GovernanceTable, Organisation
from governance.register.entities import ENTITIES
from tests import factories as make
from tests.role_matrix import ANONYMOUS, USERS, Page, cases

from .rows import FLEVO, first_person, newest_version, org, url

READ = [200, 200, 200, 200, 200, 404]
EDIT = [200, 403, 403, 403, 403, 404]
POST_ONLY = [405, 403, 403, 403, 403, 404]
NOT_FOUND = [404, 404, 404, 404, 404, 404]
# A region-level edit page for an entity that has none: the right is checked first, then the page.
EDIT_BUT_ABSENT = [404, 403, 403, 403, 403, 404]


def model_of(key: str):
    return ENTITIES[key].form_class._meta.model


def first_row(key: str):
    """The oldest row of an entity in Flevoland: stable, and never found by a guessed id."""
    return model_of(key).objects.filter(region__slug=FLEVO).order_by("pk").first()


def first_annex() -> Annex:
    return Annex.objects.filter(region__slug=FLEVO).exclude(file="").order_by("pk").first()


# --- The register's own pages, for everyone ------------------------------------------------------------

def R(name, *args):  # one letter: it reads like the table it builds
    return lambda: url(name, *[a() if callable(a) else a for a in args])


MATRIX = {
    "register_home": Page(R("register_home"), READ),
    "organisation_list": Page(R("register_list", "organisations"), READ),
    "stakeholder_list": Page(R("register_list", "stakeholders"), READ),
    "theme_list": Page(R("register_list", "themes"), READ),
    "organisation_export": Page(R("register_export", "organisations"), READ),
    "organisation_export_xlsx": Page(R("register_export_xlsx", "organisations"), READ),
    "organisation_detail": Page(R("register_detail", "organisations", lambda: org().pk), READ),
    "stakeholder_detail": Page(R("register_detail", "stakeholders", lambda: first_person().pk), READ),
    "grid": Page(R("stakeholder_grid"), READ),
    "organisation_create": Page(R("register_create", "organisations"), EDIT),
    "organisation_edit": Page(R("register_edit", "organisations", lambda: org().pk), EDIT),
    "theme_create": Page(R("register_create", "themes"), EDIT),
    "organisation_remove": Page(R("register_remove", "organisations", lambda: org().pk), POST_ONLY),
    "stakeholder_assess": Page(R("stakeholder_assess", lambda: first_person().pk), POST_ONLY),
    # Posted as they are (no version, no assessment): refused with a message, or the form again.
    "organisation_remove:post": Page(R("register_remove", "organisations", lambda: org().pk),
                                     [302, 403, 403, 403, 403, 404], method="post"),
    "stakeholder_assess:post": Page(R("stakeholder_assess", lambda: first_person().pk),
                                    [200, 403, 403, 403, 403, 404], method="post"),
}
CASES = cases(MATRIX)


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "username", "expected"), CASES)
def test_register_role_matrix(open_as, page, username, expected):
    assert open_as(username, MATRIX[page]).status_code == expected


# --- Every page of every entity, sampled ---------------------------------------------------------------

def _pages() -> dict[str, Page]:
    """page id -> its URL and the status per user (tests.role_matrix)."""
    pages: dict[str, Page] = {}
    for key, entity in ENTITIES.items():
        pages[f"{key}:list"] = Page(lambda k=key: url("register_list", k), READ)
        pages[f"{key}:create"] = Page(lambda k=key: url("register_create", k), EDIT)
        pages[f"{key}:edit"] = Page(lambda k=key: url("register_edit", k, first_row(k).pk), EDIT)
        pages[f"{key}:remove"] = Page(lambda k=key: url("register_remove", k, first_row(k).pk), POST_ONLY)
        pages[f"{key}:detail"] = Page(lambda k=key: url("register_detail", k, first_row(k).pk),
                                      READ if entity.has_detail else NOT_FOUND)
        pages[f"{key}:export"] = Page(lambda k=key: url("register_export", k),
                                      READ if entity.csv_columns else NOT_FOUND)
        pages[f"{key}:xlsx"] = Page(lambda k=key: url("register_export_xlsx", k),
                                    READ if entity.csv_columns else NOT_FOUND)
        pages[f"{key}:import"] = Page(lambda k=key: url("register_import", k),
                                      EDIT if key in ("organisations", "stakeholders", "tables") else EDIT_BUT_ABSENT)
    pages["checklist_edit"] = Page(lambda: url("checklist_edit", newest_version().pk), EDIT)
    pages["annex_document"] = Page(lambda: url("register_document", "annexes", first_annex().pk), READ)
    # A list without documents has no downloads; a row without a document neither.
    pages["table_document"] = Page(lambda: url("register_document", "tables", first_row("tables").pk), NOT_FOUND)
    pages["plan_without_document"] = Page(
        lambda: url("register_document", "policy-plans", first_row("policy-plans").pk), NOT_FOUND)
    pages["unknown_entity"] = Page(lambda: url("register_list", "nonsense"), NOT_FOUND)
    return pages


PAGES = _pages()
# Sampled, to keep the suite fast: every page is opened by one person, rotating over the six users
# (so each role meets each kind of page three times), and the forms are also opened by the project
# leader, who alone may use them. The project leader's list and detail pages are opened again by the
# query-count test (test_queries.py). The pages outside the entities are checked for everyone.
FORMS = ("create", "edit")


def _matrix_cases() -> list[tuple[str, str, int]]:
    cases = []
    kinds = ["list", "create", "edit", "remove", "detail", "export", "import", "xlsx"]
    for page, entry in PAGES.items():
        statuses = entry.statuses
        key, _sep, kind = page.partition(":")
        if key in ENTITIES:
            rotating = USERS[(list(ENTITIES).index(key) + kinds.index(kind)) % len(USERS)]
            users = sorted({rotating, "projectleider"}, key=USERS.index) if kind in FORMS else [rotating]
        else:
            users = USERS
        cases += [(page, user, statuses[USERS.index(user)]) for user in users]
        cases.append((page, ANONYMOUS, entry.anonymous))  # cheap: sent to log in before anything is read
    return cases


MATRIX_CASES = _matrix_cases()


def test_the_sampled_matrix_still_meets_every_role_on_every_kind_of_page():
    kinds = {page.split(":")[1] for page in PAGES if ":" in page}
    for kind in kinds:
        seen = {user for page, user, _s in MATRIX_CASES if page.endswith(f":{kind}")}
        assert seen == {*USERS, ANONYMOUS}, kind
    assert {page for page, _u, _s in MATRIX_CASES} == set(PAGES)
    assert {page for page, user, _s in MATRIX_CASES if user == ANONYMOUS} == set(PAGES)
    assert {page for page, user, _s in MATRIX_CASES if user == "projectleider"} >= {
        f"{key}:{kind}" for key in ENTITIES for kind in FORMS}


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "username", "expected"), MATRIX_CASES)
def test_role_matrix_of_every_register_page(open_as, page, username, expected):
    assert open_as(username, PAGES[page]).status_code == expected


# --- Another region ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_row_of_another_region_is_not_found_even_by_its_number(client_for):
    zeeland_org = Organisation.objects.get(name="Veilig Thuis Zeeland")
    detail = reverse("governance:register_detail", args=["flevoland", "organisations", zeeland_org.pk])
    assert client_for("projectleider").get(detail).status_code == 404


@pytest.mark.django_db
def test_zeeland_sees_no_flevoland_row_by_its_number(client_for):
    client = client_for("zeeland-projectleider")
    for key in ["tables", "meetings", "agreements", "versions", "actions"]:
        row = first_row(key)
        assert client.get(url("register_edit", key, row.pk, region="zeeland")).status_code == 404
        if ENTITIES[key].has_detail:
            assert client.get(url("register_detail", key, row.pk, region="zeeland")).status_code == 404
    assert client.get(url("register_document", "annexes", first_annex().pk, region="zeeland")).status_code == 404
    listing = client.get(url("register_list", "tables", region="zeeland"))
    assert listing.status_code == 200 and listing.context["page"].paginator.count == 0


# --- Edits and removals based on an old version --------------------------------------------------------

def _organisation_data(organisation: Organisation, **changes) -> dict:
    return {"name": organisation.name, "type": organisation.type, "domain": organisation.domain_id,
            "version": organisation.version} | changes


@pytest.mark.django_db
def test_an_edit_on_an_old_version_is_refused_and_keeps_the_input(own_region, own_leader):
    organisation = make.organisation(own_region)
    edit = url("register_edit", "organisations", organisation.pk, region=own_region.slug)
    data = _organisation_data(organisation, name="Veilig Thuis (VT)")
    assert own_leader.post(edit, data).status_code == 302
    conflict = own_leader.post(edit, data | {"name": "Een andere naam"})
    assert conflict.status_code == 200
    assert "Iemand anders" in conflict.content.decode()
    assert conflict.context["form"]["name"].value() == "Een andere naam"
    organisation.refresh_from_db()
    assert organisation.name == "Veilig Thuis (VT)"


@pytest.mark.django_db
def test_an_edit_without_a_version_is_refused(own_region, own_leader):
    organisation = make.organisation(own_region)
    data = _organisation_data(organisation, name="Zonder versie")
    del data["version"]
    response = own_leader.post(url("register_edit", "organisations", organisation.pk, region=own_region.slug), data)
    assert response.status_code == 200
    name = organisation.name
    organisation.refresh_from_db()
    assert organisation.name == name


@pytest.mark.django_db
def test_a_conflict_shows_what_the_other_person_saved(own_region, own_leader):
    organisation = make.organisation(own_region)
    edit = url("register_edit", "organisations", organisation.pk, region=own_region.slug)
    own_leader.post(edit, _organisation_data(organisation, notes="Nieuwe afspraak met de politie"))
    conflict = own_leader.post(edit, _organisation_data(organisation, notes="Mijn eigen tekst"))
    content = conflict.content.decode()
    assert "Nieuwe afspraak met de politie" in content and "Mijn eigen tekst" in content


@pytest.mark.django_db
def test_an_edit_of_a_table_on_an_old_version_is_refused(own_region, own_leader):
    row = make.table(own_region, chair=make.stakeholder(own_region), mandate="")
    edit = url("register_edit", "tables", row.pk, region=own_region.slug)
    data = {"name": row.name, "level": row.level, "domains": [make.domain(own_region).pk], "scope": row.scope,
            "frequency": "monthly", "chair": row.chair_id, "version": row.version}
    assert own_leader.post(edit, data | {"mandate": "Eerste"}).status_code == 302
    conflict = own_leader.post(edit, data | {"mandate": "Tweede"})
    assert conflict.status_code == 200 and "Iemand anders" in conflict.content.decode()
    assert GovernanceTable.objects.get(pk=row.pk).mandate == "Eerste"


@pytest.mark.django_db
def test_a_removal_on_an_old_version_is_refused(own_region, own_leader):
    row = make.table(own_region)
    remove = url("register_remove", "tables", row.pk, region=own_region.slug)
    response = own_leader.post(remove, {"version": row.version + 1})
    assert response.status_code == 302
    assert response["Location"] == url("register_edit", "tables", row.pk, region=own_region.slug)
    assert GovernanceTable.objects.filter(pk=row.pk).exists()
    response = own_leader.post(remove, {"version": "geen getal"})
    assert GovernanceTable.objects.filter(pk=row.pk).exists()
    response = own_leader.post(remove)  # no version at all: refused as well
    assert response.status_code == 302 and GovernanceTable.objects.filter(pk=row.pk).exists()
    response = own_leader.post(remove, {"version": row.version})
    assert response.status_code == 302 and response["Location"] == url("register_list", "tables",
                                                                        region=own_region.slug)
    assert not GovernanceTable.objects.filter(pk=row.pk).exists()
