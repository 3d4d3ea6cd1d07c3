"""Demo cases for Flevoland: pseudonymised cases that show every time-limit state, both lead flags and
house bans at every stage, spread over the region with Almere (where the demo team manager works)
well represented. Fiction throughout: no names, addresses or dates of birth, only generated codes.

Dates are relative to today. A case whose limit must be in an open state today (running, due soon,
late, very late) finds its report date by trying dates back from today until the state holds, so the
demo shows every state whatever weekday or holiday it is loaded on. One exception the calendar
imposes: a ban's extension decision is due on the last working day before day 10, so it can only be
"late" on a day off; on a working day that ban falls back to a care limit that is due soon.

Like all demo content it is written without going through the audit trail. Lessons are recorded
directly, without agreement_review_request: the agreement one lesson points to is already on the
review list through the escalation demo.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from auditlog.context import disable_auditlog
from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.models import Agreement, GovernanceTable, Organisation, Phase, Region

from . import deadlines
from .deadlines import State
from .models import (
    Case,
    CaseAnalysis,
    CaseDiscussion,
    CaseLead,
    HouseBan,
    LearningMeeting,
    Lesson,
    Violence,
    ViolenceForm,
)

ALMERE, LELYSTAD, DRONTEN, NOP, URK, ZEEWOLDE = "GM0034", "GM0995", "GM0303", "GM0171", "GM0184", "GM0050"
VT, ZVH, JB, RVDK = ("Veilig Thuis Flevoland", "Zorg- en Veiligheidshuis Flevoland", "Jeugdbescherming Flevoland",
                     "Raad voor de Kinderbescherming, locatie Flevoland")
OPVANG, GGZ, RECLASSERING, POLDERKIND = ("Veilige Opvang Flevoland", "GGZ Flevoland", "Reclassering, unit Flevoland",
                                         "Jeugdhulp Polderkind")
MDA, HUISVERBOD, TOPX = ("Casusoverleg Zorg- en Veiligheidshuis (MDA++)", "Casusoverleg Tijdelijk Huisverbod",
                         "Top-X overleg daderaanpak")
MDO_NOORD, KETEN_JB, OUDEREN = ("Multidisciplinair overleg Kindermishandeling Noord",
                                "Ketenoverleg Jeugdbescherming Flevoland", "Overleg Ouderenmishandeling Lelystad")
# The agreement a case analysis feeds back to (governance/demo_governance.py).
VT_LOCAL_TEAMS = "Samenwerkingsafspraken Veilig Thuis en lokale teams Flevoland"
POLICY = "beleidsmedewerker"
SAFETY, CARE, RECOVERY = 0, 1, 2  # the region's phases, in order

# An anchor fixes the report date: days ago, "friday" (the last Friday two weeks back or more), or
# (limit, state): the report date that puts that open limit in that state today. "decision" and "care"
# are the first house ban's limits; that ban is imposed on the day of the report. Alternatives are
# tried in order.
Anchor = int | str | tuple[tuple[str, State], ...]


@dataclass(frozen=True)
class Ban:
    """Done dates are days after their due date (negative: in time); None: still open."""

    decision: int | None = None
    care: int | None = None
    extend_to_day: int | None = None  # the extension's last day, in days after imposition (at most 28)


@dataclass(frozen=True)
class Lead:
    organisation: str
    role: str
    since: int  # days after the report
    until: int | None = None


@dataclass(frozen=True)
class Analysis:
    after_closing: int  # days
    choices: str
    worked: str
    change: str
    lesson: str
    agreement: bool = False


@dataclass(frozen=True)
class CaseSpec:
    municipality: str
    violence: tuple[str, ...]
    phase: int
    organisations: tuple[str, ...]
    reported: Anchor
    assessment: int | None = None  # days after its due date it was done; None: open
    investigation: int | None = None
    closed_days_ago: int | None = None
    tables: tuple[tuple[str, int], ...] = ()  # (table, days after the report)
    leads: tuple[Lead, ...] = ()
    ban: Ban | None = None
    analysis: Analysis | None = None


def at(limit: str, state: State) -> tuple[tuple[str, State], ...]:
    return ((limit, state),)


def _wt(name: str) -> str:
    return f"Wijkteam Almere {name}"


CASES = [
    # Almere: the team manager's own cases, most states and both flags among them.
    CaseSpec(ALMERE, ("child_abuse",), SAFETY, (VT, _wt("Stad")), at("assessment", State.RUNNING)),
    CaseSpec(ALMERE, ("partner",), SAFETY, (VT, "Politie Basisteam Almere Stad", _wt("Haven")),
             # Around Christmas a decision can be due soon even on the day of the ban: then its care is running.
             (("decision", State.RUNNING), ("care", State.RUNNING)), tables=((HUISVERBOD, 0),), ban=Ban()),
    CaseSpec(ALMERE, ("partner", "child_abuse"), SAFETY, (VT, "Politie Basisteam Almere Buiten-Haven", _wt("Buiten"),
                                                           OPVANG),
             at("decision", State.DUE_SOON), tables=((HUISVERBOD, 1), (MDA, 3)), ban=Ban(),
             # Veilig Thuis and the local team both think they coordinate: the "many leads" flag.
             leads=(Lead(VT, "casusregisseur Veilig Thuis", 1), Lead(_wt("Buiten"), "casusregisseur wijkteam", 2))),
    CaseSpec(ALMERE, ("ex_partner",), CARE, (VT, _wt("Poort"), "Politie Basisteam Almere Buiten-Haven", RECLASSERING),
             at("investigation", State.DUE_SOON), assessment=-1, tables=((MDA, 14), (TOPX, 30))),
    CaseSpec(ALMERE, ("child_abuse",), CARE, (VT, _wt("Hout"), JB), at("investigation", State.VERY_LATE),
             assessment=3, tables=((MDA, 20),),
             leads=(Lead(VT, "casusregisseur Veilig Thuis", 2, 30), Lead(_wt("Hout"), "casusregisseur wijkteam", 30))),
    CaseSpec(ALMERE, ("partner",), SAFETY, (VT, "Politie Basisteam Almere Stad", _wt("Stad")),
             at("care", State.VERY_LATE), assessment=-2, tables=((HUISVERBOD, 1),), ban=Ban(decision=-1),
             leads=(Lead(_wt("Stad"), "casusregisseur wijkteam", 2),)),
    CaseSpec(ALMERE, ("elder",), CARE, (VT, _wt("Haven"), GGZ), at("assessment", State.VERY_LATE)),
    CaseSpec(ALMERE, ("partner",), SAFETY, (VT, _wt("Buiten")), at("assessment", State.LATE)),
    CaseSpec(ALMERE, ("partner", "child_abuse"), SAFETY, (VT, "Politie Basisteam Almere Stad", _wt("Stad"), OPVANG),
             12, assessment=-2, tables=((HUISVERBOD, 1), (MDA, 6)), ban=Ban(decision=-2, extend_to_day=28),
             leads=(Lead(VT, "casusregisseur Veilig Thuis", 0, 7), Lead(_wt("Stad"), "casusregisseur wijkteam", 7))),
    CaseSpec(ALMERE, ("partner",), SAFETY, (VT, "Politie Basisteam Almere Buiten-Haven", _wt("Poort")),
             (("decision", State.LATE), ("care", State.DUE_SOON)), tables=((HUISVERBOD, 1),), ban=Ban(),
             leads=(Lead(_wt("Poort"), "casusregisseur wijkteam", 1),)),
    CaseSpec(ALMERE, ("partner",), RECOVERY, (VT, _wt("Buiten"), "Politie Basisteam Almere Buiten-Haven"), 400,
             assessment=-1, investigation=-20, closed_days_ago=200, tables=((MDA, 10), (TOPX, 40)),
             leads=(Lead(_wt("Buiten"), "casusregisseur wijkteam", 5, 200),),
             analysis=Analysis(
                 30, "Na de veiligheidstaxatie is de casus overgedragen aan het wijkteam. Bij de overdracht is niet "
                     "vastgelegd wie de regie had zolang de afspraken met de politie liepen.",
                 "Het casusoverleg in het Zorg- en Veiligheidshuis bracht de partners binnen een week bij elkaar.",
                 "Bij iedere overdracht vastleggen wie de regie heeft en tot wanneer.",
                 "Leg bij de overdracht van Veilig Thuis naar het wijkteam altijd vast wie de regie heeft; de "
                 "samenwerkingsafspraken zeggen daar nu niets over.", agreement=True)),
    # Lelystad
    CaseSpec(LELYSTAD, ("elder",), CARE, (VT, "Sociaal Wijkteam Lelystad Zuid", GGZ),
             at("investigation", State.LATE), assessment=-2, tables=((OUDEREN, 20), (MDA, 50)),
             # The lead ended and nobody took it over while two tables discuss the family: "no lead".
             leads=(Lead("Sociaal Wijkteam Lelystad Zuid", "casusregisseur sociaal wijkteam", 5, 40),)),
    CaseSpec(LELYSTAD, ("partner",), SAFETY, (VT, "Politie Basisteam Lelystad", "Sociaal Wijkteam Lelystad Noord"),
             12, assessment=-1, tables=((HUISVERBOD, 1),), ban=Ban(),
             leads=(Lead("Sociaal Wijkteam Lelystad Noord", "casusregisseur sociaal wijkteam", 2),)),
    CaseSpec(LELYSTAD, ("child_abuse",), CARE, (VT, "Sociaal Wijkteam Lelystad Noord", JB, RVDK),
             at("assessment", State.DUE_SOON)),
    CaseSpec(LELYSTAD, ("honour",), SAFETY, (VT, "Politie Basisteam Lelystad", ZVH, OPVANG), 30, assessment=2,
             tables=((MDA, 5), (TOPX, 12)),
             leads=(Lead(VT, "casusregisseur Veilig Thuis", 1, 5), Lead(ZVH, "procesregisseur", 5))),
    # Dronten
    CaseSpec(DRONTEN, ("child_abuse",), RECOVERY, (VT, "Sociaal Team Dronten", POLDERKIND), 100, assessment=-2,
             investigation=-10, tables=((MDO_NOORD, 20),),
             leads=(Lead("Sociaal Team Dronten", "casusregisseur sociaal team", 3),)),
    CaseSpec(DRONTEN, ("partner",), SAFETY, (VT, "Politie Basisteam Dronten-Zeewolde", "Sociaal Team Dronten"),
             "friday", assessment=-1, tables=((HUISVERBOD, 3),), ban=Ban(decision=0, care=-1),
             leads=(Lead("Sociaal Team Dronten", "casusregisseur sociaal team", 3),)),
    # Noordoostpolder
    CaseSpec(NOP, ("child_abuse",), CARE, (VT, "Wijkteam Emmeloord", POLDERKIND, RVDK), 110, assessment=-1,
             investigation=12, tables=((MDO_NOORD, 10), (KETEN_JB, 60)),
             leads=(Lead(VT, "casusregisseur Veilig Thuis", 1, 40),
                    Lead("Wijkteam Emmeloord", "casusregisseur wijkteam", 40))),
    CaseSpec(NOP, ("partner",), CARE, (VT, "Politie Basisteam Noordoostpolder-Urk", "Wijkteam Emmeloord"), 40,
             assessment=2, tables=((HUISVERBOD, 1),), ban=Ban(decision=1, care=3),
             leads=(Lead("Wijkteam Emmeloord", "casusregisseur wijkteam", 2),)),
    # Urk and Zeewolde: closed cases, two of them past the default retention of 24 months.
    CaseSpec(URK, ("child_abuse",), RECOVERY, (VT, "Sociaal Team Urk"), 850, assessment=-1, investigation=-5,
             closed_days_ago=760, tables=((MDO_NOORD, 20),),
             leads=(Lead("Sociaal Team Urk", "casusregisseur sociaal team", 3, 40),)),
    CaseSpec(ZEEWOLDE, ("elder",), RECOVERY, (VT, "Sociaal Team Zeewolde"), 1000, assessment=1, investigation=-3,
             closed_days_ago=900, leads=(Lead("Sociaal Team Zeewolde", "casusregisseur sociaal team", 4, 100),)),
    CaseSpec(ZEEWOLDE, ("partner",), RECOVERY, (VT, "Politie Basisteam Dronten-Zeewolde", "Sociaal Team Zeewolde"),
             300, assessment=-1, investigation=-7, closed_days_ago=120, tables=((HUISVERBOD, 1), (MDA, 8)),
             ban=Ban(decision=-1, care=-2),
             leads=(Lead(VT, "casusregisseur Veilig Thuis", 0, 8), Lead("Sociaal Team Zeewolde",
                                                                      "casusregisseur sociaal team", 8, 180)),
             analysis=Analysis(
                 21, "Tijdens het huisverbod is gekozen voor hulp aan het hele gezin, ook aan de uithuisgeplaatste "
                     "partner, in plaats van alleen aan de achterblijvers.",
                 "De hulp begon binnen het huisverbod; reclassering en sociaal team werkten vanaf de eerste week "
                 "samen.",
                 "De overdracht na afloop van het huisverbod liep via drie partijen; dat kan korter.",
                 "Hulp aan het hele gezin tijdens het huisverbod werkt; spreek in het casusoverleg meteen af wie "
                 "na afloop de regie houdt.")),
]


@dataclass(frozen=True)
class Meeting:
    municipality: str | None
    days_ago: int
    organisations: tuple[str, ...]
    topic: str
    summary: str
    lesson: str


MEETINGS = [
    Meeting(None, 45, (VT, ZVH, _wt("Stad"), "Sociaal Wijkteam Lelystad Noord", "Sociaal Team Dronten"),
            "Regie bij casussen die aan meerdere tafels worden besproken",
            "Casussen die aan twee of meer tafels worden besproken, hebben vaak geen of juist twee regisseurs. "
            "Tafels vragen nu bij de start van de bespreking wie de regie heeft.",
            "Iedere tafel stelt bij de start van een casusbespreking vast wie de regie heeft; ontbreekt die, dan "
            "wijst de voorzitter een regisseur aan."),
    Meeting(ALMERE, 20, (VT, _wt("Stad"), _wt("Haven"), "Politie Basisteam Almere Stad"),
            "Zorg op gang tijdens het tijdelijk huisverbod",
            "De hulp start niet altijd binnen de tien dagen van het huisverbod, vooral als het verbod op een vrijdag "
            "wordt opgelegd en het weekend ertussen valt.",
            "Bij een huisverbod op vrijdag plant het wijkteam het eerste gesprek al op de maandag erna."),
]


@dataclass
class Plan:
    """A case's dates for one copy of the demo."""

    reported: date
    assessment: date | None = None
    investigation: date | None = None
    closed: date | None = None
    ban: dict = field(default_factory=dict)

    def state(self, limit: str, today: date) -> State:
        """The state today of "assessment", "investigation", or the ban's "decision" or "care"."""
        if limit in ("assessment", "investigation"):
            term, done = getattr(deadlines, f"{limit}_term")(self.reported), getattr(self, limit)
        else:
            imposed = self.ban["imposed_on"]
            term = (deadlines.extension_decision_term(imposed) if limit == "decision" else
                    deadlines.care_term(self.ban["extended_until"] or deadlines.ban_lapses_on(imposed)))
            done = self.ban[f"{limit}_done"]
        return deadlines.state_of(due=term.due, very_late_from=term.very_late_from, done_on=done, today=today)


