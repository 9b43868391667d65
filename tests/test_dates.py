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


FRIDAY = dt.date(2024, 3, 1)  # a leap year, and the first of a month


@pytest.mark.parametrize(
    ("text", "published", "value", "precision"),
    [
        ("on Friday", FRIDAY, "2024-03-01", "day"),
        ("Thursday", FRIDAY, "2024-02-29", "day"),  # across a month end, in a leap year
        ("on Saturday", FRIDAY, "2024-02-24", "day"),  # a weekday still to come this week is last week's
        ("last Friday", FRIDAY, "2024-02-23", "day"),
        ("Thursday (29)", FRIDAY, "2024-02-29", "day"),
        ("Friday (1)", FRIDAY, "2024-03-01", "day"),
        ("yesterday", FRIDAY, "2024-02-29", "day"),
        ("the day before yesterday", FRIDAY, "2024-02-28", "day"),
        ("today", FRIDAY, "2024-03-01", "day"),
        ("tonight", FRIDAY, "2024-03-01", "day"),
        ("overnight", FRIDAY, "2024-03-01", "day"),
        ("this afternoon", FRIDAY, "2024-03-01", "day"),
        ("three days ago", FRIDAY, "2024-02-27", "day"),
        ("a week ago", FRIDAY, "2024-02", "month"),
        ("two months ago", FRIDAY, "2024-01", "month"),
        ("a year ago", FRIDAY, "2023", "year"),
        ("last week", FRIDAY, "2024-02", "month"),
        ("this week", FRIDAY, "2024-03", "month"),
        ("last month", FRIDAY, "2024-02", "month"),
        ("this month", FRIDAY, "2024-03", "month"),
        ("in February", FRIDAY, "2024-02", "month"),
        ("in March", FRIDAY, "2024-03", "month"),  # the publication month itself
        ("in April", FRIDAY, "2023-04", "month"),  # the most recent April not after publication
        ("in December", FRIDAY, "2023-12", "month"),
        ("last March", FRIDAY, "2023-03", "month"),  # "last" + the current month is a year back
        ("in early January", FRIDAY, "2024-01", "month"),
        ("in mid-2023", FRIDAY, "2023", "year"),
        ("late last year", FRIDAY, "2023", "year"),
        ("earlier this year", FRIDAY, "2024", "year"),
        ("in 1994", FRIDAY, "1994", "year"),
        ("the year 2003", FRIDAY, "2003", "year"),
        ("on February 29", FRIDAY, "2024-02-29", "day"),
        ("on Feb. 12", FRIDAY, "2024-02-12", "day"),
        ("Sept. 11, 2001", FRIDAY, "2001-09-11", "day"),
        ("on 14 July", FRIDAY, "2023-07-14", "day"),  # a day still to come this year was last year's
        ("14th of July 1789", FRIDAY, "1789-07-14", "day"),
        ("December 25", FRIDAY, "2023-12-25", "day"),
        ("March 2022", FRIDAY, "2022-03", "month"),
        ("in Jan 2020", FRIDAY, "2020-01", "month"),
        ("2023-11-05", FRIDAY, "2023-11-05", "day"),
        ("on January 1st", FRIDAY, "2024-01-01", "day"),
        ("Sunday night", FRIDAY, "2024-02-25", "day"),  # a time of day does not change the day
        ("Monday morning", FRIDAY, "2024-02-26", "day"),
        ("late on Wednesday", FRIDAY, "2024-02-28", "day"),
        ("early Tuesday", FRIDAY, "2024-02-27", "day"),
        ("on the 5th", FRIDAY, "2024-02-05", "day"),  # a day of the month still to come: last month's
        ("on the 1st", FRIDAY, "2024-03-01", "day"),
        ("last weekend", FRIDAY, "2024-02-24", "day"),  # a weekend is dated by its Saturday
        ("last weekend", dt.date(2024, 3, 4), "2024-03-02", "day"),  # said on the Monday: the one just gone
        ("last weekend", dt.date(2024, 3, 3), "2024-02-24", "day"),  # said on a Sunday: the one before
        ("a decade ago", FRIDAY, "2014", "year"),
    ],
)
def test_more_news_conventions(text, published, value, precision):
    resolved = parse_date_expression(text, published)
    assert resolved is not None, text
    assert (resolved.value, resolved.precision) == (value, precision), text


@pytest.mark.parametrize(
    "text",
    [
        "for three weeks",
        "over the past few days",
        "during the last decade",
        "within two months",
        "in the coming weeks",
        "for decades",
        "the 1990s era",
        "several years",
        "from 2001 to 2005",  # a range
        "between March and May",
        "in the 1990s",  # a decade
        "in recent days",
    ],
)
def test_more_spans_that_are_not_dates(text):
    assert parse_date_expression(text, FRIDAY) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("on Monday", "2024-03-04"),  # an announced event: the next such day
        ("next Friday", "2024-03-08"),
        ("next month", "2024-04"),
        ("in April", "2024-04"),  # a month still to come this year
        ("on March 20", "2024-03-20"),
        ("next year", "2025"),
    ],
)
def test_future_events_take_the_next_such_date(text, value):
    resolved = parse_date_expression(text, FRIDAY, future=True)
    assert resolved is not None and resolved.value == value


def test_a_month_day_that_does_not_exist_is_not_a_date():
    assert parse_date_expression("February 30", FRIDAY) is None
    assert parse_date_expression("Friday (31)", FRIDAY) is None  # neither March 31 nor "February 31" is past


# -- the right date on the right event (the real parser; team-written sentences)


def _dates(code, text: str, published: str = "2024-03-01") -> dict[str, tuple]:
    return {
        e.trigger.text: (e.date.value, e.date.precision, e.date.text, e.modality.historical)
        for e in code(text, published=published)
    }


@pytest.mark.slow
def test_each_event_takes_the_date_of_its_own_clause(code):
    found = _dates(code, "Rebels attacked the town on Sunday and the army recaptured it on Tuesday.")
    assert found["attacked"][:2] == ("2024-02-25", "day")
    assert found["recaptured"][:2] == ("2024-02-27", "day")


@pytest.mark.slow
def test_a_date_in_a_relative_clause_does_not_date_the_main_event(code):
    found = _dates(code, "The minister, who visited Kabul in 2019, met the Pakistani envoy on Thursday.")
    assert found["met"][:3] == ("2024-02-29", "day", "Thursday")


@pytest.mark.slow
def test_an_event_without_date_words_takes_the_publication_date(code):
    found = _dates(code, "Kenyan police arrested 40 opposition supporters.")
    assert found["arrested"] == ("2024-03-01", "day", None, False)


@pytest.mark.slow
def test_a_duration_is_not_the_event_date(code):
    found = _dates(code, "Ethiopian troops besieged the city for three weeks.")
    (value, _, text, _) = next(iter(found.values()))
    assert (value, text) == ("2024-03-01", None)


@pytest.mark.slow
def test_an_event_years_back_is_historical(code):
    found = _dates(code, "US forces invaded Afghanistan in 2001.")
    assert found["invaded"] == ("2001", "year", "2001", True)


@pytest.mark.slow
def test_a_statement_is_dated_by_its_speech_verb(code):
    found = _dates(code, "The Chinese government said on Monday (26) that it was ready to deepen ties with Kabul.")
    assert found["ready"][:3] == ("2024-02-26", "day", "Monday (26)")


@pytest.mark.slow
def test_a_past_event_is_never_dated_after_publication(code):
    for value, _, _, _ in _dates(code, "Protesters clashed with police in Dhaka on Saturday.").values():
        assert value <= "2024-03-01"
