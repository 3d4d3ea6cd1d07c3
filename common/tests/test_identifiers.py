"""The safety net for pseudonymised text: what people type by habit about a client (a BSN, a date of
birth, an e-mail address, a phone number, a postcode and house number) is refused; ordinary text about the
cooperation is not."""
from __future__ import annotations

import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from common.identifiers import (
    identifier_problems,
    normalise,
    refuse_identifiers,
    validate_case_code,
    validate_no_identifiers,
    visible_length,
)

BSN = "a number shaped like a BSN"
BIRTH = "a date of birth"
DATE = "a date (it could be a date of birth)"
EMAIL = "an e-mail address"
PHONE = "a phone number"
ADDRESS = "a postcode with a house number"
POSTCODE = "a postcode"

ZW, SHY, NBSP = "\u200b", "\u00ad", "\u00a0"


def problems(text: str, *, strict: bool = False) -> list[str]:
    with translation.override("en"):
        return identifier_problems(text, strict=strict)


# --- BSN ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "123456782",
    "Cliënt met BSN 111222333 wacht op een plek.",
    "bsn:123456782",
    "BSN 123 456 782",  # with spaces
    "BSN 1234.56.782",  # with dots, as printed on some letters
    "BSN 12 34 56 782",
])
def test_numbers_that_pass_the_eleven_test_are_refused(text):
    assert problems(text) == [BSN]


@pytest.mark.parametrize("text", [
    "123456789",  # fails the eleven test
    "000000000",  # all zeros is no BSN
    "Het traject kost 1.250.000 euro per jaar.",
    "Wachttijd 14 dagen; 3 overdrachten sinds 2025.",
    "Dossiernummer 987654321 bij de jeugdbescherming.",  # fails the eleven test
])
def test_numbers_that_fail_the_eleven_test_are_accepted(text):
    assert problems(text) == []


def test_an_eight_digit_bsn_without_its_leading_zero_is_refused():
    assert problems("BSN 12345672") == [BSN]  # 012345672 passes the eleven test


# --- dates of birth -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Moeder, geboren 12-03-1985, is niet bereikbaar.",
    "Kind (geb. 3-4-2019) woont bij oma.",
    "geboren op 3 maart 2015",
    "Geboortedatum: 12/03/2015",
    "date of birth 2015-03-12",
    "born 12 Mar 2015",
    "DOB 12.03.2015",
])
def test_a_date_with_a_birth_word_is_refused(text):
    assert problems(text) == [BIRTH]


@pytest.mark.parametrize("text", [
    "Overleg op 12-03-2026 om 14.00 uur met het wijkteam.",
    "Afspraak op 3 maart 2026 in Lelystad.",
    "Het huisverbod liep af op 2026-03-12.",
    "Geboren en getogen in Almere, de teams kennen elkaar goed.",  # a birth word, but no date
])
def test_ordinary_text_with_meeting_dates_is_accepted(text):
    assert problems(text) == []


# --- e-mail and phone -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["Mail j.jansen@example.org voor details.", "JJansen+wijkteam@gemeente-almere.nl"])
def test_e_mail_addresses_are_refused(text):
    assert problems(text) == [EMAIL]


@pytest.mark.parametrize("text", [
    "Bel 06-12345678.",
    "Bel 06 12 34 56 78.",
    "Bel +31612345678.",
    "Bel +31 6 12345678.",
    "Bel 0031 6 1234 5678.",
    "Bel 020-1234567.",
    "Bel 0320 123456.",
])
def test_phone_numbers_are_refused(text):
    assert PHONE in problems(text)


@pytest.mark.parametrize("text", ["Bel (020) 123 4567.", "Bel +31 (0)6 12345678."])
def test_phone_numbers_with_the_area_code_in_brackets_are_refused(text):
    assert PHONE in problems(text)


# --- the examples the casework issue names, as people type them -------------------------------------------

@pytest.mark.parametrize("text,what", [
    ("BSN 123 456 782", BSN),
    ("BSN 123.456.782", BSN),
    ("BSN 123-456-782", BSN),
    ("geboren 12-03-2015", BIRTH),
    ("geboren 12/3/2015", BIRTH),
    ("geboren 12 maart 2015", BIRTH),
    ("geboren 12-3-15", BIRTH),
    ("geboortedatum 12-03-2015", BIRTH),
    ("Mail j.jansen@example.org", EMAIL),
    ("Bel 06-12345678", PHONE),
    ("Bel 06 1234 5678", PHONE),
    ("Bel +31 6 12345678", PHONE),
    ("Bel 020-1234567", PHONE),
    ("Bel 0031 20 123 4567", PHONE),
    ("1234 AB 12", ADDRESS),
    ("Dorpsstraat 12, 1234 AB Almere", ADDRESS),
    ("1234AB", POSTCODE),
])
def test_real_shaped_identifiers_are_refused(text, what):
    assert what in problems(text)
    with pytest.raises(ValidationError):
        validate_no_identifiers(text)


