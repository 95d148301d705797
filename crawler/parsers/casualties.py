"""The site's casualty-statistics reports → data (docs/casualties.md).

For twenty years the site has counted the victims of the armed conflict in the North Caucasus and published the
counts as articles. `read_casualties(headline, body, published_at, lang)` recognises such a report by its wording
(not by its rubric) and reads it into

    {"period": {"kind": "week|month|quarter|half|year|other", "start": "YYYY-MM-DD", "end": "YYYY-MM-DD"},
     "rows": [{"region", "side", "victims", "killed", "wounded", "at_least", "quote"}], "warnings": [...]}

one row for the report's scope (the region, or North Caucasus; side `all`), one per region and per side the text
states. `None` for an ordinary article, even one that mentions victims. In short (docs/casualties.md has the whole
of it, with what was measured on real reports):

- **A report** says in its opening that N people fell victim to the armed conflict in the North Caucasus (or one of
  its regions) in a period; that sentence gives the scope and the period, its paragraph the totals.
- **Each number is read with its own words** (`_figures`): its kind (victims, killed, wounded) from its verb after
  or before it, its list or its heading; its side from its noun phrase, the number it is coordinated with or the
  side the sentence introduced; its region from its own words or the last region named.
- **What is not the report's own is left out**: other periods (and the rest of their paragraph or part), subsets
  (explosions, terror acts), the chronicle of single days, another source's count.
- **Checks**: killed + wounded against victims, regions against the total, sides against their region, the
  headline against the text: a mismatch is a warning, the site's figures are kept as it states them.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from crawler.dates import EN_MONTH_NAMES, RU_MONTH_STEMS, month_number

REGIONS: dict[str, tuple[str, ...]] = {  # canonical English name → stems of its names in both languages
    "Dagestan": ("dagestan", "дагестан"),
    "Chechnya": ("chechnya", "chechen republic", "чечн", "чеченск"),
    "Ingushetia": ("ingushetia", "ингушети"),
    "Kabardino-Balkaria": ("ka\\w{0,3}dino-balkar", "kbr", "кабардино-балкар", "кбр"),
    "Karachay-Cherkessia": ("karachay-cherkess", "karachaevo-cherkess", "kchr", "карачаево-черкес", "кчр"),
    "North Ossetia": ("north oss?etia", "северн\\w* осети", "северной осетии", "северо-осетин"),
    "Stavropol Territory": ("stavropol", "ставропол"),
}
DISTRICT = "North Caucasus"
_DISTRICT = re.compile(r"north(?:ern)?[- ]caucas|северн\w* кавказ|скфо|ncfd", re.I)
_REGION = {name: re.compile(r"\b(?:" + "|".join(stems) + r")", re.I) for name, stems in REGIONS.items()}

# A report's first sentence: N people fell victim to (or were killed / hurt in) the armed conflict.
REPORT = re.compile(
    r"(fell victims?|became victims?|victims? (?:of|to) (?:the )?(?:armed )?(?:conflict|confrontation)|casualties of the armed|"
    r"suffered (?:from|in|during) (?:the )?armed|"
    r"in the armed (?:conflict|confrontation)|caused harm to|"
    r"стал[иа]? жертвами вооруж|жертвами вооруженного|жертв вооруженного|в ходе (?:\w+ )?вооруженного (?:конфликта|"
    r"противостояния)|"
    r"жертв\w*\s+(?:[\w-]+\s+){0,4}?вооруженного)", re.I)
# Without those words, a sentence that gives figures of the armed conflict in a paragraph citing the site's count.
CALCULATION = re.compile(r"calculations?|statistics|Caucasian Knot|итоги подсчетов|Кавказск\w+ узл", re.I)
OF_THEM = re.compile(r"^(?:of (?:them|these)|among them|in particular|including|из них|из этого числа|в частности|в том "
                     r"числе)\b", re.I)
ARMED = re.compile(r"armed (?:conflict|confrontation)|вооруж\w+ (?:конфликт|противостояни)", re.I)
THE_CONFLICT = re.compile(r"\b(?:victims? (?:of|to) the conflict|the conflict|жертв\w* конфликта)\b", re.I)

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "один": 1, "одна": 1, "одного": 1, "одному": 1, "одно": 1, "два": 2, "две": 2, "двое": 2, "двух": 2, "двоих": 2,
    "три": 3, "трое": 3, "трех": 3, "трёх": 3, "троих": 3, "четыре": 4, "четверо": 4, "четырех": 4, "четверых": 4,
    "пять": 5, "пятеро": 5, "пяти": 5, "шесть": 6, "шестеро": 6, "шести": 6, "семь": 7, "семеро": 7, "семи": 7,
    "восемь": 8, "восьми": 8, "восьмеро": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10,
    "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15, "шестнадцать": 16,
    "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19, "двадцать": 20, "тридцать": 30, "сорок": 40,
}
NUMBER = r"(?:\d[\d\s\u00a0]*\d|\d|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r")"
AT_LEAST = re.compile(r"(at least|no (?:less|fewer) than|not less than|не менее|по меньшей мере|как минимум|минимум)\s*$",
                      re.I)
SIDES = {
    "law_enforcers": re.compile(r"law[- ]enforc|power agen|power (?:bod|structur|ministr)|members of power|security (?:officer|force)|servicem|police(?:m[ae]n| officer)|"
                                r"employees of the (?:mia|ministry)|military|силов\w+|сотрудник\w* (?:сил|полиц|правоохран|мвд)|"
                                r"военнослужащ|полицейск", re.I),
    "militants": re.compile(r"militant|illegal armed formation|iaf|armed underground|insurgent|suspected member|"
                            r"боевик|незаконн\w+ вооруж|нвф|подполь|\bunderground\b", re.I),
    "civilians": re.compile(r"civilian|peaceful (?:resident|citizen)|local resident|гражданск\w+ лиц|мирн\w+ жител|"
                            r"местн\w+ жител|(?:гражданск|мирн)\w+ населени|\bгражданск(?:ий|ие|их)\b(?! (?:войн|обществ|прав|кодекс|дел|иск|"
                            r"суд|актив))", re.I),
}
# Sentences about something else than the report's own figures.
SUBSET = re.compile(r"explosion|terror act|terrorist act|armed clash|shoot-?out|attacks? on|взрыв|теракт|"
                    r"диверсион|боестолкновени|в результате нападени|обстрел", re.I)
# Another source's own count: the sentence opens with it ("According to the MIA, 60 …"); within a sentence the same
# words only say who calls the dead militants ("12 человек, причастных, по данным правоохранительных органов, к …").
OTHER_SOURCE = re.compile(r"(?:^|:)\W*(?:according to (?:the )?(?:mia|ministry|police|law enforc|official)|по данным (?:мвд|"
                          r"силов|правоохран|нак|ск)|as reported by the (?:mia|police))|"
                          # `24 июня следком заявил, что …`, `Власти Дагестана сначала сообщили, что …`: their count
                          r"\b(?:следком|следственный комитет|ск|мвд|нак|власти(?: \w+){0,2}|the investigative committee|"
                          r"investigators|the mia|the authorities(?: of \w+)?|officials)(?: \w+)? (?:заявил[аи]?|сообщил[аи]?|"
                          r"stated|said|reported|announced),? (?:что|that)\b", re.I)
NONE_REGISTERED = re.compile(r"\b(?:had|has|have) no (?:victims|casualties)\b|\bno one (?:fell|was|became)\b|no (?:victims|casualties|one)\b[^.]*?(?:registered|recorded|reported|were)|"
                             r"(?:жертв|пострадавших)[^.]{0,60}?не (?:было|зафиксировано|зарегистрировано|отмечено)|"
                             r"не было[^.]{0,40}?жертв|(?:жертв\w*|пострадавш\w*)[^.]{0,30}?не поступало", re.I)
# `… один человек – погибший полицейский`, `one person, a killed police officer`: the one victim named by an apposition.
ONE_KILLED_AS = re.compile(r"(?:[–—-]|,)\s*(?:a |an |the )?(?:погибш\w+|убит\w+|killed|dead)\s+([^\W\d]+(?:\s+[^\W\d]+)?)",
                           re.I)
# `all of them were killed`, `Все жертвы - убиты`: the killed are the victims.
ALL_KILLED = re.compile(r"\b(?:all of them|all (?:the )?victims|both of them|все (?:они|жертвы)|оба|обе)\s*(?:were|was|[-–—]|"
                        r"были|был[иа]?)?\s*(?:killed|dead|perished|died|убиты|погибли|в числе убитых)|"
                        r"\b(?:he|she) was killed|\bон (?:был )?(?:убит|погиб)", re.I)
# `… five people were killed in it. They were suspected members of IAFs.`: the side of the figures just before.
THEY_WERE = re.compile(r"^(?:they|all of them|both of them|the (?:killed|dead|victims)|они|все они|это|оба|обе|"
                       r"все погибшие|все убитые)\s+(?:were|are|—|–|-|были|являлись|оказались)\s+([^.;]{3,90})[.;]?$",
                       re.I)
# `(Дополнение: по уточненным данным, … 642 человека, 341 убит, 301 ранен)`: a figure corrected later in the text.
CORRECTED = re.compile(r"по уточн[её]нным данным|according to (?:the )?(?:updated|corrected|specified) (?:data|figures)",
                       re.I)
# `No wounded were reported`, `сведений о раненых не поступало`: the wounded are zero.
NO_WOUNDED = re.compile(r"\bno (?:one was |people were |persons were )?(?:wounded|injured)\b|no (?:wounded|injured) "
                        r"(?:were|was) (?:reported|registered)|(?:сведений|информации|данных) о раненых не поступало|"
                        r"раненых не было|раненых нет", re.I)
# `Среди силовиков и гражданских лиц погибших и раненых не было`, `no civilians were killed`: a side's zero.
NOBODY_OF_A_SIDE = re.compile(r"(?:погибш|убит|ранен)\w*(?: и (?:погибш|убит|ранен)\w*)? среди [^.;]{3,60}? не было|"
                              r"среди [^.;]{3,60}? (?:погибш|убит|ранен)\w*(?: и (?:погибш|убит|ранен)\w*)? не было|"
                              r"\bno (?:civilians|law enforcers|militants|power agents)[^.;]{0,30}? (?:were|was) "
                              r"(?:killed|wounded|injured)", re.I)
# `All the killed people were suspected militants`, `Все пять раненых - сотрудники силовых структур`: one side's figure.
ALL_OF = re.compile(r"\b(?:all(?: the| of the)?|все|both(?: the)?|оба|обе)\s+(?:(\w+)\s+)?(killed|dead|deceased|wounded|injured|погибшие|убитые|раненые|"
                    r"пострадавшие|погибших|убитых|раненых)\b(?:\s+(?:people|persons))?\s*(?:were|are|—|–|-|были|оказались)\s+"
                    r"([^.;,]+)", re.I)

# "may" is a month only where a date says so (`in May`, `May 3`, `May of 2015`), not in `may be associated`
_EN_MONTHS = "|".join(EN_MONTH_NAMES).replace("may", r"(?:(?<=in )may|(?<=-)may|may(?=,?\s+(?:\d|of\b|and\b|-)))")
_MONTH = r"(?P<{0}>" + _EN_MONTHS + r"|(?:" + "|".join(RU_MONTH_STEMS) + r")\w*)"
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
            "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}


def _number(text: str) -> int | None:
    text = text.strip().lower().replace("\u00a0", "").replace(" ", "")
    if text.isdecimal():  # (`²` is a digit, no number int() reads)
        return int(text)
    return _WORD_NUMBERS.get(text)


def _span(kind: str, start: date, end: date) -> dict:
    return {"kind": kind, "start": start.isoformat(), "end": end.isoformat()}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def read_period(sentence: str, published: date | None) -> dict | None:
    """The reporting period a sentence names first (see the module docstring), or None."""
    text = sentence.lower()
    this_year = published.year if published else None
    year_match = re.search(r"\b(19\d\d|20\d\d)\b", text)
    year = int(year_match.group(1)) if year_match else this_year
    if year is None:
        return None
    last_year = not year_match and LAST_YEAR.search(text)
    if last_year and year:  # `Last year, at least 1378 people fell victim …`, published in January
        year -= 1
    period = _read_period(text, year, year_match is not None)
    if period is None and last_year:
        period = _span("year", date(year, 1, 1), date(year, 12, 31))
    if period and not year_match and not last_year and published and period["end"] > published.isoformat():
        # "the fourth quarter of the current year", published in January: the year just ended
        period = _read_period(text, year - 1, False)
    return period


LAST_YEAR = re.compile(r"\blast year\b|в прошлом году|(?:минувш|прошедш)\w+ год|прошлого года", re.I)
_MONTH_COUNTS = {"three": 3, "три": 3, "3": 3, "six": 6, "шесть": 6, "6": 6, "nine": 9, "девять": 9, "9": 9,
                 "eleven": 11, "одиннадцать": 11, "11": 11, "ten": 10, "десять": 10, "10": 10, "eight": 8, "восемь": 8,
                 "8": 8, "seven": 7, "семь": 7, "7": 7, "five": 5, "пять": 5, "5": 5, "four": 4, "четыре": 4, "4": 4,
                 "two": 2, "два": 2, "2": 2}
_SINCE_NEW_YEAR = re.compile(  # `from January 1 to June 30`, `From the start of the year until March 31`
    r"(?:from|с)\s+(?:january\s+1|1\s+январ\w*|the (?:start|beginning) of the year|начала года)\b(?:,?\s*\d{4})?,?\s+"
    r"(?:to|until|till|through|по|до)\s+(?:" + _MONTH.format("a") + r"\s+\d{1,2}|\d{1,2}\s+" + _MONTH.format("b") + ")")


def _months_from_january(year: int, months: int) -> dict:
    kind = {3: "quarter", 6: "half", 12: "year"}.get(months, "other")
    return _span(kind, date(year, 1, 1), _month_end(year, months))


def _read_period(text: str, year: int, year_stated: bool) -> dict | None:
    year_match = re.search(r"\b(19\d\d|20\d\d)\b", text) if year_stated else None
    week = _week(text, year)
    if week:
        return week
    counted = re.search(r"(?:first|перв\w+)\s+(\w+)\s+(?:months|месяц)|(?:^|during|for|over|за)\s+(\w+)\s+(?:months|месяц\w*)\s+"
                        r"(?:of\s+)?(?:this year|(?:19|20)\d\d|текущего|\d)", text)
    if counted and _MONTH_COUNTS.get(counted.group(1) or counted.group(2)):
        return _months_from_january(year, _MONTH_COUNTS[counted.group(1) or counted.group(2)])  # `first six months`
    since = _SINCE_NEW_YEAR.search(text)
    if since and month_number(since.group("a") or since.group("b")):
        return _months_from_january(year, month_number(since.group("a") or since.group("b")))
    half = re.search(r"(first|second|1st|2nd|перв\w*|втор\w*)\s+(?:half|полугоди)", text)
    if half:
        number = 1 if half.group(1).startswith(("first", "1st", "перв")) else 2
        return _span("half", date(year, 1 if number == 1 else 7, 1), date(year, 6, 30) if number == 1 else
                     date(year, 12, 31))
    quarter = re.search(r"\b(first|second|third|fourth|1st|2nd|3rd|4th|перв\w*|втор\w*|трет\w*|четверт\w*)\s+"
                        r"(?:quarter|квартал)|\bq([1-4])\b|\b(i{1,3}|iv)\s+(?:quarter|квартал)|quarter ([1-4])\b", text)
    if quarter:
        word = quarter.group(1) or quarter.group(3) or ""
        digit = quarter.group(2) or quarter.group(4)
        number = int(digit) if digit else next(
            (n for stem, n in ORDINALS.items() if word.startswith(stem)), None)
        if number:
            return _span("quarter", date(year, 3 * number - 2, 1), _month_end(year, 3 * number))
    months = [month_number(m.group(0)) for m in re.finditer(_MONTH.format("m"), text)]
    months = [m for m in months if m]
    range_match = re.search(_MONTH.format("a") + r"\s*(?:-|–|—)\s*" + _MONTH.format("b"), text) or re.search(
        r"(?:from|с)\s+(?:\d{1,2}\s+)?" + _MONTH.format("a") + r"(?:\s+\d{1,2})?\s+(?:to|till|until|по)\s+(?:\d{1,2}\s+)?" +
        _MONTH.format("b"), text) or re.search(
        r"(?:с|from)\s+1\s+" + _MONTH.format("a") + r"\s+(?:по|to)\s+\d{1,2}\s+" + _MONTH.format("b"), text)
    if range_match:
        first, last = month_number(range_match.group("a")), month_number(range_match.group("b"))
        if first and last and last >= first:
            kind = "quarter" if last - first == 2 and first in (1, 4, 7, 10) else "half" if (
                last - first == 5 and first in (1, 7)) else "year" if last - first == 11 else "other"
            return _span(kind, date(year, first, 1), _month_end(year, last))
    listed = re.search(_MONTH.format("a") + r"[, ]+(?:и |and )?" + _MONTH.format("m") + r"[, ]+(?:и |and )" +
                       _MONTH.format("b"), text)
    if listed:
        first, last = month_number(listed.group("a")), month_number(listed.group("b"))
        if first and last and last - first == 2:
            return _span("quarter", date(year, first, 1), _month_end(year, last))
    years = re.search(r"\b(19\d\d|20\d\d)\s*(?:-|–|—|to|по)\s*(19\d\d|20\d\d)\b", text)
    if years and int(years.group(2)) > int(years.group(1)):
        return _span("other", date(int(years.group(1)), 1, 1), date(int(years.group(2)), 12, 31))
    if months and year_match and text.find(year_match.group(1)) > 0:
        # `in July 2012`, `в феврале 2013 года`: the month named with the year
        near = re.search(_MONTH.format("m") + r"\s+(?:of\s+)?" + year_match.group(1), text)
        if near and month_number(near.group("m")):
            month = month_number(near.group("m"))
            return _span("month", date(year, month, 1), _month_end(year, month))
    if months and not year_match:
        return _span("month", date(year, months[0], 1), _month_end(year, months[0]))
    if year_match:
        return _span("year", date(year, 1, 1), date(year, 12, 31))
    return None


_WEEKS = (  # (first day, first month or None, last day, month) in the order the pattern gives them
    (re.compile(r"(?:с|from)\s+(\d{1,2})\s*" + _MONTH.format("a") + r"?\s*(?:по|to|-|–|—)\s*(\d{1,2})\s+" +
                _MONTH.format("b")), ("d1", "a", "d2", "b")),
    (re.compile(_MONTH.format("b") + r"\s+(\d{1,2})\s*(?:-|–|—|to)\s*(\d{1,2})\b"), ("d1", None, "d2", "b")),
    (re.compile(r"\b(\d{1,2})\s*(?:-|–|—)\s*(\d{1,2})\s+" + _MONTH.format("b")), ("d1", None, "d2", "b")),
)


def _week(text: str, year: int) -> dict | None:
    """`from September 12 to 18`, `September 12-18`, `с 7 по 13 апреля`, `7-13 апреля`: at most seven days."""
    for pattern, _ in _WEEKS:
        found = pattern.search(text)
        if not found:
            continue
        days = [int(g) for g in found.groups() if g and g.isdigit()]
        month = month_number(found.group("b"))
        first_month = month_number(found.group("a")) if "a" in pattern.groupindex and found.group("a") else month
        if not month or not first_month or len(days) != 2:
            continue
        try:
            start, end = date(year, first_month, days[0]), date(year, month, days[1])
        except ValueError:
            continue
        if 0 <= (end - start).days <= 7:
            return _span("week", start, end)
    return None


# --- Figures: every number of a sentence with what it counts (kind), whose it is (side) and whether "at least" ---
# The reports say the same thing in several word orders: `38 were killed` and `погибли восемь`, `Three law
# enforcers and one civilian perished`, `погибли 11 и получили ранения 22 сотрудника силовых структур`, `В числе 152
# убитых — 80 боевиков, 40 силовиков …`. Each number gets the kind its own words give, else the kind of a verb
# that comes first and points at it, else its list's; the side its own words name, else the one it is coordinated
# with, else the one the sentence introduced ("including law enforcers: three …").

_ANY_MONTH = _EN_MONTHS + "|" + "|".join(rf"{stem}\w*" for stem in RU_MONTH_STEMS)
_DATES = re.compile(  # day numbers and clock times are no figures
    rf"(?:\b(?:с|from)\s+)?\b\d{{1,2}}\s*(?:{_ANY_MONTH})?\s*(?:-|–|—|по|to)\s*\d{{1,2}}\s+(?:{_ANY_MONTH})\b"
    rf"|\b(?:{_ANY_MONTH})\s+\d{{1,2}}(?:\s*(?:-|–|—|to)\s*\d{{1,2}})?(?:st|nd|rd|th)?\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_ANY_MONTH})\b|\b\d{{1,2}}[:.]\d{{2}}\b", re.I)
_TOKEN = re.compile(r"\d{1,3}(?:[\u00a0\u202f]\d{3})+(?!\d)|\d+[^\W\d_]+|\d+(?:[.,]\d+)?|\w+(?:[-']\w+)*|[;:,—–()%+]|(?<!\w)-(?!\w)")
_KIND_WORDS = (
    # `casualties` is how the site's English translations say "killed" (`83 casualties and 33 wounded`)
    ("killed", re.compile(r"^(?:killed|dead|deceased|died|perished|lost|losses|потери|liquidated|eliminated|neutrali[sz]ed|deaths?|casualties|"
                          r"погиб\w*|убит\w*|гибел\w*|ликвидирован\w*|уничтожен\w*|нейтрализован\w*)$")),
    ("wounded", re.compile(r"^(?:wounded|injured|injur(?:y|ies)|hurt|wounds?|ранен\w*|ранени\w*)$")),
    ("victims", re.compile(r"^(?:victims?|suffered|affected|harm|жертв\w*|пострадал\w*|пострадавш\w*)$")),
)
_OTHER_FATE = re.compile(r"^(?:detained|arrested|kidnapped|abducted|missing|prevented|"
                         r"задержан\w*|арестован\w*|похищен\w*|пропал\w*|предотвращен\w*)$")  # not a casualty
SUBJECT_VERBS = frozenset(["to", "до", "made", "reached", "totalled", "totaled", "numbered", "составили", "составило",
                           "составил", "достигли", "достигло", "достиг"])
_INCLUDES = re.compile(r"^(?:includes?|included|включа\w+)$")
_ORDINAL = {"the", "first", "second", "third", "fourth", "fifth", "another's"}
_PERSON = re.compile(r"^(?:persons?|people|men|человек\w*|лиц)$")
_MORE = re.compile(r"^(?:more|others?|another|еще|ещё)$")
_CONJUNCTION = {",", "and", "и", "а", "также", "as", "well"}
_PUNCTUATION = {";", ":", "—", "–", "-", "(", ")"}
_BOUNDARY = re.compile(r"\b(?:including|of (?:them|these|whom)|among them|in particular|besides|moreover|"
                       r"в том числе|из них|из которых|среди них|в частности|кроме того|тогда как)\b")
_LIST_HEAD = re.compile(r"^(?:числе|среди|из|(?:among|amongst|of) the) \S+ (?:убитых|погибших|раненых|"
                        r"пострадавших|killed|dead|wounded|injured)$")  # `В числе 152 убитых —`, `Among the 8 wounded:`
_NOT_A_FIGURE_BEFORE = {"article", "статья", "статьи", "статье", "part", "часть", "части", "№", "no", "paragraph", "by",
                        "quarter", "квартал", "q", "week", "неделя"}
_EVENTS = re.compile(r"^(?:(?:armed )?incidents?|explosions?|clashes|(?:terror|terrorist) acts?|attacks?|cases|"
                     r"bombings?|инцидент\w*|взрыв\w*|теракт\w*|нападени\w*|случа\w*|боестолкновени\w*)$")  # counted events
_DURATION = re.compile(r"^(?:months?|days?|weeks?|years?|hours?|times|месяц\w*|дн(?:я|ей)|недел\w*|лет|час\w*|раз)$")
_HEADING = re.compile(r"(?:^|\s)(?:includes?|included|there were|были|:|—|–|-)(?:\s|$)")
_YEAR_BEFORE = {"in", "of", "в", "за", "for"}
_INTRODUCED_AFTER = {"including", "among", "среди", "числе"}  # `including law enforcers: three of them …`, `among
# the members of power agencies …, at least 31 persons were lost`
_SAID_BY = re.compile(r"по (?:данным|сведениям|информации) \w+(?: \w+)?|(?:according to|under|in the opinion of|as reported "
                      r"by) (?:the )?(?:(?:statements|reports?|information|data) of (?:the )?)?\w+(?: \w+)?", re.I)


def _kind(word: str) -> str | None:
    return next((kind for kind, pattern in _KIND_WORDS if pattern.match(word)), None)


def _side(text: str) -> tuple[int, str] | None:
    """The side a phrase names first (not who said it), with where."""
    text = _SAID_BY.sub(lambda m: " " * len(m.group(0)), text)
    found = sorted((m.start(), name) for name, pattern in SIDES.items() if (m := pattern.search(text)))
    return found[0] if found else None


def _figures(sentence: str, own_years: set[int], carried_side: str | None = None,
             default_kind: str | None = None, opens_sentence: bool = True) -> list[dict]:
    """Each figure of a sentence: {value, kind (victims|killed|wounded), side (or None), at_least, start}."""
    text = _DATES.sub(lambda m: "_" * len(m.group(0)), sentence)
    tokens = list(_TOKEN.finditer(text))
    words = [t.group(0).lower() for t in tokens]
    boundaries = {m.start() for m in _BOUNDARY.finditer(text.lower())}
    stops = {k for k, t in enumerate(tokens) if words[k] in _PUNCTUATION or t.start() in boundaries}
    includes_at = next((j for j, word in enumerate(words) if _INCLUDES.match(word)), len(words))
    numbers = [k for k, word in enumerate(words) if _is_figure(k, words, own_years) or (  # `includes a law enforcer`
        k > includes_at and word in ("a", "an") and _side(" ".join(words[k + 1:k + 5])))]
    kinds = [_kind(word) for word in words]

    def bound_to_previous(f: int) -> bool:  # `102 погибли`: the verb after a number is that number's
        return any(n in numbers and not any(words[j] in _CONJUNCTION or words[j] in _PUNCTUATION
                                            for j in range(n + 1, f))
                   for n in range(max(0, f - 4), f))

    def target(f: int) -> int | None:  # `погибли восемь`, `killed one civilian`: the number a leading verb counts
        for k in range(f + 1, min(len(words), f + 7)):
            if k in stops or words[k] == ",":
                return None
            if k in numbers:
                return None if bound_to_previous(f) else k
        return None

    leading = {f: target(f) for f, kind in enumerate(kinds) if kind}
    figures = []
    for position, k in enumerate(numbers):
        following = numbers[position + 1] if position + 1 < len(numbers) else len(words)
        end = next((j for j in range(k + 1, following) if j in stops and (  # `three of them perished`, `23 - wounded`
            j > k + 1 or words[j] in _PUNCTUATION and words[j] not in ("-", "–", "—"))), following)
        phrase = range(k + 1, end)
        figures.append({"k": k, "end": end, "phrase": phrase, "value": 1 if words[k] in ("a", "an") else _number(words[k]),
                        "kind": None,
                        "how": None, "side": None, "start": tokens[k].start(),
                        "at_least": bool(AT_LEAST.search(text[:tokens[k].start()][-30:]) or
                                         re.search(r"(?:more than|over|свыше|более)\s*$", text[:tokens[k].start()],
                                                   re.I)),
                        "head": _list_head(k, words),
                        "from": k > 0 and words[k - 1] in ("from", "с") and any(words[j] in ("to", "до") for j in
                                                                             range(k + 1, min(len(words), k + 4)))})
    first_number = figures[0]["k"] if figures else 0  # `The death toll includes 27 law enforcers …`, `В числе убитых -`
    heading = [kinds[j] for j in range(first_number) if kinds[j] and leading.get(j) is None and _HEADING.search(
        " ".join(words[j + 1:first_number]))]
    list_kind = heading[0] if heading else default_kind if OF_THEM.match(text) else None  # `Among them, …`
    includes = next((j for j, word in enumerate(words) if _INCLUDES.match(word)), None)
    if includes is not None:  # `The death toll of 750 persons includes 384 …, 190 … and 176 civilians`
        named = [kinds[j] for j in range(includes) if kinds[j]]
        for figure in figures if named else ():  # the list's kind is the heading's first word (`death toll`)
            figure["includes"] = named[0]
    for figure, following in zip(figures, figures[1:], strict=False):  # `17 victims (13 + 4, accordingly)`
        k = figure["k"]
        if words[k - 1] == "(" and following["k"] == k + 2 and words[k + 1] == "+":
            figure["kind"], following["kind"] = "killed", "wounded"
            figure["how"] = following["how"] = "sum"
    for index, figure in enumerate(figures):
        k = figure["k"]
        if figure["how"] == "sum":
            continue
        led = next((kinds[f] for f, n in leading.items() if n == k), None)
        phrase = list(figure["phrase"])
        if led and "," in [words[j] for j in phrase]:  # `получили ранения три сотрудника полиции, нападавший был убит`
            phrase = phrase[:[words[j] for j in phrase].index(",")]
        verbs = [j for j in phrase if (kinds[j] and leading.get(j) is None) or _OTHER_FATE.match(words[j])]
        if verbs and _OTHER_FATE.match(words[verbs[0]]):  # `103 persons were detained`
            figure["from"] = True
            continue
        own = kinds[verbs[0]] if verbs else None
        if own in ("killed", "wounded") and any(kinds[j] and kinds[j] != own for j in verbs[1:2]) and any(
                words[j] in ("and", "or", "и", "или") for j in range(verbs[0], verbs[1])):
            own = "victims"  # `353 persons lost and injured`
        if figure["head"]:
            list_kind = kinds[k + 1]
            continue
        if own:
            figure["kind"], figure["how"] = own, "own"
        elif led:
            figure["kind"], figure["how"] = led, "led"
        elif k and words[k - 1] in SUBJECT_VERBS:  # `dropped to 298`, `from 525 to 457`, `losses … made 38
            # persons`, `losses … reached 40 persons`: the subject's kind
            before = [kinds[j] for j in range(0, k) if kinds[j] and not any(s in stops and words[s] == ";"
                                                                          for s in range(j, k))]
            figure["kind"], figure["how"] = (before[-1], "subject") if before else (None, None)
            subject = _side(text[:tokens[k].start()].split(";")[-1])
            figure["subject_side"] = subject[1] if subject else None  # `The number of killed militants … dropped to`
        if figure["kind"] is None and index and words[k + 1:k + 3] in (["of", "them"], ["из", "них"]):
            figure["kind"], figure["how"] = figures[index - 1]["kind"], "of them"  # `пять из них … были боевиками`
            figure["part_of"] = index - 1  # `Five of them were killed by return fire`: a part of that figure
        elif not index and opens_sentence and words[k + 1:k + 3] in (["of", "them"], ["из", "них"]) and \
                figure["kind"] in (None, default_kind):
            figure["from"] = True  # the same again, in part: `Six … were killed. Five of them were killed by …`
        if figure["kind"] is None and figure.get("includes"):
            figure["kind"], figure["how"] = figure["includes"], "heading"
        elif figure["kind"] is None and list_kind:
            figure["kind"], figure["how"] = list_kind, "list"
        if figure["kind"] is None and index and figures[index - 1]["end"] == k and figures[index - 1]["how"] in (
                "led", "list"):
            figure["kind"], figure["how"] = figures[index - 1]["kind"], "list"
        if figure["how"] in ("led", "heading"):
            list_kind = figure["kind"]
        elif figure["how"] == "own" and (includes is None or k < includes):
            list_kind = None
    for index in range(len(figures) - 2, -1, -1):  # `12 law enforcers and …, and three IAF members were wounded`
        figure, next_one = figures[index], figures[index + 1]
        if figure["kind"] is None and figure["end"] == next_one["k"] and next_one["kind"] and not any(
                _PERSON.match(words[j]) for j in figure["phrase"]):
            figure["kind"], figure["how"] = next_one["kind"], "coordinated"
    colon_kind = None  # `All the eight deceased … were members of the armed underground: five in …, two in …`
    for figure in figures:
        if figure["kind"] is None and colon_kind:
            figure["kind"], figure["how"] = colon_kind, "list"
        if figure["end"] < len(words) and words[figure["end"]] == ":":
            colon_kind = figure["kind"]
    for figure in figures:
        phrase_text = " ".join(words[j] for j in figure["phrase"])
        figure["phrase_text"] = text[tokens[figure["k"]].start():tokens[figure["end"] - 1].end()]
        if figure["kind"] is None and any(_PERSON.match(words[j]) for j in list(figure["phrase"])[:3]):
            figure["kind"], figure["how"] = "victims", "people"  # `за месяц 24 человека, в том числе …`
        elif figure["kind"] is None and default_kind and any(p.search(phrase_text) for p in _REGION.values()):
            figure["kind"], figure["how"] = default_kind, "region"  # `Двое – в Чечне, двое – в Кабардино-Балкарии`
    _sides_of(figures, tokens, words, kinds, leading, stops, text, carried_side)
    return [{key: f[key] for key in ("value", "kind", "side", "at_least", "start", "people", "phrase_text")}
            for f in figures
            if f["kind"] and not f["from"] and not f["head"]]


def _sides_of(figures: list[dict], tokens: list, words: list[str], kinds: list, leading: dict, stops: set,
              text: str, carried_side: str | None) -> None:
    def noun_phrase(figure: dict) -> str:
        """The words that say whose the number is: before its verb (`four persons treated as militants were killed`,
        not `… fell victim to the confrontation of law enforcers`), after it when the figure word comes first (`384
        casualties declared as members of the armed underground`)."""
        phrase = list(figure["phrase"])
        verbs = [j for j in phrase if kinds[j] and leading.get(j) is None]
        if verbs and verbs[0] == figure["k"] + 1 and kinds[verbs[0]] != "victims":
            phrase = [j for j in phrase if j > verbs[0] and (len(verbs) < 2 or j < verbs[1])]
        elif verbs:
            phrase = [j for j in phrase if j < verbs[0]]
        return text[tokens[phrase[0]].start():tokens[phrase[-1]].end()] if phrase else ""

    for figure in figures:
        own = _side(noun_phrase(figure))
        verbs = [j for j in figure["phrase"] if kinds[j] and leading.get(j) is None]
        if not own and verbs and {"among", "числа"} & set(words[verbs[0] + 1:verbs[0] + 4]):
            own = _side(text[tokens[verbs[0]].end():tokens[figure["end"] - 1].end()])  # `80 persons were killed
            # from among those involved … in the armed underground`
        figure["side"] = own[1] if own else figure.get("subject_side")
        if not own and "part_of" in figure:
            figure["side"] = figures[figure["part_of"]]["side"]
        figure["people"] = any(_PERSON.match(words[j]) for j in figure["phrase"])
        figure["more"] = any(_MORE.match(words[j]) for j in [figure["k"] - 1, *list(figure["phrase"])[:2]] if j >= 0)
    inside = {j for f in figures for j in [f["k"], *f["phrase"]]}
    introduced = []  # (token, side): a side the sentence names with no number of its own, before a colon or after
    starts = {m.start(): name for name, pattern in SIDES.items() for m in pattern.finditer(text)}  # once a sentence
    for k, token in enumerate(tokens):  # `including`
        if k in inside or token.start() not in starts:
            continue
        found = (0, starts[token.start()])
        after = next((j for j in range(k + 1, min(len(words), k + 8)) if j in stops), None)
        if (after is not None and words[after] in (":", "—", "–", "-")) or _INTRODUCED_AFTER & set(words[max(0, k - 5):k]):
            introduced.append((k, found[1]))
    for figure in figures:  # `32 civilians: 11 were killed and 21 wounded`
        if figure["side"] and figure["end"] < len(words) and words[figure["end"]] == ":":
            introduced.append((figure["k"], figure["side"]))
    for index, figure in enumerate(figures):
        if figure["side"]:
            continue
        previous = figures[index - 1] if index else None
        following = figures[index + 1] if index + 1 < len(figures) else None
        if previous and previous["side"] and previous["end"] == figure["k"] and not figure["people"]:
            figure["side"] = previous["side"]  # `Seven law enforcers were killed and four were wounded`
        elif following and figure["end"] == following["k"] and not figure["people"] and following["side"] and not any(
                kinds[j] and leading.get(j) is None for j in figure["phrase"]):
            figure["side"] = following["side"]  # `погибли восемь и получили ранения девять сотрудников …`
        elif any(k < figure["k"] for k, _ in introduced):
            figure["side"] = [side for k, side in sorted(introduced) if k < figure["k"]][-1]
        elif figure["more"]:
            figure["side"] = previous["side"] if previous else carried_side  # `Eight more employees were wounded`


def _list_head(k: int, words: list[str]) -> bool:
    """The number of a list's heading (`В числе 152 убитых — 80 боевиков, …`): the list's figures are its parts."""
    if k >= 2 and words[k - 1] == "числе" and words[k - 2] in ("том", "их"):  # `в том числе 10 убиты`: a figure
        return False
    return bool(_LIST_HEAD.match(" ".join(words[max(0, k - 2):k + 2]))) or bool(
        _LIST_HEAD.match(" ".join(words[max(0, k - 1):k + 2]))) or (
        k > 0 and words[k - 1] == "the" and k + 2 < len(words) and bool(_kind(words[k + 1])) and
        bool(_INCLUDES.match(words[k + 2])))  # `The 84 casualties include 52 civilians, …`


def _is_figure(k: int, words: list[str], own_years: set[int]) -> bool:
    word = words[k]
    if not _NUMBER_TOKEN.match(word) or re.search(r"[.,]", word):
        return False
    following = words[k + 1] if k + 1 < len(words) else ""
    if following == "%" or following.startswith(("percent", "процент")):
        return False
    if re.fullmatch(r"(19|20)\d\d", word):  # a year, not a count
        return False
    if following.startswith(("летн", "year-old", "years-old")) or (following in ("year", "years") and k + 2 < len(
            words) and words[k + 2] == "old"):  # `26-летнего`, `a 26-year-old`: an age
        return False
    if (k and words[k - 1] in _NOT_A_FIGURE_BEFORE) or _DURATION.match(following) or _EVENTS.match(following) or (
            following in ("armed", "вооруженных", "вооруженные", "terror", "suicide") and k + 2 < len(words) and
            _EVENTS.match(words[k + 2])):  # `4 armed incidents`, `6 вооруженных инцидентов`
        return False
    if word == "one" and k and words[k - 1] in _ORDINAL:  # `the third one by Chechnya`
        return False
    for j in range(k + 1, min(len(words), k + 5)):  # `404 persons in 2012`: another year's figure
        if re.fullmatch(r"(19|20)\d\d", words[j]) and words[j - 1] in _YEAR_BEFORE and int(words[j]) not in own_years:
            return False
        if words[j] in _PUNCTUATION or _NUMBER_TOKEN.match(words[j]):
            break
    return True


_NUMBER_TOKEN = re.compile(rf"^{NUMBER}$", re.I)
SAME_AGAIN = re.compile(r"\b(?:столько же|as many)\b", re.I)
_ANY_NUMBER = re.compile(rf"\b{NUMBER}\b", re.I)


def _same_again(text: str) -> str:
    """`столько же` / `as many` replaced by the number named last before it (not a year)."""
    while (found := SAME_AGAIN.search(text)) is not None:
        before = [m for m in _ANY_NUMBER.finditer(text, 0, found.start()) if not re.fullmatch(r"(19|20)\d\d", m.group(0))]
        text = text[:found.start()] + (before[-1].group(0) if before else "") + text[found.end():]
    return text
BANNER = re.compile(r"^[^a-zа-яё]{40,}$")  # a foreign-agent banner in capitals before the text


def _sentences(text: str) -> list[str]:
    """The sentences of a text, `столько же` / `as many` replaced by the number just named."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁ«\"“\d])|\n+", text)
    return [_same_again(p.strip()) for p in parts if p.strip()]