def _done(due: date, offset: int | None, reported: date, today: date) -> date | None:
    """A limit met `offset` days after it was due; one met in time is never dated after today."""
    if offset is None:
        return None
    done = max(reported, due + timedelta(days=offset))
    if offset <= 0:
        return min(done, today)
    if done > today:
        raise ValueError(f"A demo limit due on {due} cannot have been met late by today.")
    return done


def _plan(spec: CaseSpec, reported: date, today: date) -> Plan:
    plan = Plan(reported)
    plan.assessment = _done(deadlines.assessment_term(reported).due, spec.assessment, reported, today)
    plan.investigation = _done(deadlines.investigation_term(reported).due, spec.investigation, reported, today)
    if spec.closed_days_ago is not None:
        plan.closed = today - timedelta(days=spec.closed_days_ago)
    if spec.ban:
        extended = reported + timedelta(days=spec.ban.extend_to_day) if spec.ban.extend_to_day else None
        decision = deadlines.extension_decision_term(reported)
        care = deadlines.care_term(extended or deadlines.ban_lapses_on(reported))
        plan.ban = {"imposed_on": reported, "extended_until": extended,
                    "decision_done": _done(decision.due, spec.ban.decision, reported, today),
                    "care_done": _done(care.due, spec.ban.care, reported, today)}
    return plan