@pytest.mark.parametrize("text", [
    "Convenant Huiselijk Geweld Flevoland 2024, herzien 1 mrt 2025.",
    "Route 2 na 5 werkdagen; route 3 na 10 dagen.",
    "Artikel 12 van de Wet 2019 geldt, zie week 12.",
    "Overleg op 12 maart 2026 om 14.00 uur in het stadhuis.",
    "Bereikbaar op werkdagen 09.00-17.00, reactie binnen 10 dagen.",
    "Meldingen 2023-2025: 120, 135 en 150.",
    "Postbus 1234, afdeling Veiligheid.",
    "De 2024 AB-test van het escalatiemodel liep goed.",
])
def test_ordinary_governance_text_is_accepted(text):
    assert problems(text) == []
    validate_no_identifiers(text)


def test_everything_found_is_named():
    text = "BSN 123456782, geboren 12-03-1985, j@example.org, 06-12345678, 1234 AB 12"
    assert problems(text) == [BSN, BIRTH, EMAIL, PHONE, ADDRESS]


def test_refusing_says_what_was_found():
    with translation.override("en"), pytest.raises(ValidationError) as error:
        refuse_identifiers("Bel 06-12345678.")
    assert error.value.code == "identifier"
    assert PHONE in error.value.messages[0]
    refuse_identifiers("De terugkoppeling blijft uit.")  # no error


def test_refusing_names_the_postcode_without_repeating_it():
    with translation.override("en"), pytest.raises(ValidationError) as error:
        refuse_identifiers("Het gezin woont op Dorpsstraat 12, 1234 AB Almere.")
    message = error.value.messages[0]
    assert ADDRESS in message
    assert "1234" not in message and "Dorpsstraat" not in message


# --- postcodes and house numbers ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Het gezin woont op 1234 AB 12.",
    "1234AB, 12a",
    "1234ab 12",
    "1234 ab 12",  # lowercase with a space, but a house number follows
    "1234 AB 12-3",
    "12-3 1234 AB",
    "Dorpsstraat 12, 1234 AB Almere",
    "Dorpsstraat 12 bus 3, Almere (1234 AB)",  # a street and number near the postcode
    "Dorpsstraat 12 2011 AB",  # a postcode in the Haarlem area is also a year
    "2011 AB 12",
    "\uff11\uff12\uff13\uff14\uff21\uff22 12",  # full-width, from a phone keyboard
    f"1234{ZW}AB{NBSP}12",
])
def test_a_postcode_with_a_house_number_is_refused(text):
    assert problems(text) == [ADDRESS]


@pytest.mark.parametrize("text", [
    "Het gezin woont in 1234 AB.",
    "1234AB",
    "1234ab",
    "postcode 1234 ab",
    "2011 AB Haarlem",  # a year-shaped postcode, with its place
])
def test_a_postcode_without_a_house_number_is_refused(text):
    # It narrows a household down to about one side of a street.
    assert problems(text) == [POSTCODE]


@pytest.mark.parametrize("text", [
    "1234 SA 12",  # SA, SD and SS are never issued
    "1234SS",
    "Postbus 1234",  # four digits alone
    "In 2024 en 2025 evalueren we het convenant.",
    "IN 2024 EN 2025 EVALUEREN WE HET CONVENANT.",
    "Jaarverslag 2024 VT Flevoland.",
    "Sinds 2024 OM en politie samen aan tafel.",
    "Convenant Huiselijk Geweld 2024 AB.",  # a year and two capitals, no place
    "De 2024 AB-test liep goed.",
    "1500 km gereden, 2000kg materiaal.",
    "Melding 1 mrt 2024, route 2 na 5 werkdagen.",
    "Stadhuisplein 1, Almere.",  # a street and number without a postcode
])
def test_four_digits_and_two_letters_that_are_no_postcode_are_accepted(text):
    assert problems(text) == []


# --- case codes -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["", "VT-2026-0412", "VT-26-0412", "ST/DR-0871", "JB_2026_12", "A1"])
def test_normal_case_codes_are_accepted(code):
    # Not raising is the point: honest codes pass.
    validate_case_code(code)


