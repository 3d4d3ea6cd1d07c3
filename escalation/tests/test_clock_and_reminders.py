"""The clock of an escalation: deadlines in Dutch working days, a pause that stops the clock, and the
daily reminders about deadlines that come near or have passed.

Time is fixed with time-machine; the demo escalations exist too, so mail is filtered by reference."""
from __future__ import annotations

import re
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from common.outbox import outbox_deliver
from common.workdays import working_days_between
from escalation.models import Escalation, EscalationReminder, ReminderKind
from escalation.reminders import ReminderResult, reminders_send
from escalation.services import route_settings_for, route_settings_save
from escalation.tests.test_workflow import ALMERE, LELYSTAD, TEAM, file_escalation, flevoland, take_step, user
from escalation.workflow import State

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")



def on(day: date, hour: int = 10):
    """Travel to that day (office hours, Dutch time), with the clock standing still."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=AMSTERDAM), tick=False)


def fresh(escalation: Escalation) -> Escalation:
    return Escalation.objects.get(pk=escalation.pk)


def mails_about(escalation: Escalation) -> list:
    return [message for message in mail.outbox if escalation.reference in message.subject]


def recipients(messages) -> list[str]:
    return sorted(address for message in messages for address in message.to)


def address(username: str) -> str:
    return user(username).email


def set_time_limits(**values) -> None:
    """The project leader changes Flevoland's time limits, as on the settings page."""
    region_settings = route_settings_for(flevoland())
    seen = region_settings.version
    for name, value in values.items():
        setattr(region_settings, name, value)
    route_settings_save(actor=user("projectleider"), region_settings=region_settings, expected_version=seen)


def started(day: date, *, municipality: str = ALMERE) -> Escalation:
    """An escalation filed and taken into route 1 on `day`."""
    with on(day):
        escalation = file_escalation(municipality=municipality)
        return take_step(escalation, "start-route_1")


# --- working days ------------------------------------------------------------------------------------

@pytest.mark.parametrize("filed_on,intake_deadline", [
    (date(2026, 3, 4), date(2026, 3, 6)),  # Wednesday: Thursday, Friday
    (date(2026, 3, 5), date(2026, 3, 9)),  # Thursday: the weekend does not count
    (date(2026, 3, 7), date(2026, 3, 11)),  # filed on a Saturday: counting starts on Monday
    (date(2026, 4, 2), date(2026, 4, 7)),  # before Easter: Easter Monday does not count, Good Friday does
    (date(2026, 4, 24), date(2026, 4, 29)),  # Friday before King's Day (Monday 27 April)
    (date(2026, 12, 23), date(2026, 12, 28)),  # Christmas
], ids=["midweek", "weekend", "saturday", "easter", "kings-day", "christmas"])
def test_deadlines_count_dutch_working_days(filed_on, intake_deadline):
    """Filed: route 1 must start within 2 working days (the region default)."""
    with on(filed_on):
        escalation = file_escalation()
    assert escalation.deadline == intake_deadline
    assert escalation.transitions.get().deadline == intake_deadline


def test_each_route_has_its_own_response_time():
    """Route 1: 5, route 2: 10, route 3: 15 working days from the step, by default."""
    with on(date(2026, 4, 24)):  # a Friday, King's Day on Monday, Liberation Day on Tuesday 5 May
        escalation = file_escalation()
        assert take_step(escalation, "start-route_1").deadline == date(2026, 5, 4)
        assert take_step(escalation, "scale_up-route_2").deadline == date(2026, 5, 12)
        assert take_step(escalation, "scale_up-route_3").deadline == date(2026, 5, 20)  # Ascension Day on 14 May


def test_the_region_sets_its_own_response_times():
    set_time_limits(intake_days=1, route_1_days=3)
    with on(date(2026, 3, 5)):  # Thursday
        escalation = file_escalation()
        assert escalation.deadline == date(2026, 3, 6)
        assert take_step(escalation, "start-route_1").deadline == date(2026, 3, 10)