def _candidates(spec: CaseSpec, today: date):
    for days in range(0, 200):
        try:
            yield _plan(spec, today - timedelta(days=days), today)
        except ValueError:
            continue  # too recent for a limit that the spec has met late


@lru_cache(maxsize=256)
def _plans_in_state(spec: CaseSpec, limit: str, state: State, today: date) -> tuple[Plan, ...]:
    """The plans whose `limit` is in `state` today, newest first (cached: every copy at scale asks)."""
    plans = []
    for plan in _candidates(spec, today):
        if plan.state(limit, today) == state:
            plans.append(plan)
        elif plans:
            break  # an open limit only gets worse with time: the matching dates run together
    return tuple(plans)


def plan_case(spec: CaseSpec, today: date, copy: int = 0) -> Plan:
    """The dates of one case; copies at scale shift by a few days where the states allow it."""
    if isinstance(spec.reported, int):
        return _plan(spec, today - timedelta(days=spec.reported + copy), today)
    if spec.reported == "friday":
        friday = today - timedelta(days=14 + (today.weekday() - 4) % 7 + 7 * copy)
        return _plan(spec, friday, today)
    for limit, state in spec.reported:
        plans = _plans_in_state(spec, limit, state, today)
        if plans:
            return plans[copy % len(plans)]
    raise ValueError(f"No report date puts {spec.reported} in its state today.")