@pytest.mark.parametrize("code,what", [
    ("VT-12-03-2015", DATE),  # any date, birth word or not
    ("VT-2015-03-12", DATE),
    ("VT-12.03.15", DATE),
    ("VT-123456782", BSN),
    ("123456782", BSN),
])
def test_a_case_code_with_a_date_or_bsn_is_refused(code, what):
    assert what in problems(code, strict=True)
    with pytest.raises(ValidationError):
        validate_case_code(code)


def test_a_date_in_free_text_is_only_refused_in_a_code():
    assert problems("VT-12-03-2015") == []
    assert problems("VT-12-03-2015", strict=True) == [DATE]


@pytest.mark.parametrize("code", ["Jan Jansen", "VT 2026 0412", "j@example.org", "-VT-2026", "x" * 41, "VT-2026-0412;"])
def test_a_case_code_has_letters_digits_and_dashes_only(code):
    with pytest.raises(ValidationError) as error:
        validate_case_code(code)
    assert error.value.code == "case_code"


# --- written so that a simple check would miss it ------------------------------------------------------
# Each row is how someone could actually type it: with other separators, invisible characters in between,
# full-width forms from a phone keyboard or copied from a PDF.

@pytest.mark.parametrize("text,what", [
    ("BSN 123-456-782", BSN),
    ("BSN 123/456/782", BSN),
    ("BSN 123_456_782", BSN),
    ("BSN 123,456,782", BSN),
    (f"BSN 123{NBSP}456{NBSP}782", BSN),
    (f"BSN 123{ZW}456{ZW}782", BSN),
    (f"BSN 1234{SHY}56782", BSN),
    ("BSN \uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff12", BSN),  # full-width digits
    ("BSN 123\u2013456\u2013782", BSN),  # en-dashes
    ("BSN 123 - 456 - 782", BSN),
    ("BSN 123456782 (2026)", BSN),
    ("BSN 123 456 782 2026", BSN),  # followed by another number
    ("BSN 123.456 782", BSN),  # separators mixed
    ("BSN 1 2 3 4 5 6 7 8 2", BSN),  # digit by digit
    ("j.jansen\uff20example.org", EMAIL),  # full-width at sign
    (f"j.jan{ZW}sen@example.org", EMAIL),
    (f"j.jansen@exam{ZW}ple.org", EMAIL),
    ("j.jansen [at] example [dot] org", EMAIL),
    ("j.jansen (at) example.org", EMAIL),
    ("j.jansen @ example.org", EMAIL),
    ("Bel 06.12.34.56.78", PHONE),
    ("Bel 06/12345678", PHONE),
    ("Bel 06\u201312345678", PHONE),
    ("Bel 06 - 12 34 56 78", PHONE),
    ("Bel \uff10\uff16\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18", PHONE),
    (f"Bel 06{ZW}12345678", PHONE),
    ("Bel 020.123.45.67", PHONE),
    ("Bel +31 6 1234 5678", PHONE),
    ("Bel +31-6-12.34.56.78", PHONE),
    ("Bel +32 470 12 34 56", PHONE),  # a Belgian number
    ("geboren 12031985", BIRTH),
    ("geboren 19850312", BIRTH),
    ("born March 12, 1985", BIRTH),
    ("born Mar. 12th, 1985", BIRTH),
    ("geb. 12 \u2013 03 \u2013 1985", BIRTH),
    ("DOB: 12/03/85", BIRTH),
    ("geboren op 12 maart '85", BIRTH),
    (f"ge{SHY}boren 12-03-1985", BIRTH),
])
def test_identifiers_written_in_other_ways_are_refused(text, what):
    assert what in problems(text)


@pytest.mark.parametrize("text", [
    "Overleg op 12-03-2026 om 14.00 uur.",
    "Overleg op 03-03-2026 met het wijkteam.",  # a date that starts with 0 is no phone number
    "Overleg 12-03-2026 14.00-15.30 in het stadhuis.",
    "Brief van 01-02-2026 (kenmerk 2026-0412).",
    "Evaluatie 2024-2025.",
    "Periode 2024 - 2025, schooljaar 2025/2026.",
    "Meldingen in 2024, 2025 en 2026.",
    "Het traject kost 1.250.000 euro.",
    "38 meldingen, 12 adviezen, 3 escalaties.",
    "Meldingen per kwartaal: 1.234, 2.345, 3.456.",
    "Kwartaal 2026-Q1: 14 meldingen, 2 escalaties.",
    "Bereikbaar tussen 09.00 en 17.00; 3,5 fte.",
    "Bereikbaar 09.00-17.00 en 18.30 - 21.00 uur.",
    "95% binnen 5 werkdagen.",
    "Geboren en getogen in Almere; overleg op 12-03-2026.",  # a birth word far from the date
    "Contact via @wijkteam. Daarna verder.",
    "Convenant 2019, herzien 2023, evaluatie 2026.",
])
def test_honest_text_stays_accepted(text):
    assert problems(text) == []


