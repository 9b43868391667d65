"""News date conventions, one by one, against a publication date."""

import datetime as dt

import pytest

from communique.model import EventDate
from communique.resolve.dates import is_historical, parse_date_expression

MONDAY = dt.date(2021, 8, 16)  # the seed article's publication day


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("Monday", "2021-08-16", "day"),  # a bare weekday on its own day is that day
        ("on Sunday", "2021-08-15", "day"),  # the latest such day on or before publication
        ("Tuesday", "2021-08-10", "day"),
        ("last Monday", "2021-08-09", "day"),
        ("Monday (16)", "2021-08-16", "day"),  # Brazilian/Portuguese press form
        ("Sunday (15)", "2021-08-15", "day"),
        ("Friday (30)", "2021-07-30", "day"),  # the day number still to come this month -> last month
        ("yesterday", "2021-08-15", "day"),
        ("this morning", "2021-08-16", "day"),
        ("two days ago", "2021-08-14", "day"),
        ("last month", "2021-07", "month"),
        ("in March", "2021-03", "month"),
        ("in September", "2020-09", "month"),  # the most recent September not after publication
        ("on March 3", "2021-03-03", "day"),
        ("3 March 2019", "2019-03-03", "day"),
        ("in 2001", "2001", "year"),
        ("since 2001", "2001", "year"),
        ("last year", "2020", "year"),
        ("earlier this year", "2021", "year"),
    ],
)
def test_expression_resolves_against_publication_date(text, value, precision):
    resolved = parse_date_expression(text, MONDAY)
    assert resolved is not None, text
    assert (resolved.value, resolved.precision) == (value, precision)
    assert resolved.text == text


@pytest.mark.parametrize("text", ["for 20 years", "after 20 years", "recent months", "in recent months", "five years"])
def test_durations_and_vague_spans_are_not_dates(text):
    assert parse_date_expression(text, MONDAY) is None


def test_future_events_look_forward():
    assert parse_date_expression("on Thursday", MONDAY, future=True).value == "2021-08-19"
    assert parse_date_expression("next week", MONDAY, future=True).value == "2021-08"
    assert parse_date_expression("tomorrow", MONDAY, future=True).value == "2021-08-17"


def test_without_a_publication_date_only_explicit_years_resolve():
    assert parse_date_expression("on Monday", None) is None
    assert parse_date_expression("last month", None) is None
    assert parse_date_expression("in March", None) is None
    assert parse_date_expression("March 3, 2020", None).value == "2020-03-03"
    assert parse_date_expression("in 2001", None).value == "2001"


def test_a_year_named_in_the_sentence_completes_a_day_without_one():
    resolved = parse_date_expression("September 11", MONDAY, year_hint=2001)
    assert resolved.value == "2001-09-11"


def test_historical_means_well_before_the_news():
    assert is_historical(EventDate("2001", "year", "in 2001"), MONDAY)
    assert is_historical(EventDate("2021-03", "month", "in March"), MONDAY)
    assert not is_historical(EventDate("2021-07", "month", "last month"), MONDAY)
    assert not is_historical(EventDate("2021-08-09", "day", "last Monday"), MONDAY)
    assert is_historical(EventDate("2021-06-01", "day", "June 1"), MONDAY)
    # the publication-date fallback is never historical
    assert not is_historical(EventDate("2021-08-16", "day", None), MONDAY)