EXCEPT = re.compile(r"\b(?:за исключением|кроме|except(?: for)?|apart from|other than|but)\s+(?:the\s+)?\S+", re.I)


def _scope(sentence: str) -> str | None:
    """The one region a sentence names (before the district: "in Dagestan … the conflict in the North Caucasus" is
    about Dagestan), else the district when it names it."""
    sentence = EXCEPT.sub(" ", sentence)  # `… in every region but Chechnya`: not Chechnya's count
    found = [name for name, pattern in _REGION.items() if pattern.search(sentence)]
    if len(found) == 1:
        return found[0]
    return DISTRICT if _DISTRICT.search(sentence) else None


def _row(region: str, side: str, quote: str, victims: int | None = None, killed: int | None = None,
         wounded: int | None = None, at_least: bool = False) -> dict:
    return {"region": region, "side": side, "victims": victims, "killed": killed, "wounded": wounded,
            "at_least": at_least, "quote": quote[:500]}


def read_casualties(headline: str | None, body: str | None, published_at: str | None = None,
                    lang: str | None = None) -> dict | None:
    """The report's figures (see the module docstring), or None when the article is not a casualty report."""
    lead = (body or "")[:2500]
    armed_headline = bool(headline and ARMED.search(headline))  # `victims of armed conflict`, then `the conflict`
    if "armed" not in lead and "вооруж" not in lead and not armed_headline:
        return None  # most articles: not a word of a report's first sentence
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body or "") if p.strip() and not BANNER.match(p.strip())]
    opening = next(((n, s) for n, p in enumerate(paragraphs[:3]) for s in _sentences(p)[:2]
                    if (ARMED.search(s) or (armed_headline and THE_CONFLICT.search(s) and CALCULATION.search(p)))
                    and (REPORT.search(s) or CALCULATION.search(p))), None)
    if opening is None:
        return None
    first_paragraph, first = opening
    published = date.fromisoformat(published_at[:10]) if published_at else None
    warnings: list[str] = []
    period = read_period(first, published)
    if period and published:
        period, typo = _year_typo(period, published)
        if typo:
            warnings.append(f"casualties: the text says {typo}, published {published.isoformat()}: read as "
                            f"{period['start'][:4]}")
    if period is None or (published and (published - date.fromisoformat(period["end"])).days > 400):
        return None  # the site counts a period soon after it ends; `In 2000, two of her relatives fell victim …`
    own_years = set(range(int(period["start"][:4]), int(period["end"][:4]) + 1))
    scope = _scope(first) or (_scope(headline) if headline else None)
    if scope is None:  # the count of another conflict (Karabakh, Ukraine …), not of the North Caucasus
        return None
    opening_sentences = _sentences(paragraphs[first_paragraph])
    start = opening_sentences.index(first)
    rest = [(s, False, None, -1, None) for s in opening_sentences[start + 1:]] + \
        _section_sentences(paragraphs[first_paragraph + 1:])
    row = _row(scope, "all", first)
    if NONE_REGISTERED.search(first):
        row.update(victims=0, killed=0, wounded=0)
    # The scope's own figures: the first sentence, the rest of its paragraph while it names no region, and an
    # `Of them, …` sentence (or, when the opening paragraph gave none, the next sentences that give some).
    own_period = [True] + _own_period(rest, period, published)
    for index, sentence in enumerate([first] + [s for s, *_ in rest]):
        named = _scope(sentence)
        in_opening = index < len(opening_sentences) - start
        continues = OF_THEM.match(sentence) or ALL_KILLED.search(sentence) or NO_WOUNDED.search(sentence)
        if index and ((named and named != DISTRICT and named != scope) or (not in_opening and not continues and any(
                row[k] is not None for k in ("victims", "killed", "wounded"))) or index > 8):
            break
        if not own_period[index] or (index and OTHER_SOURCE.search(sentence)):
            continue
        stated, corrected = (sentence, "") if not CORRECTED.search(sentence) else (
            sentence[:CORRECTED.search(sentence).start()], sentence[CORRECTED.search(sentence).start():])
        for figure in _figures(stated, own_years):
            if figure["side"] is None and row[figure["kind"]] is None:
                if all(row[k] is None for k in ("victims", "killed", "wounded")):
                    row["quote"] = sentence[:500]  # (the opening sentence may give none: the one that does)
                row[figure["kind"]] = figure["value"]
                row["at_least"] = row["at_least"] or figure["at_least"]
        for figure in _figures(corrected, own_years, default_kind="victims"):
            if figure["side"] is None and figure["value"] != row[figure["kind"]]:  # the text's own correction
                warnings.append(f"casualties: corrected in the text: {figure['kind']} {row[figure['kind']]} → "
                                f"{figure['value']}")
                row[figure["kind"]] = figure["value"]  # stands over its first figure
        if NO_WOUNDED.search(sentence) and row["wounded"] is None:
            row["wounded"] = 0
        if ALL_KILLED.search(sentence) and row["killed"] is None and row["victims"] is not None:
            row["killed"] = row["victims"]
    if row["victims"] is None and row["killed"] is None and row["wounded"] is None:
        return None
    said = [f for f in _figures(headline, own_years) if f["side"] is None] if headline else []
    for figure in said:  # a figure only the headline gives, when it agrees with the text's
        if row[figure["kind"]] is None and (figure["kind"] == "victims" or row["victims"] is None or
                                            figure["value"] <= row["victims"]):
            row[figure["kind"]] = figure["value"]
            row["at_least"] = row["at_least"] or figure["at_least"]
        elif row[figure["kind"]] != figure["value"]:
            warnings.append(f"casualties: the headline says {figure['value']}, the text {row[figure['kind']]} "
                            f"({figure['kind']})")
    if row["victims"] is None and row["killed"] is not None and row["wounded"] == 0:
        row["victims"] = row["killed"]  # `three persons were killed … No wounded were reported`
    apposed = ONE_KILLED_AS.search(first) if row["victims"] == 1 and row["killed"] in (None, 1) else None
    side = _side(apposed.group(1)) if apposed else None
    rows = [row]
    if side:  # `стал как минимум один человек – погибший полицейский`: the one victim, killed, and his side
        row["killed"] = 1
        rows.append(_row(scope, side[1], first, killed=1, at_least=row["at_least"]))
    rows += _regions_and_sides(rest, row, period, published, own_years)
    return {"period": period, "rows": rows, "warnings": _check(rows) + warnings}


