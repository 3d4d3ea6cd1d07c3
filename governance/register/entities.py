"""The register's lists, declared once each: what a list shows, how it is filtered and exported,
which form edits a row, where a row belongs and what needs attention.

The generic views in `views.py` serve every entity declared here.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..labels import stakeholder_label
from ..models import Frequency, Level, OrganisationType, TableLevel, TableScope
from . import checks, filters, forms, selectors, services
from . import columns as cols
from .columns import CsvColumn
from .columns import CsvColumn as C


def _yes(value: bool) -> str:
    return _("yes") if value else ""


def _date(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _names(items) -> str:
    return ", ".join(str(item) for item in items)


@dataclass(frozen=True)
class Group:
    title: Any
    description: Any


PEOPLE = Group(gettext_lazy("Organisations and people"),
               gettext_lazy("Who takes part, in which role, and who pulls what together."))
TABLES = Group(gettext_lazy("Tables and meetings"),
               gettext_lazy("Where decisions are taken, and whether commitments are kept."))
AGREEMENTS = Group(gettext_lazy("Agreements"),
                   gettext_lazy("What the domains agreed, every version and how complete it is."))
BASICS = Group(gettext_lazy("Basics per municipality and region"),
               gettext_lazy("What every local team and municipality should have in place."))
MAP = Group(gettext_lazy("Map: conflicts, risks and opportunities"),
            gettext_lazy("Decisions that work against each other, structures that block cooperation, and what "
                         "could help or harm the approach: the map shows them at their themes."))
TERMS = Group(gettext_lazy("Shared vocabulary"),
              gettext_lazy("The domains, themes and phases the register uses, and the region's shared terms."))


@dataclass(frozen=True)
class RegisterEntity:
    key: str
    title: Any  # lazy string, plural
    add_label: Any
    selector: Callable
    form_class: type
    group: Group
    columns: list[tuple[Any, Callable[[Any], Any]]]
    filter_class: type | None = None
    detail_template: str = ""  # set when the entity has a detail page
    links: Callable[..., dict] | None = None  # what the detail page shows around the row
    order_by: tuple = ("name",)  # field names or expressions
    csv_columns: list[CsvColumn] = field(default_factory=list)  # export, and import where they parse
    # Adds what the columns need to a page of rows, in a fixed number of queries.
    prepare: Callable[[list], list] = list
    # Adds what only the CSV export needs besides (after `prepare`), so that the list page does not pay for it.
    export_prepare: Callable[[list], list] = list
    # (field, entity key) of the row this one belongs to: new rows are offered from the parent's page,
    # and saving or removing returns there.
    parent: tuple[str, str] | None = None
    # Messages about what is missing, shown above the list and on the register's overview.
    checks: Callable[..., list[str]] | None = None
    file_field: str = ""  # a document users may download
    importable: bool = False
    name_label: Any = gettext_lazy("Name")
    in_overview: bool = True  # rows that only make sense on their parent's page stay off the overview
    # Hooks for what one kind of row needs beyond the generic views: more on its detail page
    # (detail_extra(obj, **what the view passes)), and work after a new row is saved (after_create(row)).
    detail_extra: Callable[..., dict] | None = None
    after_create: Callable[[Any], None] | None = None
    # Other views of the same rows, offered beside the list with its filters: [(label, url name)], the url
    # taking the region's slug.
    views: list[tuple[Any, str]] = field(default_factory=list)

    @property
    def has_detail(self) -> bool:
        return bool(self.detail_template)

    def parent_of(self, obj):
        return getattr(obj, f"{self.parent[0]}_id") if self.parent else None


def _fixed_contact_checks(user, region) -> list[str]:
    teams = list(checks.local_teams_without_fixed_contact(user=user, region=region).values_list("name", flat=True))
    if not teams:
        return []
    return [ngettext("%(count)s local team has no fixed contact in the safety chain: %(names)s.",
                     "%(count)s local teams have no fixed contact in the safety chain: %(names)s.",
                     len(teams)) % {"count": len(teams), "names": ", ".join(teams)}]


def _plan_checks(user, region) -> list[str]:
    return [
        _("%(municipality)s: %(problems)s.") % {"municipality": gap.municipality.name, "problems": "; ".join(gap.problems)}
        for gap in checks.policy_plan_gaps(user=user, region=region)
    ]


def _agreement_checks(user, region) -> list[str]:
    return [
        _("%(agreement)s: %(status)s (%(date)s).") % {
            "agreement": agreement.title, "status": agreement.evaluation_status.label.lower(),
            "date": _date(agreement.evaluation_on)}
        for agreement in checks.agreements_to_evaluate(user=user, region=region)
    ]


def _review_checks(user, region) -> list[str]:
    return [
        _("%(agreement)s is on the review list of %(table)s since %(date)s.") % {
            "agreement": review.agreement.title, "date": _date(review.raised_on),
            "table": review.agreement.monitored_by or _("no monitoring table yet")}
        for review in checks.open_agreement_reviews(user=user, region=region)
    ]


def _action_checks(user, region) -> list[str]:
    count = checks.overdue_actions(user=user, region=region).count()
    if not count:
        return []
    return [ngettext("%(count)s action item is overdue.", "%(count)s action items are overdue.", count) % {"count": count}]


def _table_checks(user, region) -> list[str]:
    names = list(checks.tables_without_chair_or_secretariat(user=user, region=region).values_list("name", flat=True))
    if not names:
        return []
    return [ngettext("%(count)s table has no chair or no secretariat: %(names)s.",
                     "%(count)s tables have no chair or no secretariat: %(names)s.",
                     len(names)) % {"count": len(names), "names": ", ".join(names)}]


def _conflict_checks(user, region) -> list[str]:
    titles = list(selectors.open_conflicts(user=user, region=region).values_list("title", flat=True))
    if not titles:
        return []
    return [ngettext("%(count)s conflict is still open: %(names)s.", "%(count)s conflicts are still open: %(names)s.",
                     len(titles)) % {"count": len(titles), "names": "; ".join(titles)}]


def _risk_checks(user, region) -> list[str]:
    titles = list(selectors.open_high_risks(user=user, region=region).values_list("title", flat=True))
    if not titles:
        return []
    return [ngettext("%(count)s open risk has a high impact: %(names)s.",
                     "%(count)s open risks have a high impact: %(names)s.",
                     len(titles)) % {"count": len(titles), "names": "; ".join(titles)}]


def _side(conflict, side: str) -> str:
    """One side of a conflict in a cell: its decision (with table), else its table, and its rule."""
    decision, table = getattr(conflict, f"side_{side}_decision"), getattr(conflict, f"side_{side}_table")
    named = [str(decision) if decision else "", str(table) if table else "", getattr(conflict, f"side_{side}_rule")]
    return " – ".join(part for part in named if part)


def _attention_columns() -> list[tuple[Any, Callable[[Any], Any]]]:
    return [
        (gettext_lazy("Status"), lambda c: c.get_status_display()),
        (gettext_lazy("Impact"), lambda c: c.get_impact_display()),
        (gettext_lazy("Themes"), lambda c: _names(c.themes_names)),
        (gettext_lazy("Owner"), lambda c: c.owner or ""),
    ]


def _attention_csv() -> list[CsvColumn]:
    return [
        C("status", lambda c: c.status), C("impact", lambda c: c.impact),
        C("domains", lambda c: ";".join(c.domains_names)),
        C("themes", lambda c: ";".join(c.themes_names)),
        C("owner", lambda c: c.owner.name if c.owner else ""),
        C("raised_at", lambda c: c.raised_at.name if c.raised_at else ""),
        C("resolution", lambda c: c.resolution),
    ]


def _action_state(action) -> str:
    if action.is_done:
        return _("done on %(date)s") % {"date": _date(action.done_on)}
    return _("overdue") if action.is_overdue() else _("open")


ENTITIES: dict[str, RegisterEntity] = {
    entity.key: entity
    for entity in [
        RegisterEntity(
            "organisations", gettext_lazy("Organisations"), gettext_lazy("New organisation"), selectors.organisation_list,
            forms.OrganisationForm, PEOPLE,
            columns=[
                (gettext_lazy("Type"), lambda o: o.get_type_display()),
                (gettext_lazy("Domain"), lambda o: o.domain),
                (gettext_lazy("Municipalities served"), lambda o: _names(o.municipalities.all())),
                (gettext_lazy("Stakeholders"), lambda o: o.stakeholder_count),
            ],
            filter_class=filters.OrganisationFilter, detail_template="organisation_detail.html",
            links=lambda obj: selectors.organisation_links(organisation=obj), importable=True,
            csv_columns=[
                C("name", lambda o: o.name, "name", cols.text, required=True),
                C("type", lambda o: o.type, "type", cols.choice_of(OrganisationType), required=True),
                C("domain", lambda o: o.domain.name, "domain", cols.pk("domains", gettext_lazy("domain")), required=True),
                C("municipalities", lambda o: ";".join(m.code for m in o.municipalities.all()), "municipalities",
                  cols.pks("municipalities", gettext_lazy("municipality"))),
                C("website", lambda o: o.website, "website", cols.text),
                C("notes", lambda o: o.notes, "notes", cols.text),
            ],
        ),
        RegisterEntity(
            "stakeholders", gettext_lazy("Stakeholders"), gettext_lazy("New stakeholder"), selectors.stakeholder_list,
            forms.StakeholderForm, PEOPLE,
            columns=[
                (gettext_lazy("Function"), lambda s: s.function),
                (gettext_lazy("Organisation"), lambda s: s.organisation),
                (gettext_lazy("Level"), lambda s: s.get_level_display()),
                (gettext_lazy("Key figure"), lambda s: _yes(s.is_key_figure)),
                (gettext_lazy("Ambassador"), lambda s: _yes(s.is_ambassador)),
                (gettext_lazy("Influence / interest"),
                 lambda s: f"{s.influence} / {s.interest}" if s.influence is not None else "–"),
            ],
            filter_class=filters.StakeholderFilter, detail_template="stakeholder_detail.html",
            links=lambda obj: selectors.stakeholder_links(stakeholder=obj),
            detail_extra=lambda obj, assessment_form=None: {
                "assessments": selectors.stakeholder_assessments(stakeholder=obj),
                "assessment_form": assessment_form or forms.AssessmentForm(),
            },
            prepare=selectors.attach_current_positions, importable=True,
            views=[(gettext_lazy("Power/interest grid"), "governance:stakeholder_grid")],
            csv_columns=[
                C("name", lambda s: s.name, "name", cols.text, required=True),
                C("function", lambda s: s.function, "function", cols.text, required=True),
                C("organisation", lambda s: s.organisation.name, "organisation",
                  cols.pk("organisations", gettext_lazy("organisation")), required=True),
                C("level", lambda s: s.level, "level", cols.choice_of(Level), required=True),
                C("key_figure", lambda s: int(s.is_key_figure), "is_key_figure", cols.as_flag),
                C("ambassador", lambda s: int(s.is_ambassador), "is_ambassador", cols.as_flag),
                C("notes", lambda s: s.notes, "notes", cols.text),
                # Exported for reading; imported as dated assessments only (see the import's note).
                C("influence", lambda s: s.influence or ""), C("interest", lambda s: s.interest or ""),
            ],
        ),
        RegisterEntity(
            "duos", gettext_lazy("Duos"), gettext_lazy("New duo"), selectors.duo_list, forms.DuoForm, PEOPLE,
            columns=[
                (gettext_lazy("Level"), lambda d: d.get_level_display()),
                (gettext_lazy("What they pull together"), lambda d: d.pulls_together),
                (gettext_lazy("Themes"), lambda d: _names(d.themes.all())),
            ],
            filter_class=filters.DuoFilter, order_by=("social__name", "safety__name"), name_label=gettext_lazy("Duo"),
        ),
        RegisterEntity(
            "tables", gettext_lazy("Governance tables"), gettext_lazy("New table"), selectors.table_list, forms.GovernanceTableForm, TABLES,
            columns=[
                (gettext_lazy("Level"), lambda t: t.get_level_display()),
                (gettext_lazy("Scope"), lambda t: t.scope_label),
                (gettext_lazy("Domains"), lambda t: _names(t.domains_names)),
                (gettext_lazy("Chair"), lambda t: t.chair),
                (gettext_lazy("Frequency"), lambda t: t.get_frequency_display()),
                (gettext_lazy("Members"), lambda t: t.seat_count),
            ],
            filter_class=filters.TableFilter, detail_template="table_detail.html",
            prepare=selectors.attach_names("domains"), export_prepare=selectors.attach_names("themes", "phases"),
            links=lambda obj: selectors.table_links(table=obj), checks=_table_checks, importable=True,
            csv_columns=[
                C("name", lambda t: t.name, "name", cols.text, required=True),
                C("level", lambda t: t.level, "level", cols.choice_of(TableLevel), required=True),
                C("scope", lambda t: t.scope, "scope", cols.choice_of(TableScope, default=TableScope.REGION)),
                C("subregion", lambda t: t.subregion.name if t.subregion else "", "subregion",
                  cols.pk("subregions", gettext_lazy("subregion"))),
                C("municipality", lambda t: t.municipality.code if t.municipality else "", "municipality",
                  cols.pk("municipalities", gettext_lazy("municipality"))),
                C("domains", lambda t: ";".join(t.domains_names), "domains",
                  cols.pks("domains", gettext_lazy("domain")), required=True),
                C("chair", lambda t: t.chair.name if t.chair else "", "chair",
                  cols.pk("stakeholders", gettext_lazy("stakeholder"))),
                C("secretariat", lambda t: t.secretary.name if t.secretary else "", "secretary",
                  cols.pk("stakeholders", gettext_lazy("stakeholder"))),
                C("frequency", lambda t: t.frequency, "frequency", cols.choice_of(Frequency, default=Frequency.MONTHLY)),
                C("mandate", lambda t: t.mandate, "mandate", cols.text),
                C("decision_rights", lambda t: t.decision_rights, "decision_rights", cols.text),
                C("themes", lambda t: ";".join(t.themes_names), "themes",
                  cols.pks("themes", gettext_lazy("theme"))),
                C("phases", lambda t: ";".join(t.phases_names), "phases",
                  cols.pks("phases", gettext_lazy("phase"))),
            ],
        ),
        RegisterEntity(
            "seats", gettext_lazy("Seats at tables"), gettext_lazy("New seat"), selectors.seat_list, forms.TableSeatForm, TABLES,
            columns=[
                (gettext_lazy("Table"), lambda s: s.table), (gettext_lazy("Role at the table"), lambda s: s.get_role_display()),
                (gettext_lazy("On behalf of"), lambda s: s.represents),
            ],
            order_by=("table__name", "stakeholder__name"), parent=("table", "tables"), name_label=gettext_lazy("Stakeholder"),
            in_overview=False,
        ),
        RegisterEntity(
            "meetings", gettext_lazy("Meetings"), gettext_lazy("New meeting"), selectors.meeting_list, forms.MeetingForm, TABLES,
            columns=[
                (gettext_lazy("Date"), lambda m: _date(m.held_on)),
                (gettext_lazy("Decisions"), lambda m: m.decision_count),
                (gettext_lazy("Open actions"), lambda m: m.open_action_count),
            ],
            filter_class=filters.MeetingFilter, detail_template="meeting_detail.html",
            links=lambda obj: selectors.meeting_links(meeting=obj), name_label=gettext_lazy("Meeting"),
            order_by=("-held_on", "table__name"), parent=("table", "tables"),
        ),
        RegisterEntity(
            "decisions", gettext_lazy("Decisions"), gettext_lazy("New decision"), selectors.decision_list, forms.DecisionForm, TABLES,
            columns=[(gettext_lazy("Meeting"), lambda d: d.meeting)],
            filter_class=filters.DecisionFilter, order_by=("-meeting__held_on", "id"), parent=("meeting", "meetings"),
            name_label=gettext_lazy("Decision"),
        ),
        RegisterEntity(
            "actions", gettext_lazy("Action items"), gettext_lazy("New action item"), selectors.action_list, forms.ActionItemForm, TABLES,
            columns=[
                (gettext_lazy("Owner"), lambda a: a.owner),
                (gettext_lazy("Due date"), lambda a: _date(a.due_on)),
                (gettext_lazy("State"), _action_state),
                (gettext_lazy("Meeting"), lambda a: a.meeting),
            ],
            filter_class=filters.ActionFilter, order_by=(F("done_on").asc(nulls_first=True), "due_on", "id"),  # open ones first
            parent=("meeting", "meetings"),
            name_label=gettext_lazy("Action"),
            checks=_action_checks,
            csv_columns=[
                C("action", lambda a: a.description), C("owner", lambda a: a.owner.name),
                C("due_on", lambda a: a.due_on), C("done_on", lambda a: a.done_on),
                C("table", lambda a: a.meeting.table.name), C("meeting", lambda a: a.meeting.held_on),
            ],
        ),
        RegisterEntity(
            "agreements", gettext_lazy("Collaboration agreements"), gettext_lazy("New agreement"), selectors.agreement_list,
            forms.AgreementForm, AGREEMENTS,
            columns=[
                (gettext_lazy("Parties"), lambda a: _names(a.parties_names)),
                (gettext_lazy("Monitored by"), lambda a: a.monitored_by),
                (gettext_lazy("Current version"), lambda a: a.current_version.label if a.current_version else ""),
                (gettext_lazy("Checklist complete"), lambda a: f"{a.current_version.completeness}%" if a.current_version else ""),
                (gettext_lazy("Evaluation"), lambda a: f"{_date(a.evaluation_on)} ({a.evaluation_status.label})" if a.evaluation_on else ""),
            ],
            filter_class=filters.AgreementFilter, detail_template="agreement_detail.html",
            links=lambda obj: selectors.agreement_links(agreement=obj), order_by=("title",), name_label=gettext_lazy("Title"),
            prepare=selectors.prepare_all(selectors.attach_current_versions, selectors.attach_names("parties")),
            checks=_agreement_checks,
        ),
        RegisterEntity(
            "versions", gettext_lazy("Agreement versions"), gettext_lazy("New version"), selectors.agreement_version_list,
            forms.AgreementVersionForm, AGREEMENTS,
            columns=[(gettext_lazy("Adopted on"), lambda v: _date(v.adopted_on)),
                     (gettext_lazy("Checklist complete"), lambda v: f"{v.completeness}%")],
            order_by=("agreement__title", "-adopted_on"), parent=("agreement", "agreements"),
            prepare=selectors.attach_checklist_completeness, detail_template="version_detail.html",
            links=lambda obj: selectors.version_links(version=obj), name_label=gettext_lazy("Version"),
            in_overview=False, after_create=services.checklist_start,
        ),
        RegisterEntity(
            "annexes", gettext_lazy("Annexes"), gettext_lazy("New annex"), selectors.annex_list, forms.AnnexForm, AGREEMENTS,
            columns=[(gettext_lazy("Agreement version"), lambda a: a.version_of), (gettext_lazy("File"), lambda a: a.filename)],
            order_by=("title",), parent=("version_of", "versions"), file_field="file",
            name_label=gettext_lazy("Title"), in_overview=False,
        ),
        RegisterEntity(
            "reviews", gettext_lazy("Agreements to review"), gettext_lazy("Put an agreement on the review list"),
            selectors.agreement_review_list, forms.AgreementReviewForm, AGREEMENTS,
            columns=[
                (gettext_lazy("Monitored by"), lambda r: r.agreement.monitored_by),
                (gettext_lazy("Raised on"), lambda r: _date(r.raised_on)),
                (gettext_lazy("Source"), lambda r: r.source),
                (gettext_lazy("Handled on"), lambda r: _date(r.handled_on) or _("open")),
            ],
            order_by=(F("handled_on").asc(nulls_first=True), "-raised_on", "-id"), parent=("agreement", "agreements"),
            checks=_review_checks, name_label=gettext_lazy("Agreement"),
        ),
        RegisterEntity(
            "fixed-contacts", gettext_lazy("Fixed contacts"), gettext_lazy("New fixed contact"), selectors.fixed_contact_list,
            forms.FixedContactForm, BASICS,
            columns=[(gettext_lazy("Fixed contact"), lambda f: stakeholder_label(f.contact)), (gettext_lazy("Note"), lambda f: f.note)],
            order_by=("local_team__name",), checks=_fixed_contact_checks, name_label=gettext_lazy("Local team"),
        ),
        RegisterEntity(
            "policy-plans", gettext_lazy("Policy plans"), gettext_lazy("New policy plan"), selectors.policy_plan_list,
            forms.PolicyPlanForm, BASICS,
            columns=[
                (gettext_lazy("Period"), lambda p: f"{p.starts}–{p.ends}"),
                (gettext_lazy("Covers domestic violence"), lambda p: _("yes") if p.covers_domestic_violence else _("no")),
                (gettext_lazy("Title"), lambda p: p.title),
            ],
            filter_class=filters.PolicyPlanFilter, order_by=("municipality__name", "kind", "-starts"),
            checks=_plan_checks, file_field="document", name_label=gettext_lazy("Plan"),
        ),
        RegisterEntity(
            "calamity-roles", gettext_lazy("Calamity protocol"), gettext_lazy("New role in the calamity protocol"),
            selectors.calamity_role_list, forms.CalamityRoleForm, BASICS,
            columns=[
                (gettext_lazy("Currently"), lambda c: c.stakeholder), (gettext_lazy("Role and responsibility"), lambda c: c.responsibility),
                (gettext_lazy("Communicates"), lambda c: c.communication),
            ],
            order_by=("order", "holder"), name_label=gettext_lazy("Portfolio holder"),
        ),
        RegisterEntity(
            "conflicts", gettext_lazy("Conflicts and blocking structures"), gettext_lazy("New conflict"),
            selectors.conflict_rows, forms.ConflictForm, MAP,
            columns=[(gettext_lazy("Kind"), lambda c: c.get_kind_display()),
                     (gettext_lazy("Side A"), lambda c: _side(c, "a")), (gettext_lazy("Side B"), lambda c: _side(c, "b")),
                     *_attention_columns()],
            filter_class=filters.ConflictFilter, detail_template="attention_detail.html",
            links=lambda obj: selectors.conflict_links(conflict=obj), order_by=("title", "id"),
            prepare=selectors.attach_names("themes"), export_prepare=selectors.attach_names("domains"),
            name_label=gettext_lazy("Title"), checks=_conflict_checks,
            csv_columns=[
                C("title", lambda c: c.title), C("kind", lambda c: c.kind), C("description", lambda c: c.description),
                C("side_a", lambda c: _side(c, "a")), C("side_b", lambda c: _side(c, "b")), *_attention_csv(),
            ],
        ),
        RegisterEntity(
            "risks", gettext_lazy("Risks and opportunities"), gettext_lazy("New risk or opportunity"),
            selectors.risk_opportunity_rows, forms.RiskOpportunityForm, MAP,
            columns=[(gettext_lazy("Kind"), lambda r: r.get_kind_display()), *_attention_columns()],
            filter_class=filters.RiskOpportunityFilter, detail_template="attention_detail.html",
            links=lambda obj: selectors.risk_opportunity_links(risk=obj), order_by=("title", "id"),
            prepare=selectors.attach_names("themes"), export_prepare=selectors.attach_names("domains"),
            name_label=gettext_lazy("Title"), checks=_risk_checks,
            csv_columns=[
                C("title", lambda r: r.title), C("kind", lambda r: r.kind), C("description", lambda r: r.description),
                *_attention_csv(),
            ],
        ),
        RegisterEntity(
            "glossary", gettext_lazy("Glossary"), gettext_lazy("New term"), selectors.glossary_list, forms.GlossaryTermForm, TERMS,
            columns=[(gettext_lazy("Meaning"), lambda g: g.definition), (gettext_lazy("Also called"), lambda g: "; ".join(g.synonyms))],
            filter_class=filters.GlossaryFilter, order_by=("term",), name_label=gettext_lazy("Term"),
        ),
        RegisterEntity(
            "domains", gettext_lazy("Domains"), gettext_lazy("New domain"), selectors.domain_list, forms.DomainForm, TERMS,
            columns=[(gettext_lazy("Kind"), lambda d: d.get_kind_display()),
                     (gettext_lazy("Organisations"), lambda d: d.organisation_count)],
            order_by=("-kind", "name"),
        ),
        RegisterEntity(
            "themes", gettext_lazy("Themes"), gettext_lazy("New theme"), selectors.theme_list, forms.ThemeForm, TERMS,
            columns=[(gettext_lazy("Description"), lambda t: t.description),
                     (gettext_lazy("Domains it needs"), lambda t: _names(t.needed_domains.all())),
                     (gettext_lazy("Phase of chain care"), lambda t: t.phase or "")],
            csv_columns=[
                C("name", lambda t: t.name), C("description", lambda t: t.description),
                C("needed_domains", lambda t: ";".join(d.name for d in t.needed_domains.all())),
                C("phase", lambda t: t.phase.name if t.phase else ""),
            ],
        ),
        RegisterEntity(
            "phases", gettext_lazy("Phases of chain care"), gettext_lazy("New phase"), selectors.phase_list, forms.PhaseForm, TERMS,
            columns=[(gettext_lazy("Order"), lambda p: p.order), (gettext_lazy("Description"), lambda p: p.description)],
            order_by=("order", "name"),
        ),
    ]
}

GROUPS = [PEOPLE, TABLES, AGREEMENTS, BASICS, MAP, TERMS]
