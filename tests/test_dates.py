"""Every date shape of the site, both languages, with the Moscow offset of that date."""

import pytest

from crawler.dates import match_shape, parse_date, to_iso


@pytest.mark.parametrize(
    "text, expected",
    [
        ("01 May 2020, 08:36", "2020-05-01T08:36:00+03:00"),
        ("21:00, 21 May 2009", "2009-05-21T21:00:00+04:00"),  # MSD, summer before 2011
        ("23:08, 22 November 2007", "2007-11-22T23:08:00+03:00"),  # MSK, winter before 2011
        ("17 February 2014, 20:45", "2014-02-17T20:45:00+04:00"),  # permanent +04 of 2011–2014
        ("March 09, 2019 09:28", "2019-03-09T09:28:00+03:00"),
        ("September 16, 2014 00:00", "2014-09-16T00:00:00+04:00"),
        ("April 30, 2020 at 08:13 pm MSK", "2020-04-30T20:13:00+03:00"),
        ("October 24, 2022 at 01:47 am MSK", "2022-10-24T01:47:00+03:00"),
        ("January 5, 2018 at 12:05 am MSK", "2018-01-05T00:05:00+03:00"),
        ("January 5, 2018 at 12:05 pm MSK", "2018-01-05T12:05:00+03:00"),
        ("29 декабря 2014, 13:24", "2014-12-29T13:24:00+03:00"),
        ("16:49, 7 июня 2003", "2003-06-07T16:49:00+04:00"),
        ("22:13, 5 сентября 2025", "2025-09-05T22:13:00+03:00"),
        ("15:32, 21 декабря 2010", "2010-12-21T15:32:00+03:00"),
        ("11:14 / 23.09.2004", "2004-09-23T11:14:00+04:00"),
        ("9 мая 2015, 10:00", "2015-05-09T10:00:00+03:00"),
        # shapes of markups nobody here wrote (issue 23): dashes and slashes, day first; ordinal days
        ("18-01-2004 00:04", "2004-01-18T00:04:00+03:00"),
        ("18/01/2004, 00:04", "2004-01-18T00:04:00+03:00"),
        ("00:04 18/01/2004", "2004-01-18T00:04:00+03:00"),
        ("2004/01/18 00:04", "2004-01-18T00:04:00+03:00"),
        ("the 18th of January 2004 at 00:04", "2004-01-18T00:04:00+03:00"),
        ("18 January 2004 · 00:04", "2004-01-18T00:04:00+03:00"),
        # a dot in the time (`00.04`, British and Russian newspapers); Russian month abbreviations without a dot
        ("Sunday 18 January 2004 00.04", "2004-01-18T00:04:00+03:00"),
        ("18 янв 2004, 00:04", "2004-01-18T00:04:00+03:00"),
        ("3 сент. 2001, 06:40", "2001-09-03T06:40:00+04:00"),
        ("1 нояб 2010 21:15", "2010-11-01T21:15:00+03:00"),
        # a label between date and time; a slashed date that can only be month first, or one with a 12-hour clock
        ("18.01.2004 Time: 00:04", "2004-01-18T00:04:00+03:00"),
        ("18.01.2004 Время: 00:04", "2004-01-18T00:04:00+03:00"),
        ("01/18/2004 12:04 AM", "2004-01-18T00:04:00+03:00"),
        ("04/07/2004 10:26 PM", "2004-04-07T22:26:00+04:00"),
        ("18 January 2004 (Sunday), 00:04", "2004-01-18T00:04:00+03:00"),
        ("18 января 2004 (воскресенье), 00:04", "2004-01-18T00:04:00+03:00"),
        # a time stated in UTC is that moment in Moscow time; a two-digit year (with a time) is this century's
        ("17 Jan 2004 21:04 GMT", "2004-01-18T00:04:00+03:00"),
        ("27.06.2001 22:59 UTC", "2001-06-28T02:59:00+04:00"),
        ("17.01.2004 21:04 (GMT+03:00)", "2004-01-17T21:04:00+03:00"),
        ("18.01.04, 00:04", "2004-01-18T00:04:00+03:00"),
    ],
)
def test_known_shapes_take_the_fast_path(text, expected):
    assert match_shape(text) is not None, "a known shape must not need dateparser"
    assert to_iso(parse_date(text)) == expected


def test_iso_strings_keep_their_instant_and_read_in_moscow_time():
    assert to_iso(parse_date("2020-05-01T08:36:00+03:00")) == "2020-05-01T08:36:00+03:00"
    assert to_iso(parse_date("2020-05-01T05:36:00+00:00")) == "2020-05-01T08:36:00+03:00"
    assert to_iso(parse_date("2009-05-21T21:00")) == "2009-05-21T21:00:00+04:00"


def test_dateparser_fallback_and_agreement():
    assert to_iso(parse_date("2 March 2004")) == "2004-03-02T00:00:00+03:00"
    assert to_iso(parse_date("Tuesday, 2 March 2004 10:15")) == "2004-03-02T10:15:00+03:00"
    # The fallback gives what the fast path gives for the same date.
    from crawler.dates import _dateparser

    assert _dateparser("01 May 2020, 08:36", "en") == parse_date("01 May 2020, 08:36")


# (a zone the shapes do not convert is refused: read as Moscow's wall time it would be silently wrong)
@pytest.mark.parametrize("text", ["", "   ", "not a date", "31 February 2020, 10:00", "99:99, 1 May 2020", "\x00",
                                  "Jan 17, 2004 9:04 PM EST", "17.01.2004 21:04 GMT+99",
                                  "2004-01-17 21:04:00+25:00"])
def test_unparseable_dates_give_none(text):
    assert parse_date(text) is None


def test_a_time_the_clocks_skipped_reads_the_same_in_kavkaz_parse_and_in_the_crawl():
    """28 March 2010, 02:30 did not exist in Moscow (02:00 → 03:00). The parser and the crawl's normalising step
    (which reads the parser's ISO string again) must store the same instant with the same offset."""
    from crawler.parsers import parse_article
    from crawler.prepare import normalise_record

    html = ("<html><body><article><div>28 March 2010, 02:30</div><h1>Court in Magas leaves two protesters in "
            "custody</h1><p>The Magas District Court has extended the arrest of two participants of the March protest."
            "</p></article></body></html>")
    parsed = parse_article("https://eng.kavkaz-uzel.eu/articles/60001", html)
    stored = normalise_record(dict(parsed))
    assert parsed["published_at"] == stored["published_at"] == "2010-03-28T03:30:00+04:00"
    assert parsed["published_at_raw"] == "28 March 2010, 02:30", "the raw string is kept as the page shows it"


def test_a_weekday_settles_the_order_of_a_slashed_date():
    """`03/05/2009` is 3 May or March 5 by the page's convention; `Thu, 03/05/2009` is March 5 (the only Thursday),
    `Sun, 03/05/2009` May 3; a weekday neither reading has, or both (`Wed, 01/11/2006`), leaves it in doubt."""
    from crawler.dates import ambiguous_day
    assert (parse_date("Thu, 03/05/2009 21:00").isoformat(), ambiguous_day("Thu, 03/05/2009 21:00")) == (
        "2009-03-05T21:00:00+03:00", False)
    assert (parse_date("Sun, 03/05/2009 21:00").isoformat(), ambiguous_day("Sun, 03/05/2009 21:00")) == (
        "2009-05-03T21:00:00+04:00", False)
    assert ambiguous_day("Sat, 03/05/2009 21:00") and ambiguous_day("Wed, 01/11/2006 - 18:57")
    assert ambiguous_day("03/05/2009 21:00")
