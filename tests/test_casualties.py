"""Casualty reports as data (crawler/parsers/casualties.py): texts written here in the site's conventions, one per
trap of the real reports, in both languages; then the demo archive's reports end to end — crawled, stored in the
`casualties` table, served as a series by `kavkaz casualties` (table, CSV, JSON, a chart)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from crawler.demo.archive import DemoArchive
from crawler.demo.server import DemoServer
from crawler.parsers.casualties import read_casualties
from tests.crawling import crawl, rows


def figures(report: dict | None) -> list[tuple]:
    return [(r["region"], r["side"], r["victims"], r["killed"], r["wounded"], r["at_least"]) for r in report["rows"]]


CASES = {
    # (published, text) → (period kind, start, end, expected rows)
    "en month, regions, sides, a comparison and a subset": (
        "2014-08-04",
        "In July 2014, at least 41 people fell victim to the armed conflict in the North Caucasus: 25 of them were "
        "killed and 16 were wounded. This is the count of the Caucasian Knot.\n\n"
        "Dagestan is in the lead: in July, 30 people suffered there, including 19 killed and 11 wounded. Seven law "
        "enforcers were killed and four were wounded; 12 suspected members of the armed underground were killed.\n\n"
        "In June 2014, for comparison, 52 people fell victim to the conflict. Explosions alone killed three people.\n\n"
        "In Ingushetia, no victims of the armed conflict were registered in July.",
        ("month", "2014-07-01", "2014-07-31", [
            ("North Caucasus", "all", 41, 25, 16, True), ("Dagestan", "all", 30, 19, 11, False),
            ("Dagestan", "law_enforcers", None, 7, 4, False), ("Dagestan", "militants", None, 12, None, False),
            ("Ingushetia", "all", 0, 0, 0, False)])),
    "en two years in one sentence": (
        "2019-01-15",
        "In 2018, as compared to 2017, the number of victims of the armed conflict in the North Caucasus decreased "
        "from 175 to 82 people. Of them, 62 were killed and 20 were wounded.",
        ("year", "2018-01-01", "2018-12-31", [("North Caucasus", "all", 82, 62, 20, False)])),
    "en a quarter of one region, the police's own count beside": (
        "2016-10-12",
        "During the third quarter (Q3) of 2016, at least 56 people fell victim to the armed conflict in Dagestan: 45 "
        "were killed and 11 were wounded.\n\nAccording to the MIA, 60 people were killed in the republic.",
        ("quarter", "2016-07-01", "2016-09-30", [("Dagestan", "all", 56, 45, 11, True)])),
    "en a week in words": (
        "2016-09-20",
        "During the week of September 12-18, 2016, no victims of the armed conflict in the North Caucasus were "
        "registered.",
        ("week", "2016-09-12", "2016-09-18", [("North Caucasus", "all", 0, 0, 0, False)])),
    "ru quarter of the current year, published in January": (
        "2014-01-09",
        "Не менее 267 человек стали жертвами вооруженного конфликта на Северном Кавказе в четвертом квартале текущего "
        "года. Из них 152 человека были убиты, еще как минимум 115 человек получили ранения.",
        ("quarter", "2013-10-01", "2013-12-31", [("North Caucasus", "all", 267, 152, 115, True)])),
    "ru week, numbers in words": (
        "2014-04-15",
        "В ходе вооруженного конфликта на Северном Кавказе за неделю с 7 по 13 апреля 2014 года пострадали по меньшей "
        "мере шесть человек, в том числе трое погибли и трое получили ранения.",
        ("week", "2014-04-07", "2014-04-13", [("North Caucasus", "all", 6, 3, 3, True)])),
    "ru month, region, sides, столько же": (
        "2013-03-05",
        "По меньшей мере 65 человек стали жертвами вооруженного конфликта на Северном Кавказе в феврале 2013 года, из "
        "них 37 человек погибли, 28 получили ранения.\n\nЛидирует по числу жертв Чечня. За месяц там пострадали 20 "
        "человек, в том числе 10 убиты и столько же ранены. Погибли трое и получили ранения пять сотрудников силовых "
        "структур.\n\nДля сравнения, в январе 2013 года жертвами конфликта стали 62 человека.",
        ("month", "2013-02-01", "2013-02-28", [
            ("North Caucasus", "all", 65, 37, 28, True), ("Chechnya", "all", 20, 10, 10, False),
            ("Chechnya", "law_enforcers", None, 3, 5, False)])),
    "ru months named as a range, one region with nobody hurt": (
        "2016-07-04",
        "В течение апреля, мая и июня 2016 года на территории Северной Осетии не было жертв вооруженного "
        "противостояния.\n\nВ первом квартале 2016 года жертв конфликта в регионе также не было.",
        ("quarter", "2016-04-01", "2016-06-30", [("North Ossetia", "all", 0, 0, 0, False)])),
    "ru the district's sides as lists, the year as 'минувшего года'": (
        "2020-01-20",
        "Не менее 30 человек стали жертвами вооруженного конфликта на Северном Кавказе в четвертом квартале "
        "минувшего года. В частности, 22 человека были убиты, еще как минимум восемь получили ранения.\n\n"
        "В числе 22 убитых — 15 человек, причастных, по данным силовиков, к вооруженному подполью, пять сотрудников "
        "силовых структур и два гражданских лица.\n\nСреди восьми раненых — шесть сотрудников силовых структур и два "
        "гражданских лица.",
        ("quarter", "2019-10-01", "2019-12-31", [
            ("North Caucasus", "all", 30, 22, 8, True), ("North Caucasus", "militants", None, 15, None, False),
            ("North Caucasus", "law_enforcers", None, 5, 6, False),
            ("North Caucasus", "civilians", None, 2, 2, False)])),
    "en a quarter as three months, the region before the district": (
        "2019-07-05",
        "In April, May and June of 2019, in Ingushetia, two people fell victim to the armed conflict underway in the "
        "North Caucasus; two of them were killed.",
        ("quarter", "2019-04-01", "2019-06-30", [("Ingushetia", "all", 2, 2, None, False)])),
    "ru half a year": (
        "2011-07-10",
        "Не менее 353 человек стали жертвами вооруженного конфликта в Дагестане в первом полугодии 2011 года, из них "
        "203 погибли и 150 получили ранения.",
        ("half", "2011-01-01", "2011-06-30", [("Dagestan", "all", 353, 203, 150, True)])),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_trap_of_the_real_reports(name):
    published, text, (kind, start, end, expected) = CASES[name]
    report = read_casualties(None, text, f"{published}T12:00:00+03:00")
    assert report is not None, "a report"
    assert report["period"] == {"kind": kind, "start": start, "end": end}
    assert figures(report) == expected
    assert all(row["quote"] and row["quote"] in text.replace("столько же", "10") or row["quote"] for row in report["rows"])


# Traps of the real reports found while reading them against the samples (texts written here, in the site's
# conventions): (published, headline, text) → (period kind, start, end, rows), warnings
MORE_CASES = {
    'en last year, casualties as the killed, a death toll that includes the sides': (
        '2016-01-14', None,
        "Last year, at least 540 people fell victim to the armed conflict in the North Caucasus, "
        "including 300 casualties and 240 wounded persons. This is the count of the Caucasian Knot.\n\nThe "
        "death toll of 300 persons includes 150 casualties named as members of the armed underground, 100 "
        "employees of law enforcement bodies and 50 civilians.\n\nIn 2014, for comparison, 700 people fell "
        "victim to the conflict.",
        ('year', '2015-01-01', '2015-12-31', [
            ('North Caucasus', 'all', 540, 300, 240, True),
            ('North Caucasus', 'militants', None, 150, None, False),
            ('North Caucasus', 'law_enforcers', None, 100, None, False),
            ('North Caucasus', 'civilians', None, 50, None, False),
        ]), []),
    'en explosions under their own heading, and in a paragraph of their own': (
        '2014-07-10', None,
        "In the first half of 2014, at least 210 persons fell victim to the armed conflict in Dagestan: "
        "120 were killed and 90 wounded.\n\nExplosions and terror acts\n\nIn total, 70 persons were wounded, "
        "including 40 power agents and 30 civilians.\n\nLosses among power agents\n\nSince January, 35 "
        "employees of law enforcement bodies perished; and 50 others were wounded. Besides, 14 explosions "
        "were registered in the republic, which killed nine civilians. 12 civilians were wounded by the "
        "blasts.",
        ('half', '2014-01-01', '2014-06-30', [
            ('Dagestan', 'all', 210, 120, 90, True),
            ('Dagestan', 'law_enforcers', None, 35, 50, False),
        ]), []),
    "en regions named one after another in one sentence, a wrong year beside the report's months": (
        '2013-08-02', None,
        "During the first six months of 2013 no less than 300 persons became victims of armed "
        "confrontation in Northern Caucasus. Among them there are 180 killed and 120 wounded.\n\nThe first "
        "place from January to June, 2003, belongs to Dagestan with 150 victims, among them 90 killed and "
        "60 wounded persons. The second place is taken by Chechnya with 40 victims including 30 killed "
        "and 10 wounded, the third one by Ingushetia numbering 20 victims, among them 15 killed and 5 "
        "wounded.",
        ('half', '2013-01-01', '2013-06-30', [
            ('North Caucasus', 'all', 300, 180, 120, True),
            ('Dagestan', 'all', 150, 90, 60, False),
            ('Chechnya', 'all', 40, 30, 10, False),
            ('Ingushetia', 'all', 20, 15, 5, False),
        ]), []),
    'en a week with nobody wounded, its dead listed by region, its chronicle under headings': (
        '2015-03-10', None,
        "During the week of March 2-8, 2015, at least four persons were killed in the armed conflict in "
        "Northern Caucasus. No wounded were reported.\n\nThe death toll includes a law enforcer and a "
        "civilian in Dagestan, and two suspected members of the armed underground in Chechnya.\n\nSpecial "
        "operations\n\nOn March 4, in the Kurchaloi District, two suspected militants were killed; three "
        "others were detained.",
        ('week', '2015-03-02', '2015-03-08', [
            ('North Caucasus', 'all', 4, 4, 0, True),
            ('Dagestan', 'law_enforcers', None, 1, None, False),
            ('Dagestan', 'civilians', None, 1, None, False),
            ('Chechnya', 'militants', None, 2, None, False),
        ]), []),
    'en a year typo in a week, corrected by the publication date': (
        '2017-01-16', None,
        "During the week of January 9-15, 2016, five persons were killed in the armed conflict in "
        "Northern Caucasus. No wounded were reported.",
        ('week', '2017-01-09', '2017-01-15', [
            ('North Caucasus', 'all', 5, 5, 0, False),
        ]), ['casualties: the text says 2016, published 2017-01-16: read as 2017']),
    'en detained are no casualties, a headline that gives the total': (
        '2012-07-20', "Dagestan: at least 250 persons lost and injured during the first half of 2012",
        "At least 150 lost and 100 injured from January 1 to June 30, 2012, – these are the figures of "
        "the ongoing armed conflict in Dagestan, as counted by the Caucasian Knot.\n\nIn 2012 in Dagestan, "
        "at least 60 persons were detained on suspicion of involvement in the armed underground; 70 "
        "suspected militants were liquidated.",
        ('half', '2012-01-01', '2012-06-30', [
            ('Dagestan', 'all', 250, 150, 100, True),
            ('Dagestan', 'militants', None, 70, None, False),
        ]), []),
    'ru the total by region in a sentence of its own, killed only in the headline': (
        '2021-10-12', "В III квартале 2021 года в ходе вооруженного конфликта на Северном Кавказе погибли 4 человека",
        "Не менее 4 человек пострадали во время вооруженного конфликта на Северном Кавказе с 1 июля по 30 "
        "сентября 2021 года. Двое – в Чечне, двое – в Дагестане. Таковы итоги подсчетов «Кавказского "
        "узла».\n\n14 августа в Грозном были убиты двое мужчин, напавших на полицейских.",
        ('quarter', '2021-07-01', '2021-09-30', [
            ('North Caucasus', 'all', 4, 4, None, True),
            ('Chechnya', 'all', 2, None, None, False),
            ('Dagestan', 'all', 2, None, None, False),
        ]), []),
    'ru all of the wounded are one side, five of them another': (
        '2019-01-20', None,
        "Не менее 25 человек стали жертвами вооруженного конфликта на Северном Кавказе в течение "
        "четвертого квартала минувшего года. В частности, 20 человек были убиты, еще как минимум пять "
        "получили ранения.\n\nВсе пять раненых - сотрудники силовых структур.\n\nВ Дагестане в четвертом "
        "квартале 2018 года погибли семь человек — пять из них, по данным правоохранительных органов, "
        "были боевиками.",
        ('quarter', '2018-10-01', '2018-12-31', [
            ('North Caucasus', 'all', 25, 20, 5, True),
            ('North Caucasus', 'law_enforcers', None, None, 5, False),
            ('Dagestan', 'all', None, 7, None, False),
            ('Dagestan', 'militants', None, 5, None, False),
        ]), []),
    'ru a paragraph that turns to the months of the quarter': (
        '2012-07-15', None,
        "На территории Ингушетии за апрель, май и июнь 2012 года жертвами продолжающегося на Северном "
        "Кавказе вооруженного конфликта стали не менее 20 человек, из которых 12 человек погибли и 8 "
        "получили ранения.\n\nВ числе погибших – трое сотрудников силовых структур и девять лиц, "
        "причастных, по данным правоохранительных органов, к вооруженному подполью.\n\nПри этом в июне в "
        "республике жертвами вооруженного конфликта стали шесть человек – трое убиты и столько же ранены. "
        "В мае было 10 жертв – семь убитых и трое раненых.",
        ('quarter', '2012-04-01', '2012-06-30', [
            ('Ingushetia', 'all', 20, 12, 8, True),
            ('Ingushetia', 'law_enforcers', None, 3, None, False),
            ('Ingushetia', 'militants', None, 9, None, False),
        ]), []),
    'ru no information of victims, in any region': (
        '2022-02-03', None,
        "В январе 2022 года в ходе продолжающегося вооруженного конфликта на Северном Кавказе информации "
        "о жертвах и пострадавших не поступало. Таковы итоги подсчетов «Кавказского узла».\n\nНи в одном из "
        "регионов Северного Кавказа, к которым относятся Дагестан, Ингушетия, Кабардино-Балкария, "
        "Карачаево-Черкесия, Северная Осетия – Алания, Ставропольский край и Чечня, ни вооруженных "
        "инцидентов, ни жертв вооруженного конфликта в январе 2022 года не зафиксировано.",
        ('month', '2022-01-01', '2022-01-31', [
            ('North Caucasus', 'all', 0, 0, 0, False),
            ('Chechnya', 'all', 0, 0, 0, False),
            ('Dagestan', 'all', 0, 0, 0, False),
            ('Ingushetia', 'all', 0, 0, 0, False),
            ('Kabardino-Balkaria', 'all', 0, 0, 0, False),
            ('Karachay-Cherkessia', 'all', 0, 0, 0, False),
            ('North Ossetia', 'all', 0, 0, 0, False),
            ('Stavropol Territory', 'all', 0, 0, 0, False),
        ]), []),
    "en nobody in the quarter; the quarter before and the year before, under a heading of its own": (
        "2019-10-20", None,
        "In July, August and September 2019, in Karachay-Cherkessia, no one fell victim to the ongoing armed "
        "conflict. This is the count of the Caucasian Knot.\n\n"
        "In the second quarter of 2019, three persons fell victim to the armed conflict. Of them, two were killed and "
        "one law enforcer was wounded.\n\n"
        "January-December 2018\n\n"
        "In 2018, five armed incidents were registered, and seven persons fell victim. Of them, four were killed.",
        ("quarter", "2019-07-01", "2019-09-30", [
            ("Karachay-Cherkessia", "all", 0, 0, 0, False),
        ]), []),
    'ru a figure corrected later in the same sentence': (
        '2015-01-27', None,
        "В 2014 году жертвами вооруженного конфликта в Ингушетии стали не менее 75 человек, из них 40 "
        "человек погибли и 35 получили ранения (Дополнение 28.01.2015: по уточненным данным, общее число "
        "жертв конфликта в Ингушетии - 73 человека, 40 убиты, 33 ранены). Таковы итоги подсчетов "
        "«Кавказского узла».",
        ('year', '2014-01-01', '2014-12-31', [
            ('Ingushetia', 'all', 73, 40, 33, True),
        ]), ['casualties: corrected in the text: victims 75 → 73', 'casualties: corrected in the text: wounded 35 → 33']),
    'ru all the victims were killed, nobody wounded, no civilians among the dead': (
        '2018-07-09', None,
        "Жертвами вооруженного конфликта в Чечне с 1 апреля по 30 июня 2018 года стали не менее шести "
        "человек. Таковы подсчеты «Кавказского узла».\n\nВсе жертвы - убиты, раненых нет. В числе убитых – "
        "5 человек, причастных, по сведениям правоохранительных органов, к незаконным вооруженным "
        "формированиям; и 1 силовик. Погибших среди гражданского населения в этот период не было.",
        ('quarter', '2018-04-01', '2018-06-30', [
            ('Chechnya', 'all', 6, 6, 0, True),
            ('Chechnya', 'militants', None, 5, None, False),
            ('Chechnya', 'law_enforcers', None, 1, None, False),
            ('Chechnya', 'civilians', None, 0, None, False),
        ]), []),
    "en killed and wounded in brackets after each region's victims": (
        '2015-01-30', None,
        "In 2014, the number of victims of the armed conflict in Northern Caucasus decreased as compared "
        "to 2013 by 300 people. The death toll went down from 500 in 2013 to 340 in 2014; the number of "
        "wounded persons – from 450 to 180.\n\nLast year, Ingushetia had 30 victims of the armed conflict: "
        "20 killed and 10 wounded persons; Stavropol Territory – 11 victims (10 + 1, accordingly); "
        "Karachay-Cherkessia – 3 victims (2 + 1); and North Ossetia lost two killed people.",
        ('year', '2014-01-01', '2014-12-31', [
            ('North Caucasus', 'all', None, 340, 180, False),
            ('Ingushetia', 'all', 30, 20, 10, False),
            ('Stavropol Territory', 'all', 11, 10, 1, False),
            ('Karachay-Cherkessia', 'all', 3, 2, 1, False),
            ('North Ossetia', 'all', None, 2, None, False),
        ]), []),
    "ru 'один гражданский' in a list, 'в их числе', the armed incidents a subset": (
        '2013-10-14', None,
        "На территории Чеченской республики за июль, август и сентябрь 2013 года жертвами продолжающегося "
        "на Северном Кавказе вооруженного конфликта стали не менее 40 человек, в их числе 22 убитых и 18 "
        "раненых.\n\nВ числе погибших – один гражданский, 12 сотрудников силовых структур и 9 лиц, "
        "причастных, по данным правоохранительных органов, к вооруженному подполью.\n\nИюль – сентябрь 2013 "
        "г.\n\nЗа квартал в республике отмечено 5 вооруженных инцидентов, в ходе которых пострадали 30 "
        "человек, из которых 17 погибли. Среди погибших – 7 предполагаемых участников НВФ и 10 силовиков.",
        ('quarter', '2013-07-01', '2013-09-30', [
            ('Chechnya', 'all', 40, 22, 18, True),
            ('Chechnya', 'civilians', None, 1, None, False),
            ('Chechnya', 'law_enforcers', None, 12, None, False),
            ('Chechnya', 'militants', None, 9, None, False),
        ]), []),
    "en the year's armed incidents are all its victims; he was killed; from among those involved": (
        '2019-02-01', None,
        "Last year, in Karachay-Cherkessia, one person fell victim to the ongoing armed conflict: he was "
        "killed. This is the count of the Caucasian Knot.\n\nArmed incidents\n\nJanuary-December 2018\n\nIn "
        "2018, in Karachay-Cherkessia, 1 armed incident was registered, to which 1 person fell victim, "
        "including 1 killed suspected militant.\n\nJanuary-December 2017\n\nIn 2017, three armed incidents "
        "were registered, to which 5 persons fell victim.",
        ('year', '2018-01-01', '2018-12-31', [
            ('Karachay-Cherkessia', 'all', 1, 1, None, False),
            ('Karachay-Cherkessia', 'militants', None, 1, None, False),
        ]), []),
    'en sides named after the verb, and by who reports them': (
        '2013-01-21', None,
        "In 2012, Karachay-Cherkessia had at least 20 victims of the armed conflict; of whom 12 persons "
        "were killed and 8 more were wounded.\n\nLosses of power agents and the underground\n\nIn 2012, at "
        "least 7 persons were killed from among those, involved, under reports of law-enforcement bodies, "
        "in the armed underground; one more was wounded at detention. In 2012, among the members of power "
        "agencies of the republic, at least 5 persons were lost and other 6 were wounded.",
        ('year', '2012-01-01', '2012-12-31', [
            ('Karachay-Cherkessia', 'all', 20, 12, 8, True),
            ('Karachay-Cherkessia', 'militants', None, 7, 1, True),
            ('Karachay-Cherkessia', 'law_enforcers', None, 5, 6, True),
        ]), []),
    "ru a region in its adjective form, the quarter as two dates": (
        "2016-04-12", None,
        "На территории Карачаево-Черкесской Республики с 1 января по 31 марта 2016 года было зафиксировано пять жертв "
        "продолжающегося вооруженного конфликта. Таковы данные «Кавказского узла».",
        ("quarter", "2016-01-01", "2016-03-31", [
            ("Karachay-Cherkessia", "all", 5, None, None, False),
        ]), []),
    "ru 'столько же' after a number in words": (
        "2015-06-08", None,
        "Не менее 10 человек стали жертвами вооруженного конфликта в Дагестане в мае 2015 года, из них пятеро погибли, "
        "столько же получили ранения.",
        ("month", "2015-05-01", "2015-05-31", [
            ("Dagestan", "all", 10, 5, 5, True),
        ]), []),
    "en the losses of a side 'made' N persons, the side named after 'among'": (
        "2014-01-20", None,
        "In 2013, in the Chechen Republic, at least 120 persons suffered from the armed conflict ongoing in Northern "
        "Caucasus; of whom at least 60 persons were killed and 60 more were wounded.\n\n"
        "Losses of power agents and the underground\n\n"
        "In Chechnya in 2013, losses among the members of the armed underground, according to the data of the "
        "Caucasian Knot, made 25 persons, and one more person was wounded.",
        ("year", "2013-01-01", "2013-12-31", [
            ("Chechnya", "all", 120, 60, 60, True),
            ("Chechnya", "militants", None, 25, 1, False),
        ]), []),
    "en 'the conflict' under an armed-conflict headline; the sides of an armed-incidents part are a subset's": (
        "2020-02-05", "Ingushetia: in 2019, count of victims of armed conflict grew by a quarter",
        'In 2019, at least 30 people fell victim to the conflict in Ingushetia. These are the results of the '
        'calculations run by the "Caucasian Knot".\n\nArmed incidents\n\nJanuary-December 2019\n\nIn 2019, '
        "Ingushetia registered 9 armed incidents, during which 27 people suffered: 20 perished and 7 were wounded."
        "\n\nThe death toll includes 15 alleged militants and 5 law enforcers; 7 law enforcers were wounded.",
        ("year", "2019-01-01", "2019-12-31", [
            ("Ingushetia", "all", 30, None, None, True),
        ]), []),
    "en losses of a side that 'reached' a number, eleven months from January": (
        "2013-12-05", None,
        'During 11 months of 2013, from January 1 to November 30, 90 persons, including 50 killed and 40 wounded, '
        'became the victims of the armed conflict in Ingushetia, as calculated by the "Caucasian Knot".\n\nLosses of '
        "power agents and underground\n\nFor 11 months of 2013, losses of the armed underground in Ingushetia "
        "reached 30 persons. Besides, at least 12 persons involved in the underground were detained.",
        ("other", "2013-01-01", "2013-11-30", [
            ("Ingushetia", "all", 90, 50, 40, False),
            ("Ingushetia", "militants", None, 30, None, False),
        ]), []),
    "ru a region named as the exception is not the scope; the opening gives no figure, the next paragraph does": (
        "2015-01-31", "Единственным регионом СКФО с ростом числа жертв конфликта в 2014 году стала Чечня",
        "Подведены итоги вооруженного конфликта на Северном Кавказе в 2014 году: число жертв уменьшилось во всех "
        "регионах, за исключением Чечни. Итоги подсчетов «Кавказский узел» опубликовал в разделе статистики.\n\n"
        "Жертвами вооруженного конфликта в СКФО в 2014 году стали 500 человек, из них 300 погибли и 200 были ранены."
        "\n\nОбщее число жертв среди гражданского населения СКФО в 2014 году составило 50 человек, в том числе 30 "
        "погибли и 20 были ранены.",
        ("year", "2014-01-01", "2014-12-31", [
            ("North Caucasus", "all", 500, 300, 200, False),
            ("North Caucasus", "civilians", 50, 30, 20, False),
        ]), []),
    "ru the one victim named by an apposition: killed, and his side": (
        "2012-10-16", "В Карачаево-Черкесии жертвой вооруженного конфликта за третий квартал 2012 года стал один человек",
        "На территории Карачаево-Черкесии за июль, август и сентябрь 2012 года жертвой вооруженного конфликта стал как "
        "минимум один человек – погибший полицейский. Таковы итоги подсчетов «Кавказского узла».",
        ("quarter", "2012-07-01", "2012-09-30", [
            ("Karachay-Cherkessia", "all", 1, 1, None, True),
            ("Karachay-Cherkessia", "law_enforcers", None, 1, None, True),
        ]), []),
    "ru an age is no figure; a later statement of the investigators or the authorities is their count": (
        "2024-07-05", "Жертвами вооруженного конфликта на Северном Кавказе в июне стали 30 человек",
        "В июне в ходе вооруженного конфликта на Северном Кавказе погибли 30 человек. Таковы итоги подсчетов "
        "«Кавказского узла». В Дагестане погибли восемь силовиков и двое гражданских.\n\nТело 26-летнего сотрудника "
        "полиции с огнестрельными ранениями было найдено 20 июня. Власти Дагестана сначала сообщили, что погибли 15 "
        "силовиков. 24 июня следком заявил, что из гражданских погибли четыре человека.",
        ("month", "2024-06-01", "2024-06-30", [
            ("North Caucasus", "all", 30, 30, None, False),
            ("Dagestan", "law_enforcers", None, 8, None, False),
            ("Dagestan", "civilians", None, 2, None, False),
        ]), []),
    "en the side of the killed in the next sentence: They were suspected members of IAFs": (
        "2019-01-20", "In 2018, four persons fell victim to armed conflict in Kabardino-Balkaria",
        "In 2018, in Kabardino-Balkaria, at least 4 people fell victims to the armed conflict in Northern Caucasus. "
        'These are the results of the calculations run by the "Caucasian Knot".\n\nIn 2018, in Kabardino-Balkaria, '
        "two armed incidents were reported, and four people were killed in them. They were suspected members of "
        "illegal armed formations (IAFs).",
        ("year", "2018-01-01", "2018-12-31", [
            ("Kabardino-Balkaria", "all", 4, None, None, True),
            ("Kabardino-Balkaria", "militants", None, 4, None, False),
        ]), []),
}


@pytest.mark.parametrize("name", sorted(MORE_CASES))
def test_each_trap_found_in_the_real_reports(name):
    published, headline, text, (kind, start, end, expected), warnings = MORE_CASES[name]
    report = read_casualties(headline, text, f"{published}T12:00:00+03:00")
    assert report is not None, "a report"
    assert report["period"] == {"kind": kind, "start": start, "end": end}
    assert figures(report) == expected
    assert report["warnings"] == warnings


def test_an_ordinary_article_with_a_figure_is_not_a_report():
    for text in ("Two police officers were wounded in a shootout in Nazran, the MIA reported.",
                 "A resident of Nalchik who fell victim to the armed conflict in 2004 asked the court for compensation.",
                 "В Махачкале в результате обстрела погибли двое полицейских, сообщили в МВД."):
        assert read_casualties("Shootout", text, "2020-01-01T10:00:00+03:00") is None, text
    # a count long past (a court case about 2000), and another conflict's count
    for published, text in (
            ("2019-03-01", "В 2000 году жертвами вооруженного конфликта в Чечне стали двое родственников заявительницы, "
                           "сообщила ее адвокат. Суд рассмотрит жалобу в мае."),
            ("2021-01-10", "At the end of September 2020, the armed conflict between Azerbaijan and Armenia started "
                           "again, the Caucasian Knot reports. About 3,000 servicemen were killed, 160 civilians were "
                           "wounded.")):
        assert read_casualties("News", text, f"{published}T10:00:00+03:00") is None, text


def test_figures_that_do_not_add_up_are_kept_and_flagged():
    report = read_casualties(
        "30 people fell victim to the armed conflict in Northern Caucasus in May 2015",
        "In May 2015, at least 28 people fell victim to the armed conflict in the North Caucasus: 20 of them were "
        "killed and 5 were wounded.", "2015-06-02T10:00:00+03:00")
    assert figures(report) == [("North Caucasus", "all", 28, 20, 5, True)], "the site's figures as stated"
    assert any("20 + wounded 5 != victims 28" in w for w in report["warnings"])
    assert any("the headline says 30, the text 28" in w for w in report["warnings"])


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    root = tmp_path_factory.mktemp("casualties")
    english, russian = DemoArchive(seed=5, articles=160), DemoArchive(seed=5, articles=160, lang="ru")
    with DemoServer(english, port=0, russian=russian) as server:
        db = root / "k.db"
        crawl(server.url("en"), db, "--lang", "all", "--ru-base-url", server.url("ru"), "--mode", "full", check=True)
    return db, english, russian


def test_the_demo_reports_are_stored_as_their_manifest_says(crawled):
    db, english, russian = crawled
    checked = 0
    for archive in (english, russian):
        expected = {i: archive.article(i).casualties for i in archive.live_ids if archive.article(i).casualties}
        assert len(expected) >= 5, "the demo publishes reports in both languages"
        lang = archive.lang
        for article_id, report in expected.items():
            stored = rows(db, "select region, side, victims, killed, wounded, at_least, period_kind, period_start, "
                              "period_end from casualties where lang = ? and article_id = ? order by rowid",
                          lang, article_id)
            assert [(r["region"], r["side"], r["victims"], r["killed"], r["wounded"], bool(r["at_least"]))
                    for r in stored] == figures(report), (lang, article_id)
            assert {(r["period_kind"], r["period_start"], r["period_end"]) for r in stored} == {
                (report["period"]["kind"], report["period"]["start"], report["period"]["end"])}
            checked += 1
        listed = ",".join(map(str, expected))
        ordinary = rows(db, f"select count(*) n from casualties where lang = ? and article_id not in ({listed})",
                        lang)[0]["n"]
        assert ordinary == 0, "no ordinary article read as a report"
    assert checked >= 10


def test_kavkaz_casualties_prints_the_series_in_every_format(crawled, tmp_path):
    db = crawled[0]

    def run(*args):
        return subprocess.run([sys.executable, "-m", "crawler", "casualties", "--db", str(db), *args],
                              capture_output=True, text=True, timeout=120)

    table = run("--by", "year")
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[0].split() == ["bucket", "region", "side", "killed", "wounded", "victims",
                                                    "reports", "site_killed", "difference"]
    assert "North Caucasus" in table.stdout
    sheet = run("--format", "csv", "--by", "month", "--side", "all")
    parsed = list(csv.DictReader(io.StringIO(sheet.stdout)))
    assert parsed and {row["side"] for row in parsed} == {"all"} and all(row["bucket"][4] == "-" for row in parsed)
    data = json.loads(run("--format", "json", "--region", "north caucasus").stdout)
    monthly = rows(db, "select sum(killed) k from casualty_series where region = 'North Caucasus' and side = 'all'")
    assert sum(row["killed"] or 0 for row in data if row["side"] == "all") == monthly[0]["k"]
    chart = tmp_path / "c.png"
    assert run("--plot", str(chart)).returncode == 0 and chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = run("--since", "20200101")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


def test_english_and_russian_reports_of_one_month_join_in_the_series(crawled):
    db = crawled[0]
    joined = rows(db, "select count(*) n from casualty_series where langs like '%en%' and langs like '%ru%'")[0]["n"]
    months = rows(db, "select count(*) n from (select period_start from casualties group by period_start "
                      "having count(distinct lang) = 2)")[0]["n"]
    assert months == 0 or joined > 0, "a month reported in both languages is one row of the series"
    assert rows(db, "select count(*) n from casualty_series where disputed")[0]["n"] == 0
    assert rows(db, "select count(*) n from casualties_datasets")[0]["n"] > 0
