"""Every date shape of the site → an aware Europe/Moscow datetime; the one module for date handling.

Known shapes (docs/site.md §3) go through compiled regexes (the fast path); anything else goes to dateparser
(English and Russian, Moscow time) behind an LRU cache. The offset is always the one the tz database gives
Europe/Moscow for that wall-clock time (+03:00 now; +04:00 from 2011 to 2014 and in the summers before 2011;
+03:00 in the winters before 2011). Nothing here raises on bad input: unparseable text gives None.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

MOSCOW = ZoneInfo("Europe/Moscow")

# The month names, defined once for every reader of dates (this module, the article parser's meta rows, the
# casualty reader's periods): English names, and Russian stems as regular expressions (`ма[йяе]`: май, мая, мае).
EN_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                  "november", "december")
RU_MONTH_STEMS = ("январ", "феврал", "март", "апрел", "ма[йяе]", "июн", "июл", "август", "сентябр", "октябр", "ноябр",
                  "декабр")
# Any month's name in either language, as a regular expression (no groups).
MONTH_NAME = "(?:" + "|".join(EN_MONTH_NAMES) + "|" + "|".join(
    stem if stem.endswith("]") else stem + r"\w*" for stem in RU_MONTH_STEMS) + ")"


def month_number(name: str) -> int | None:
    """1–12 for a month's name or its abbreviation in English or Russian (`Sept`, `мая`, `декабре`), else None."""
    name = name.lower()
    for number, english in enumerate(EN_MONTH_NAMES, start=1):
        if name.startswith(english[:3]) and english.startswith(name[:3]):
            return number
    for number, stem in enumerate(RU_MONTH_STEMS, start=1):
        if re.match(stem, name):
            return number
    return MONTHS.get(name.rstrip("."))  # `янв`, `сент.`, `нояб`


_RU_MONTHS = tuple(stem.replace("[йяе]", "") for stem in RU_MONTH_STEMS)  # plain stems, for the table below
MONTHS: dict[str, int] = {}
for _number, _name in enumerate(EN_MONTH_NAMES, start=1):
    MONTHS[_name] = MONTHS[_name[:3]] = MONTHS[_name[:4]] = _number
for _number, _stem in enumerate(_RU_MONTHS, start=1):
    for _ending in ("я", "а", "ь", "", "й", "е"):
        MONTHS.setdefault(_stem + _ending, _number)
MONTHS["мая"] = 5
# abbreviations: `18 янв 2004`, `3 сент. 2001`, `1 нояб. 2010`
for _number, _short in enumerate(("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"), 1):
    MONTHS.setdefault(_short, _number)
MONTHS.update({"февр": 2, "сент": 9, "нояб": 11})

_MON = r"(?P<mon>[A-Za-zА-Яа-яЁё]{3,10})\.?"
# A time: 24-hour, or 12-hour with AM/PM (am, pm, a.m., p.m., any case), optionally "MSK" / "Moscow time" / "мск".
_TIME = (r"(?P<H>\d{1,2})[:.](?P<M>\d{2})(?::\d{2})?(?:\s*(?P<ap>[AaPp])\.?\s*[Mm]\b\.?)?"
         r"(?:\s*\(?(?:MSK|Moscow time|мск|МСК|по московскому времени|(?P<utc>GMT|UTC)(?P<utcoff>[+-]\d{1,2}(?::?\d\d)?)?)\)?)?")
# A day-of-week prefix (`Thursday, `, `Thu `, `четверг, `), never read: the date itself says the day.
_DOW = (r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|"
        r"sun|понедельник|вторник|среда|среду|четверг|пятница|пятницу|суббота|субботу|воскресенье|пн|вт|ср|чт|пт|сб|"
        r"вс)\.?,?\s+)?")
_YEAR_WORD = r"(?:\s*(?:г\.|года|год))?"  # 29 декабря 2014 г. / 2014 года
# The day of the week after the date, in parentheses or between commas: `18 January 2004 (Sunday), 00:04`,
# `18 января 2004 (воскресенье)`, `18 января 2004, воскресенье, 00:04`.
_WEEKDAY = (r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|понедельник|вторник|среда|четверг|пятница|"
            r"суббота|воскресенье)")