@pytest.mark.parametrize("code,what", [
    ("VT-123-456-782", BSN),
    ("VT_123_456_782", BSN),
    ("VT-1234-56782", BSN),
    ("123-456-782", BSN),
    ("VT-12031985", DATE),
    ("VT-19850312", DATE),
    ("VT-120385", DATE),
    ("VT_12_03_2015", DATE),
    ("VT-12/03/15", DATE),
])
def test_case_codes_with_a_bsn_or_date_in_any_separators_are_refused(code, what):
    assert what in problems(code, strict=True)
    with pytest.raises(ValidationError):
        validate_case_code(code)


def test_yearly_case_code_serials_are_never_mistaken_for_a_bsn():
    refused = [n for n in range(10000) if problems(f"VT-2026-{n:04d}", strict=True)]
    assert refused == []


def test_opening_hours_are_never_mistaken_for_a_bsn():
    # 09.00-17.00 is eight digits that pass the eleven test; so does about one range in eleven.
    times = [f"{hour:02d}.{minute:02d}" for hour in range(24) for minute in (0, 15, 30, 45)]
    refused = [(a, b) for a in times for b in times if problems(f"Open {a}-{b}, daarna 088 of mail.")]
    assert refused == []


def test_normalising_folds_what_looks_alike():
    assert normalise(f"１２\u2013３{ZW}{SHY}4{NBSP}x") == "12-34 x"


@pytest.mark.parametrize("text,length", [
    (ZW * 40, 0),
    (f"{SHY}{ZW}\ufeff \u2060 \u3164\u2800", 0),
    (f" {ZW} {ZW} ", 0),
    ("e\u0301" * 3, 3),  # combining accents are part of their letter
    (f"Veilig{ZW}heid   in gevaar", 20)  # one space between words,
])
def test_visible_length_counts_what_a_reader_sees(text, length):
    assert visible_length(text) == length


def test_text_with_nothing_visible_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_no_identifiers(ZW * 40)
    assert error.value.code == "invisible"


# --- letters typed for digits, e-mail addresses spelled out, dates of birth in words (issue 22) ------------
# The letter O for a zero and l or I for a one are folded to digits inside a number (a token that holds a
# digit, or O's next to such a token) before the checks; nothing else is.

@pytest.mark.parametrize("text,what", [
    ("BSN: 1OOOOO63O", BSN),  # the letter O for every zero
    ("BSN 1ooooo63o", BSN),
    ("bsn l23456782", BSN),  # a lowercase L for the one
    ("BSN I23 456 782", BSN),  # a capital i
    ("BSN 1OO OOO 63O", BSN),  # a group of O's alone, inside the number
    ("BSN 1OO.OOO.63O", BSN),
    ("BSN 1\u041e\u041e\u041e\u041e\u041e63\u041e", BSN),  # Cyrillic O's look the same
    ("Bel O6-l2345678", PHONE),
    ("Bel O6 l2 34 56 78", PHONE),
    ("geboren l2-O3-2Ol5", BIRTH),
    ("DOB O1/O1/2O1O", BIRTH),
])
def test_letters_typed_for_digits_are_read_as_digits(text, what):
    assert what in problems(text)
    with pytest.raises(ValidationError):
        validate_no_identifiers(text)


@pytest.mark.parametrize("code", ["VT-l2O3l985", "VT-1OOOOO63O"])
def test_a_case_code_with_letters_for_digits_is_refused(code):
    with pytest.raises(ValidationError):
        validate_case_code(code)


@pytest.mark.parametrize("text", [
    "naam at example dot nl",
    "j.jansen at gemeente-almere dot nl",
    "naam at example punt nl",
    "naam at gemeente dot almere dot nl",
    "naam at example [dot] nl",
    "naam [at] example [dot] nl",
    "naam (at) example dot com",
    "naam apenstaartje voorbeeld punt nl",
    "naam apenstaartje voorbeeld.nl",
    "naam @ voorbeeld punt nl",
    "Mail naam AT example DOT org voor het verslag.",
])
def test_e_mail_addresses_spelled_out_are_refused(text):
    assert problems(text) == [EMAIL]


