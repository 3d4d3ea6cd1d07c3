"""The two-step login and the account security page, on django-two-factor-auth's views.

Our subclasses only narrow them: an authenticator app (TOTP) and backup codes are the only methods,
the setup is one page (the QR code, the secret as text for people who cannot scan, the code), and
nobody turns off a second factor that is mandatory for them (governance/twofactor.py).
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from two_factor import views as two_factor_views
from two_factor.forms import AuthenticationTokenForm, BackupTokenForm, MethodForm

from common.audit import SECOND_FACTOR_FAILED, audit_event
from common.client_ip import client_ip
from common.forms import form_helper

from .selectors import invitation_list_for_user
from .services import invitation_accept
from .twofactor import (
    ENROLMENT_LINK_VALID,
    ENROLMENT_SESSION_KEY,
    enrolment_link_find,
    enrolment_link_of_session,
    enrolment_link_use,
    has_second_factor,
    second_factor_enforced,
    second_factor_required,
)


class _AuditedCodeMixin:
    """A code that was typed and did not let the person in (wrong, used before, or refused by django-otp's
    throttle) goes on the audit trail as an account event, with the address it came from."""

    # Named parameters: the login view passes what a form's signature names (user, device, request).
    def __init__(self, user, initial_device, request=None, **kwargs):
        self.request = request
        super().__init__(user, initial_device, **kwargs)

    def clean_otp(self, user):
        try:
            super().clean_otp(user)
        except ValidationError:
            if user and self.cleaned_data.get("otp_token"):
                audit_event(user=user, event=SECOND_FACTOR_FAILED,
                            remote_addr=client_ip(self.request) if self.request is not None else None)
            raise


class TokenForm(_AuditedCodeMixin, AuthenticationTokenForm):
    otp_error_messages = AuthenticationTokenForm.otp_error_messages | {
        "invalid_token": _lazy("That code is not right. Enter the code your app shows now: it changes every 30 "
                               "seconds."),
    }


class BackupCodeForm(_AuditedCodeMixin, BackupTokenForm):
    otp_error_messages = BackupTokenForm.otp_error_messages | {
        "invalid_token": _lazy("That backup code is not right, or it has been used before. Each code works once."),
    }


class LoginView(two_factor_views.LoginView):
    """Username and password, then the code from the app or a backup code if the person has one."""

    redirect_authenticated_user = True

    def get_form_list(self):
        # The library picks the code form per device; ours only says more plainly what went wrong.
        form_list = super().get_form_list()
        for step, form_class in ((self.TOKEN_STEP, TokenForm), (self.BACKUP_STEP, BackupCodeForm)):
            if step in form_list:
                form_list[step] = form_class
        return form_list


class SetupView(two_factor_views.SetupView):
    """Where a second factor is mandatory, only someone who arrived through the link mailed to them (after
    an invitation or a reset) may set one up: a password alone never does (docs/adr/0017)."""

    # No welcome step; the choice of method drops out by itself, as the authenticator app is the only one.
    form_list = (("method", MethodForm),)

    def _link_needed(self) -> bool:
        user = self.request.user
        return user.is_authenticated and second_factor_enforced(user) and not has_second_factor(user)

    def dispatch(self, request, *args, **kwargs):
        if self._link_needed() and enrolment_link_of_session(request) is None:
            return redirect("two_factor:enrolment_needed")
        return super().dispatch(request, *args, **kwargs)

    def done(self, form_list, **kwargs):
        if self._link_needed():
            link = enrolment_link_of_session(self.request)
            # Used up here, once: two set-ups racing with one link cannot both finish.
            if link is None or not enrolment_link_use(link=link):
                return redirect("two_factor:enrolment_needed")
        self.request.session.pop(ENROLMENT_SESSION_KEY, None)
        return super().done(form_list, **kwargs)

    def get_context_data(self, form, **kwargs):
        return super().get_context_data(form, **kwargs) | {"enforced": second_factor_enforced(self.request.user)}


class EnrolmentPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_lazy("Choose this password"))


def _after_enrolment_link(request: HttpRequest, link) -> HttpResponse:
    request.session[ENROLMENT_SESSION_KEY] = link.pk
    if has_second_factor(request.user):
        messages.info(request, _("You already log in with a second factor; this link is not needed."))
        return redirect("two_factor:profile")
    if second_factor_enforced(request.user):
        return redirect("two_factor:setup")
    return redirect("home")


@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest, token: str) -> HttpResponse:
    """The link from an invitation or reset mail. A new account chooses its password here, which also
    accepts the invitations mailed to it; an existing one logs in first. Then the second factor is set up
    (where it is mandatory), and the link is used up."""
    link = enrolment_link_find(token)
    if link is None:
        return render(request, "two_factor/enrol_invalid.html", {"valid_days": ENROLMENT_LINK_VALID.days})
    owner = link.user
    if request.user.is_authenticated and request.user.pk != owner.pk:
        return render(request, "two_factor/enrol_invalid.html", {"other_account": True})
    if owner.has_usable_password():
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return _after_enrolment_link(request, link)
    # A new account (or one that never chose a password): the link is the proof of the mailbox.
    form = EnrolmentPasswordForm(owner, request.POST or None)
    invitations = invitation_list_for_user(user=owner)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            for invitation in invitations:
                invitation_accept(actor=owner, invitation=invitation, by_enrolment_link=True)
        login(request, owner, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your password is set and you are logged in."))
        return _after_enrolment_link(request, link)
    return render(request, "two_factor/enrol_password.html", {
        "form": form, "owner": owner, "invitations": invitations})


@login_required
@require_GET
def enrolment_needed(request: HttpRequest) -> HttpResponse:
    """Where a person is sent who must use a second factor, has none, and did not come through a link."""
    return render(request, "two_factor/enrolment_needed.html", {"valid_days": ENROLMENT_LINK_VALID.days})


class ProfileView(two_factor_views.ProfileView):
    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(**kwargs) | {
            "required": second_factor_required(user), "enforced": second_factor_enforced(user)}


class DisableView(LoginRequiredMixin, two_factor_views.DisableView):
    # Without it, the library sends someone not logged in to the start page instead of the login.
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and second_factor_enforced(request.user):
            messages.error(request, _("Your roles require a second factor, so it cannot be turned off."))
            return redirect("two_factor:profile")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Two-factor login is turned off for your account."))
        return response
