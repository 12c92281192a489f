"""Date resolution against day-, month- and year-precise anchors, and DATE entities in a Doc."""

from __future__ import annotations

import pytest

from kg.extract.dates import collapse, find_date_expressions, normalise, resolve_date
from kg.model import PartialDate



@pytest.fixture(scope="module")
def nlp():
    from kg.extract.nlp import load_nlp

    return load_nlp()


DAY = PartialDate("2021-12-15", "day")  # a Wednesday
MONTH = PartialDate("2021-12", "month")
YEAR = PartialDate("2024", "year")


def _fmt(d: PartialDate | None) -> str | None:
    return None if d is None else f"{d.value}/{d.precision}"


@pytest.mark.parametrize(
    ("expression", "anchor", "expected"),
    [
        # absolute, with or without an anchor
        ("March 3, 2020", None, "2020-03-03/day"),
        ("3 March 2020", DAY, "2020-03-03/day"),
        ("Sept. 9, 2019", None, "2019-09-09/day"),
        ("November 2019", None, "2019-11/month"),
        ("2017", None, "2017/year"),
        ("in 2017", YEAR, "2017/year"),
        ("early 2020", None, "2020/year"),
        ("mid-July 2020", None, "2020-07/month"),
        # year-less: nearest occurrence, or past/future when the clause says so
        ("Feb. 3", DAY, "2022-02-03/day"),
        ("in July", DAY, "2021-07/month"),
        ("in March", DAY, "2022-03/month"),
        ("in July", None, None),
        ("last July", DAY, "2021-07/month"),
        ("next July", DAY, "2022-07/month"),
        ("late November", MONTH, "2021-11/month"),
        # a year anchor cannot place a year-less month: it may fall either side of New Year
        ("in October", YEAR, None),
        # days relative to a day anchor
        ("today", DAY, "2021-12-15/day"),
        ("today's", DAY, "2021-12-15/day"),
        ("yesterday", DAY, "2021-12-14/day"),
        ("tomorrow", DAY, "2021-12-16/day"),
        ("the day before yesterday", DAY, "2021-12-13/day"),
        ("last Wednesday", DAY, "2021-12-08/day"),  # strictly before the anchor
        ("on Wednesday", DAY, "2021-12-15/day"),  # on or before the anchor
        ("Monday", DAY, "2021-12-13/day"),
        ("Saturday", DAY, "2021-12-11/day"),
        ("next Monday", DAY, "2021-12-20/day"),
        ("3 days ago", DAY, "2021-12-12/day"),
        # weeks, months, years relative to a day anchor
        ("last week", DAY, "2021-12/month"),
        ("two weeks ago", DAY, "2021/year"),  # that week spans November and December
        ("earlier this month", DAY, "2021-12/month"),
        ("last month", DAY, "2021-11/month"),
        ("next month", DAY, "2022-01/month"),
        ("last year", DAY, "2020/year"),
        ("earlier this year", DAY, "2021/year"),
        ("the first five months of the year", DAY, "2021/year"),
        # a month (and day) of a year counted from the anchor's (issue 13)
        ("July last year", DAY, "2020-07/month"),
        ("October 7 last year", DAY, "2020-10-07/day"),
        ("March next year", DAY, "2022-03/month"),
        ("July last year", YEAR, "2023-07/month"),
        # a month anchor: day-relative expressions keep only what is certain
        ("today", MONTH, "2021-12/month"),
        ("yesterday", MONTH, "2021/year"),  # 30 November .. 30 December
        ("last Wednesday", MONTH, "2021/year"),  # 24 November .. 29 December
        ("this week", MONTH, None),  # may be in 2022
        ("last month", MONTH, "2021-11/month"),
        ("last year", MONTH, "2020/year"),
        # a year anchor
        ("today", YEAR, "2024/year"),
        ("last year", YEAR, "2023/year"),
        ("last month", YEAR, None),
        # relative without an anchor: nothing
        ("yesterday", None, None),
        ("last year", None, None),
        # durations, bounds, vague expressions: no single date
        ("since 2013", DAY, None),
        ("until March 2022", DAY, None),
        ("the past two decades", DAY, None),
        ("the 1990s", DAY, None),
        ("the twenty-first century", DAY, None),
        ("more than a year", DAY, None),
        ("decades", DAY, None),
        ("recently", DAY, None),
        ("the past week", DAY, "2021-12/month"),
        ("", DAY, None),
    ],
)
def test_resolve_date(expression: str, anchor: PartialDate | None, expected: str | None) -> None:
    assert _fmt(resolve_date(expression, anchor)) == expected


@pytest.mark.parametrize(
    ("expression", "tense", "expected"),
    [
        ("Friday", "past", "2021-12-10/day"),
        ("Friday", "future", "2021-12-17/day"),
        ("Friday", None, "2021-12-10/day"),  # news reports the past
        ("Wednesday", "future", "2021-12-15/day"),
        ("in October", "future", "2022-10/month"),
        ("in February", "past", "2021-02/month"),
        ("in February", None, "2022-02/month"),  # nearest
        ("in December", "past", "2021-12/month"),
        ("last Friday", "future", "2021-12-10/day"),  # explicit "last" wins over tense
    ],
)
def test_resolve_date_with_tense(expression: str, tense, expected: str) -> None:
    assert _fmt(resolve_date(expression, DAY, tense=tense)) == expected


def test_collapse_and_normalise() -> None:
    from datetime import date

    assert _fmt(collapse(date(2021, 1, 1), date(2021, 1, 1))) == "2021-01-01/day"
    assert _fmt(collapse(date(2021, 1, 1), date(2021, 1, 31))) == "2021-01/month"
    assert _fmt(collapse(date(2021, 1, 1), date(2021, 2, 1))) == "2021/year"
    assert collapse(date(2021, 12, 31), date(2022, 1, 1)) is None
    assert normalise("  on Today\u2019s ") == "today"
    assert normalise("in early October") == "october"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The envoys met last Friday and agreed to meet again in March.",
            [("last Friday", "2021-12-10/day"), ("March", "2022-03/month")],
        ),
        ("The ministers will meet on Friday in Geneva.", [("Friday", "2021-12-17/day")]),
        ("The ministers met on Friday in Geneva.", [("Friday", "2021-12-10/day")]),
        ("Trade grew in July but fell in the past two decades.", [("July", "2021-07/month")]),
        ("Talks have been held since 2013.", []),
        # planning verbs and the future of a past statement look ahead (issue 13)
        ("A call between the ministers was scheduled for Friday.", [("Friday", "2021-12-17/day")]),
        ("The minister said he would visit Geneva in March.", [("March", "2022-03/month")]),
    ],
)
def test_find_date_expressions(nlp, text: str, expected) -> None:
    doc = nlp(text)
    assert [(span.text, _fmt(d)) for span, d in find_date_expressions(doc, DAY)] == expected
