"""An escalation names a case by linking it (issue 22, docs/adr/0016-case-links.md): the code is
typed and checked against the cases the person filing may read; only people who may read the case
see which one it is, on the page, in the PDF, in the history and through the list's search; and
retention of the case reaches the escalations naming it.

Everything goes through the pages, as people use them, on the shared Flevoland demo."""
from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext, override

from casework.models import Case, CaseSettings
from casework.retention import retention_run
from common.audit import audit_rows
from escalation.models import Escalation
from escalation.services import escalation_update
from escalation.workflow import Reason
from governance.models import Membership, Municipality, Organisation, Role

pytestmark = pytest.mark.django_db

FLEVO = "flevoland"
ALMERE, LELYSTAD, URK = "GM0034", "GM0995", "GM0184"
LINKED = "A case is linked; only people who may read it see which one."
UNKNOWN = "There is no case with this code among the cases you may read in this region."


def ui(msgid: str) -> str:
    with override("nl"):
        return gettext(msgid)


def demo_case(municipality: str, *, closed: bool = False) -> Case:
    return (Case.objects.filter(region__slug=FLEVO, municipality__code=municipality, anonymised=False,
                                closed_on__isnull=not closed).order_by("pk").first())


def url(name: str, *args) -> str:
    return reverse(f"escalation:{name}", args=[FLEVO, *args])


def _filing(municipality: str, code: str) -> dict:
    municipality_id = Case.objects.filter(municipality__code=municipality).values_list("municipality", flat=True)[0]
    return {
        "reason": Reason.COOPERATION, "municipality": municipality_id,
        "title": "Overdracht na het eerste huisbezoek stokt",
        "organisations": list(Organisation.objects.filter(region__slug=FLEVO).order_by("pk")
                              .values_list("pk", flat=True)[:2]),
        "agreement": "", "case_code": code,
        "description": "Het wijkteam wacht al twee weken op de overdracht van Veilig Thuis.",
        "question": "Wie maakt de afspraak over de overdracht?",
    }


def file_linked(client_for, code: str, *, municipality: str = ALMERE, username: str = "beleidsmedewerker"):
    """An escalation filed through the form, naming the case with `code` as someone would type it."""
    before = set(Escalation.objects.values_list("pk", flat=True))
    response = client_for(username).post(url("create"), _filing(municipality, code))
    assert response.status_code == 302, response.context["form"].errors
    return Escalation.objects.exclude(pk__in=before).get()


def edit_data(escalation: Escalation, **changes) -> dict:
    return {
        "municipality": escalation.municipality_id, "title": escalation.title,
        "organisations": [o.pk for o in escalation.organisations.all()], "agreement": "",
        "description": escalation.description, "question": escalation.question, "version": escalation.version,
    } | changes


# --- Naming a case ---------------------------------------------------------------------------------------

def test_a_case_reader_names_a_case_by_its_code_and_the_escalation_links_it(client_for):
    case = demo_case(ALMERE)
    escalation = file_linked(client_for, f"  {case.code.lower()} ")
    assert Escalation.objects.get(pk=escalation.pk).case == case


@pytest.mark.parametrize(("username", "code"), [
    ("beleidsmedewerker", "VT-2026-1234"),  # an organisation's own number: no case of the region
    ("beleidsmedewerker", "ZW-BBBB-CCCC"),  # shaped like ours, but no such case
    ("teammanager", "lelystad"),  # a real case, but of a municipality the Almere team manager does not read
])
def test_a_code_that_is_not_a_case_the_filer_may_read_is_refused_with_one_message(client_for, username, code):
    code = demo_case(LELYSTAD).code if code == "lelystad" else code
    count = Escalation.objects.count()
    response = client_for(username).post(url("create"), _filing(ALMERE, code))
    assert response.status_code == 200
    assert response.context["form"].errors["case_code"] == [ui(UNKNOWN)]
    assert ui(UNKNOWN) in response.content.decode()
    assert Escalation.objects.count() == count


# --- Who sees which case ---------------------------------------------------------------------------------

def test_only_case_readers_see_which_case_the_escalation_names(client_for):
    case = demo_case(ALMERE)
    escalation = file_linked(client_for, case.code)
    detail = url("detail", escalation.pk)
    for reader in ("beleidsmedewerker", "teammanager"):
        html = client_for(reader).get(detail).content.decode()
        assert reverse("casework:detail", args=[FLEVO, case.code]) in html, reader
    for steering in ("wethouder", "projectleider"):
        html = client_for(steering).get(detail).content.decode()
        assert case.code not in html, steering
        assert ui(LINKED) in html, steering


def test_the_pdf_shows_the_code_only_to_case_readers(client_for, printed):
    case = demo_case(ALMERE)
    escalation = file_linked(client_for, case.code)
    for username in ("wethouder", "projectleider", "beleidsmedewerker"):
        assert client_for(username).get(url("pdf", escalation.pk)).status_code == 200
    alderman, leader, policy = printed
    assert case.code not in alderman and case.code not in leader
    assert ui(LINKED) in alderman
    assert case.code in policy


