"""One way to put a model on the audit trail (django-auditlog).

A model registered here gets a log entry, with before/after values and the acting user, for every
create, update and delete. Its `audit_scope()` says which region and/or municipality the change
belongs to; that lands in the entry's `additional_data`, so that a region's history page can show
exactly its own entries. Later apps call `audit_register(Model)` and nothing else.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import ProtectedError
from django.db.models.signals import pre_delete, pre_save
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from .choices import choice_labels


class AuditScoped(models.Model):
    """Mixin for audited models: the scope a log entry is filed under."""

    class Meta:
        abstract = True

    def audit_scope(self) -> dict[str, int | str | None]:
        """region_id and/or municipality_id; optionally read_perm, a permission needed to read the entry."""
        raise NotImplementedError

    def get_additional_data(self) -> dict[str, Any]:
        # django-auditlog calls this when it writes an entry.
        return {key: value for key, value in self.audit_scope().items() if value is not None}


# Bookkeeping columns that change with every save and say nothing a reader needs.
_UNAUDITED = ["created_at", "updated_at", "version"]


# Models whose name (str) is itself a fact only the entry's readers may know: a case's code, a lead's
# organisation and role, a lesson's first words. To someone from whom an entry's values are hidden
# (audit_rows' hide_values), such an entry is named by its kind and its municipality only.
_PRIVATE_NAMES: set[type[models.Model]] = set()
# Municipality ids (an entry's scope) to names, given by the app that owns municipalities.
_place_names: Callable[[set[int]], dict[int, str]] = lambda ids: {}  # noqa: E731
# Labels of fields that a model no longer has but its older entries still name: (model, field) -> label.
_RETIRED_LABELS: dict[tuple[type[models.Model], str], Any] = {}


def audit_register(model: type[models.Model], *, private_name: bool = False,
                   retired_labels: dict[str, Any] | None = None, **options: Any) -> type[models.Model]:
    """Put `model` on the audit trail. `private_name`: its str() tells what only the entry's readers may
    know (its audit_scope names a read_perm and, where it has one, its municipality_id).
    `retired_labels`: {field name: label} for fields removed from the model that old entries still name."""
    if not hasattr(model, "audit_scope"):
        raise TypeError(f"{model.__name__} must define audit_scope() to be audited.")
    if private_name:
        _PRIVATE_NAMES.add(model)
    for name, label in (retired_labels or {}).items():
        _RETIRED_LABELS[model, name] = label
    options.setdefault("exclude_fields", [])
    options["exclude_fields"] = [*options["exclude_fields"], *_UNAUDITED]
    auditlog.register(model, **options)
    return model


def audit_name_is_private(model: type[models.Model] | None) -> bool:
    return model in _PRIVATE_NAMES


def audit_place_names(resolver: Callable[[set[int]], dict[int, str]]) -> None:
    """How to name the municipalities that entries are filed under (one query for a page of entries)."""
    global _place_names
    _place_names = resolver


# Entries that are not a change of a row but something that happened to an account, marked
# {"event": ...} in additional_data and filed against the user (see governance/signins.py).
# SECOND_FACTOR_RESET is written when an administrator resets someone's second factor (governance/twofactor.py).
LOGIN = "login"
LOGIN_FAILED = "login_failed"
SECOND_FACTOR_RESET = "second_factor_reset"
# A second-factor code typed at login that did not let the person in (governance/twofactor_views.py).
SECOND_FACTOR_FAILED = "second_factor_failed"
LOGOUT_EVERYWHERE = "logout_everywhere"
# The order in which the audit search offers them.
ACCOUNT_EVENTS = (LOGIN, LOGIN_FAILED, SECOND_FACTOR_FAILED, LOGOUT_EVERYWHERE, SECOND_FACTOR_RESET)


def event_labels() -> dict[str, str]:
    return {LOGIN: _("login"), LOGIN_FAILED: _("failed login"), SECOND_FACTOR_FAILED: _("wrong second-factor code"),
            LOGOUT_EVERYWHERE: _("logged out everywhere"), SECOND_FACTOR_RESET: _("second-factor reset")}


def audit_event(*, user, event: str, actor=None, remote_addr: str | None = None):
    """Put `event` (LOGIN, ...) about `user`'s account on the audit trail. Never pass what was typed.

    `user` None: an account that does not exist (a failed login with an unknown name); the entry
    names no account and belongs to no region, so only the admin shows it."""
    from auditlog.models import LogEntry
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_pk=str(user.pk) if user is not None else "", object_id=getattr(user, "pk", None),
        object_repr=user.get_username() if user is not None else "", action=LogEntry.Action.ACCESS, actor=actor,
        actor_email=getattr(actor, "email", None), remote_addr=remote_addr, additional_data={"event": event},
    )


_actor: ContextVar = ContextVar("samen_sturen_audit_actor", default=None)


def audit_refusal(*, actor, instance: models.Model, action: int, changes: dict[str, list], reason: str,
                  scope: dict[str, Any] | None = None):
    """Put a refused attempt on the audit trail: what was tried on `instance`, by whom, and why not.

    Call it outside the transaction that the refusal rolls back, or the entry goes with it.
    `action` is auditlog's (create, update, delete); `changes` maps field names to [old, new].
    """
    return audit_change(actor=actor, instance=instance, action=action, changes=changes,
                        scope=(scope or {}) | {"refused": reason})


def audit_change(*, actor, instance: models.Model, action: int, changes: dict[str, list],
                 scope: dict[str, Any] | None = None):
    """Put a change of `instance` on the audit trail by hand, filed under its scope updated with `scope`.

    For a field kept off the model's registration because it needs another reader than the rest of the
    row (an escalation's case link: case readers only, see escalation/audit.py). `changes` maps field
    names to [old, new]; a related row is given by its pk and named when the entry is shown."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    data = {key: value for key, value in (instance.audit_scope() | (scope or {})).items() if value is not None}
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(instance), object_pk=str(instance.pk or ""),
        object_id=instance.pk, object_repr=str(instance), action=action, actor=actor,
        actor_email=getattr(actor, "email", None), changes={k: [str(v) if v is not None else None for v in vals]
                                                            for k, vals in changes.items()},
        additional_data=data,
    )


