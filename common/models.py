"""Two small tables shared by every app: the mail outbox and who holds which session."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMail(models.Model):
    """One e-mail to one address, written in the same transaction as the change it reports and
    delivered after the response has gone out (common/outbox.py). A row that could not be delivered
    stays here, with its error, until a later run delivers it or it has used up its attempts."""

    to = models.EmailField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Set while one process delivers the row, so that two runs at once never send it twice.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["pk"]
        indexes = [models.Index(fields=["sent_at", "attempts"], name="outbox_pending")]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class UserSession(models.Model):
    """Which session belongs to whom: Django's session table cannot be searched by user, and
    "log out everywhere" and the sessions page need exactly that (common/sessions.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(_("signed in"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last active"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