def test_the_history_and_the_audit_search_do_not_show_the_case_to_who_may_not_read_it(client_for):
    first, second = demo_case(ALMERE), demo_case(LELYSTAD)
    escalation = file_linked(client_for, first.code)
    response = client_for("beleidsmedewerker").post(url("edit", escalation.pk),
                                                    edit_data(escalation, case_code=second.code))
    assert response.status_code == 302
    assert Escalation.objects.get(pk=escalation.pk).case == second

    history = client_for("projectleider").get(reverse("governance:region_history", args=[FLEVO])).content.decode()
    assert escalation.reference in history  # the escalation's history is there
    audit = client_for("beheerder").get(reverse("governance:audit_search", args=[FLEVO])).content.decode()
    export = client_for("beheerder").get(reverse("governance:audit_export", args=[FLEVO]))
    export = b"".join(export.streaming_content if export.streaming else [export.content]).decode()
    assert escalation.reference in audit and escalation.reference in export
    for page in (history, audit, export):
        assert first.code not in page and second.code not in page

    # On the trail for case readers, named as the case is named now.
    changes = [change for row in audit_rows(_case_link_entries(escalation)) for change in row.changes]
    # A change from an Almere case to a Lelystad case: each side filed with its own case's municipality.
    assert [(c.old, c.new) for c in changes] == [("–", first.code), (first.code, "–"), ("–", second.code)]


def test_a_link_entry_is_filed_under_the_case_s_municipality_not_the_escalation_s(client_for, demo_user):
    """Someone who may read Almere's cases only does not learn which Lelystad case an Almere escalation names."""
    administrator = demo_user("beheerder")
    Membership.objects.create(user=administrator, municipality=Municipality.objects.get(code=ALMERE),
                              role=Role.TEAM_MANAGER)
    lelystad = demo_case(LELYSTAD)
    escalation = file_linked(client_for, lelystad.code, municipality=ALMERE)
    assert escalation.municipality.code == ALMERE

    audit = client_for("beheerder").get(reverse("governance:audit_search", args=[FLEVO])).content.decode()
    export = client_for("beheerder").get(reverse("governance:audit_export", args=[FLEVO]))
    export = b"".join(export.streaming_content if export.streaming else [export.content]).decode()
    assert escalation.reference in audit
    assert lelystad.code not in audit and lelystad.code not in export
    [entry] = _case_link_entries(escalation)
    assert entry.additional_data["municipality_id"] == lelystad.municipality_id


def _case_link_entries(escalation: Escalation):
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Escalation),
                                   object_id=escalation.pk, changes__has_key="case").order_by("timestamp", "pk")


def test_the_search_finds_a_case_code_only_for_case_readers(client_for):
    case = demo_case(ALMERE)
    escalation = file_linked(client_for, case.code)

    def found(username: str, query: str) -> set[int]:
        page = client_for(username).get(url("index"), {"q": query}).context["page"]
        return {e.pk for e in page.object_list}

    for steering in ("wethouder", "projectleider"):
        # A real code and a made-up one answer alike: the search tells nothing about which codes exist.
        assert found(steering, case.code) == found(steering, "ZW-BBBB-CCCC") == set(), steering
    assert escalation.pk in found("beleidsmedewerker", case.code)
    assert escalation.pk in found("teammanager", case.code.lower())


# --- Changing an escalation whose case is not yours to read ----------------------------------------------

def test_whoever_may_not_read_the_linked_case_edits_the_escalation_without_seeing_or_losing_the_link(client_for):
    lelystad_case = demo_case(LELYSTAD)
    escalation = file_linked(client_for, lelystad_case.code, municipality=ALMERE)
    page = client_for("teammanager").get(url("edit", escalation.pk))
    html = page.content.decode()
    assert page.status_code == 200 and "case_code" not in page.context["form"].fields
    assert lelystad_case.code not in html
    response = client_for("teammanager").post(url("edit", escalation.pk),
                                              edit_data(escalation, title="Overdracht stokt na het huisbezoek"))
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.title == "Overdracht stokt na het huisbezoek" and escalation.case == lelystad_case


def test_the_service_refuses_a_link_to_a_case_the_actor_may_not_read(demo_user, client_for):
    escalation = file_linked(client_for, "", municipality=ALMERE, username="teammanager")
    escalation.case = demo_case(LELYSTAD)
    with pytest.raises(PermissionDenied):
        escalation_update(actor=demo_user("teammanager"), escalation=escalation, expected_version=escalation.version,
                          organisations=list(escalation.organisations.all()))


# --- Retention -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("after", [CaseSettings.AfterRetention.ANONYMISE, CaseSettings.AfterRetention.DELETE])
def test_retention_of_a_case_reaches_the_escalations_naming_it(client_for, after):
    case = demo_case(URK, closed=True)  # closed more than two years ago (casework/demo.py)
    code = case.code
    CaseSettings.objects.update_or_create(region=case.region, defaults={"after_retention": after})
    escalation = file_linked(client_for, code, municipality=URK)
    assert retention_run(today=date.today()).cases >= 1

    escalation.refresh_from_db()
    assert escalation.case is None
    html = client_for("beleidsmedewerker").get(url("detail", escalation.pk)).content.decode()
    assert code not in html
    printed = [change for row in audit_rows(_case_link_entries(escalation)) for change in row.changes]
    assert len(printed) == 2 and all(code not in (c.old, c.new) for c in printed)  # linked, then let go


def test_a_case_code_typed_in_the_escalation_s_text_is_refused_and_nothing_is_stored(client_for):
    """The alderman reads the title and description: a code typed there would pass the link's protection."""
    code = demo_case(ALMERE).code
    before = Escalation.objects.count()
    for field in ("title", "description", "question"):
        data = _filing(ALMERE, "") | {field: f"Casus {code} stokt bij de overdracht."}
        response = client_for("beleidsmedewerker").post(url("create"), data)
        assert response.status_code == 200
        assert ui("a case code (name the case in its own field)") in \
            response.content.decode()
    assert Escalation.objects.count() == before