def _year_typo(period: dict, published: date) -> tuple[dict, str | None]:
    """`During the week of January 9-15, 2016`, published on 16 January 2017: the text's year is a typo when the
    same days a year later end shortly before the publication."""
    end = date.fromisoformat(period["end"])
    if period["kind"] not in ("week", "month", "quarter") or (published - end).days < 200:
        return period, None
    for year in (published.year, published.year - 1):
        try:
            start, moved = date.fromisoformat(period["start"]).replace(year=year), end.replace(year=year)
        except ValueError:
            return period, None
        if 0 <= (published - moved).days <= 120:
            return _span(period["kind"], start, moved), period["start"][:4]
    return period, None


# `4 armed incidents were registered, to which 8 persons fell victim`: the incidents' figures are the report's own
# only when their victims are the report's (or the region's) victims.
INCIDENTS = re.compile(r"armed incidents?|вооруженн\w* инцидент", re.I)
# A heading over a part about explosions and terror acts: the figures under it are a subset, not the report's own.
SUBSET_HEADING = re.compile(r"explosion|terror|bombing|взрыв|теракт|диверси", re.I)
# A sentence whose figures are those of explosions or clashes (`86 explosions …, which killed 58 persons`, `Thus, 46
# persons were killed by terror acts`), not a cause named in passing (`as a result of shelling, explosions and …`).
SUBSET_FIGURES = re.compile(
    r"(?<!result of )(?<!course of )(?<!в результате )(?<!в ходе )\b(?:these |the )?(?:explosions?|terror acts?|acts of "
    r"terror|(?:suicide )?bombings?|self-(?:explosions?|blasting)|взрыв\w*|теракт\w*)\b[^.;]{0,80}?\b(?:which|in which|"
    r"killed|claimed|injured|included|в результате котор\w*|в ходе котор\w*|жертвами котор\w*)\b|"
    r"\bby (?:the )?(?:terror acts?|explosions?|bombings?|suicide bombers?)|"
    rf"\b{NUMBER}\s+(?:armed clashes|explosions|terror acts|acts of terror|взрыв\w*|теракт\w*|боестолкновени\w*)\b[^.;]{0,40}?"
    r"\b(?:were|was|took place|occurred|happened|committed|registered|recorded|произош\w*|зафиксирован\w*|совершен\w*)\b|"
    r"\b(?:terror act|explosion|bombing)s? (?:was|were) (?:committed|registered|recorded)", re.I)


