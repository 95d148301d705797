"""The site's casualty-statistics reports → data (docs/casualties.md).

For twenty years the site has counted the victims of the armed conflict in the North Caucasus and published the
counts as articles. `read_casualties(headline, body, published_at, lang)` recognises such a report by its wording
(not by its rubric) and reads it into

    {"period": {"kind": "week|month|quarter|half|year|other", "start": "YYYY-MM-DD", "end": "YYYY-MM-DD"},
     "rows": [{"region", "side", "victims", "killed", "wounded", "at_least", "quote"}], "warnings": [...]}

one row for the report's scope (the region, or North Caucasus; side `all`), one per region and per side the text
states. `None` for an ordinary article, even one that mentions victims. The rules, in the order they act:

- **A report** says in its first sentence that N people fell victim to the armed conflict (or were killed or hurt
  in it) in a period; that sentence gives the scope, the period and the totals.
- **Period**: a week (`September 12-18, 2016`, `с 7 по 13 апреля`), a month, a quarter (`Q1`, `the first
  quarter`, `в октябре-декабре`, `за период с 1 октября по 31 декабря`), a half, a year, or a span of years
  (`other`); a year missing from the text ("this year", "текущего года") is the publication's.
- **Sentences about something else are skipped**: another period quoted for comparison, a subset (explosions,
  armed clashes, terror acts only), the police's own count.
- **Regions** follow the sentence that names them ("Dagestan is in the lead … there 43 people suffered …");
  "no victims were registered" is zeros; a **side** (law enforcers, militants, civilians) is read from the clause
  that names it.
- **Numbers** as digits or words (`three`, `двое`, `трое`, `столько же` = the number just named); `at least`,
  `не менее`, `по меньшей мере`, `как минимум` set `at_least`.
- **Checks**: killed + wounded against victims, regions against the total, sides against their region: a
  mismatch is a warning, the site's figures are kept as it states them.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

REGIONS: dict[str, tuple[str, ...]] = {  # canonical English name → stems of its names in both languages
    "Dagestan": ("dagestan", "дагестан"),
    "Chechnya": ("chechnya", "chechen republic", "чечн", "чеченск"),
    "Ingushetia": ("ingushetia", "ингушети"),
    "Kabardino-Balkaria": ("kabardino-balkaria", "kbr", "кабардино-балкари", "кбр"),
    "Karachay-Cherkessia": ("karachay-cherkessia", "karachaevo-cherkessia", "kchr", "карачаево-черкеси", "кчр"),
    "North Ossetia": ("north ossetia", "северн\\w* осети", "северной осетии"),
    "Stavropol Territory": ("stavropol", "ставропол"),
}
DISTRICT = "North Caucasus"
_DISTRICT = re.compile(r"north(?:ern)?[- ]caucas|северн\w* кавказ|скфо|ncfd", re.I)
_REGION = {name: re.compile(r"\b(?:" + "|".join(stems) + r")", re.I) for name, stems in REGIONS.items()}

# A report's first sentence: N people fell victim to (or were killed / hurt in) the armed conflict.
REPORT = re.compile(
    r"(fell victims?|became victims?|victims? of (?:the )?(?:armed )?(?:conflict|confrontation)|casualties of the armed|"
    r"suffered (?:from|in|during) (?:the )?armed|"
    r"in the armed (?:conflict|confrontation)|"
    r"стал[иа]? жертвами вооруж|жертвами вооруженного|жертв вооруженного|в ходе вооруженного (?:конфликта|противостояния)|"
    r"жертвами (?:продолжающегося )?(?:на Северном Кавказе )?вооруженного)", re.I)
OF_THEM = re.compile(r"^(?:of (?:them|these)|among them|in particular|including|из них|из этого числа|в частности|в том "
                     r"числе)\b", re.I)
ARMED = re.compile(r"armed (?:conflict|confrontation)|вооруж\w+ (?:конфликт|противостояни)", re.I)

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
FROM_TO = re.compile(rf"\b(?:from|с)\s+({NUMBER})\s+(?:to|до)\s+({NUMBER})\b", re.I)
AT_LEAST = re.compile(r"(at least|no (?:less|fewer) than|not less than|не менее|по меньшей мере|как минимум|минимум)\s*$",
                      re.I)
_KILLED = r"(?:killed|dead|died|perished|lost (?:their|his|her) lives|погибл\w*|погиб\w*|убит\w*|убиты|гибел\w*)"
_WOUNDED = r"(?:wounded|injured|injuries|hurt|ранен\w*|ранени\w*|ранены)"
_VICTIMS = r"(?:victims?|casualties|people suffered|persons suffered|suffered|жертв\w*|пострадал\w*|пострадавш\w*)"
SIDES = {
    "law_enforcers": re.compile(r"law enforc|power agent|security (?:officer|force)|servicem|police(?:m[ae]n| officer)|"
                                r"employees of the (?:mia|ministry)|military|силов\w+|сотрудник\w* (?:сил|полиц|правоохран|мвд)|"
                                r"военнослужащ|полицейск", re.I),
    "militants": re.compile(r"militant|illegal armed formation|iaf|armed underground|insurgent|suspected member|"
                            r"боевик|незаконн\w+ вооруж|нвф|вооруженн\w+ подполь|подпольщик", re.I),
    "civilians": re.compile(r"civilian|peaceful (?:resident|citizen)|local resident|гражданск\w+ лиц|мирн\w+ жител", re.I),
}
# Sentences about something else than the report's own figures.
SUBSET = re.compile(r"explosion|terror act|terrorist act|armed clash|shoot-?out|attacks? on|взрыв|теракт|"
                    r"диверсион|боестолкновени|в результате нападени|обстрел", re.I)
# Another source's own count: the sentence opens with it ("According to the MIA, 60 …"); within a sentence the same
# words only say who calls the dead militants ("12 человек, причастных, по данным правоохранительных органов, к …").
OTHER_SOURCE = re.compile(r"^\W*(?:according to (?:the )?(?:mia|ministry|police|law enforc|official)|по данным (?:мвд|"
                          r"силов|правоохран|нак|ск)|as reported by the (?:mia|police))", re.I)
COMPARISON = re.compile(r"compared|comparison|previous|last year|the same period|whereas|while in|для сравнения|"
                        r"по сравнению|в прошлом|тогда как|в аналогичном|годом ранее|ранее|also (?:no|none)|также не", re.I)
NONE_REGISTERED = re.compile(r"no (?:victims|casualties|one)\b[^.]*?(?:registered|recorded|reported|were)|"
                             r"(?:жертв|пострадавших)[^.]{0,60}?не (?:было|зафиксировано|зарегистрировано|отмечено)|"
                             r"не было[^.]{0,40}?жертв", re.I)

EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december")
RU_MONTH_STEMS = ("январ", "феврал", "март", "апрел", "ма[йяе]", "июн", "июл", "август", "сентябр", "октябр", "ноябр",
                  "декабр")
_MONTH = r"(?P<{0}>" + "|".join(EN_MONTHS) + r"|(?:" + "|".join(RU_MONTH_STEMS) + r")\w*)"
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
            "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}


def _number(text: str) -> int | None:
    text = text.strip().lower().replace("\u00a0", "").replace(" ", "")
    if text.isdigit():
        return int(text)
    return _WORD_NUMBERS.get(text)


def _month(name: str) -> int | None:
    name = name.lower()
    for number, english in enumerate(EN_MONTHS, start=1):
        if name.startswith(english[:3]) and english.startswith(name[:3]):
            return number
    for number, stem in enumerate(RU_MONTH_STEMS, start=1):
        if re.match(stem, name):
            return number
    return None


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
    period = _read_period(text, year, year_match is not None)
    if period and not year_match and published and period["end"] > published.isoformat():
        # "the fourth quarter of the current year", published in January: the year just ended
        period = _read_period(text, year - 1, False)
    return period


def _read_period(text: str, year: int, year_stated: bool) -> dict | None:
    year_match = re.search(r"\b(19\d\d|20\d\d)\b", text) if year_stated else None
    week = _week(text, year)
    if week:
        return week
    half = re.search(r"(first|second|1st|2nd|перв\w*|втор\w*)\s+(?:half|полугоди)", text)
    if half:
        number = 1 if half.group(1).startswith(("first", "1st", "перв")) else 2
        return _span("half", date(year, 1 if number == 1 else 7, 1), date(year, 6, 30) if number == 1 else
                     date(year, 12, 31))
    quarter = re.search(r"\b(first|second|third|fourth|1st|2nd|3rd|4th|перв\w*|втор\w*|трет\w*|четверт\w*)\s+"
                        r"(?:quarter|квартал)|\bq([1-4])\b|\b(i{1,3}|iv)\s+(?:quarter|квартал)", text)
    if quarter:
        word = quarter.group(1) or quarter.group(3) or ""
        number = int(quarter.group(2)) if quarter.group(2) else next(
            (n for stem, n in ORDINALS.items() if word.startswith(stem)), None)
        if number:
            return _span("quarter", date(year, 3 * number - 2, 1), _month_end(year, 3 * number))
    months = [_month(m.group(0)) for m in re.finditer(_MONTH.format("m"), text)]
    months = [m for m in months if m]
    range_match = re.search(_MONTH.format("a") + r"\s*(?:-|–|—)\s*" + _MONTH.format("b"), text) or re.search(
        r"(?:с|from)\s+1\s+" + _MONTH.format("a") + r"\s+(?:по|to)\s+\d{1,2}\s+" + _MONTH.format("b"), text)
    if range_match:
        first, last = _month(range_match.group("a")), _month(range_match.group("b"))
        if first and last and last >= first:
            kind = "quarter" if last - first == 2 and first in (1, 4, 7, 10) else "half" if (
                last - first == 5 and first in (1, 7)) else "other"
            return _span(kind, date(year, first, 1), _month_end(year, last))
    listed = re.search(_MONTH.format("a") + r"[, ]+(?:и |and )?" + _MONTH.format("m") + r"[, ]+(?:и |and )" +
                       _MONTH.format("b"), text)
    if listed:
        first, last = _month(listed.group("a")), _month(listed.group("b"))
        if first and last and last - first == 2:
            return _span("quarter", date(year, first, 1), _month_end(year, last))
    years = re.search(r"\b(19\d\d|20\d\d)\s*(?:-|–|—|to|по)\s*(19\d\d|20\d\d)\b", text)
    if years and int(years.group(2)) > int(years.group(1)):
        return _span("other", date(int(years.group(1)), 1, 1), date(int(years.group(2)), 12, 31))
    if months and year_match and text.find(year_match.group(1)) > 0:
        # `in July 2012`, `в феврале 2013 года`: the month named with the year
        near = re.search(_MONTH.format("m") + r"\s+(?:of\s+)?" + year_match.group(1), text)
        if near and _month(near.group("m")):
            month = _month(near.group("m"))
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
        month = _month(found.group("b"))
        first_month = _month(found.group("a")) if "a" in pattern.groupindex and found.group("a") else month
        if not month or not first_month or len(days) != 2:
            continue
        try:
            start, end = date(year, first_month, days[0]), date(year, month, days[1])
        except ValueError:
            continue
        if 0 <= (end - start).days <= 7:
            return _span("week", start, end)
    return None


_TOKEN = re.compile(r"[\w-]+|[;:,—–()]")
_NUMBER_TOKEN = re.compile(rf"^{NUMBER}$", re.I)
_FIGURE_WORDS = re.compile(rf"^(?:{_KILLED}|{_WOUNDED})$", re.I)
_YEAR_WORDS = {"year", "года", "году", "год", "г"}


def _numbers(tokens: list[re.Match]) -> list[int]:
    """The positions of the tokens that are numbers (not years)."""
    found = []
    for position, token in enumerate(tokens):
        text = token.group(0)
        if not _NUMBER_TOKEN.match(text):
            continue
        following = tokens[position + 1].group(0).lower() if position + 1 < len(tokens) else ""
        if following.startswith(("percent", "процент", "%")):
            continue
        if re.fullmatch(r"(19|20)\d\d", text) and (following in _YEAR_WORDS or position == 0 or
                                                     tokens[position - 1].group(0).lower() in ("in", "of", "в", "за")):
            continue
        found.append(position)
    return found


def _figure(sentence: str, word: str, reach: int = 4) -> tuple[int | None, bool]:
    """The number said of `word` (killed, wounded, victims) in a sentence: the nearest number before it (`38
    killed`, `31 человек убит`), else after it (`погибли восемь`, `ранения различной степени тяжести девять`);
    and whether it is `at least`."""
    tokens = list(_TOKEN.finditer(sentence))
    numbers = _numbers(tokens)
    pattern = re.compile(rf"^{word}$", re.I)
    for position, token in enumerate(tokens):
        if not pattern.match(token.group(0)):
            continue
        before = [n for n in numbers if position - reach <= n < position and not any(
            _FIGURE_WORDS.match(tokens[k].group(0)) or tokens[k].group(0) in ";:" for k in range(n + 1, position))
            and not (n and _FIGURE_WORDS.match(tokens[n - 1].group(0)))]  # `погибли восемь`: that one's
        after = [n for n in numbers if position < n <= position + 5 and not any(
            _FIGURE_WORDS.match(tokens[k].group(0)) or tokens[k].group(0) in ";:" for k in range(position + 1, n))]
        chosen = before[-1] if before else (after[0] if after else None)
        if chosen is None:
            continue
        start = tokens[chosen].start()
        return _number(tokens[chosen].group(0)), bool(AT_LEAST.search(sentence[:start][-30:]))
    return None, False


SAME_AGAIN = re.compile(r"\b(\d+)\b([^\d.;]*?)\b(?:столько же|as many)\b", re.I)  # the nearest number before


def _sentences(text: str) -> list[str]:
    """The sentences of a text, `столько же` / `as many` replaced by the number just named."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁ«\"“\d])|\n+", text)
    return [SAME_AGAIN.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(1)}", p.strip()) for p in parts if p.strip()]


