import datetime as dt

import pytest
from hypothesis import given, strategies as st

from graph.dates import Certainty, DateError, PartialDate, Span, Window, disagree, held_at


def test_parse_keeps_precision_and_bounds():
    assert str(PartialDate.parse("2017")) == "2017"
    d = PartialDate.parse("2017-02")
    assert d.first() == dt.date(2017, 2, 1) and d.last() == dt.date(2017, 2, 28)
    assert PartialDate.parse("2016-02").last() == dt.date(2016, 2, 29)
    assert PartialDate.parse("2017-04-24").precision.value == "day"


@pytest.mark.parametrize("bad", ["2019-13", "2019-02-30", "0000", "99999", "April 2017", "", "2017-4"])
def test_bad_dates_are_refused(bad):
    with pytest.raises(DateError):
        PartialDate.parse(bad)


def test_year_is_not_first_of_january():
    span = Span(start=PartialDate.parse("2017"))
    assert held_at(span, PartialDate.parse("2017-01-01")) is Certainty.POSSIBLE


def test_open_tenure_is_certain_only_to_its_last_sighting():
    span = Span(PartialDate.parse("2017-04-24"), as_of=(PartialDate.parse("2020-03-11"),))
    assert held_at(span, PartialDate.parse("2018-12")) is Certainty.CERTAIN
    assert held_at(span, PartialDate.parse("2021")) is Certainty.POSSIBLE
    assert held_at(span, PartialDate.parse("2016")) is Certainty.NO


def test_inferred_end_bounds_possibility():
    span = Span(PartialDate.parse("2012-05-01"), PartialDate.parse("2014-08"), end_inferred=True)
    assert held_at(span, PartialDate.parse("2013")) is Certainty.POSSIBLE
    assert held_at(span, PartialDate.parse("2015")) is Certainty.NO


def test_disagree_is_disjointness():
    assert disagree([PartialDate.parse("2018-11"), PartialDate.parse("2018-12")])
    assert not disagree([PartialDate.parse("2018-11"), PartialDate.parse("2018-11-26")])


dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))
precisions = st.sampled_from(["year", "month", "day"])


def partial(day: dt.date, precision: str) -> PartialDate:
    return PartialDate(day.year, None if precision == "year" else day.month, day.day if precision == "day" else None)


def coarser(day: dt.date, precision: str) -> list[PartialDate]:
    order = ["day", "month", "year"]
    return [partial(day, p) for p in order[order.index(precision):]]


@given(dates, dates, dates, precisions, precisions, precisions, st.booleans())
def test_more_precision_never_turns_certain_into_no(s, e, at, ps, pe, pa, open_end):
    s, e = min(s, e), max(s, e)
    for s_coarse in coarser(s, ps):
        for e_coarse in coarser(e, pe):
            coarse = Span(s_coarse, None if open_end else e_coarse, as_of=(e_coarse,) if open_end else ())
            fine = Span(partial(s, ps), None if open_end else partial(e, pe), as_of=(partial(e, pe),) if open_end else ())
            for at_coarse in coarser(at, pa):
                before = held_at(coarse, at_coarse)
                after = held_at(fine, partial(at, pa))
                if before is Certainty.CERTAIN:
                    assert after is Certainty.CERTAIN
                if before is Certainty.NO:
                    assert after is Certainty.NO


@given(dates, dates, dates)
def test_certain_window_inside_possible_window(s, e, at):
    s, e = min(s, e), max(s, e)
    span = Span(PartialDate(s.year, s.month), PartialDate(e.year))
    cert, poss = span.certain(), span.possible()
    if not cert.empty:
        assert poss.covers(cert)
    assert Window.of(PartialDate(at.year)).lo <= Window.of(PartialDate(at.year)).hi