Sentence = tuple[str, bool, "str | None", int, "str | None"]  # text, subset, side, paragraph, heading


def _section_sentences(paragraphs: list[str]) -> list[Sentence]:
    """The sentences of the paragraphs, each with whether its figures are a subset's (it stands under a heading about
    explosions, or follows a sentence about them in its paragraph), the side its part's heading names, the number
    of its paragraph and the heading it stands under."""
    found, subset, side, headed, heading = [], False, None, False, None
    for number, paragraph in enumerate(paragraphs):
        if len(paragraph) < 90 and "\n" not in paragraph and not re.search(r"[.!?:]$", paragraph):
            headed, heading = True, paragraph
            subset = bool(SUBSET_HEADING.search(paragraph))  # a heading opens a part: `Casualties among civilians`
            named = _side(paragraph)
            side = named[1] if named and not subset and len({n for n, p in SIDES.items() if p.search(paragraph)}) == 1 \
                else None
            continue
        # a paragraph that opens with a day (`21 ноября …`, `On January 3, …`) is the chronicle of one event
        in_paragraph = subset or bool(_DATES.search(paragraph[:30]) and re.search(r"\d", _DATES.search(
            paragraph[:30]).group(0)))
        for sentence in _sentences(paragraph):
            in_paragraph = in_paragraph or bool(SUBSET_FIGURES.search(sentence))
            # under a heading, a paragraph about one day's events is the chronicle, not the count
            in_paragraph = in_paragraph or headed and bool(
                re.search(r"\d", "".join(m.group(0) for m in _DATES.finditer(sentence))))
            found.append((sentence, in_paragraph, side, number, heading))
    return found


