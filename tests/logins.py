"""What the two-step login page (django-two-factor-auth's wizard) expects to be posted."""
from __future__ import annotations

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN = "/accounts/login/"
# The wizard's management form: its prefix is the view's class name, LoginView -> login_view.
STEP = "login_view-current_step"


def login_form(username: str, password: str) -> dict[str, str]:
    return {STEP: "auth", "auth-username": username, "auth-password": password}


def token_form(code: str, *, step: str = "token") -> dict[str, str]:
    return {STEP: step, f"{step}-otp_token": code}


def current_code(device: TOTPDevice) -> str:
    """The code the person's authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"