_DOW_AFTER = rf"(?:\s*\({_WEEKDAY}\)|,\s*{_WEEKDAY}(?=,))?"
# between a date and its time: `, ` ` at ` ` в ` ` | ` a space, or a label (`Date: 18.01.2004 Time: 00:04`)
_AT = r"(?:,\s*|\s+(?:at|в|-|–|—|\||·|•)\s+|\s+(?:[Tt]ime|[Вв]ремя):\s*|,?\s+)"
# name -> pattern; each must match a whole date line (the mobile one may have the headline glued after it).
SHAPES: dict[str, re.Pattern[str]] = {
    # 01 May 2020, 08:36 · 29 декабря 2014, 13:24 · Thursday, 21 May 2009 at 9:00 pm · 29 декабря 2014 г. в 13:24 ·
    # the 18th of January 2004 at 00:04
    "day_month_year_time": re.compile(
        rf"(?i:{_DOW})(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\s+(?P<y>\d{{4}}){_YEAR_WORD}{_DOW_AFTER}"
        rf"{_AT}{_TIME}"),
    # 21:00, 21 May 2009 · 16:49, 7 июня 2003 · 9:00 PM, Thursday, 21 May 2009
    "time_day_month_year": re.compile(rf"{_TIME}{_AT}(?i:{_DOW})(?P<d>\d{{1,2}})\s+{_MON}\s+(?P<y>\d{{4}}){_YEAR_WORD}"),
    # March 09, 2019 09:28 (listings and sidebars) · May 21, 2009, 9:00 PM · Thu, May 21st, 2009 at 9 p.m. (no)
    "month_day_year_time": re.compile(
        rf"(?i:{_DOW}){_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s*(?P<y>\d{{4}}){_DOW_AFTER}{_AT}{_TIME}"),
    # 9:00 PM, May 21, 2009
    "time_month_day_year": re.compile(
        rf"{_TIME}{_AT}(?i:{_DOW}){_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s*(?P<y>\d{{4}})"),
    # April 30, 2020 at 08:13 pm MSK (provenance lines)
    "month_day_year_at_12h": re.compile(
        rf"{_MON}\s+(?P<d>\d{{1,2}}),\s*(?P<y>\d{{4}})\s+at\s+(?P<h>\d{{1,2}}):(?P<M>\d{{2}})\s*(?P<ap>[AaPp])\.?\s*[Mm]\.?"
        r"(?:\s*(?:MSK|Moscow time))?"
    ),
    # 11:14 / 23.09.2004 (mobile, headline glued after it)
    "time_slash_dotted": re.compile(rf"{_TIME}\s*/\s*(?P<d>\d{{2}})\.(?P<mo>\d{{2}})\.(?P<y>\d{{4}})"),
    # 23.09.2004, 11:14 · 21.05.2009 21:00 · 23.09.2004 · 18-01-2004 00:04 · 18/01/2004 (day first, as both
    # languages of the site write it)
    "dotted_time": re.compile(rf"(?i:{_DOW})(?P<d>\d{{1,2}})(?P<sep>[./-])(?P<mo>\d{{1,2}})(?P=sep)(?P<y>\d{{4}})(?:{_AT}{_TIME})?"),
    # 18.01.04, 00:04 (a two-digit year, only with a time: the archive's years are 2001 on)
    "dotted_short_year_time": re.compile(rf"(?i:{_DOW})(?P<d>\d{{1,2}})\.(?P<mo>\d{{1,2}})\.(?P<y>\d{{2}}){_AT}{_TIME}"),
    # 21:00 21.05.2009 · 21:00, 21.05.2009
    "time_dotted": re.compile(rf"{_TIME}{_AT}(?P<d>\d{{1,2}})(?P<sep>[./-])(?P<mo>\d{{1,2}})(?P=sep)(?P<y>\d{{4}})"),
    # 2009-05-21 21:00 · 2009-05-21T17:00:00Z · 2009-05-21T21:00:00+04:00 (a zone, when given, is converted) ·
    # 2009/05/21 21:00
    "iso": re.compile(r"(?P<y>\d{4})(?P<sep>[-/])(?P<mo>\d{2})(?P=sep)(?P<d>\d{2})[T ](?P<H>\d{2}):(?P<M>\d{2})(?::\d{2}(?:\.\d+)?)?"
                      r"(?P<tz>Z|[+-]\d{2}:?\d{2})?"),
    # April 20, 2020 (captions)
    "month_day_year": re.compile(rf"{_MON}\s+(?P<d>\d{{1,2}}),\s*(?P<y>\d{{4}})"),
}
# Shapes that carry a time: what a date line of an article, a listing or a sidebar shows.
TIMED_SHAPES = ("day_month_year_time", "time_day_month_year", "month_day_year_time", "time_month_day_year",
                "time_slash_dotted", "dotted_time", "dotted_short_year_time", "time_dotted", "iso")
