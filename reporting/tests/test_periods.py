"""StatLine's period keys and labels, and the provisional star."""
import pytest

from reporting.periods import Period, PeriodError, period_parse


@pytest.mark.parametrize("text, period, provisional", [
    ("2023HJ01", Period(2023, 1), False),
    ("2023HJ02", Period(2023, 2), False),
    ("2023JJ00", Period(2023, 0), False),
    (" 2023hj02 ", Period(2023, 2), False),
    ("1e halfjaar 2023", Period(2023, 1), False),
    ("2e halfjaar 2023*", Period(2023, 2), True),
    ("2023*", Period(2023, 0), True),
    ("2023", Period(2023, 0), False),
    ("2024HJ02*", Period(2024, 2), True),
])
def test_keys_and_labels(text, period, provisional):
    assert period_parse(text) == (period, provisional)


@pytest.mark.parametrize("text", ["2023KW01", "halfjaar", "", "2023HJ03", "1850", "3e halfjaar 2023"])
def test_anything_else_is_refused(text):
    with pytest.raises(PeriodError):
        period_parse(text)


def test_a_year_sorts_after_its_halves_and_keys_round_trip():
    periods = [Period(2023, 0), Period(2023, 2), Period(2022, 0), Period(2023, 1)]
    assert [p.key for p in sorted(periods, key=lambda p: p.sort_key)] == ["2022JJ00", "2023HJ01", "2023HJ02",
                                                                          "2023JJ00"]
    assert all(period_parse(p.key)[0] == p for p in periods)
