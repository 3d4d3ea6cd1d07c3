"""Refusing obvious personal identifiers in text that must stay pseudonymised.

This is a safety net, not a guarantee: it catches what people type by habit (a BSN, a date of
birth, an e-mail address or phone number) so that it never reaches the database. Forms say what
belongs in a field; this makes the obvious mistakes impossible.
"""
from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_MONTHS = (r"jan(?:uari|uary)?|feb(?:ruari|ruary)?|maart|march|mrt|mar|apr(?:il)?|mei|may|jun[ei]?|jul[iy]?|"
           r"aug(?:ustus|ust)?|sep(?:tember)?|okt(?:ober)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}\s+(?:{_MONTHS})\.?\s+\d{{4}})\b",
    re.IGNORECASE,
)
_BIRTH_WORDS = re.compile(r"\b(?:geb(?:oren)?\.?|geboortedatum|born|date of birth|dob)\b", re.IGNORECASE)
_NINE_DIGITS = re.compile(r"(?<![\d])(\d[\d .]{6,11}\d)(?![\d])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(
    r"(?<![\d])(?:\+31\s?(?:\(0\))?|0031\s?|\(0|0)[\s-]?(?:6|[1-9]\d{1,2})\)?(?:[\s-]?\d){6,8}(?![\d])")


def _passes_eleven_test(digits: str) -> bool:
    """The BSN check: weights 9..2 and -1, sum divisible by 11 (8-digit numbers get a leading zero)."""
    digits = digits.zfill(9)
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0 and total != 0


def _bsn_shaped(text: str) -> bool:
    for match in _NINE_DIGITS.finditer(text):
        digits = re.sub(r"\D", "", match.group(1))
        if len(digits) in (8, 9) and _passes_eleven_test(digits):
            return True
    return False


def identifier_problems(text: str, *, strict: bool = False) -> list[str]:
    """What in `text` looks like it identifies a person. `strict` (for codes) refuses any date."""
    if not text:
        return []
    problems = []
    if _bsn_shaped(text):
        problems.append(str(_("a number shaped like a BSN")))
    if strict and _DATE.search(text):
        problems.append(str(_("a date (it could be a date of birth)")))
    elif _DATE.search(text) and _BIRTH_WORDS.search(text):
        problems.append(str(_("a date of birth")))
    if _EMAIL.search(text):
        problems.append(str(_("an e-mail address")))
    if _PHONE.search(text):
        problems.append(str(_("a phone number")))
    return problems


def refuse_identifiers(text: str, *, strict: bool = False) -> None:
    problems = identifier_problems(text, strict=strict)
    if problems:
        raise ValidationError(
            _("This looks like it contains %(what)s. Never record data that identifies clients; "
              "describe the situation instead.") % {"what": ", ".join(problems)},
            code="identifier",
        )


def validate_no_identifiers(text: str) -> None:
    refuse_identifiers(text)


def validate_case_code(code: str) -> None:
    """A pseudonymised case code: letters, digits and dashes, and nothing that looks like a person."""
    if code and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9/_-]{1,39}", code):
        raise ValidationError(_("A case code has letters, digits and dashes only, for example VT-2026-0412."),
                              code="case_code")
    refuse_identifiers(code, strict=True)