# --- pause and resume ----------------------------------------------------------------------------------

@pytest.mark.parametrize("start,pause,resume,before,after", [
    # A working week paused: the deadline moves by the five working days lost.
    (date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 10), date(2026, 3, 9), date(2026, 3, 16)),
    # Paused over King's Day and a weekend: only Tuesday 28 April was lost.
    (date(2026, 4, 20), date(2026, 4, 24), date(2026, 4, 28), date(2026, 4, 28), date(2026, 4, 29)),
    # Paused and resumed on the same day: nothing lost.
    (date(2026, 3, 2), date(2026, 3, 4), date(2026, 3, 4), date(2026, 3, 9), date(2026, 3, 9)),
], ids=["a-week", "over-kings-day", "same-day"])
def test_a_pause_stops_the_clock(start, pause, resume, before, after):
    escalation = started(start)
    assert escalation.deadline == before
    with on(pause):
        paused = take_step(escalation, "pause-route_1")
    assert (paused.paused_since, paused.deadline) == (pause, before)
    with on(resume):
        resumed = take_step(escalation, "resume-route_1")
    assert (resumed.paused_since, resumed.pause_reason, resumed.deadline) == (None, "", after)
    assert resumed.state == State.ROUTE_1
    assert list(resumed.transitions.order_by("at", "id").values_list("action", "deadline"))[-2:] == [
        ("pause", before), ("resume", after)]


def test_a_paused_escalation_is_never_overdue_and_gets_no_reminders():
    """Weeks past its deadline, a paused escalation is left alone; one that was not paused is
    overdue. After resuming, the time left is what it was when the clock stopped."""
    paused, running = started(date(2026, 3, 2)), started(date(2026, 3, 2))
    with on(date(2026, 3, 3)):
        take_step(paused, "pause-route_1")
    time_left = working_days_between(date(2026, 3, 3), date(2026, 3, 9))

    with on(date(2026, 3, 30)):
        assert not fresh(paused).is_overdue()
        assert fresh(running).is_overdue()
        reminders_send()
        assert mails_about(paused) == []
        assert not EscalationReminder.objects.filter(escalation=paused).exists()
        assert mails_about(running) != []

        resumed = take_step(paused, "resume-route_1")
        assert not resumed.is_overdue()
        assert working_days_between(date(2026, 3, 30), resumed.deadline) == time_left
        assert resumed.deadline == date(2026, 4, 3)  # Good Friday is a working day (Algemene termijnenwet)


# --- reminders ----------------------------------------------------------------------------------------

def test_reminders_before_and_after_the_deadline_go_to_the_route():
    """Route 1 of an Almere escalation: its team manager and whoever filed it. One "due" reminder the
    working day before the deadline, one "overdue" reminder after it, each only once."""
    escalation = started(date(2026, 3, 2))  # deadline Monday 9 March
    route_1 = sorted([address(TEAM), address("beleidsmedewerker")])

    with on(date(2026, 3, 5)):  # two working days left: not yet
        reminders_send()
    assert mails_about(escalation) == []

    with on(date(2026, 3, 6)):  # Friday, one working day left
        reminders_send()
    due = mails_about(escalation)
    assert recipients(due) == route_1
    assert all(len(message.to) == 1 for message in due)  # one message per recipient
    link = settings.SITE_URL + reverse("escalation:detail", args=["flevoland", escalation.pk])
    assert all(link in message.body for message in due)

    with on(date(2026, 3, 9)):  # the deadline itself: the "due" reminder was already sent
        reminders_send()
    assert len(mails_about(escalation)) == 2

    with on(date(2026, 3, 10)):  # the day after: overdue
        reminders_send()
    overdue = mails_about(escalation)[2:]
    assert recipients(overdue) == route_1
    assert overdue[0].subject != due[0].subject

    assert list(EscalationReminder.objects.filter(escalation=escalation).order_by("pk")
                .values_list("kind", "deadline", "recipients")) == [
        (ReminderKind.DUE, date(2026, 3, 9), 2), (ReminderKind.OVERDUE, date(2026, 3, 9), 2)]