@contextmanager
def acting_as(actor) -> Iterator[None]:
    """Attribute the log entries written inside this block to `actor`.

    Within a request the audit middleware already knows the user; services still say who acts so
    that commands, imports and tests are attributed too. Unlike auditlog's own `set_actor`, this
    restores the previous state on exit, so it nests safely inside the middleware's context.
    """
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def _stamp_actor(sender, instance, **kwargs) -> None:
    actor = _actor.get()
    if getattr(actor, "pk", None) is not None and instance.actor_id is None:
        instance.actor = actor
        instance.actor_email = getattr(actor, "email", None)


pre_save.connect(_stamp_actor, sender="auditlog.LogEntry", dispatch_uid="samen_sturen_audit_actor")


def actor_entry_counts(users: Iterable[Any]) -> dict[int, int]:
    """How many audit entries name each of these people as the one who acted; people with none are left out."""
    from auditlog.models import LogEntry

    ids = [user.pk for user in users if user.pk is not None]
    return dict(LogEntry.objects.filter(actor_id__in=ids).order_by().values_list("actor_id")
                .annotate(n=models.Count("pk"))) if ids else {}


def _keep_actors(sender, instance, **kwargs) -> None:
    """An account that entries name as their actor is never deleted: auditlog would set those entries'
    actor to nothing, and the trail would say "system" did what this person did. Deactivate it instead.
    Every path deletes through the ORM's collector, which sends this signal first (bulk deletes included);
    a raw SQL delete meets the database's foreign key."""
    if count := actor_entry_counts([instance]).get(instance.pk):
        raise ProtectedError(
            f"{instance.get_username()} is the actor of {count} audit entries: deactivate the account "
            "(is_active=False) instead of deleting it.", [instance])


pre_delete.connect(_keep_actors, sender=settings.AUTH_USER_MODEL, dispatch_uid="samen_sturen_audit_keep_actors")


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class AuditRow:
    """One log entry as the history page shows it, every text worked out once (a template lookup per
    detail costs more than the rest of the page on a page of fifty entries)."""

    entry: Any  # auditlog LogEntry
    changes: list[Change]
    when: str
    who: str
    what: str  # "Governance table changed"
    refusal: str  # why the application said no, for an attempt it refused; empty for a change that happened
    object: str = ""  # the object's name as this reader may see it: "ZW-K7QM-4TXD", or "Lead in Almere"


def _action(action: int, refused: bool) -> str:
    # auditlog ships no Dutch labels for its actions.
    if refused:
        refusals = {0: _("creation refused"), 1: _("change refused"), 2: _("removal refused")}
        return str(refusals.get(action, _("refused")))
    return str({0: _("created"), 1: _("changed"), 2: _("deleted"), 3: _("viewed")}.get(action, ""))


