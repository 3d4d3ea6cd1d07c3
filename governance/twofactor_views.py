"""The two-step login and the account security page, on django-two-factor-auth's views.

Our subclasses only narrow them: an authenticator app (TOTP) and backup codes are the only methods,
the setup is one page (the QR code, the secret as text for people who cannot scan, the code), and
nobody turns off a second factor that is mandatory for them (governance/twofactor.py).
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from two_factor import views as two_factor_views
from two_factor.forms import AuthenticationTokenForm, BackupTokenForm, MethodForm

from .twofactor import second_factor_enforced, second_factor_required


class TokenForm(AuthenticationTokenForm):
    otp_error_messages = AuthenticationTokenForm.otp_error_messages | {
        "invalid_token": _lazy("That code is not right. Enter the code your app shows now: it changes every 30 "
                               "seconds."),
    }


class BackupCodeForm(BackupTokenForm):
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
    # No welcome step; the choice of method drops out by itself, as the authenticator app is the only one.
    form_list = (("method", MethodForm),)

    def get_context_data(self, form, **kwargs):
        return super().get_context_data(form, **kwargs) | {"enforced": second_factor_enforced(self.request.user)}


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
