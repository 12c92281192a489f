"""Date expressions in text -> PartialDate, resolved against the article's publication date.

Every expression is turned into the interval of calendar days it can denote, given everything
the anchor leaves open; the answer is the most precise PartialDate containing that whole
interval (day, else month, else year, else None). So precision is honest by construction:
"last Wednesday" in an article dated only "2021-12" may be any day from 24 November to
29 December, which is only known to be in 2021 -> PartialDate("2021", "year").
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from typing import Callable, Literal

from dateutil import parser as date_parser
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from kg.model import PartialDate

Tense = Literal["past", "future"]
Interval = tuple[date, date]

DATE_LABELS = frozenset({"DATE"})
# Auxiliaries/markers that put the clause governing a date in the future ("will meet on Friday",
# "pledged to follow up in February").
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
# Verbs that place what they govern ahead ("scheduled for Tuesday", "is due on Friday").
FUTURE_VERBS = frozenset({"schedule", "set", "slate", "plan", "due", "expect", "postpone", "reschedule"})
# A present progressive with a date is an arrangement ("is meeting Petro on Friday": next Friday).
PROGRESSIVE_AUX = frozenset({"is", "are", "am", "'s", "'re", "'m"})
PAST_TAGS = frozenset({"VBD", "VBN"})
PAST_AUX = frozenset({"have", "had", "did", "was", "were"})
# A date right after one of these is a bound of a period, not the time of something.
BOUND_WORDS = frozenset({"since", "until", "till", "before", "after", "by", "between"})

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAY_RD = (MO, TU, WE, TH, FR, SA, SU)
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None,
    "few": None, "a few": None,
}

_WD = "(?P<wd>" + "|".join(WEEKDAYS) + ")"
_NUM = r"(?P<n>\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_UNIT = r"(?P<unit>day|week|month|year)s?"
# Words that narrow or hedge an expression without changing which period it names.
_LEADING = re.compile(
    r"^(?:on|in|from|at|during|of|as of|around|about|circa|"
    r"the|early|late|mid|middle|earlier|later|end of|beginning of|start of|middle of|"
    r"first half of|second half of|(?:first|second|third|fourth|last) quarter of|"
    r"(?:first|last) (?:\w+ )?(?:days|weeks|months) of)[\s-]+"
)
_ABSOLUTE_HINT = re.compile(
    r"\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?|\b(?:19|20)\d\d\b"
)
# Bounds and ranges name no single period: "since 2013" is not a date of anything.
_BOUND = re.compile(r"^(?:since|until|till|by|before|after|between|from \S+ (?:to|until))\b")
_DECADE = re.compile(r"\b(?:19|20)\d0s\b|\bcentury\b|\bdecade")


def _week(d: date) -> Interval:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def _month(d: date) -> Interval:
    return d.replace(day=1), d.replace(day=calendar.monthrange(d.year, d.month)[1])


def _year(d: date) -> Interval:
    return date(d.year, 1, 1), date(d.year, 12, 31)


def _day(d: date) -> Interval:
    return d, d


def _weekday(d: date, wd: int, direction: str) -> date:
    """The weekday ``wd`` relative to ``d``: "past" on or before, "last" strictly before, etc."""
    if direction == "last":
        return (d - timedelta(days=1)) + relativedelta(weekday=_WEEKDAY_RD[wd](-1))
    if direction == "next":
        return (d + timedelta(days=1)) + relativedelta(weekday=_WEEKDAY_RD[wd](+1))
    if direction == "future":
        return d + relativedelta(weekday=_WEEKDAY_RD[wd](+1))
    return d + relativedelta(weekday=_WEEKDAY_RD[wd](-1))


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def _ago(m: re.Match[str], d: date) -> Interval | None:
    n = _count(m["n"])
    if n is None:
        return None
    unit = m["unit"]
    if unit == "day":
        return _day(d - timedelta(days=n))
    if unit == "week":
        return _week(d - timedelta(weeks=n))
    if unit == "month":
        return _month(d - relativedelta(months=n))
    return _year(d - relativedelta(years=n))


def _past_span(m: re.Match[str], d: date) -> Interval | None:
    """A duration reaching back to the anchor ("the past two weeks"): the days it covers."""
    n = _count(m["n"]) if m["n"] else 1
    if n is None:
        return None
    unit = m["unit"]
    delta = {"day": relativedelta(days=n), "week": relativedelta(weeks=n),
             "month": relativedelta(months=n), "year": relativedelta(years=n)}[unit]
    return d - delta, d


RelativeRule = Callable[[re.Match[str], date, "Tense | None"], "Interval | None"]

# (pattern over the normalised expression, interval of days it denotes given an anchor day)
RELATIVE_RULES: tuple[tuple[re.Pattern[str], RelativeRule], ...] = tuple(
    (re.compile(p), f)
    for p, f in (
        (r"(?:today|tonight|now|this (?:morning|afternoon|evening))", lambda m, d, t: _day(d)),
        (r"(?:the )?day before yesterday", lambda m, d, t: _day(d - timedelta(days=2))),
        (r"(?:yesterday|last night)", lambda m, d, t: _day(d - timedelta(days=1))),
        (r"tomorrow", lambda m, d, t: _day(d + timedelta(days=1))),
        (rf"(?:last|this past|past|previous) {_WD}", lambda m, d, t: _day(_weekday(d, WEEKDAYS[m["wd"]], "last"))),
        (rf"(?:next|this coming|coming) {_WD}", lambda m, d, t: _day(_weekday(d, WEEKDAYS[m["wd"]], "next"))),
        (rf"(?:this )?{_WD}(?: (?:morning|afternoon|evening|night))?",
         lambda m, d, t: _day(_weekday(d, WEEKDAYS[m["wd"]], t or "past"))),
        (r"(?:last|previous) week(?:end)?", lambda m, d, t: _week(d - timedelta(weeks=1))),
        (r"(?:this|earlier this|later this) week", lambda m, d, t: _week(d)),
        (r"next week", lambda m, d, t: _week(d + timedelta(weeks=1))),
        (r"(?:last|previous) month", lambda m, d, t: _month(d - relativedelta(months=1))),
        (r"(?:this|earlier this|later this) month", lambda m, d, t: _month(d)),
        (r"next month", lambda m, d, t: _month(d + relativedelta(months=1))),
        (r"(?:last|previous) year", lambda m, d, t: _year(d - relativedelta(years=1))),
        (r"(?:(?:this|earlier this|later this) )?year", lambda m, d, t: _year(d)),
        (r"next year", lambda m, d, t: _year(d + relativedelta(years=1))),
        (rf"{_NUM} {_UNIT} ago", lambda m, d, t: _ago(m, d)),
        (rf"(?:past|last) (?:{_NUM} )?{_UNIT}", lambda m, d, t: _past_span(m, d)),
    )
)
_MONTH_OF_YEAR = re.compile(r"(?P<md>.+?),? (?P<rel>last|this|next) year")
_RELATIVE_MONTH = re.compile(r"(?P<dir>last|this past|next|this coming) (?P<rest>.+)")


def anchor_interval(anchor: PartialDate) -> Interval:
    """The days an anchor may stand for: "2024-02" -> 1 to 29 February 2024."""
    parts = [int(p) for p in anchor.value.split("-")]
    if anchor.precision == "day":
        d = date(*parts[:3])
        return d, d
    if anchor.precision == "month":
        return _month(date(parts[0], parts[1], 1))
    return _year(date(parts[0], 1, 1))


def collapse(lo: date, hi: date) -> PartialDate | None:
    """The most precise PartialDate that contains every day in ``[lo, hi]``."""
    if lo == hi:
        return PartialDate(lo.isoformat(), "day")
    if (lo.year, lo.month) == (hi.year, hi.month):
        return PartialDate(f"{lo.year:04d}-{lo.month:02d}", "month")
    if lo.year == hi.year:
        return PartialDate(f"{lo.year:04d}", "year")
    return None


def normalise(expression: str) -> str:
    """Lower-case, straight apostrophes, no possessive, no hedging prefixes ("early", "on")."""
    text = expression.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[\s\u00a0]+", " ", text).strip(" ,.;:()\"'")
    previous = None
    while previous != text:
        previous = text
        text = _LEADING.sub("", text).strip()
    return text


def _absolute(text: str, anchor: Interval | None, tense: Tense | None, direction: str | None) -> Interval | None:
    """Calendar expressions via dateutil; fields the text lacks are found by parsing twice."""
    if not _ABSOLUTE_HINT.search(text) or _DECADE.search(text):
        return None
    try:
        a = date_parser.parse(text, default=datetime(1904, 1, 1))
        b = date_parser.parse(text, default=datetime(1908, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    has_year, has_month, has_day = a.year == b.year, a.month == b.month, a.day == b.day
    if has_day and not has_month:
        return None
    if has_year:
        if has_day:
            return _day(a.date())
        if has_month:
            return _month(a.date())
        return _year(a.date())
    if not has_month or anchor is None:
        return None
    ends = [_nearest_year(d, a.month, a.day if has_day else None, tense, direction) for d in anchor]
    if has_day:
        return ends[0], ends[1]
    return _month(ends[0])[0], _month(ends[1])[1]


def _nearest_year(d: date, month: int, day: int | None, tense: Tense | None, direction: str | None) -> date:
    """Place a year-less month (day) next to ``d``: before it when past, after when future,
    else whichever occurrence is nearest (a news story's "in February" is within months)."""
    candidates = []
    for year in (d.year - 1, d.year, d.year + 1):
        try:
            candidates.append(date(year, month, min(day or 1, calendar.monthrange(year, month)[1])))
        except ValueError:
            continue
    same_month = (d.year, d.month)
    if direction == "last" or tense == "past":
        if direction == "last":
            ok = [c for c in candidates if (c.year, c.month) < same_month]
        else:
            ok = [c for c in candidates if c <= d or (day is None and (c.year, c.month) == same_month)]
        return max(ok)
    if direction == "next" or tense == "future":
        if direction == "next":
            ok = [c for c in candidates if (c.year, c.month) > same_month]
        else:
            ok = [c for c in candidates if c >= d or (day is None and (c.year, c.month) == same_month)]
        return min(ok)
    return min(candidates, key=lambda c: (abs((c - d).days), c > d))


def resolve_date(expression: str, anchor: PartialDate | None, *, tense: Tense | None = None) -> PartialDate | None:
    """Resolve a date expression found in text, relative to ``anchor`` (the publication date).

    ``tense`` says which way an expression without a year or week points ("on Friday",
    "in February"): "past" (the default for weekdays), "future", or None (weekdays: past;
    year-less months: nearest occurrence). Returns None when nothing definite can be said.
    """
    text = normalise(expression)
    if not text or _BOUND.match(text):
        return None
    span = anchor_interval(anchor) if anchor else None
    for pattern, rule in RELATIVE_RULES:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        if span is None:
            return None
        lo, hi = rule(m, span[0], tense), rule(m, span[1], tense)
        if lo is None or hi is None:
            return None
        return collapse(lo[0], hi[1])
    m = _MONTH_OF_YEAR.fullmatch(text)
    if m and m["md"].split()[0].rstrip(".") in MONTHS:
        # "July last year", "March 3 next year": the month of a year counted from the anchor's
        if span is None or span[0].year != span[1].year:
            return None
        offset = {"last": -1, "this": 0, "next": 1}[m["rel"]]
        text = f"{m['md']} {span[0].year + offset}"
    direction = None
    m = _RELATIVE_MONTH.fullmatch(text)
    if m and m["rest"].split()[0].rstrip(".") in MONTHS:
        direction = "next" if "next" in m["dir"] or "coming" in m["dir"] else "last"
        text = m["rest"]
    interval = _absolute(text, span, tense, direction)
    return collapse(*interval) if interval else None


def clause_tense(span) -> Tense | None:
    """Tense of the clause a spaCy date span modifies: climb to the governing verb and look
    at its tag and auxiliaries ("will"/"to" -> future, past tag or "have"/"did" -> past)."""
    token = span.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX"):
            aux = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
            if aux & FUTURE_AUX or (token.tag_ == "VB" and "to" in aux) or token.lemma_.lower() in FUTURE_VERBS:
                return "future"
            if token.tag_ == "VBG" and aux & PROGRESSIVE_AUX:
                return "future"
            if "would" in aux and token.dep_ == "ccomp":
                return "future"  # "said he would visit in May": the future of a past statement
            if token.tag_ in PAST_TAGS or aux & PAST_AUX:
                return "past"
            if token.tag_ == "VB" and token.head is not token and token.head.pos_ in ("VERB", "AUX"):
                token = token.head
                continue
            return None
        if token.head is token:
            return None
        token = token.head
    return None


def find_date_expressions(doc, anchor: PartialDate | None = None) -> list[tuple[object, PartialDate]]:
    """Every spaCy DATE entity of ``doc`` that resolves, with its date: ``(span, PartialDate)``."""
    found = []
    for ent in doc.ents:
        if ent.label_ not in DATE_LABELS:
            continue
        if ent.start > 0 and doc[ent.start - 1].lower_ in BOUND_WORDS:
            continue
        resolved = resolve_date(ent.text, anchor, tense=clause_tense(ent))
        if resolved is not None:
            found.append((ent, resolved))
    return found
