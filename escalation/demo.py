"""Demo escalations for Flevoland: one in every state, including an acute one, a paused one, an
overdue one and a resolved one whose lesson put an agreement on the review list. Fiction throughout,
and (like all demo content) written without going through the audit trail.

The history is replayed step by step through the same `apply_step` the service uses, so deadlines,
pauses and marks come out exactly as the product would have set them."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from auditlog.context import disable_auditlog
from django.contrib.auth import get_user_model
from django.utils import timezone

from casework.models import Case
from governance.models import Agreement, AgreementReview, Municipality, Organisation, Region, Stakeholder

from .models import Escalation, EscalationTransition, RouteMeeting
from .participants import route_stakeholders
from .services import apply_step, deadline_for, route_settings_for
from .workflow import BY_KEY, Action, Reason, State

VT = "Veilig Thuis Flevoland"
POLICY, TEAM = "beleidsmedewerker", "teammanager"


@dataclass(frozen=True)
class Scenario:
    reason: Reason
    municipality: str  # CBS code
    title: str
    organisations: list[str]
    description: str
    question: str
    filed_days_ago: int
    # (step key, days ago, reason, username); the first step follows filing
    steps: list[tuple[str, int, str, str]] = field(default_factory=list)
    meetings: list[tuple[int, str]] = field(default_factory=list)  # (days ago, outcome) in the route of that day
    # The demo case it is about (casework/demo.py): the first open case of the municipality that this
    # organisation works on.
    case_with: str = ""
    agreement: bool = False  # the VT–local teams agreement
    lesson: str = ""
    review: bool = False


SCENARIOS = [
    Scenario(Reason.COOPERATION, "GM0995", "Overdracht na veiligheidstaxatie blijft liggen",
             [VT, "Sociaal Wijkteam Lelystad Noord"],
             "Na de overdracht door Veilig Thuis is na tien werkdagen nog geen casusregisseur bij het wijkteam bekend.",
             "Wie neemt de regie over en wanneer is het eerste gesprek?", 1, case_with="Sociaal Wijkteam Lelystad Noord"),
    Scenario(Reason.ROUTE_STUCK, "GM0034", "Terugkoppeling over een lopende melding blijft uit",
             [VT, "Wijkteam Almere Stad"],
             "Het wijkteam krijgt geen terugkoppeling over de uitkomst van een melding die het zelf deed.",
             "Afspraak nodig over wie wanneer terugkoppelt.", 6,
             steps=[("start-route_1", 5, "Teammanagers plannen een gezamenlijk overleg.", TEAM)],
             meetings=[(2, "Werkwijze terugkoppeling doorgenomen; Veilig Thuis koppelt binnen vijf werkdagen terug.")],
             case_with="Wijkteam Almere Stad"),
    Scenario(Reason.ROUTE_STUCK, "GM0303", "Wachten op informatie van de jeugdbeschermer",
             ["Sociaal Team Dronten", "Jeugdbescherming Flevoland", VT],
             "Het vervolg hangt af van informatie die de jeugdbeschermer nog moet aanleveren.",
             "Kan de jeugdbescherming de informatie deze week leveren?", 12,
             steps=[("start-route_1", 11, "Teammanagers in gesprek over de route.", POLICY),
                    ("pause-route_1", 3, "Wachten op de rapportage van Jeugdbescherming Flevoland.", POLICY)]),
    Scenario(Reason.COOPERATION, "GM0034", "Verschil van inzicht over de inzet van een hulpverleningstraject",
             [VT, "Wijkteam Almere Buiten"],
             "Veilig Thuis en het wijkteam verschillen van mening over de noodzaak van specialistische hulp.",
             "Besluit nodig over de inzet en de financiering van het traject.", 45,
             steps=[("start-route_1", 44, "Overleg tussen de teammanagers gepland.", TEAM),
                    ("scale_up-route_2", 38, "Geen overeenstemming in route 1; de beleidsadviseur is nodig voor de financiering.", TEAM)],
             meetings=[(41, "Geen overeenstemming over de inzet; beide teammanagers lichten hun afweging toe.")],
             case_with="Wijkteam Almere Buiten", agreement=True),
    Scenario(Reason.AGREEMENTS, "GM0171", "Afspraken over terugkoppeling werken niet bij de wijkteams in de Noordoostpolder",
             [VT, "Wijkteam Emmeloord", "Gemeente Noordoostpolder"],
             "Bij meerdere overdrachten ontbrak de terugkoppeling die de samenwerkingsafspraken voorschrijven.",
             "Bestuurlijk besluit nodig over capaciteit voor de terugkoppeling.", 32,
             steps=[("start-route_1", 31, "Teammanagers brengen de overdrachten in kaart.", POLICY),
                    ("scale_up-route_2", 24, "Structureel probleem; beleid moet aanschuiven.", POLICY),
                    ("scale_up-route_3", 9, "Capaciteit vraagt een bestuurlijk besluit van wethouder en directeur.", POLICY)],
             meetings=[(27, "Vijf overdrachten besproken; in vier ontbrak de terugkoppeling."),
                       (15, "Beleid ziet een capaciteitstekort; voorstel voor route 3 voorbereid.")],
             agreement=True),
    Scenario(Reason.SAFETY, "GM0995", "Acute onveiligheid: geen passende opvangplek beschikbaar",
             [VT, "Politie Basisteam Lelystad", "Sociaal Wijkteam Lelystad Zuid", "Veilige Opvang Flevoland"],
             "Er is direct een veilige opvangplek nodig; de reguliere route kost dagen die er niet zijn.",
             "Besluit vandaag over een plek buiten de regio en de bekostiging ervan.", 2,
             steps=[("acute-route_3", 2, "De veiligheid is direct in gevaar en alleen een bestuurlijk besluit "
                                        "over plaatsing buiten de regio kan vandaag een plek opleveren.", POLICY)],
             case_with="Veilige Opvang Flevoland"),
    Scenario(Reason.SAFETY, "GM0034", "Zorgen over veiligheid na opheffing van een tijdelijk huisverbod",
             [VT, "Wijkteam Almere Haven", "Politie Basisteam Almere Stad"],
             "Na afloop van het tijdelijk huisverbod is niet duidelijk wie het veiligheidsplan bewaakt.",
             "Wie bewaakt het veiligheidsplan en hoe wordt de politie betrokken?", 16,
             steps=[("acute-route_2", 16, "Veiligheid direct in gevaar na afloop van het huisverbod; beleid moet "
                                         "vandaag de afspraken met de politie bevestigen.", TEAM),
                    ("de_escalate-route_1", 10, "Afspraken met de politie staan; de teams pakken het verder op.", POLICY)],
             meetings=[(14, "Politie en wijkteam spreken dagelijkse afstemming af tot het veiligheidsplan loopt.")]),
    Scenario(Reason.AGREEMENTS, "GM0050", "Triageprotocol laat niet zien wie bij twijfel beslist",
             [VT, "Sociaal Team Zeewolde"],
             "Bij twijfel over de triage wachten beide organisaties op elkaar.",
             "Duidelijkheid over wie bij twijfel beslist.", 70,
             steps=[("start-route_1", 69, "Teammanagers overleggen.", POLICY),
                    ("scale_up-route_2", 60, "Het protocol zelf is onduidelijk; beleid moet meekijken.", POLICY),
                    ("resolve-resolved", 48, "Afgesproken dat Veilig Thuis bij twijfel beslist tot de herziening.", POLICY)],
             agreement=True,
             lesson="Het triageprotocol in de samenwerkingsafspraken regelt niet wie bij twijfel beslist.", review=True),
    Scenario(Reason.COOPERATION, "GM0184", "Onduidelijkheid over de bereikbaarheid buiten kantoortijden",
             [VT, "Sociaal Team Urk"],
             "Het sociaal team wist niet hoe Veilig Thuis buiten kantoortijden bereikbaar is.",
             "Afspraak over bereikbaarheid.", 25,
             steps=[("start-route_1", 24, "Teammanagers nemen contact op.", POLICY),
                    ("withdraw-withdrawn", 21, "In het eerste gesprek opgelost; escalatie niet meer nodig.", POLICY)]),
]


def _moment(days_ago: int, hour: int):
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def escalation_demo_build(*, region: Region, scale: int = 1) -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[POLICY, TEAM])}
    organisations = {o.name: o for o in Organisation.objects.filter(region=region)}
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in={s.municipality for s in SCENARIOS})}
    agreement = Agreement.objects.filter(region=region).order_by("id").first()
    region_settings = route_settings_for(region)
    with disable_auditlog():
        for copy in range(scale):
            for scenario in SCENARIOS:
                _replay(region, scenario, copy, users, organisations, municipalities, agreement, region_settings)


def _replay(region, scenario, copy, users, organisations, municipalities, agreement, region_settings) -> None:
    filer = users[scenario.steps[0][3] if scenario.steps else POLICY]
    filed_at = _moment(scenario.filed_days_ago, 9)
    escalation = Escalation(
        region=region, reason=scenario.reason, municipality=municipalities[scenario.municipality],
        title=scenario.title + (f" ({copy + 1})" if copy else ""), agreement=agreement if scenario.agreement else None,
        case=_case(region, municipalities[scenario.municipality], scenario.case_with, copy),
        description=scenario.description, question=scenario.question, filed_by=filer, state_since=filed_at,
    )
    escalation.deadline = deadline_for(region_settings, State.FILED, filed_at.date())
    history = [EscalationTransition(action=Action.FILE, from_state="", to_state=State.FILED, actor=filer,
                                    actor_name=filer.get_full_name(), at=filed_at, deadline=escalation.deadline,
                                    reason=f"Ingediend door {filer.get_full_name()}.")]
    for key, days_ago, reason, username in scenario.steps:
        transition, at = BY_KEY[(escalation.state, key)], _moment(days_ago, 11)
        from_state = escalation.state
        apply_step(escalation, transition, reason=reason, today=at.date(), region_settings=region_settings, now=at)
        actor = users[username]
        history.append(EscalationTransition(action=transition.action, from_state=from_state, to_state=escalation.state,
                                            actor=actor, actor_name=actor.get_full_name(), at=at, reason=reason,
                                            deadline=escalation.deadline))
    if escalation.state == State.RESOLVED:
        escalation.outcome, escalation.lesson = scenario.steps[-1][2], scenario.lesson
    escalation.save()
    Escalation.objects.filter(pk=escalation.pk).update(created_at=filed_at)
    escalation.organisations.set([organisations[name] for name in scenario.organisations])
    for step in history:
        step.escalation = escalation
    EscalationTransition.objects.bulk_create(history)
    if scenario.review and agreement is not None:
        review = AgreementReview.objects.create(
            region=region, agreement=agreement, reason=scenario.lesson, raised_on=history[-1].at.date(),
            source=f"Escalatie {escalation.reference}")
        Escalation.objects.filter(pk=escalation.pk).update(review=review)
    _meetings(escalation, scenario, history)


def _case(region: Region, municipality: Municipality, organisation: str, copy: int) -> Case | None:
    if not organisation:
        return None
    # At scale the register and the cases come in copies, "<name> (2)" and so on (casework/demo.py).
    name = organisation + (f" ({copy + 1})" if copy else "")
    return (Case.objects.filter(region=region, municipality=municipality, organisations__name=name,
                                closed_on__isnull=True).order_by("pk").first())


def _meetings(escalation: Escalation, scenario: Scenario, history: list[EscalationTransition]) -> None:
    for days_ago, outcome in scenario.meetings:
        held = _moment(days_ago, 14)
        state = [step.to_state for step in history if step.at <= held][-1]
        meeting = RouteMeeting.objects.create(
            region_id=escalation.region_id, escalation=escalation, route=int(state[-1]), held_on=held.date(),
            outcome=outcome, other_participants="")
        RouteMeeting.objects.filter(pk=meeting.pk).update(created_at=held)
        meeting.participants.set(Stakeholder.objects.filter(
            pk__in=[person.pk for person in route_stakeholders(escalation, state)][:4]))