def _own_period(sentences: list[Sentence], period: dict, published: date | None) -> list[bool]:
    """For each sentence, whether it speaks of the report's own period: not when it names another, nor when an
    earlier sentence of its paragraph or the heading of its part did (until a sentence names the own period again:
    `… in the period from July to September`)."""
    flags, away = [], None
    for sentence, _, _, paragraph, heading in sentences:
        if heading and _elsewhere(heading, period, published):  # `January-December 2017` in a report on 2018
            flags.append(False)
            continue
        if paragraph != away:
            away = None
        if _elsewhere(sentence, period, published):
            away = paragraph
        elif away is not None and _NAMES_A_PERIOD.search(_DATES.sub(" ", sentence)):
            away = None
        flags.append(away is None)
    return flags


def _regions_and_sides(sentences: list[Sentence], scope_row: dict, period: dict,
                       published: date | None, own_years: set[int]) -> list[dict]:
    rows: list[dict] = []
    scope = scope_row["region"]

    def row_of(region: str, side: str, quote: str) -> dict:
        if region == scope and side == "all":
            return scope_row
        found = next((r for r in rows if r["region"] == region and r["side"] == side), None)
        if found is None:
            found = _row(region, side, quote)
            rows.append(found)
        return found

    region = scope
    carried: str | None = None
    previous_kind = next((k for k in ("victims", "killed", "wounded") if scope_row[k] is not None), None)
    nobody: list[tuple[str, str, str]] = []  # (region, side, kind) a sentence says nobody was
    sideless: list[tuple[str, dict, str]] = []  # (region, figure, sentence) of the last sentence's figures of no side
    subset_paragraph = subset_part = None
    for (sentence, in_subset, section_side, paragraph, heading), own in zip(
            sentences, _own_period(sentences, period, published), strict=True):
        just_before, sideless = sideless, []
        if in_subset or not own or OTHER_SOURCE.search(sentence) or paragraph == subset_paragraph or \
                (heading is not None and heading == subset_part):
            continue
        if SUBSET.search(sentence.split(",")[0]) and not any(p.search(sentence) for p in SIDES.values()):
            continue
        clauses, start = [], 0  # (start, end, regions named, the region before it, says nobody)
        for clause in sentence.split(";"):
            named = [(at + start, name) for at, name in _named_regions(clause)]
            none = bool(NONE_REGISTERED.search(clause))
            if none:  # `In July, North Ossetia and the Stavropol Territory had no victims`
                for name in sorted({name for _, name in named}) or [region]:
                    if name != scope and not any(r["region"] == name and r["side"] == "all" for r in rows):
                        row_of(name, "all", sentence).update(victims=0, killed=0, wounded=0)
            clauses.append((start, start + len(clause), named, region, none))
            region = named[-1][1] if named else region
            start += len(clause) + 1
        figures = _figures(sentence, own_years, carried, previous_kind)  # lists go on past `;`: `В числе убитых – …; и 4`
        they = THEY_WERE.match(sentence) if not figures and just_before else None
        if they and (side := _side(they.group(1))):
            for where, figure, quote in just_before:
                _fill(row_of(where, side[1], f"{quote} {sentence}"), figure["kind"], figure["value"],
                      figure["at_least"])
        if INCIDENTS.search(sentence):
            whole = scope_row if region == scope else next(
                (r for r in rows if r["region"] == region and r["side"] == "all"), {})
            said = [f["value"] for f in figures if f["kind"] == "victims" and f["side"] is None]
            if said and said[0] != whole.get("victims"):  # `6 вооруженных инцидентов, в ходе которых пострадали 31`
                subset_paragraph, subset_part = paragraph, heading  # (and the rest of the part under its heading)
                continue
        for index, figure in enumerate(figures):
            _, _, named, region_before, none = next(c for c in clauses if c[0] <= figure["start"] < c[1] + 1)
            if none:
                continue
            # the region the figure's own words name (`four … members of the armed underground in Chechnya`),
            # else the one named last before it (`…, the third one by Chechnya numbering 100 victims`), else, for
            # a region's total, the one its clause names after it (`The runner-up (123 persons) is Kabardino-
            # Balkaria`; not `… 3 militants and 2 deputies in Dagestan`)
            own_region = _named_regions(figure["phrase_text"].split(",")[0])
            if not own_region and index + 1 < len(figures) and re.search(r"\b(?:and|и)\b", figure["phrase_text"]):
                own_region = _named_regions(figures[index + 1]["phrase_text"].split(",")[0])  # `a law enforcer and
                # a suspected member of the armed underground in Chechnya`
            before = [name for at, name in named if at < figure["start"]]
            where = own_region[0][1] if own_region else before[-1] if before else named[0][1] if named and \
                figure["side"] is None else region_before
            if figure["side"] is None and figure["people"] and section_side:
                figure["side"] = section_side  # `Casualties among civilians`: `51 people were lost at …`
            if figure["side"] is None:
                sideless.append((where, figure, sentence))  # (its side may be the next sentence's: `They were …`)
            if figure["side"] is None and where == scope:
                continue  # the scope's own figures come from its opening sentences only
            _fill(row_of(where, figure["side"] or "all", sentence), figure["kind"], figure["value"],
                  figure["at_least"])
            if figure["side"]:
                carried = figure["side"]
        for all_of in ALL_OF.finditer(sentence):  # `All the killed people were suspected militants`
            side = _side(re.split(r",|\band\b|\bи\b", all_of.group(3))[0])
            if not side:
                continue
            kind = "wounded" if _kind(all_of.group(2).lower()) == "wounded" else "killed"
            where = region
            whole = scope_row if where == scope else next(
                (r for r in rows if r["region"] == where and r["side"] == "all"), {})
            value = _number(all_of.group(1)) if all_of.group(1) and _number(all_of.group(1)) else whole.get(kind)
            if value is not None:
                _fill(row_of(where, side[1], sentence), kind, value, False)
        for found in NOBODY_OF_A_SIDE.finditer(sentence):  # `Погибших среди гражданского населения … не было`
            kinds = [k for k in ("killed", "wounded") if re.search({"killed": r"погиб|убит|killed|dead",
                                                                   "wounded": r"ранен|wounded|injured"}[k],
                                                                  found.group(0), re.I)]
            nobody += [(region, side, kind) for side, pattern in SIDES.items() if pattern.search(found.group(0))
                       for kind in kinds]
        previous_kind = next((f["kind"] for f in figures), None)
    for where, side, kind in nobody:  # after the figures: `… не было. Однако ранения получил 1 сотрудник …`
        _fill(row_of(where, side, f"no {side} {kind}"), kind, 0, False)
    return rows


