"""Refusing obvious personal identifiers in text that must stay pseudonymised.

This is a safety net, not a guarantee: it catches what people type by habit (a BSN, a date of
birth, an e-mail address, a phone number, a postcode and house number) so that it never reaches the
database. Forms say what belongs in a field; this makes the obvious mistakes impossible.

Text is checked in a normalised copy (the stored text is left as typed): compatibility forms such
as full-width digits and the full-width at sign become plain ones, invisible characters (zero-width
spaces, soft hyphens, combining marks) are dropped, every dash counts as "-" and every space as " ".
Numbers are then read as runs of digit groups joined by one separator each, so a BSN is found
whether it is written with spaces, dots, dashes, slashes, underscores or commas. They are read a
second time with the letters people type for digits (O for zero, l or I for one) folded inside
numbers, and e-mail addresses and dates of birth are also found spelled out in words.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Separators some people type between the digits of a number, besides dots; and letters and symbols
# that are drawn as nothing at all (Hangul fillers, the blank Braille pattern).
_FOLD = dict.fromkeys(map(ord, "\u00b7\u2022\u2027\u2219\u22c5"), ".") | dict.fromkeys(
    map(ord, "\u115f\u1160\u3164\uffa0\u2800"), None)


def normalise(text: str) -> str:
    """The text as it reads: compatibility forms folded, invisible characters gone, dashes and spaces alike."""
    text = unicodedata.normalize("NFKC", text or "").translate(_FOLD)
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char.isspace() or category in ("Zs", "Zl", "Zp"):
            kept.append(" ")
        elif category in ("Cf", "Cc", "Co", "Cn", "Mn", "Me"):
            continue  # zero-width characters, soft hyphens, controls, combining marks
        elif category == "Pd" or char == "\u2212":
            kept.append("-")
        elif category == "Nd" and not char.isascii():
            kept.append(str(unicodedata.decimal(char)))  # digits of other scripts
        else:
            kept.append(char)
    return "".join(kept)


def visible_length(text: str) -> int:
    """How many characters a reader sees, counting one space between words, after normalising."""
    return len(" ".join(normalise(text).split()))


# --- Letters typed for digits ------------------------------------------------------------------------
# The letter O for a zero and a lowercase l or capital I for a one, as on a typewriter (and the Cyrillic
# and Greek O, which look the same). S for 5 and B for 8 are left alone: they are real parts of house
# numbers (12B), levels and codes (B1, S2), and nobody types them for digits by habit.
_LOOKALIKES = str.maketrans("OoIl\u041e\u043e\u039f\u03bf", "00110000")
_ZEROS = frozenset("Oo\u041e\u043e\u039f\u03bf")
_LOOKALIKE_TOKEN = "[0-9OoIl\u041e\u043e\u039f\u03bf]+"
# Tokens of digits and look-alike letters joined by number separators (see _SEPARATOR below), whole
# words only, so that "Oost" or "Lelystad" never take part.
_LOOKALIKE_RUN = re.compile(
    rf"(?<![^\W_]){_LOOKALIKE_TOKEN}(?:(?: ?[-./_] ?|[ ,]){_LOOKALIKE_TOKEN})*(?![^\W_])")
_LOOKALIKE_TOKENS = re.compile(_LOOKALIKE_TOKEN)


def fold_lookalikes(text: str) -> str:
    """The text with look-alike letters read as digits inside numbers: in a token that holds a digit
    ("1OOOOO63O", "l2"), and in a token of O's only next to such a token ("1OO OOO 63O"). A word of
    letters alone ("Oost", "II", "I") is never a number."""

    def fold_run(run: re.Match) -> str:
        tokens = _LOOKALIKE_TOKENS.findall(run.group())
        if not any(char.isdigit() for token in tokens for char in token):
            return run.group()
        return _LOOKALIKE_TOKENS.sub(
            lambda token: token.group().translate(_LOOKALIKES)
            if any(char.isdigit() for char in token.group()) or set(token.group()) <= _ZEROS else token.group(),
            run.group())

    return _LOOKALIKE_RUN.sub(fold_run, text)


# --- Numbers as runs of digit groups ----------------------------------------------------------------

# One separator between two groups: a dash, dot, slash or underscore (spaces around it allowed), or a
# single space or comma. ", " joins nothing, so a list of years stays a list.
_SEPARATOR = r"(?: ?[-./_] ?|[ ,])"
_RUN = re.compile(rf"(?<!\d)\d+(?:{_SEPARATOR}\d+)*(?!\d)")
_GROUP = re.compile(r"\d+")


@dataclass(frozen=True)
class _Group:
    digits: str
    start: int
    end: int


def _runs(text: str) -> list[tuple[list[_Group], list[str]]]:
    """Each run of digit groups with the separators between them (stripped of spaces)."""
    runs = []
    for match in _RUN.finditer(text):
        offset = match.start()
        groups = [_Group(g.group(), offset + g.start(), offset + g.end()) for g in _GROUP.finditer(match.group())]
        separators = [text[a.end:b.start].strip() or " " for a, b in zip(groups, groups[1:], strict=False)]
        runs.append((groups, separators))
    return runs


def _bsn_candidates(groups: list[_Group], separators: list[str]):
    """Consecutive groups that hold eight or nine digits together, with the separators inside them."""
    for first in range(len(groups)):
        digits = 0
        for last in range(first, len(groups)):
            digits += len(groups[last].digits)
            if digits > 9:
                break
            if digits >= 8:
                yield groups[first:last + 1], separators[first:last]


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _year(digits: str) -> int:
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def _plausible_year(digits: str) -> bool:
    return len(digits) == 4 and 1900 <= int(digits) <= 2099


def _three_part_date(parts: list[str]) -> bool:
    day, month, year = parts
    if len(day) <= 2 and len(month) <= 2 and len(year) in (2, 4) and _valid_date(_year(year), int(month), int(day)):
        return True
    year, month, day = parts
    return _plausible_year(year) and len(month) <= 2 and len(day) <= 2 and _valid_date(int(year), int(month), int(day))


def _compact_date(digits: str, *, strict: bool) -> bool:
    if len(digits) == 8:
        return ((_plausible_year(digits[4:]) and _valid_date(int(digits[4:]), int(digits[2:4]), int(digits[:2])))
                or (_plausible_year(digits[:4]) and _valid_date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))))
    return strict and len(digits) == 6 and _valid_date(_year(digits[4:]), int(digits[2:4]), int(digits[:2]))


def _date_spans(groups: list[_Group], separators: list[str], *, strict: bool) -> list[tuple[int, int, bool]]:
    """Dates in one run: (start, end, written together). Three groups count as a date only when they are
    written as one (the same separator twice, and another one or none around them), so that a phone
    number such as 06.12.34.56.78 is not read as the date 06.12.34."""
    spans = []
    for first, group in enumerate(groups):
        if _compact_date(group.digits, strict=strict):
            spans.append((group.start, group.end, True))
        last = first + 2
        if last < len(groups):
            inner = separators[first:last]
            before = separators[first - 1] if first else None
            after = separators[last] if last < len(separators) else None
            if (inner[0] == inner[1] and inner[0] not in (before, after)
                    and _three_part_date([g.digits for g in groups[first:last + 1]])):
                spans.append((group.start, groups[last].end, False))
    return spans


# Opening hours such as 09.00-17.00 are eight digits too, and about one in eleven passes the eleven test.
_TIME_RANGE = re.compile(r"(?<![\d.,])(?:[01]?\d|2[0-4])\.[0-5]\d ?- ?(?:[01]?\d|2[0-4])\.[0-5]\d(?!\d|[.,]\d)")


def _passes_eleven_test(digits: str) -> bool:
    """The BSN check: weights 9..2 and -1, sum divisible by 11 (8-digit numbers get a leading zero)."""
    digits = digits.zfill(9)
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0 and total != 0


def _is_bsn(groups: list[_Group], separators: list[str]) -> bool:
    if len(groups) == 2 and _plausible_year(groups[0].digits) and len(groups[1].digits) == 4:
        return False  # a year range (2024-2025) or a yearly serial number (VT-2026-0412)
    digits = "".join(g.digits for g in groups)
    return len(digits) in (8, 9) and _passes_eleven_test(digits)


# --- Dates written with month names, e-mail addresses and phone numbers -------------------------------

_MONTHS = (r"jan(?:uari|uary)?|feb(?:ruari|ruary)?|maart|march|mrt|mar|apr(?:il)?|mei|may|jun[ei]?|jul[iy]?|"
           r"aug(?:ustus|ust)?|sep(?:t|tember)?|okt(?:ober)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_YEAR = r"(?:\d{4}|'\d{2})"
_WORDY_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th|e|ste|de)?\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+{_YEAR}(?!\d)"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}(?!\d)",
    re.IGNORECASE,
)
_BIRTH_WORDS = re.compile(
    r"\b(?:geb(?:oren|oortedatum|oortedag|\.?\s?datum)?\.?|born|birth\s?date|date\s+of\s+birth|birthday|"
    r"d\.?o\.?b\.?|verjaardag)(?!\w)",
    re.IGNORECASE,
)
# How close a birth word must be to a date for the date to count as a date of birth.
_BIRTH_DISTANCE = 25

# A day and a month right after a birth word, in digits or words, with or without the year:
# "geboren op twaalf maart", "geb. 3 mei", "born on the twelfth of March". Without a birth word right
# before it such a day is a meeting ("op 1 oktober", "overleg op 3 mei").
_NL_UNIT = r"een|één|twee|drie|vier|vijf|zes|zeven|acht|negen"
_NL_DAY = (rf"(?:(?:{_NL_UNIT})[eë]?n\s?(?:twintig|dertig)|twintig|dertig|tien|elf|twaalf|dertien|veertien|"
           rf"vijftien|zestien|zeventien|achttien|negentien|{_NL_UNIT})(?:ste|de)?|eerste|derde")
_EN_UNIT = r"one|two|three|four|five|six|seven|eight|nine"
_EN_UNIT_ORDINAL = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_EN_DAY = (rf"(?:twenty|thirty)(?:[\s-]?(?:{_EN_UNIT_ORDINAL}|{_EN_UNIT}))?|twentieth|thirtieth|"
           rf"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
           rf"tenth|eleventh|twelfth|(?:thir|four|fif|six|seven|eigh|nine)teenth|{_EN_UNIT_ORDINAL}|{_EN_UNIT}")
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th|e|ste|de)?|{_NL_DAY}|{_EN_DAY})"
_MONTH = rf"(?:{_MONTHS})\.?(?!\w)"
_BIRTH_DAY_IN_WORDS = re.compile(
    rf"{_BIRTH_WORDS.pattern}\s*:?\s*(?:(?:op|on|the|de|den)\s+){{0,2}}"
    rf"(?:{_DAY}\s+(?:(?:of|van)\s+)?{_MONTH}|{_MONTH}\s+(?:the\s+)?{_DAY}(?!\w))",
    re.IGNORECASE,
)

# "apenstaartje" (the Dutch name of @) is never anything else, so it may stand bare; "at" alone is a word.
_AT = (r"(?:\s?@\s?|\s*[\[({<]\s*(?:at|apenstaartje|apestaartje)\s*[\])}>]\s*"
       r"|\s+(?:apenstaartje|apestaartje)\s+)")
_SPELLED_DOT = r"(?:\s*[\[({<]\s*(?:dot|punt)\s*[\])}>]\s*|\s+(?:dot|punt)\s+)"
_DOT = rf"(?:\.|{_SPELLED_DOT})"
# Each address is tried from the start of a word only ((?<!...)): tried from every letter, one long
# word took seconds.
_EMAIL = re.compile(rf"(?<![\w.+-])[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[^\W\d_]{{2,}}\b", re.IGNORECASE)
# "naam at example dot nl": "at", "dot" and "punt" are ordinary words ("at the meeting", "punt 3 van de
# agenda"), so the address counts only when it ends in a spelled-out dot and a domain ending people use.
_SPOKEN_DOMAIN_ENDINGS = r"nl|be|de|eu|com|org|net|info|nu|frl|io|uk|fr|gov|edu"
_EMAIL_SPOKEN = re.compile(
    rf"(?<![\w.+-])[\w.+-]+(?:{_AT}|\s+at\s+)[\w-]+(?:{_DOT}[\w-]+)*?{_SPELLED_DOT}(?:{_SPOKEN_DOMAIN_ENDINGS})(?!\w)",
    re.IGNORECASE,
)

_P = r"(?: ?[-./] ?| )?"  # between the digits of a phone number
_PHONE = re.compile(
    rf"(?<![\d+])(?:(?:\+ ?31|0031){_P}(?:\(0\){_P})?|\(0|0){_P}(?:6|[1-9]\d{{1,2}})\)?(?:{_P}\d){{6,8}}(?!\d)"
    rf"|(?<![\d+])(?:\+ ?|00)[1-9](?:{_P}\d){{7,13}}(?!\d)"  # an international number
)


# --- Postcodes and house numbers -----------------------------------------------------------------------
# A Dutch postcode is four digits (never starting with 0) and two letters; SA, SD and SS are never issued.
# With a house number it points at one household, and even alone at about one side of a street, so both
# are refused. But four digits and two letters are often something else: a word ("in 2024 en 2025"), a
# unit ("1500 km"), an abbreviation ("jaarverslag 2024 VT") or a compound ("2024 AB-test").

_POSTCODE = re.compile(r"(?<![\w.,])([1-9]\d{3})( {0,2})([a-z]{2})(?!\w)(?!-[^\W\d_])", re.IGNORECASE)
_NEVER_ISSUED = frozenset({"sa", "sd", "ss"})
# Two letters that are a word, unit or abbreviation in governance text: after a year, or in lowercase,
# they are read as that and not as a postcode.
_WORDS = frozenset({
    "ad", "af", "al", "as", "bv", "ca", "cq", "da", "de", "do", "en", "er", "ex", "ha", "he", "ik", "in", "is",
    "ja", "je", "na", "nu", "of", "om", "on", "op", "re", "te", "tm", "to", "tv", "uw", "we", "ze", "zo", "am",
    "an", "at", "be", "by", "go", "if", "it", "me", "my", "no", "or", "so", "up", "us", "km", "kg", "mg", "ml",
    "cm", "mm", "dl", "kb", "mb", "gb", "tb", "kw", "mw", "gw", "pp", "st", "nr", "vs", "ai", "eu", "hr", "id",
    "jb", "mo", "nl", "ok", "ov", "pr", "po", "pv", "vo", "vt", "bw",
})
_NUMBER_AFTER = re.compile(r"[ ,]{0,3}(?:nr\.? ?)?\d{1,5}(?!\d)", re.IGNORECASE)
_NUMBER_BEFORE = re.compile(r"(?<!\d)\d{1,5}(?:[ -]?[a-z]{1,3}|[-/]\d{1,4})?[ ,]{1,3}$", re.IGNORECASE)
_STREET = re.compile(  # from the start of a word only, as the e-mail address
    r"(?<![^\W\d_])[^\W\d_]{2,}(?:straat|laan|weg|plein|gracht|kade|singel|dijk|dreef|hof|pad|steeg|markt|park|ring|baan|"
    r"erf|wal|veld|haven|dam|allee|str\.)\.? ?\d{1,5}(?!\d)",
    re.IGNORECASE,
)
_PLACE_AFTER = re.compile(r",? {1,2}[A-Z][a-z]")  # "1234 AB Almere"
_POSTCODE_WORD = re.compile(r"\b(?:postcode|postal code|zip(?: code)?|pc)\b\W{0,3}$", re.IGNORECASE)
# How close a street and house number must be to a postcode to be read as one address.
_ADDRESS_DISTANCE = 40


def _postcodes(text: str) -> tuple[bool, bool]:
    """Whether `text` holds a postcode with a house number, and whether it holds one without."""
    streets = [match.span() for match in _STREET.finditer(text)]
    numbered = bare = False
    for match in _POSTCODE.finditer(text):
        digits, space, letters = match.groups()
        start, end = match.span()
        if letters.lower() in _NEVER_ISSUED:
            continue
        capitals = letters.isupper()
        year = _plausible_year(digits)
        if letters.lower() in _WORDS and (year or not capitals):
            continue
        if (_NUMBER_AFTER.match(text, end) or _NUMBER_BEFORE.search(text[max(0, start - 12):start])
                or _near((start, end), streets, _ADDRESS_DISTANCE)):
            numbered = True
        elif (not space or (capitals and not year) or _PLACE_AFTER.match(text, end)
              or _POSTCODE_WORD.search(text[max(0, start - 16):start])):
            # Written with a space, lowercase letters or a year ("2024 AB") are only read as a postcode
            # with a place name after it or the word postcode before it.
            bare = True
    return numbered, bare


def _near(span: tuple[int, int], others: list[tuple[int, int]], distance: int) -> bool:
    return any(start - distance <= span[1] and span[0] <= end + distance for start, end in others)


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the given spans blanked out, so that a date is not read again as another number."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "#" * (end - start)
    return "".join(chars)


# A case's code in free text (ours, ZW-K7QM-4TXD, and a Veilig Thuis registration number such as
# VT-2026-0412): text is read by people who may not read that case (an escalation by the alderman, a
# lesson on the agreements' review list), while a linked case shows its code only to its readers.
_CASE_CODE_ALPHABET = "[BCDFGHJKMNPQRSTVWXZ2-9]"
_CASE_CODE = re.compile(
    rf"(?<![\w-])(?:ZW ?- ?{_CASE_CODE_ALPHABET}{{4}} ?- ?{_CASE_CODE_ALPHABET}{{4}}"
    r"|VT ?- ?(?:19|20)\d\d ?- ?\d{3,6})(?![\w-])", re.IGNORECASE)

_MESSAGES = {
    "bsn": _("a number shaped like a BSN"),
    "date": _("a date (it could be a date of birth)"),
    "birth": _("a date of birth"),
    "email": _("an e-mail address"),
    "phone": _("a phone number"),
    "address": _("a postcode with a house number"),
    "postcode": _("a postcode"),
    "case_code": _("a case code (name the case in its own field)"),
}


def identifier_problems(text: str, *, strict: bool = False) -> list[str]:
    """What in `text` looks like it identifies a person. `strict` (for codes) refuses any date."""
    if not text:
        return []
    text = normalise(text)
    found = _numbers_found(text, strict=strict)
    folded = fold_lookalikes(text)
    if folded != text:
        # Read again with the letters for digits folded; what the text as typed shows stays found.
        found |= _numbers_found(folded, strict=strict)
    if "date" in found:
        found.discard("birth")
    if _EMAIL.search(text) or _EMAIL_SPOKEN.search(text):
        found.add("email")
    if not strict and _CASE_CODE.search(text):  # a code field (strict) is where a code belongs
        found.add("case_code")
    numbered, bare = _postcodes(text)
    if numbered:
        found.add("address")
    elif bare:
        found.add("postcode")
    return [str(message) for kind, message in _MESSAGES.items() if kind in found]


def _numbers_found(text: str, *, strict: bool) -> set[str]:
    """The kinds of numbers in `text`: a BSN, a date (of birth), a phone number."""
    runs = _runs(text)
    numeric_dates = [span for groups, separators in runs for span in _date_spans(groups, separators, strict=strict)]
    wordy_dates = [match.span() for match in _WORDY_DATE.finditer(text)]
    dates = wordy_dates + [(start, end) for start, end, _together in numeric_dates]
    # Dates in parts or with month names are only dates; eight digits written together may also be a BSN.
    times = [match.span() for match in _TIME_RANGE.finditer(text)]
    masked = _mask(text, wordy_dates + times
                   + [(start, end) for start, end, together in numeric_dates if not together])
    found = set()
    if any(
        _is_bsn(window, inner)
        for groups, separators in _runs(masked) for window, inner in _bsn_candidates(groups, separators)
    ):
        found.add("bsn")
    if strict and dates:
        found.add("date")
    elif _near_birth_word(text, dates) or _BIRTH_DAY_IN_WORDS.search(text):
        found.add("birth")
    if _PHONE.search(masked):
        found.add("phone")
    return found


def _near_birth_word(text: str, dates: list[tuple[int, int]]) -> bool:
    if not dates:
        return False
    words = [match.span() for match in _BIRTH_WORDS.finditer(text)]
    return any(_near(span, words, _BIRTH_DISTANCE) for span in dates)


def refuse_identifiers(text: str, *, strict: bool = False) -> None:
    problems = identifier_problems(text, strict=strict)
    if problems:
        raise ValidationError(
            _("This looks like it contains %(what)s. Never record data that identifies clients; "
              "describe the situation instead.") % {"what": ", ".join(problems)},
            code="identifier",
        )


def refuse_invisible(text: str) -> None:
    """Text that is there but cannot be seen (only zero-width characters, say) counts as empty."""
    if text and not visible_length(text):
        raise ValidationError(_("This text has no visible characters; write it out."), code="invisible")


def validate_no_identifiers(text: str) -> None:
    refuse_invisible(text)
    refuse_identifiers(text)


def validate_case_code(code: str) -> None:
    """A pseudonymised case code: letters, digits and dashes, and nothing that looks like a person."""
    if code and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9/_-]{1,39}", code):
        raise ValidationError(_("A case code has letters, digits and dashes only, for example ZW-K7QM-4TXD."),
                              code="case_code")
    refuse_identifiers(code, strict=True)
