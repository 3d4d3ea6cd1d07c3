"""The map's part of the Flevoland demo: phases and needs on the themes, conflicts, a blocking
structure, a risk and an opportunity, and two snapshots with progress between them.

Together with the register's demo the map shows every kind of finding:
- white spots (sexual violence, people with confused behaviour; elder abuse and triage lack an
  administrative table), one-sided themes (human trafficking, elder abuse), overlap without agreement
  (child abuse, aftercare), an agreement that needs attention (the VT–local teams agreement is overdue
  and on the review list), covered themes (house ban, perpetrator approach, information sharing);
- child abuse needs education, which no table steers; work and income appears nowhere;
- "Bestuurlijk overleg Wonen en Zorg" has no official table preparing it, the Lelystad elder abuse
  meeting no administrative table above it; duos are missing for child abuse and aftercare.

Between the baseline snapshot and the progress snapshot a duo took up partner violence and the
Zorg- en Veiligheidshuis covenant came to cover it (two findings closed), while the housing table,
a second conflict, a risk and an opportunity arrived (new findings). Like all demo content it is
written in bulk, outside the audit trail. At `scale` N the tables and conflicts come N times.
"""
from __future__ import annotations

from datetime import date, timedelta

from auditlog.context import disable_auditlog
from django.contrib.auth import get_user_model

from ..models import (
    Agreement,
    AttentionStatus,
    Conflict,
    ConflictKind,
    Decision,
    Domain,
    DomainKind,
    Duo,
    GovernanceTable,
    Impact,
    MapSnapshot,
    Organisation,
    Phase,
    Region,
    RiskKind,
    RiskOpportunity,
    Stakeholder,
    TableLevel,
    TableScope,
    Theme,
)
from .selectors import map_picture
from .services import finding_record

# Phase (by order) of each seeded theme, in the seed's order; None: cross-cutting, no phase.
THEME_PHASES = [1, 1, 1, 2, 2, 2, 2, 1, 1, 2, 3, None]
CHILD_ABUSE, PARTNER_VIOLENCE, HOUSE_BAN, PERPETRATORS, TRIAGE, TRAFFICKING, AFTERCARE = 4, 5, 2, 3, 1, 8, 10
HOUSING_TABLE = "Bestuurlijk overleg Wonen en Zorg"
LEADER = "projectleider"


def _conflicts(region: Region, suffix: str, themes: list[Theme], tables: dict[str, GovernanceTable],
               orgs: dict[str, Organisation], later: bool) -> None:
    def decision_of(table_name: str) -> Decision | None:
        return (Decision.objects.filter(meeting__table=tables.get(table_name + suffix)).order_by("id").first()
                if table_name + suffix in tables else None)

    def owner(org_name: str) -> Stakeholder | None:
        org = orgs.get(org_name + suffix)
        return Stakeholder.objects.filter(organisation=org).order_by("id").first() if org else None

    if not later:
        house_ban = decision_of("Lokale driehoek Almere")
        conflicts = [
            (Conflict(region=region, kind=ConflictKind.COUNTERACTING, impact=Impact.HIGH,
                      title="Hulp na huisverbod start later dan de tiendaagse termijn" + suffix,
                      description="De driehoek legt huisverboden op met de afspraak dat hulp binnen tien dagen start; "
                                  "de Wmo-toegang neemt pas na een beschikking een aanvraag in behandeling.",
                      side_a_decision=house_ban, side_a_table=house_ban.meeting.table if house_ban else None,
                      side_b_rule="Wmo: beschikking binnen acht weken na de aanvraag",
                      owner=owner("Gemeente Almere")), [HOUSE_BAN], [DomainKind.SOCIAL, DomainKind.SAFETY]),
            (Conflict(region=region, kind=ConflictKind.BLOCKING, impact=Impact.MEDIUM,
                      title="Gescheiden budgetten voor jeugdhulp en veiligheid" + suffix,
                      description="Jeugdhulp wordt per gemeente ingekocht, de veiligheidsaanpak regionaal: een "
                                  "gezamenlijke aanpak voor een gezin heeft geen eigen budget.",
                      side_a_rule="Jeugdwet: inkoop per gemeente", side_b_rule="Regionaal veiligheidsbudget",
                      owner=owner("Gemeente Lelystad")), [CHILD_ABUSE], [DomainKind.SOCIAL, DomainKind.SAFETY]),
        ]
        risks = []
    else:
        top_x = decision_of("Top-X overleg daderaanpak")
        mdt = decision_of("Casusoverleg Zorg- en Veiligheidshuis (MDA++)")
        raised_at = tables.get("Ambtelijk Regieoverleg Zorg en Veiligheid" + suffix)
        conflicts = [
            (Conflict(region=region, kind=ConflictKind.COUNTERACTING, impact=Impact.MEDIUM,
                      status=AttentionStatus.RAISED, raised_at=raised_at,
                      title="Strafrechtelijk spoor en zorgspoor plannen los van elkaar" + suffix,
                      description="Het Top-X overleg plant interventies zonder de zorgplanning van het casusoverleg.",
                      side_a_decision=top_x, side_a_table=top_x.meeting.table if top_x else None,
                      side_b_decision=mdt, side_b_table=mdt.meeting.table if mdt else None,
                      owner=owner("Zorg- en Veiligheidshuis Flevoland")), [PERPETRATORS], [DomainKind.SAFETY]),
        ]
        risks = [
            (RiskOpportunity(region=region, kind=RiskKind.RISK, impact=Impact.HIGH,
                             title="Wachttijden bij Veilig Thuis zetten de veiligheidsbeoordeling onder druk" + suffix,
                             description="Als de beoordeling de termijn van vijf werkdagen niet haalt, schuift de "
                                         "hele keten op.", owner=owner("Veilig Thuis Flevoland")),
             [TRIAGE], [DomainKind.SOCIAL]),
            (RiskOpportunity(region=region, kind=RiskKind.OPPORTUNITY, impact=Impact.MEDIUM,
                             title="Landelijke aandacht voor mensenhandel opent de zorgkant" + suffix,
                             description="Het landelijke programma vraagt regio's om zorg en veiligheid samen te "
                                         "brengen: een kans om het netwerk mensenhandel breder te maken.",
                             owner=owner("Openbaar Ministerie, parket Flevoland")),
             [TRAFFICKING], [DomainKind.SOCIAL, DomainKind.SAFETY]),
        ]
    domains = list(Domain.objects.filter(region=region, kind__in=[DomainKind.SOCIAL, DomainKind.SAFETY]))
    for model, rows in ((Conflict, conflicts), (RiskOpportunity, risks)):
        made = model.objects.bulk_create([row for row, _t, _d in rows])
        model.themes.through.objects.bulk_create([
            model.themes.through(**{f"{model._meta.model_name}_id": row.pk, "theme_id": themes[i].pk})
            for row, (_r, indexes, _d) in zip(made, rows, strict=True) for i in indexes])
        model.domains.through.objects.bulk_create([
            model.domains.through(**{f"{model._meta.model_name}_id": row.pk, "domain_id": domain.pk})
            for row, (_r, _t, kinds) in zip(made, rows, strict=True) for domain in domains if domain.kind in kinds])