@pytest.mark.parametrize("text", [
    "geboren op twaalf maart tweeduizend tien",
    "Geboren op eenentwintig juni",
    "geboren op de tweeëntwintigste mei",
    "geboren op 12 maart",  # no year, but a birthday next to "geboren"
    "geb. 3 mei",
    "Kind geb. 3e mei, woont bij oma.",
    "geboortedatum: drie mei tweeduizend tien",
    "Geboortedatum: 3 mei",
    "born on the twelfth of March",
    "born on March 12",
    "born March twelfth, two thousand ten",
    "Born on twenty-first June",
    "date of birth: 3 May",
])
def test_a_date_of_birth_in_words_after_a_birth_word_is_refused(text):
    assert problems(text) == [BIRTH]


def test_a_date_of_birth_with_its_year_was_refused_before():
    assert problems("geboren op 12 maart 2010") == [BIRTH]


@pytest.mark.parametrize("text", [
    # dates without a birth word, and birth words without a date
    "op 1 oktober",
    "Overleg op 3 mei in Almere.",
    "Evaluatie op twaalf maart met alle partners.",
    "Geboren en getogen in Almere; overleg op 3 mei.",
    "Het kind is geboren in een gezin met zorgen.",
    "geboren op een boerderij",
    "Zij is geboren op de tweede verdieping van het ziekenhuis.",
    "Een meisje geboren; het gezin krijgt kraamzorg.",
    "born on a Monday",
    # places and words with O, o, l and I next to numbers
    "Lelystad",
    "Team Oost en team West, 100 dossiers.",
    "Oost 12 en Zuid 14 dossiers.",
    "Wijkteam Oost, 12 meldingen in Q1 2026.",
    "Jaarplan 2O24",  # a year typed with the letter O is a year
    "Jaarplan 2O24-2O25 (10 dossiers).",
    "Fase II van 2024 tot 2026, 3l koffie.",
    "I 2 think so",
    "COVID-19, CO2 en H2O in 2024.",
    "O365 en 10 licenties.",
    "Huisnummer 12B, bus 3.",
    # at, dot and punt in ordinary text
    "atelier",
    "Het atelier van de wijk is open.",
    "punt 3 van de agenda",
    "We spraken at the meeting about punt 3.",
    "Zie het verslag at the meeting, punt uit.",
    "Meer informatie op veiligthuisflevoland.nl.",
    "Op dit punt zijn we het eens.",
    "Connect the dots at the table.",
])
def test_honest_text_with_such_words_and_letters_is_accepted(text):
    assert problems(text) == []
    validate_no_identifiers(text)


def test_the_refusal_of_a_folded_number_is_in_dutch():
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        validate_no_identifiers("BSN: 1OOOOO63O")
    assert error.value.messages == ["Dit lijkt een nummer dat op een BSN lijkt te bevatten. Leg nooit gegevens vast "
                                    "waarmee cliënten te herkennen zijn; beschrijf in plaats daarvan de situatie."]


def test_a_long_text_without_spaces_is_checked_in_a_moment():
    # Tried from every letter, the e-mail and street patterns took minutes on one pasted 20,000-letter word.
    started = time.perf_counter()
    for text in ("a" * 20_000, "a." * 10_000, "1O" * 10_000):
        problems(text)
    assert time.perf_counter() - started < 5


# --- Case codes in free text (issue 22) -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Casus ZW-K7QM-4TXD stokt al twee weken.",
    "zie zw-k7qm-4txd",
    "Zie ZW – K7QM – 4TXD voor de overdracht.",
    "De melding VT-2026-0871 wacht op een huisbezoek.",
    "(vt-2026-0871)",
])
def test_a_case_code_in_free_text_is_refused(text):
    """Free text is read by people who may not read the case (the alderman reads escalations); a case is
    named in its own field, which shows its code only to the case's readers."""
    with translation.override("en"), pytest.raises(ValidationError) as error:
        validate_no_identifiers(text)
    assert "case code" in str(error.value)


@pytest.mark.parametrize("text", [
    "Het meerjarenplan VT 2026-2030 is vastgesteld.",
    "Zwolle en Almere spreken af: ZW-overleg op dinsdag.",
    "Het kenmerk van de brief is BZK-2025-0412.",
    "ESC-00012 is besproken in route 2.",
    "Wijkteam Zuidwest (ZW) sluit aan.",
])
def test_text_that_only_resembles_a_case_code_is_accepted(text):
    validate_no_identifiers(text)  # the point: no ValidationError


def test_a_case_code_field_still_takes_a_case_code():
    # The point: the code field raises nothing where free text refuses the same code.
    validate_case_code("ZW-K7QM-4TXD")
    validate_case_code("VT-2026-0412")
