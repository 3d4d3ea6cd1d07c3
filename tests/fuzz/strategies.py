"""Hostile input for the fuzz tests (issue 15 item 6): what a careless paste, a curious user or an
attacker types into a form, per kind of field. Every piece of markup carries `data-fz` or `alert(`, so
a page that renders one unescaped is caught by `harness.unescaped`, whatever else surrounds it."""
from __future__ import annotations

from hypothesis import strategies as st

MARKUP = (
    "<script>alert('fz')</script>",
    '"><img src=x data-fz onerror=alert(1)>',
    "'><svg data-fz onload=alert(1)>",
    '" onmouseover="alert(1)" data-fz="',
    "<b data-fz>bold</b>",
    "javascript:alert(1)",
    "{{ 7|add:7 }}{% now 'Y' %}",  # a template tag must stay text
    "</textarea><b data-fz>",
    "]]><b data-fz>",  # out of a CDATA section in an SVG
)
SQL = ("'; DROP TABLE governance_region; --", "1' OR '1'='1", "1; SELECT pg_sleep(5)", "%", "_", "\\")
FORMULAS = ("=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1")
CONTROL = ("\x00", "\x01", "\x07", "\x1b[31m", "\x7f", "\u202e", "\u200b", "\u00ad", "\ufeff", "\u2028", "\r\n")
OTHER = ("", " ", "   \t ", "Zoë & Jürgen", "👩‍👩‍👧", "𝕳𝖊𝖑𝖑𝖔", "ﬁ", "İ", "x" * 300, "null", "None", "undefined", "0")
LONG = ("A" * 10_001, "<b data-fz>" * 1_000, "é" * 5_000)

# Text a form accepts: every code point but lone surrogates (not valid in UTF-8).
_ANY_CHAR = st.characters(exclude_categories=("Cs",))
_PIECE = st.one_of(
    st.sampled_from(MARKUP + SQL + FORMULAS + CONTROL + OTHER),
    st.text(_ANY_CHAR, max_size=12),
    st.text("abcdefghij ", min_size=1, max_size=12),
)
hostile_text = st.one_of(
    st.lists(_PIECE, min_size=1, max_size=4).map("".join),
    st.sampled_from(LONG),
)

IMPOSSIBLE_DATES = ("2023-02-30", "2023-13-01", "0000-00-00", "99999-01-01", "-1", "1900-01-01",
                    "2101-01-01", "9999-12-31", "0001-01-01", "31-12-2024", "2024/02/29", "today", "1e9")
hostile_date = st.one_of(
    st.sampled_from(IMPOSSIBLE_DATES),
    st.dates().map(lambda day: day.isoformat()),
    hostile_text,
)

HUGE_NUMBERS = ("9223372036854775808", "-9223372036854775809", "1e309", "-1e309", "NaN", "inf", "-0", "-1",
                "2147483648", "99999999999999999999999999999999", "1.5", "0x10", "١٢", "1_000", "")
hostile_number = st.one_of(
    st.sampled_from(HUGE_NUMBERS),
    st.integers().map(str),
    st.integers(min_value=-5, max_value=5000).map(str),
    hostile_text,
)


def hostile_choice(offered: list[str], foreign: list[str]):
    """A value for a select: one it offers, another region's id, an id that does not exist, or text."""
    options = [st.sampled_from(["999999999", "-1", "0", "1.0", "9223372036854775808"]), hostile_text]
    if offered:
        options.insert(0, st.sampled_from(offered))
    if foreign:
        options.insert(0, st.sampled_from(foreign))
    return st.one_of(*options)