def _after(reported: date, days: int, today: date) -> date:
    return min(reported + timedelta(days=days), today)


def casework_demo_build(*, region: Region, scale: int = 1) -> None:
    builder = _Builder(region, timezone.localdate())
    with disable_auditlog():
        for copy in range(scale):
            for spec in CASES:
                builder.case(spec, copy)
            for meeting in MEETINGS:
                builder.meeting(meeting, copy)
        builder.save()


class _Builder:
    """Saves cases and bans one by one (save() computes their due dates) and the rest in bulk.
    Every row of the first copy is validated with full_clean; the copies at scale repeat its specs."""

    def __init__(self, region: Region, today: date):
        self.region, self.today = region, today
        self.recorder = get_user_model().objects.filter(username=POLICY).first()
        self.municipalities = {m.code: m for m in region.municipalities.all()}
        self.phases = list(Phase.objects.filter(region=region).order_by("order"))
        # Seeded by a migration, but gone after a transactional test flushed the database.
        self.violence = {code: ViolenceForm.objects.get_or_create(code=code)[0] for code in Violence.values}
        self.organisations = {o.name: o for o in Organisation.objects.filter(region=region)}
        self.tables = {t.name: t for t in GovernanceTable.objects.filter(region=region)}
        self.agreements = {a.title: a for a in Agreement.objects.filter(region=region)}
        self.rows: dict[type, list] = {model: [] for model in (
            Case.violence.through, Case.organisations.through, CaseDiscussion, CaseLead,
            LearningMeeting.organisations.through)}

    def _org(self, name: str, copy: int) -> Organisation:
        # At scale the register holds copies named "<name> (2)" and so on (governance/demo_register.py).
        return self.organisations[name + _suffix(copy)]

    def _valid(self, row, copy: int):
        if copy == 0:
            row.full_clean()
        return row

    def case(self, spec: CaseSpec, copy: int) -> None:
        region, today, plan = self.region, self.today, plan_case(spec, self.today, copy)
        case = self._valid(Case(region=region, municipality=self.municipalities[spec.municipality],
                                phase=self.phases[spec.phase], reported_on=plan.reported,
                                assessment_done=plan.assessment, investigation_done=plan.investigation,
                                closed_on=plan.closed), copy)
        case.save()  # computes the due dates (deadlines.py)
        self.rows[Case.violence.through] += [
            Case.violence.through(case_id=case.pk, violenceform_id=self.violence[code].pk) for code in spec.violence]
        self.rows[Case.organisations.through] += [
            Case.organisations.through(case_id=case.pk, organisation_id=self._org(name, copy).pk)
            for name in spec.organisations]
        self.rows[CaseDiscussion] += [
            self._valid(CaseDiscussion(region=region, case=case, table=self.tables[name + _suffix(copy)],
                                       discussed_on=_after(plan.reported, days, today)), copy)
            for name, days in spec.tables]
        self.rows[CaseLead] += [
            self._valid(CaseLead(region=region, case=case, organisation=self._org(lead.organisation, copy),
                                 role=lead.role, since=_after(plan.reported, lead.since, today),
                                 until=None if lead.until is None else _after(plan.reported, lead.until, today)), copy)
            for lead in spec.leads]
        if plan.ban:
            self._valid(HouseBan(region=region, case=case, **plan.ban), copy).save()
        if spec.analysis:
            self._analysis(case, spec.analysis, self.agreements.get(VT_LOCAL_TEAMS + _suffix(copy)), copy)

    def _analysis(self, case: Case, spec: Analysis, agreement: Agreement | None, copy: int) -> None:
        analysis = self._valid(CaseAnalysis(region=self.region, case=case, choices=spec.choices, worked=spec.worked,
                                            held_on=case.closed_on + timedelta(days=spec.after_closing),
                                            change=spec.change), copy)
        analysis.save()
        self._valid(Lesson(region=self.region, analysis=analysis, text=spec.lesson, recorded_by=self.recorder,
                           agreement=agreement if spec.agreement else None), copy).save()

    def meeting(self, spec: Meeting, copy: int) -> None:
        meeting = self._valid(LearningMeeting(
            region=self.region, municipality=self.municipalities.get(spec.municipality),
            held_on=self.today - timedelta(days=spec.days_ago), topic=spec.topic + _suffix(copy),
            summary=spec.summary), copy)
        meeting.save()
        self.rows[LearningMeeting.organisations.through] += [
            LearningMeeting.organisations.through(learningmeeting_id=meeting.pk,
                                                  organisation_id=self._org(name, copy).pk)
            for name in spec.organisations]
        self._valid(Lesson(region=self.region, meeting=meeting, text=spec.lesson, recorded_by=self.recorder),
                    copy).save()

    def save(self) -> None:
        for model, rows in self.rows.items():
            model.objects.bulk_create(rows)


def _suffix(copy: int) -> str:
    return f" ({copy + 1})" if copy else ""
