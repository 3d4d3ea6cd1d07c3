"""One way to put a model on the audit trail (django-auditlog).

A model registered here gets a log entry, with before/after values and the acting user, for every
create, update and delete. Its `audit_scope()` says which region and/or municipality the change
belongs to; that lands in the entry's `additional_data`, so that a region's history page can show
exactly its own entries. Later apps call `audit_register(Model)` and nothing else.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from auditlog.registry import auditlog
from django.db import models
from django.db.models.signals import pre_save


class AuditScoped(models.Model):
    """Mixin for audited models: the scope a log entry is filed under."""

    class Meta:
        abstract = True

    def audit_scope(self) -> dict[str, int | None]:
        raise NotImplementedError

    def get_additional_data(self) -> dict[str, Any]:
        # django-auditlog calls this when it writes an entry.
        return {key: value for key, value in self.audit_scope().items() if value is not None}


def audit_register(model: type[models.Model], **options: Any) -> type[models.Model]:
    if not hasattr(model, "audit_scope"):
        raise TypeError(f"{model.__name__} must define audit_scope() to be audited.")
    auditlog.register(model, **options)
    return model


_actor: ContextVar = ContextVar("samen_sturen_audit_actor", default=None)


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
    if actor is not None and instance.actor_id is None:
        instance.actor = actor
        instance.actor_email = getattr(actor, "email", None)


pre_save.connect(_stamp_actor, sender="auditlog.LogEntry", dispatch_uid="samen_sturen_audit_actor")