def _snapshot(region: Region, name: str, taken_on: date, user) -> None:
    picture = map_picture(user=user, region=region)
    MapSnapshot.objects.create(region=region, name=name, taken_on=taken_on, taken_by=user,
                               findings=[finding_record(finding) for finding in picture.findings])


def map_demo_build(*, region: Region, scale: int, today: date | None = None) -> None:
    today = today or date.today()
    suffixes = [f" ({copy + 1})" if copy else "" for copy in range(scale)]
    themes = list(Theme.objects.filter(region=region).order_by("id"))
    phases = {phase.order: phase for phase in Phase.objects.filter(region=region)}
    for theme, order in zip(themes, THEME_PHASES, strict=False):
        if order is not None:
            theme.phase = phases.get(order)
    Theme.objects.bulk_update(themes, ["phase"])
    education = Domain.objects.get(region=region, kind=DomainKind.ADJACENT, name__in=["Onderwijs", "Education"])
    themes[CHILD_ABUSE].needed_domains.through.objects.bulk_create([
        Theme.needed_domains.through(theme_id=themes[CHILD_ABUSE].pk, domain_id=education.pk)])
    tables = {table.name: table for table in GovernanceTable.objects.filter(region=region)}
    orgs = {org.name: org for org in Organisation.objects.filter(region=region)}
    leader = get_user_model().objects.get(username=LEADER)

    with disable_auditlog():
        for suffix in suffixes:
            _conflicts(region, suffix, themes, tables, orgs, later=False)
        _snapshot(region, "Nulmeting stuurgroep", today - timedelta(days=120), leader)

        # Progress since the baseline: a duo takes up partner violence, and the ZVH covenant covers it.
        almere, police = orgs.get("Gemeente Almere"), orgs.get("Politie Basisteam Almere Stad")
        social = Stakeholder.objects.filter(organisation=almere).order_by("id").last()
        safety = Stakeholder.objects.filter(organisation=police).order_by("id").last()
        duo = Duo.objects.create(region=region, social=social, safety=safety, level=Duo.DuoLevel.CIVIL_SERVICE,
                                 pulls_together="Partnergeweld: één plan voor zorg en veiligheid per gezin.")
        Duo.themes.through.objects.bulk_create([
            Duo.themes.through(duo_id=duo.pk, theme_id=themes[PARTNER_VIOLENCE].pk)])
        covenants = Agreement.objects.filter(region=region, title__startswith="Convenant Zorg- en Veiligheidshuis")
        Agreement.themes.through.objects.bulk_create([
            Agreement.themes.through(agreement_id=pk, theme_id=themes[PARTNER_VIOLENCE].pk)
            for pk in covenants.values_list("pk", flat=True)])

        # New since the baseline: housing and health care get a table of their own (nobody prepares it),
        # a second conflict, a risk and an opportunity.
        adjacent = list(Domain.objects.filter(region=region, kind=DomainKind.ADJACENT).exclude(pk=education.pk)
                        .filter(name__in=["Wonen", "Housing", "Zorg", "Health care"]))
        for suffix in suffixes:
            chair = Stakeholder.objects.filter(organisation=orgs.get("Woningcorporatie Almere Wonen" + suffix)).first()
            secretary = Stakeholder.objects.filter(organisation=orgs.get("Gemeente Lelystad" + suffix)).last()
            table = GovernanceTable.objects.create(
                region=region, name=HOUSING_TABLE + suffix, level=TableLevel.ADMINISTRATIVE, scope=TableScope.REGION,
                chair=chair, secretary=secretary,
                mandate="Huisvesting na een huisverbod en na de opvang; zorg voor slachtoffers en plegers.")
            table.domains.through.objects.bulk_create([
                GovernanceTable.domains.through(governancetable_id=table.pk, domain_id=d.pk) for d in adjacent])
            table.themes.through.objects.bulk_create([
                GovernanceTable.themes.through(governancetable_id=table.pk, theme_id=themes[AFTERCARE].pk)])
            _conflicts(region, suffix, themes, tables, orgs, later=True)
        _snapshot(region, "Voortgang bestuurlijk overleg", today - timedelta(days=7), leader)
