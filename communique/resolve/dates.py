"""Event dates: which date words govern an event, and what they mean
against the article's publication date, by news conventions.

- A bare weekday is the latest such day on or before publication ("on
  Monday" in a Monday article is that day); for an announced (future)
  event, the next one on or after it.
- The Brazilian and Portuguese press form "Monday (16)" gives the day of
  the month.
- "yesterday", "today", "last week/month/year", "this year", "in March"
  (the most recent March not after publication), "on March 3", "in 2001",
  "since 2001", "two days ago".
- Durations and vague spans ("for 20 years", "after 20 years", "in recent
  months") are not dates.
- Without a publication date, only expressions that name their year are
  resolved; nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from communique.model import EventDate

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "an": 1,
}
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)

_DURATION = re.compile(
    r"^(for|after|over|within|during|in)\s+(the\s+)?(past\s+|last\s+|next\s+)?"
    r"(few|several|\d+|\w+)\s+(days|weeks|months|years|decades)$"
)
_VAGUE = re.compile(r"\b(recent|coming|past few|several|decades?|centur(y|ies)|era|period|\d{4}s|\d0s)\b")
_AGO = re.compile(r"^(\w+)\s+(day|week|month|year|decade)s?\s+ago$")
_DAY_OF_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
_WEEKEND = re.compile(r"^(?:(last|this|next)\s+)?weekend$")
_WEEKDAY_DAY = re.compile(r"^(?:(last|this|next)\s+)?(" + "|".join(WEEKDAYS) + r")(?:\s*\((\d{1,2})\))?$")
_MONTH_DAY_YEAR = re.compile(r"^" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(\d{4}))?$")
_MONTH_YEAR = re.compile(r"^(?:(last|this|next)\s+)?" + _MONTH + r"(?:,?\s+(\d{4}))?$")
_YEAR = re.compile(r"^(?:(?:the\s+)?year\s+)?(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

# Prepositions that make a date expression a span or a duration, not a date.
DURATION_PREPS = frozenset({"for", "during", "throughout", "until", "till", "by", "within", "over"})

HISTORICAL_DAYS = 30


def _month_number(word: str) -> int:
    return _MONTH_ABBR[word.lower().rstrip(".")[:4] if word.lower().startswith("sept") else word.lower()[:3]]


def _weekday_on_or_before(day: dt.date, weekday: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def _weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _day_of_month_on_or_before(day: dt.date, number: int) -> dt.date | None:
    """ "Monday (16)": the 16th of the publication month, or of the month
    before when the 16th is still to come."""
    year, month = day.year, day.month
    for _ in range(2):
        try:
            candidate = dt.date(year, month, number)
        except ValueError:
            candidate = None
        if candidate is not None and candidate <= day:
            return candidate
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return None


def _shift_month(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def normalise(text: str) -> str:
    text = text.lower().replace("’", "'").strip(" ,.")
    text = re.sub(r"^(on|in|at|since|from|of|during)\s+", "", text)
    text = re.sub(r"^(early|late|mid|earlier|later)[\s-]+", "", text)
    text = re.sub(r"^(on|in|at)\s+", "", text)  # "late on Wednesday"
    text = re.sub(r"^the\s+", "", text)
    # "Sunday night", "Monday morning": the day is the date.
    text = re.sub(r"(?<=day)\s+(morning|afternoon|evening|night)$", "", text)
    return re.sub(r"\s+", " ", text)


def parse_date_expression(
    text: str, published: dt.date | None, *, future: bool = False, year_hint: int | None = None
) -> EventDate | None:
    """What a date expression means, or None for durations, vague spans and
    relative words when there is no publication date to anchor them.
    `year_hint` is a year the same sentence names ("in 2001, after the
    attacks of September 11"), used for a day or month without a year."""
    raw = text.strip()
    lowered = raw.lower()
    if _DURATION.match(lowered) or (_VAGUE.search(lowered) and not _AGO.match(normalise(raw))):
        return None
    norm = normalise(raw)
    if match := _YEAR.match(norm):
        return EventDate(match.group(1), "year", raw)
    if match := _ISO.match(norm):
        try:
            return EventDate.from_day(dt.date.fromisoformat(norm), raw)
        except ValueError:
            return None
    for pattern, order in ((_MONTH_DAY_YEAR, "md"), (_DAY_MONTH_YEAR, "dm")):
        if match := pattern.match(norm):
            month_word, day_word = (
                (match.group(1), match.group(2)) if order == "md" else (match.group(2), match.group(1))
            )
            year = match.group(3) or (str(year_hint) if year_hint else None)
            return _month_day(_month_number(month_word), int(day_word), year, published, raw, future)
    if match := _MONTH_YEAR.match(norm):
        qualifier, month_word, year = match.group(1), match.group(2), match.group(3)
        year = year or (str(year_hint) if year_hint and not qualifier else None)
        month = _month_number(month_word)
        if year:
            return EventDate(f"{year}-{month:02d}", "month", raw)
        if published is None:
            return None
        y = published.year
        if qualifier == "next" or (future and month > published.month):
            y = published.year + (month <= published.month)
        elif month > published.month or (qualifier == "last" and month == published.month):
            y -= 1
        return EventDate(f"{y}-{month:02d}", "month", raw)
    if published is None:
        return None
    return _relative(norm, published, raw, future)


def _month_day(month: int, day: int, year: str | None, published: dt.date | None, raw: str, future: bool):
    if year:
        try:
            return EventDate.from_day(dt.date(int(year), month, day), raw)
        except ValueError:
            return None
    if published is None:
        return None
    try:
        candidate = dt.date(published.year, month, day)
    except ValueError:
        return None
    if candidate > published and not future:
        candidate = candidate.replace(year=published.year - 1)
    elif candidate < published and future:
        candidate = candidate.replace(year=published.year + 1)
    return EventDate.from_day(candidate, raw)


def _relative(norm: str, published: dt.date, raw: str, future: bool) -> EventDate | None:
    simple_days = {
        "today": 0,
        "tonight": 0,
        "this morning": 0,
        "this afternoon": 0,
        "this evening": 0,
        "overnight": 0,
        "yesterday": -1,
        "tomorrow": 1,
        "day before yesterday": -2,
    }
    if norm in simple_days:
        return EventDate.from_day(published + dt.timedelta(days=simple_days[norm]), raw)
    if match := _WEEKDAY_DAY.match(norm):
        qualifier, weekday_word, day_number = match.groups()
        if day_number:
            day = _day_of_month_on_or_before(published, int(day_number))
            return EventDate.from_day(day, raw) if day else None
        weekday = WEEKDAYS.index(weekday_word)
        if qualifier == "next" or (future and qualifier != "last"):
            day = _weekday_on_or_after(published + dt.timedelta(days=qualifier == "next"), weekday)
        else:
            day = _weekday_on_or_before(published - dt.timedelta(days=qualifier == "last"), weekday)
        return EventDate.from_day(day, raw)
    if match := _AGO.match(norm):
        count = _NUMBERS.get(match.group(1)) or (int(match.group(1)) if match.group(1).isdigit() else None)
        if count is None:
            return None
        unit = match.group(2)
        if unit == "decade":
            return EventDate(str(published.year - 10 * count), "year", raw)
        if unit in {"day", "week"}:
            day = published - dt.timedelta(days=count * (7 if unit == "week" else 1))
            return EventDate.from_day(day, raw) if unit == "day" else EventDate(day.isoformat()[:7], "month", raw)
        if unit == "month":
            y, m = _shift_month(published, -count)
            return EventDate(f"{y}-{m:02d}", "month", raw)
        return EventDate(str(published.year - count), "year", raw)
    if match := _DAY_OF_MONTH.match(norm):
        # "on the 5th": of this month, or the last one when still to come.
        day = _day_of_month_on_or_before(published, int(match.group(1)))
        return EventDate.from_day(day, raw) if day else None
    if match := _WEEKEND.match(norm):
        # A weekend is dated by its Saturday: the last one on or before
        # publication (the next one for an announced event or "next").
        qualifier = match.group(1)
        if qualifier == "next" or (future and qualifier != "last"):
            return EventDate.from_day(_weekday_on_or_after(published + dt.timedelta(days=1), 5), raw)
        saturday = _weekday_on_or_before(published, 5)
        if qualifier == "last" and (published - saturday).days < 2:
            saturday -= dt.timedelta(days=7)  # "last weekend" said on the Sunday or Monday after it
        return EventDate.from_day(saturday, raw)
    periods = {"last week": (-7, "month"), "this week": (0, "month"), "next week": (7, "month")}
    if norm in periods:
        days, _ = periods[norm]
        return EventDate((published + dt.timedelta(days=days)).isoformat()[:7], "month", raw)
    months = {"last month": -1, "this month": 0, "next month": 1}
    if norm in months:
        y, m = _shift_month(published, months[norm])
        return EventDate(f"{y}-{m:02d}", "month", raw)
    years = {"last year": -1, "this year": 0, "next year": 1}
    if norm in years or norm.endswith(" this year"):
        return EventDate(str(published.year + years.get(norm, 0)), "year", raw)
    return _dateparser_fallback(raw, published)


@lru_cache(maxsize=1)
def _dateparser():
    import dateparser  # slow to import; only needed for unusual wording

    return dateparser


def _dateparser_fallback(raw: str, published: dt.date) -> EventDate | None:
    if not re.search(r"\d|" + _MONTH, raw.lower()):
        return None  # dateparser turns many plain words into "today"
    settings = {
        "RELATIVE_BASE": dt.datetime.combine(published, dt.time(12)),
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = _dateparser().parse(raw, languages=["en"], settings=settings)
    if parsed is None or (parsed.date() == published and not re.search(r"\d", raw)):
        return None  # dateparser falls back to its base date for words it cannot read
    return EventDate.from_day(parsed.date(), raw)


# -- attaching date expressions to events --------------------------------


@dataclass(frozen=True)
class DateMention:
    """A date expression, its words, and the predicate whose clause it dates."""

    span: Span
    text: str
    governor: Token | None  # None when the phrase modifies a noun
    year_hint: int | None = None

    def dates_clause_of(self, predicate: Token) -> bool:
        """Does this expression date the clause `predicate` heads? Also true
        for a relative clause on the date itself ("September 11, when ...")."""
        if self.governor is not None and self.governor.i == predicate.i:
            return True
        return predicate.dep_ == "relcl" and self.span.start <= predicate.head.i < self.span.end


def _governing_predicate(span: Span) -> Token | None:
    """The verb a date phrase modifies, or None when it modifies a noun
    ("the attacks of September 11" dates the attacks, not the clause)."""
    node = span.root
    while node.head.i != node.i and node.pos_ not in {"VERB", "AUX"}:
        node = node.head
        if node.pos_ in {"NOUN", "PROPN"} and node not in span:
            return None
    return node


def date_expressions(sentence: Span) -> list[DateMention]:
    """Each DATE entity of the sentence with the predicate it modifies. The
    "(16)" of "Monday (16)" is taken into the expression."""
    found: list[DateMention] = []
    doc = sentence.doc
    years = [int(t.text) for t in sentence if t.ent_type_ == "DATE" and t.shape_ == "dddd"]
    year_hint = years[0] if len(set(years)) == 1 else None
    for ent in sentence.ents:
        if ent.label_ != "DATE":
            continue
        span = ent
        # "Monday (16)": extend over a following parenthesised day number.
        if (
            span.end + 2 < len(doc)
            and doc[span.end].text == "("
            and doc[span.end + 1].like_num
            and doc[span.end + 2].text == ")"
        ):
            span = doc[span.start : span.end + 3]
        # The entity's own root says what the phrase hangs on; the "(16)"
        # may be parsed as attached anywhere.
        root = ent.root
        prep = root.head if root.dep_ == "pobj" else None
        if prep is not None and prep.lower_ in DURATION_PREPS:
            continue
        text = span.text
        if prep is not None and prep.lower_ in {"since", "after", "before"}:
            text = f"{prep.text} {text}"
        found.append(DateMention(span, text, _governing_predicate(ent), year_hint))
    return found


def event_date(
    predicate: Token,
    expressions: list[DateMention],
    published: dt.date | None,
    *,
    future: bool,
    fallback_predicates: tuple[Token, ...] = (),
) -> EventDate:
    """The date of the event whose clause `predicate` heads: from the date
    words governing that clause (or, for a reported statement, the speech
    verb's), else the publication date with `text` None."""
    for target in (predicate, *fallback_predicates):
        for mention in expressions:
            if not mention.dates_clause_of(target):
                continue
            if mention.text.lower().startswith(("after ", "before ")):
                continue  # "after 20 years of war" sets a sequence, not a date
            resolved = parse_date_expression(mention.text, published, future=future, year_hint=mention.year_hint)
            if resolved is None:
                continue
            if not future and published is not None and (resolved.earliest() or published) > published:
                continue  # a past event cannot be dated after its report
            return resolved
    if published is None:
        return EventDate(None, None, None)
    return EventDate.from_day(published)


def is_historical(date: EventDate, published: dt.date | None) -> bool:
    """Background: well before the article's news (more than a month, or a
    past year named outright)."""
    if published is None or date.value is None or date.text is None:
        return False
    earliest = date.earliest()
    if earliest is None:
        return False
    if date.precision == "year":
        return int(date.value) < published.year
    if date.precision == "month":
        y, m = (int(p) for p in date.value.split("-"))
        # a month counts as historical only when all of it is over a month back
        last_day = dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
        return (published - last_day).days > HISTORICAL_DAYS
    return (published - earliest).days > HISTORICAL_DAYS
