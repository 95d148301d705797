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


def test_an_ordinary_article_with_a_figure_is_not_a_report():
    for text in ("Two police officers were wounded in a shootout in Nazran, the MIA reported.",
                 "A resident of Nalchik who fell victim to the armed conflict in 2004 asked the court for compensation.",
                 "В Махачкале в результате обстрела погибли двое полицейских, сообщили в МВД."):
        assert read_casualties("Shootout", text, "2020-01-01T10:00:00+03:00") is None, text


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