def test_running_the_reminders_twice_sends_nothing_new():
    escalation = started(date(2026, 3, 2))
    with on(date(2026, 3, 12)):
        first = reminders_send()
        sent = len(mail.outbox)
        second = reminders_send()
    assert first.overdue >= 1 and len(mails_about(escalation)) == 2
    assert second == ReminderResult(due=0, overdue=0, messages=0)
    assert len(mail.outbox) == sent


def test_the_region_decides_how_early_the_reminder_comes():
    set_time_limits(remind_before_days=3)
    escalation = started(date(2026, 3, 2))  # deadline Monday 9 March
    with on(date(2026, 3, 3)):  # four working days left
        reminders_send()
    assert mails_about(escalation) == []
    with on(date(2026, 3, 4)):  # three working days left
        reminders_send()
    assert len(mails_about(escalation)) == 2


def test_a_new_route_earns_a_new_reminder_for_its_own_people():
    """After scaling up to route 3 the alderman is reminded, the team manager no longer."""
    escalation = started(date(2026, 3, 2))
    with on(date(2026, 3, 6)):
        reminders_send()
        take_step(escalation, "scale_up-route_2")
        escalation = take_step(escalation, "scale_up-route_3")
        reminders_send()  # the new deadline is far away
    assert escalation.deadline == date(2026, 3, 27)
    assert len(mails_about(escalation)) == 2

    with on(date(2026, 3, 26)):
        reminders_send()
    assert recipients(mails_about(escalation)[2:]) == sorted([address("wethouder"), address("beleidsmedewerker")])
    assert EscalationReminder.objects.filter(escalation=escalation, kind=ReminderKind.DUE).count() == 2


def test_resuming_earns_a_new_reminder():
    escalation = started(date(2026, 3, 2), municipality=LELYSTAD)  # route 1: only the filer has an account
    with on(date(2026, 3, 6)):
        reminders_send()
        take_step(escalation, "pause-route_1")
    with on(date(2026, 3, 10)):
        reminders_send()  # paused: no overdue reminder
        assert recipients(mails_about(escalation)) == [address("beleidsmedewerker")]
        escalation = take_step(escalation, "resume-route_1")
        assert escalation.deadline == date(2026, 3, 11)  # Monday and Tuesday were lost
        reminders_send()
    assert len(mails_about(escalation)) == 2
    assert list(EscalationReminder.objects.filter(escalation=escalation).values_list("deadline", flat=True)
                .order_by("deadline")) == [date(2026, 3, 9), date(2026, 3, 11)]


def test_closed_escalations_get_no_reminders():
    escalation = started(date(2026, 3, 2))
    with on(date(2026, 3, 3)):
        take_step(escalation, "withdraw-withdrawn")
    with on(date(2026, 3, 20)):
        reminders_send()
    assert mails_about(escalation) == []


def test_the_reminder_command_prints_its_counts():
    escalation = started(date(2026, 3, 2))
    outbox_deliver()  # the steps' own mails, which the test's transaction held back
    mail.outbox.clear()
    out = StringIO()
    reminders_before = EscalationReminder.objects.count()
    with on(date(2026, 3, 6)):
        call_command("send_escalation_reminders", stdout=out)
    found = re.fullmatch(r"Reminders: (\d+) due soon, (\d+) past the time limit, (\d+) e-mails queued\.\n"
                         r"Outbox: (\d+) earlier e-mails sent, (\d+) still waiting\.\n", out.getvalue())
    assert found, out.getvalue()
    due, overdue, messages, earlier, waiting = map(int, found.groups())
    assert due >= 1 and messages == len(mail.outbox) and (earlier, waiting) == (0, 0)
    assert due + overdue == EscalationReminder.objects.count() - reminders_before
    assert len(mails_about(escalation)) == 2