def _scope(sentence: str) -> str | None:
    """The one region a sentence names (before the district: "in Dagestan … the conflict in the North Caucasus" is
    about Dagestan), else the district when it names it."""
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
    lead = (body or "")[:1500]
    if "armed" not in lead and "вооруж" not in lead:  # most articles: not a word of a report's first sentence
        return None
    paragraphs = (body or "").split("\n\n")
    sentences = _sentences(paragraphs[0]) if paragraphs and paragraphs[0] else []
    first = next((s for s in sentences[:2] if REPORT.search(s) and ARMED.search(s)), None)
    if first is None:
        return None
    published = date.fromisoformat(published_at[:10]) if published_at else None
    period = read_period(first, published)
    following = sentences[sentences.index(first) + 1] if sentences.index(first) + 1 < len(sentences) else ""
    of_them = following if OF_THEM.match(following) else ""  # `Of them, 134 were killed …` / `Из них …`
    killed, killed_least = _figure(first, _KILLED)
    wounded, wounded_least = _figure(first, _WOUNDED)
    if killed is None and wounded is None and of_them:
        killed, killed_least = _figure(of_them, _KILLED)
        wounded, wounded_least = _figure(of_them, _WOUNDED)
    victims, victims_least = _figure(first, r"(?:persons?|people|человек\w*)")
    change = FROM_TO.search(first)  # `decreased from 287 to 175 people`: the second is this period's
    if change:
        victims = _number(change.group(2))
    none = bool(NONE_REGISTERED.search(first))
    if none:
        victims, killed, wounded = 0, 0, 0
    if period is None or (victims is None and killed is None and wounded is None):
        return None
    scope = _scope(first) or DISTRICT
    rows = [_row(scope, "all", first, victims, killed, wounded, victims_least or killed_least or wounded_least)]
    warnings: list[str] = []
    rows += _regions_and_sides(sentences[1:] + [s for p in paragraphs[1:] for s in _sentences(p)], scope, period,
                               published)
    warnings += _check(rows)
    if headline and victims is not None:
        said = _figure(headline, r"(?:persons?|people|человек\w*)")[0]
        if said is not None and said != victims:
            warnings.append(f"casualties: the headline says {said}, the text {victims}")
    return {"period": period, "rows": rows, "warnings": warnings}