def _fill(row: dict, kind: str, value: int, at_least: bool) -> None:
    """A figure into its row, unless the row has one already (the text's first statement of it stands)."""
    if row[kind] is None:
        row[kind] = value
        row["at_least"] = row["at_least"] or at_least


def _named_regions(text: str) -> list[tuple[int, str]]:
    """(position, region) of every region a text names, in order (never the district)."""
    return sorted((m.start(), name) for name, pattern in _REGION.items() for m in pattern.finditer(text))


_COMPARISON = re.compile(r"for comparison|для сравнения|в аналогичном периоде|за аналогичный период|годом ранее|"
                         r"a year (?:earlier|before)|the previous (?:week|month|quarter|year)|"
                         r"(?:прошл\w+|предыдущ\w+) (?:недел|месяц|квартал|год|полугоди)|в прошлом (?:году|месяце)", re.I)
_NAMES_A_PERIOD = re.compile(rf"\b(?:{_ANY_MONTH})\b|quarter|квартал|\bq[1-4]\b|half|полугоди", re.I)


_SINCE = re.compile(rf"\b(?:since|from the (?:beginning|start) of) (?:{_ANY_MONTH})\b|с начала (?:{_ANY_MONTH})", re.I)


def _elsewhere(sentence: str, period: dict, published: date | None) -> bool:
    """A sentence about another period than the report's (quoted for comparison)."""
    if _COMPARISON.search(sentence):
        return True
    years = {int(y) for y in re.findall(r"\b(19\d\d|20\d\d)\b", sentence)}
    own = set(range(int(period["start"][:4]), int(period["end"][:4]) + 1))
    if years and not years & own:
        # a wrong year beside the report's own months (`from January to June, 2001` in a report on 2011) is a typo
        named = _read_period(sentence.lower(), min(years), True)
        return not (period["kind"] != "year" and named and named["kind"] == period["kind"] and
                    named["start"][4:] == period["start"][4:] and named["end"][4:] == period["end"][4:])
    text = _SINCE.sub(" ", _DATES.sub(" ", sentence))  # `Since January, 35 … perished`: the period so far
    if period["kind"] != "other" and _NAMES_A_PERIOD.search(text):
        named = _read_period(text.lower(), int(period["start"][:4]), bool(years))
        if named and named["kind"] != "year" and named != period:
            return True
    return False


def _check(rows: list[dict]) -> list[str]:
    warnings = []
    for row in rows:
        if row["victims"] is not None and row["killed"] is not None and row["wounded"] is not None and \
                row["killed"] + row["wounded"] != row["victims"]:
            warnings.append(f"casualties: {row['region']} {row['side']}: killed {row['killed']} + wounded "
                            f"{row['wounded']} != victims {row['victims']}")
    scope = rows[0]
    regions = [r for r in rows[1:] if r["side"] == "all" and r["region"] != scope["region"]]
    total = sum(r["victims"] or 0 for r in regions)
    if scope["victims"] is not None and total > scope["victims"]:
        warnings.append(f"casualties: the regions add up to {total}, more than the total {scope['victims']}")
    for region in {r["region"] for r in rows[1:] if r["side"] != "all"}:
        sides = [r for r in rows if r["region"] == region and r["side"] != "all"]
        whole = next((r for r in rows if r["region"] == region and r["side"] == "all"), None)
        killed = sum(r["killed"] or 0 for r in sides)
        if whole and whole["killed"] is not None and killed > whole["killed"]:
            warnings.append(f"casualties: {region}: the sides' killed add up to {killed}, more than {whole['killed']}")
    return warnings
