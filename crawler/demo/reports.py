"""Casualty-statistics reports of the demo archive, in both languages (docs/casualties.md): the demo's own figures
for a month, written in the site's conventions (our own words), with the traps real reports hold — a month before
quoted for comparison, a subset (explosions) beside the totals, a region with no victims, sides within a region.

The figures of a month depend only on (seed, year, month), so an English and a Russian report of the same month
agree (the series joins them). `expected(...)` is the ground truth the reader must recover, written to the
manifest.
"""

from __future__ import annotations

import calendar
import random
from datetime import date, datetime

SHARE = 0.05  # of the articles of each language that are monthly reports
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
RU_MONTHS_IN = ("январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре", "октябре",
                "ноябре", "декабре")
REGIONS_EN = ("Dagestan", "Chechnya", "Ingushetia", "Kabardino-Balkaria", "Karachay-Cherkessia", "North Ossetia")
REGIONS_RU = {"Dagestan": ("Дагестан", "Дагестане"), "Chechnya": ("Чечня", "Чечне"),
              "Ingushetia": ("Ингушетия", "Ингушетии"), "Kabardino-Balkaria": ("Кабардино-Балкария", "Кабардино-Балкарии"),
              "Karachay-Cherkessia": ("Карачаево-Черкесия", "Карачаево-Черкесии"),
              "North Ossetia": ("Северная Осетия", "Северной Осетии")}


def is_report(seed: int, lang: str, article_id: int) -> bool:
    return random.Random(f"{seed}:{lang}:report:{article_id}").random() < SHARE


def reported_month(wall: datetime) -> tuple[int, int]:
    """A report covers the month before the one it is published in."""
    return (wall.year, wall.month - 1) if wall.month > 1 else (wall.year - 1, 12)


def figures(seed: int, year: int, month: int) -> dict:
    """The demo's counts of one month: totals, two regions with figures (the first with its sides), one with none."""
    rng = random.Random(f"{seed}:casualties:{year}-{month}")
    first, second, empty = rng.sample(REGIONS_EN, 3)
    k1, w1, k2, w2 = rng.randint(3, 30), rng.randint(1, 20), rng.randint(1, 12), rng.randint(0, 9)
    enforcers_killed, enforcers_wounded = rng.randint(1, k1 - 1), rng.randint(0, w1)
    militants_killed = k1 - enforcers_killed
    return {"first": first, "second": second, "empty": empty, "k1": k1, "w1": w1, "k2": k2, "w2": w2,
            "killed": k1 + k2, "wounded": w1 + w2, "enforcers_killed": enforcers_killed,
            "enforcers_wounded": enforcers_wounded, "militants_killed": militants_killed,
            "previous": rng.randint(5, 90), "explosions": rng.randint(1, 5)}


def period(year: int, month: int) -> dict:
    return {"kind": "month", "start": date(year, month, 1).isoformat(),
            "end": date(year, month, calendar.monthrange(year, month)[1]).isoformat()}


def expected(seed: int, year: int, month: int) -> dict:
    """What a reader must get from a report of that month (quotes aside)."""
    f = figures(seed, year, month)

    def row(region: str, side: str, victims: int | None, killed: int | None, wounded: int | None,
            at_least: bool = False) -> dict:
        return {"region": region, "side": side, "victims": victims, "killed": killed, "wounded": wounded,
                "at_least": at_least}

    return {"period": period(year, month), "rows": [
        row("North Caucasus", "all", f["killed"] + f["wounded"], f["killed"], f["wounded"], True),
        row(f["first"], "all", f["k1"] + f["w1"], f["k1"], f["w1"]),
        row(f["first"], "law_enforcers", None, f["enforcers_killed"], f["enforcers_wounded"]),
        row(f["first"], "militants", None, f["militants_killed"], None),
        row(f["second"], "all", f["k2"] + f["w2"], f["k2"], f["w2"]),
        row(f["empty"], "all", 0, 0, 0),
    ]}


def english(seed: int, year: int, month: int) -> tuple[str, list[str]]:
    """(headline, paragraphs) of the English report of a month."""
    f = figures(seed, year, month)
    name = f"{EN_MONTHS[month - 1]} {year}"
    before = EN_MONTHS[month - 2] if month > 1 else EN_MONTHS[11]
    victims = f["killed"] + f["wounded"]
    return (f"{victims} people fell victim to the armed conflict in Northern Caucasus in {name}", [
        f"In {name}, at least {victims} people fell victim to the armed conflict in the North Caucasus: "
        f"{f['killed']} of them were killed and {f['wounded']} were wounded. This is the count of the \"Caucasian "
        "Knot\", based on its own reports and on open sources.",
        f"{f['first']} is in the lead by the number of victims: in {EN_MONTHS[month - 1]}, {f['k1'] + f['w1']} "
        f"people suffered there, including {f['k1']} killed and {f['w1']} wounded. {f['enforcers_killed']} law "
        f"enforcers were killed and {f['enforcers_wounded']} were wounded; {f['militants_killed']} suspected members "
        "of the armed underground were killed.",
        f"In {f['second']}, {f['k2'] + f['w2']} people suffered, of them {f['k2']} were killed and {f['w2']} were "
        "wounded.",
        f"For comparison, in {before}, {f['previous']} people fell victim to the conflict.",
        f"Explosions and terror acts alone killed {f['explosions']} people.",
        f"In {f['empty']}, no victims of the armed conflict were registered in {EN_MONTHS[month - 1]}.",
    ])


def russian(seed: int, year: int, month: int) -> tuple[str, list[str]]:
    """(headline, paragraphs) of the Russian report of a month."""
    f = figures(seed, year, month)
    first, second, empty = REGIONS_RU[f["first"]], REGIONS_RU[f["second"]], REGIONS_RU[f["empty"]]
    before = RU_MONTHS_IN[month - 2] if month > 1 else RU_MONTHS_IN[11]
    victims = f["killed"] + f["wounded"]
    return (f"В {RU_MONTHS_IN[month - 1]} жертвами вооруженного конфликта на Северном Кавказе стали {victims} человек", [
        f"По меньшей мере {victims} человек стали жертвами вооруженного конфликта на Северном Кавказе в "
        f"{RU_MONTHS_IN[month - 1]} {year} года, из них {f['killed']} человек погибли, {f['wounded']} получили ранения. "
        "Таковы итоги подсчетов \"Кавказского узла\", основанных на собственных материалах и открытых источниках.",
        f"Лидирует по числу жертв {first[0]}. За месяц там пострадали {f['k1'] + f['w1']} человек, в том числе "
        f"{f['k1']} убиты и {f['w1']} ранены. Погибли {f['enforcers_killed']} и получили ранения "
        f"{f['enforcers_wounded']} сотрудников силовых структур; убиты {f['militants_killed']} предполагаемых участников "
        "вооруженного подполья.",
        f"В {second[1]} пострадали {f['k2'] + f['w2']} человек, из них {f['k2']} погибли и {f['w2']} получили ранения.",
        f"Для сравнения, в {before} жертвами конфликта стали {f['previous']} человек.",
        f"В результате взрывов и терактов погибли {f['explosions']} человек.",
        f"В {empty[1]} жертв вооруженного конфликта в {RU_MONTHS_IN[month - 1]} не зафиксировано.",
    ])