def _regions_and_sides(sentences: list[str], scope: str, period: dict, published: date | None) -> list[dict]:
    rows: list[dict] = []
    region = scope
    for sentence in sentences:
        named = _scope(sentence)
        if named and named != DISTRICT:
            region = named
        if _elsewhere(sentence, period, published) or OTHER_SOURCE.search(sentence):
            continue
        if region is None:
            continue
        if NONE_REGISTERED.search(sentence):  # `In Kabardino-Balkaria, … and Stavropol Territory no victims …`
            listed = [name for name, pattern in _REGION.items() if pattern.search(sentence)]
            rows += [_row(name, "all", sentence, 0, 0, 0) for name in listed
                     if not any(r["region"] == name and r["side"] == "all" for r in rows)]
            if listed:
                continue
        if SUBSET.search(sentence.split(",")[0]) and not any(p.search(sentence) for p in SIDES.values()):
            continue
        listed = _side_list(sentence, region, rows)
        if listed is not None:
            continue
        side_rows = _sides(sentence, region)
        if side_rows:
            rows += side_rows
            continue
        victims, at_least = _figure(sentence, _VICTIMS)
        killed, killed_least = _figure(sentence, _KILLED)
        wounded, wounded_least = _figure(sentence, _WOUNDED)
        if region != scope and (victims is not None or (killed is not None and wounded is not None)) and \
                not any(r["region"] == region and r["side"] == "all" for r in rows):
            rows.append(_row(region, "all", sentence, victims, killed, wounded, at_least or killed_least))
    return rows