def _who(entry) -> str:
    actor = entry.actor
    if actor is not None:
        return actor.get_full_name() or actor.username
    # An account cannot be deleted while entries name it (_keep_actors); should one go by raw SQL all
    # the same, the address written with the entry still says who it was.
    return entry.actor_email or str(_("system"))


_EMPTY = {None, "", "None"}


def _field(model, name: str):
    """The model field behind a logged name; None for reverse relations or fields that are gone."""
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None
    return field if getattr(field, "concrete", False) else None


def audit_rows(entries: Iterable[Any], *, hide_values: Callable[[Any], bool] | None = None) -> list[AuditRow]:
    """Log entries with their changes in words: field labels, choice labels, related objects by name.

    Related objects are looked up in one query per related model for the whole page, never per entry.
    `hide_values(entry)`: True for an entry whose reader may learn which fields changed, not their values;
    of a model registered with a private name, they learn its kind and municipality, not its name.
    """
    entries = list(entries)
    parsed = []
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    unnamed: set[int] = set()  # entries shown without their object's name
    for entry in entries:
        model = entry.content_type.model_class()
        hidden = hide_values is not None and hide_values(entry)
        if hidden and audit_name_is_private(model):
            unnamed.add(entry.pk)
        items = []
        for name, values in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if field is None and (model, name) in _RETIRED_LABELS:
                name = str(capfirst(_RETIRED_LABELS[model, name]))
            if hidden:
                items.append((name, field, None))
                continue
            if field is not None and (field.many_to_one or field.one_to_one) and isinstance(values, list):
                wanted[field.related_model].update(str(v) for v in values if v not in _EMPTY)
            items.append((name, field, values))
        parsed.append((entry, items))

    names = {
        related: {str(pk): str(obj) for pk, obj in related._default_manager.in_bulk(list(pks)).items()}
        for related, pks in wanted.items()
    }
    places = _place_names({place for entry in entries if entry.pk in unnamed
                           if isinstance(place := (entry.additional_data or {}).get("municipality_id"), int)})

    def show(field, value) -> str:
        if isinstance(value, list | dict):  # a JSON field's value (the periods of a figures import)
            return ", ".join(map(str, value)) if isinstance(value, list) and value else str(value or "–")
        if value in _EMPTY:
            return "–"
        if field is None:
            return str(value)
        if field.choices:
            return str(choice_labels(field).get(value, value))
        if field.many_to_one or field.one_to_one:
            return names.get(field.related_model, {}).get(str(value), f"#{value}")
        if isinstance(field, models.BooleanField):
            return str(_("yes") if value in (True, "True") else _("no"))
        return str(value)

    # Each lazy label is translated once per page rather than once per change.
    labels: dict[Any, str] = {}

    def label_of(field, name: str) -> str:
        if field is None:
            return name
        if field not in labels:
            labels[field] = str(capfirst(field.verbose_name))
        return labels[field]

    subjects: dict[int, str] = {}
    events = event_labels()
    not_shown = str(_("(not shown)"))
    rows = []
    for entry, items in parsed:
        if entry.content_type_id not in subjects:
            subjects[entry.content_type_id] = str(capfirst(entry.content_type.name))
        changes = []
        for name, field, values in items:
            label = label_of(field, name)
            if values is None:
                changes.append(Change(label, "", not_shown))
            elif isinstance(values, dict):  # many-to-many: {"operation": "add"|"delete", "objects": [...]}
                verb = _("added") if values.get("operation") == "add" else _("removed")
                changes.append(Change(label, "", f"{verb}: {', '.join(map(str, values.get('objects', [])))}"))
            else:
                old, new = (values + [None, None])[:2]
                changes.append(Change(label, show(field, old), show(field, new)))
        data = entry.additional_data or {}
        refusal = data.get("refused", "")
        name = entry.object_repr
        if entry.pk in unnamed:
            kind, place = subjects[entry.content_type_id], places.get(data.get("municipality_id"))
            name = _("%(kind)s in %(municipality)s") % {"kind": kind, "municipality": place} if place else kind
        when = date_format(localtime(entry.timestamp), "SHORT_DATETIME_FORMAT")
        if data.get("event") in events:  # about an account: "failed login", for the account tried
            rows.append(AuditRow(entry, changes, when=when, who=_who(entry) if entry.actor else entry.object_repr,
                                 what=str(capfirst(events[data["event"]])), refusal="", object=name))
            continue
        rows.append(AuditRow(entry, changes, when=when, who=_who(entry), refusal=refusal, object=name,
                             what=f"{subjects[entry.content_type_id]} {_action(entry.action, bool(refusal))}"))
    return rows