# Partial or relative dates are refused rather than guessed: they name no day of their own.
YEAR = re.compile(r"(?<!\d)(1[89]|20)\d\d(?!\d)")
RELATIVE = re.compile(r"\b(ago|yesterday|today|tomorrow|just now|назад|вчера|сегодня|завтра|только что)\b", re.I)
OTHER_ZONE = re.compile(r"\b(?:GMT|UTC|EST|EDT|CST|CDT|PST|PDT|CET|CEST|EET|EEST|BST|IST)\b")
# Russian dotted dates are day first; naive results are localised by zoneinfo, not by dateparser.
DATEPARSER_SETTINGS = {"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY"}
ARTICLE_SHAPES = ("day_month_year_time", "time_day_month_year", "time_slash_dotted")
LISTING_SHAPES = ("month_day_year_time", "time_day_month_year")


CALENDAR_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def calendar_day(text: str) -> date:
    """A date given on the command line, exactly `YYYY-MM-DD`: `20200101` or `2020-W01-1`, which Python would
    also read, are refused (ValueError) rather than compared as text against the stored dates."""
    if not CALENDAR_DAY.fullmatch(str(text).strip()):
        raise ValueError(f"takes a date YYYY-MM-DD, not {text!r}")
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise ValueError(f"takes a date YYYY-MM-DD, not {text!r} (no such day)") from None


def localize(wall: datetime) -> datetime:
    """A naive Moscow wall-clock time → aware, with the offset Europe/Moscow had then. A wall time the clocks
    skipped (02:30 on a spring-forward night) is the instant it names read with the offset before the jump —
    03:30+04:00 — the same answer a second reading of the stored ISO string gives."""
    return wall.replace(tzinfo=MOSCOW).astimezone(UTC).astimezone(MOSCOW)


def to_iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the offset, e.g. `2020-05-01T08:36:00+03:00`; naive times are taken as Moscow time."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = localize(moment)
    return moment.astimezone(MOSCOW).isoformat()


def _from_match(match: re.Match[str]) -> datetime | None:
    parts = match.groupdict()
    month = int(parts["mo"]) if parts.get("mo") else MONTHS.get((parts.get("mon") or "").lower().rstrip("."))
    if not month:
        return None
    day = int(parts["d"])
    if parts.get("sep") == "/" and day <= 12 and month <= 12 and (named := _weekday_named(match.group(0))) is not None:
        # `Sun, 01/18/2004` is sure; `Wed, 04/07/2004` is April 7 or July 4 — the weekday the page gives says which
        if _weekday(int(parts["y"]), month, day) != named and _weekday(int(parts["y"]), day, month) == named:
            day, month = month, day
    elif parts.get("sep") == "/" and (month > 12 >= day or (parts.get("ap") and day <= 12)):
        # `01/18/2004` can only be month first; with a 12-hour clock (`03/05/2004 9:15 PM`) it is the US order too
        # — a reading the article parser calls disputed when both numbers could be a month (see `ambiguous_day`)
        day, month = month, day
    clock = parts.get("h") if parts.get("h") is not None else parts.get("H")
    hour = int(clock) if clock is not None else 0
    if parts.get("ap"):  # a 12-hour clock: 12 am is midnight, 12 pm noon; `13 pm` is no time
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if parts["ap"].lower() == "p" else 0)
    minute = int(parts["M"]) if parts.get("M") is not None else 0
    year = int(parts["y"])
    if year < 100:  # `18.01.04`: the site's years are 2001 on, so the century is this one
        year += 2000
    try:
        wall = datetime(year, month, day, hour, minute)
    except ValueError:
        return None
    zone = parts.get("tz")
    if parts.get("utc"):  # `21:04 GMT`, `21:04 UTC+3`: a time stated in another zone, converted
        offset = parts.get("utcoff") or "+0"
        digits = offset[1:].replace(":", "")
        hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "00")
        zone = f"{offset[0]}{int(hours):02d}:{minutes}"
    if zone:  # a stated offset (ISO 8601): that moment, in Moscow time
        try:
            offset = datetime.fromisoformat(f"2000-01-01T00:00:00{'+00:00' if zone == 'Z' else zone}").tzinfo
        except ValueError:  # `+25:00`, `GMT+99`: no offset a clock has — no date rather than an error
            return None
        return wall.replace(tzinfo=offset).astimezone(MOSCOW)
    return localize(wall)