SIDE_LIST = re.compile(rf"^(?:в числе|среди|among(?: the)?|of the)\s+(?:({NUMBER})\s+)?(?:(убит\w*|погибш\w*|killed|dead)|"
                       rf"(ранен\w*|wounded|injured))\b(?:\s*[—–:-]|\s+(?:оказались|были|were|are))\s*(.+)$", re.I)


def _side_list(sentence: str, region: str, rows: list[dict]) -> list[dict] | None:
    """`В числе 20 убитых — 12 боевиков, два сотрудника силовых структур и шесть гражданских лиц` / `Среди семи
    раненых - пять силовиков и два гражданских лица`: the killed (or wounded) of the region by side, added to its
    side rows. None when the sentence is no such list."""
    found = SIDE_LIST.match(sentence)
    if not found:
        return None
    figure = "killed" if found.group(2) else "wounded"
    added = []
    items: list[str] = []
    for part in re.split(r",\s*|\s+(?:и|а также|and)\s+", found.group(4)):
        if items and not re.search(rf"\b{NUMBER}\b", part, re.I):  # `12 человек, причастных, … к боевикам`
            items[-1] += f", {part}"
        else:
            items.append(part)
    for item in items:
        said_by = re.sub(r"по данным \w+(?: \w+)?|according to (?:the )?\w+(?: \w+)?", "", item, flags=re.I)
        sides = [name for name, pattern in SIDES.items() if pattern.search(said_by)]  # not who says it
        number = re.search(rf"\b{NUMBER}\b", item, re.I)
        if len(sides) != 1 or not number:
            continue
        row = next((r for r in rows if r["region"] == region and r["side"] == sides[0]), None)
        if row is None:
            row = _row(region, sides[0], sentence)
            rows.append(row)
            added.append(row)
        if row[figure] is None:
            row[figure] = _number(number.group(0))
    return added


def _sides(sentence: str, region: str) -> list[dict]:
    """Rows for each side a sentence states figures for (one clause per side)."""
    rows: list[dict] = []
    previous: str | None = None  # `five militants were killed; and another one was wounded`: the same side
    for clause in re.split(r";|, а также|, and |, while | а | и (?=\d|\w+ (?:сотрудник|боевик|гражданск|мирн))", sentence):
        sides = [name for name, pattern in SIDES.items() if pattern.search(clause)]
        if len(sides) > 1:  # `attacks by militants killed 11 … law enforcers`: the side named nearest after the figure
            first_number = re.search(rf"\b{NUMBER}\b", clause, re.I)
            after = sorted((found.start(), name) for name in sides if first_number and
                           (found := SIDES[name].search(clause, first_number.end())))
            sides = [after[0][1]] if after else sides
        if not sides and previous:
            sides = [previous]
        if len(sides) != 1:
            continue
        killed, killed_least = _figure(clause, _KILLED, reach=20)  # `3 suspected members of … were killed`
        wounded, wounded_least = _figure(clause, _WOUNDED, reach=20)
        if killed is None and wounded is None:
            continue
        previous = sides[0]
        existing = next((r for r in rows if r["side"] == sides[0]), None)
        if existing:
            existing["killed"] = existing["killed"] if existing["killed"] is not None else killed
            existing["wounded"] = existing["wounded"] if existing["wounded"] is not None else wounded
            continue
        rows.append(_row(region, sides[0], sentence, None, killed, wounded, killed_least or wounded_least))
    return rows


def _elsewhere(sentence: str, period: dict, published: date | None) -> bool:
    """A sentence about another period (for comparison) than the report's."""
    if COMPARISON.search(sentence):
        return True
    years = {int(y) for y in re.findall(r"\b(19\d\d|20\d\d)\b", sentence)}
    own = set(range(int(period["start"][:4]), int(period["end"][:4]) + 1))
    return bool(years) and not years & own


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