AMBIGUOUS_DAY = re.compile(r"(?<!\d)(0?[1-9]|1[0-2])/(0?[1-9]|1[0-2])/(\d{4})")
# A weekday's name or abbreviation opening a date (`Sun, 01/18/2004`, `Чт, 21.05.2009`) → 0 (Monday) … 6.
_WEEKDAY_NAMES = {name: number for number, names in enumerate((
    ("monday", "mon", "понедельник", "пн"), ("tuesday", "tue", "tues", "вторник", "вт"),
    ("wednesday", "wed", "среда", "среду", "ср"), ("thursday", "thu", "thur", "thurs", "четверг", "чт"),
    ("friday", "fri", "пятница", "пятницу", "пт"), ("saturday", "sat", "суббота", "субботу", "сб"),
    ("sunday", "sun", "воскресенье", "вс"))) for name in names}
_OPENING_WORD = re.compile(r"\s*([^\W\d_]+)")


def _weekday_named(text: str) -> int | None:
    """The weekday a date text opens with, if it names one."""
    word = _OPENING_WORD.match(text)
    return _WEEKDAY_NAMES.get(word.group(1).lower()) if word else None


def _weekday(year: int, month: int, day: int) -> int | None:
    try:
        return date(year, month, day).weekday()
    except ValueError:
        return None


def ambiguous_day(raw: str) -> bool:
    """A numeric date with slashes whose two first numbers could each be the month (`03/05/2004`): day first or
    month first is the page's convention, not something the date itself says — unless the weekday before it does
    (`Wed, 04/07/2004`: only one reading is a Wednesday)."""
    match = AMBIGUOUS_DAY.search(raw)
    if not match or match.group(1).lstrip("0") == match.group(2).lstrip("0"):
        return False
    named = _weekday_named(raw)
    first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    readings = {_weekday(year, second, first), _weekday(year, first, second)}
    return named is None or named not in readings or len(readings) == 1


def match_shape(text: str, shapes: tuple[str, ...] = tuple(SHAPES), whole: bool = True) -> tuple[datetime, str, str] | None:
    """(datetime, matched text, shape name) when `text` is a date of one of `shapes` (whole text, or its start)."""
    text = text.strip()
    if len(text) > 80 and whole:
        return None
    for name in shapes:
        match = SHAPES[name].fullmatch(text) if whole else SHAPES[name].match(text)
        if match:
            moment = _from_match(match)
            if moment is not None:
                return moment, match.group(0), name
    return None


def parse_date(text: str | None, lang: str | None = None) -> datetime | None:
    """Any date text of the site → aware Moscow datetime, or None. Known shapes skip dateparser."""
    if not text or not text.strip():
        return None
    text = " ".join(text.split())[:120]
    if RELATIVE.search(text):
        return None
    if text[:4].isdigit() and text[4:5] == "-":  # ISO 8601, as the parsers and the database write it
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return moment.astimezone(MOSCOW) if moment.tzinfo else localize(moment)
    found = match_shape(text)
    if found:
        return found[0]
    if not YEAR.search(text):  # `May 21`, `21 мая`: a partial date names no year of its own
        return None
    if OTHER_ZONE.search(text):  # `9:04 PM EST`: dateparser would drop the zone and give the wall time as Moscow's
        return None
    return _dateparser(text, lang)


@lru_cache(maxsize=16384)
def _dateparser(text: str, lang: str | None) -> datetime | None:
    import dateparser

    try:
        parsed = dateparser.parse(
            text,
            languages=[lang] if lang in ("en", "ru") else ["en", "ru"],
            settings=DATEPARSER_SETTINGS,
        )
    except Exception:  # dateparser raises a variety of errors on odd input; a bad date is just no date
        return None
    return localize(parsed.replace(tzinfo=None)) if parsed else None
