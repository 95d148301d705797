"""For analysts: stats, search, export and serve on a database built by crawling the demo archive."""

from __future__ import annotations

import csv
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from crawler.demo.archive import DemoArchive
from crawler.demo.manifest import live_articles
from crawler.demo.server import DemoServer, free_port
from crawler.store import Store
from tests.crawling import crawl, rows

pytestmark = pytest.mark.slow
RUSSIAN = {"kind": "article", "url": "https://www.kavkaz-uzel.eu/articles/420230", "article_id": 420230, "lang": "ru",
           "headline": "Обломки беспилотника упали на территорию школы на Кубани",
           "lead": "В станице Федоровской обломки БПЛА упали на территорию школы.",
           "body": "В станице Федоровской обломки БПЛА упали на территорию школы.\n\nСуд в Махачкале оставил активиста под арестом.",
           "published_at": "2026-01-25T14:10:00+03:00", "authors": [], "labels": []}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    root = tmp_path_factory.mktemp("analysis")
    archive = DemoArchive(seed=23, articles=200)
    manifest = root / "m.jsonl"
    archive.write_manifest(manifest)
    with DemoServer(archive, port=0) as server:
        crawl(server.base_url, root / "k.db", check=True)
    with Store(root / "k.db") as store:
        store.write_articles([RUSSIAN])
    return root / "k.db", live_articles(manifest)


def kavkaz(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crawler", *args], capture_output=True, text=True, timeout=timeout)


def test_stats_agree_with_the_manifest(crawled, tmp_path):
    db, truth = crawled
    result = kavkaz("stats", "--db", str(db), "--json", "--plot", str(tmp_path / "plot.png"))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["articles"] == len(truth) + 1
    assert {r["lang"]: r["articles"] for r in report["per_language"]} == {"en": len(truth), "ru": 1}
    years = {}
    for record in truth.values():
        years[record["published_at"][:4]] = years.get(record["published_at"][:4], 0) + 1
    assert {r["year"]: r["articles"] for r in report["per_year"] if r["lang"] == "en"} == years
    text = kavkaz("stats", "--db", str(db)).stdout
    months = {r["published_at"][:7] for r in truth.values()}
    assert "Per month" in text and all(month in text for month in months), "the month table"
    authors = {}
    for record in truth.values():
        for name in record["authors"]:
            authors[name] = authors.get(name, 0) + 1
    assert report["top_authors"][0]["articles"] == max(authors.values())
    types = {}
    for record in truth.values():
        for label in record["labels"]:
            types[label["type"]] = types.get(label["type"], 0) + 1
    assert {r["type"]: r["labels"] for r in report["label_types"]} == types
    assert report["runs"][0]["status"] == "finished"
    assert (tmp_path / "plot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = kavkaz("stats", "--db", str(db))
    assert table.returncode == 0 and "Top authors" in table.stdout and "Label types" in table.stdout


def test_search_finds_known_phrases_and_ranks_the_exact_match_first(crawled):
    db, truth = crawled
    target = next(r for r in truth.values() if len(r["headline"].split()) >= 5)
    phrase = " ".join(re.findall(r"\w+", target["headline"])[:5])
    result = kavkaz("search", f'"{phrase}"', "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found and found[0]["exact"] == 1
    assert target["article_id"] in {r["article_id"] for r in found if r["exact"]}
    russian = json.loads(kavkaz("search", "Махачкале", "--db", str(db), "--json").stdout)
    assert [r["article_id"] for r in russian] == [420230]
    labelled = json.loads(kavkaz("search", "court", "--db", str(db), "--label", "foreign_agent", "--json").stdout)
    with_label = {i for i, r in truth.items() if any(lb["type"] == "foreign_agent" for lb in r["labels"])}
    assert {r["article_id"] for r in labelled} <= with_label


def test_search_pages_filters_by_language_and_counts_the_matches(crawled):
    db = crawled[0]
    first = kavkaz("search", "court", "--db", str(db), "--limit", "3", "--json")
    counted = re.search(r"of (\d+) results?", first.stderr)
    assert counted, first.stderr
    total = int(counted.group(1))
    assert total > 3 and "1-3 of" in first.stderr
    page_one = [r["article_id"] for r in json.loads(first.stdout)]
    second = kavkaz("search", "court", "--db", str(db), "--limit", "3", "--offset", "3", "--json", "--lang", "en")
    page_two = [r["article_id"] for r in json.loads(second.stdout)]
    assert page_two and not set(page_one) & set(page_two), "the next page"
    assert all("\n" not in r["snippet"] for r in json.loads(second.stdout)), "one-line snippets"
    russian = kavkaz("search", "court", "--db", str(db), "--lang", "ru", "--json")
    assert all(r["lang"] == "ru" for r in json.loads(russian.stdout))


@pytest.mark.parametrize("query, code", [('"unbalanced', 2), ("AND OR", 0), ("NEAR(", 0), ("*", 2),
                                         ("court*", 0), ("^ - :", 2)])
def test_malformed_queries_never_crash(crawled, query, code):
    result = kavkaz("search", query, "--db", str(crawled[0]))
    assert result.returncode == code, result.stderr
    if code:
        assert len(result.stderr.strip().splitlines()) == 1


def test_exports_round_trip_with_their_types(crawled, tmp_path):
    """Each format read back by its own reader: Parquet timestamps in Moscow time and UTC, lists as lists, labels
    as structs; JSON Lines arrays and objects; CSV with a header, lists joined."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    db, truth = crawled
    table = {(r["lang"], r["article_id"]): r for r in rows(db, "select * from articles")}
    exported = {}
    for fmt in ("csv", "jsonl", "parquet"):
        out = tmp_path / f"articles.{fmt}"
        result = kavkaz("export", "--format", fmt, "--db", str(db), "--out", str(out))
        assert result.returncode == 0, result.stderr
        if fmt == "csv":
            with open(out, newline="", encoding="utf-8") as handle:
                exported[fmt] = list(csv.DictReader(handle))
        elif fmt == "jsonl":
            exported[fmt] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        else:
            parquet = pq.read_table(out)
            assert parquet.schema.field("published_at").type == pa.timestamp("us", tz="Europe/Moscow")
            assert parquet.schema.field("published_at_utc").type == pa.timestamp("us", tz="UTC")
            assert parquet.schema.field("authors").type == pa.list_(pa.string())
            assert pa.types.is_struct(parquet.schema.field("labels").type.value_type)
            exported[fmt] = parquet.to_pylist()
        assert len(exported[fmt]) == len(table)
    for csv_row, json_row, parquet_row in zip(*exported.values(), strict=True):
        stored = table[(json_row["lang"], json_row["article_id"])]
        authors = json.loads(stored["authors"])
        assert json_row["authors"] == parquet_row["authors"] == authors, "a list, empty or not"
        assert csv_row["authors"] == "; ".join(authors)
        assert json_row["published_at"] == csv_row["published_at"] == stored["published_at"]
        moment = parquet_row["published_at"]
        assert moment.isoformat() == stored["published_at"], "the Moscow offset of that date, kept"
        assert parquet_row["published_at_utc"] == moment and parquet_row["published_at_utc"].utcoffset().seconds == 0
        labels = json.loads(stored["labels"])
        assert [x["entity"] for x in parquet_row["labels"]] == [x["entity"] for x in json_row["labels"]] == \
            [x["entity"] for x in labels]
        assert parquet_row["label_types"] == sorted({x["type"] for x in labels})
        for name in ("rubrics", "regions", "warnings"):
            assert json_row[name] == parquet_row[name] == json.loads(stored[name] or "[]")
        assert json_row["source"] == parquet_row["source"] == stored["source"], "null stays null"
        assert "original_article_id" in json_row and "casualties" in json_row
    import pandas as pd  # as an analyst reads them: datetime columns with the offset, list columns

    frame = pd.read_parquet(tmp_path / "articles.parquet")
    assert str(frame["published_at"].dtype) == "datetime64[us, Europe/Moscow]"
    assert str(frame["published_at_utc"].dtype) == "datetime64[us, UTC]"
    assert all(len(value) == len(json.loads(table[(lang, aid)]["authors"])) for value, lang, aid in
               zip(frame["authors"], frame["lang"], frame["article_id"], strict=True)), "authors a list per row"
    lines = pd.read_json(tmp_path / "articles.jsonl", lines=True)
    assert all(isinstance(value, list) for value in lines["authors"])
    since = kavkaz("export", "--format", "jsonl", "--db", str(db), "--since", "2025-01-01")
    dates = [json.loads(line)["published_at"] for line in since.stdout.splitlines()]
    assert dates and all(d >= "2025-01-01" for d in dates)


def test_export_filters_columns_and_a_csv_a_spreadsheet_reads(crawled, tmp_path):
    db, _ = crawled
    out = tmp_path / "ru.csv"
    result = kavkaz("export", "--format", "csv", "--db", str(db), "--out", str(out), "--lang", "ru", "--excel",
                    "--delimiter", ";", "--columns", "article_id,headline,authors")
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfarticle_id;headline;authors\r\n"), data[:60]
    text = data.decode("utf-8-sig")
    assert "Кавказ" in text or any("\u0400" <= ch <= "\u04ff" for ch in text), "Cyrillic as UTF-8"
    assert len(list(csv.reader(text.splitlines(), delimiter=";"))) == 1 + rows(
        db, "select count(*) n from articles where lang = 'ru'")[0]["n"]
    where = kavkaz("export", "--format", "jsonl", "--db", str(db), "--where", "source = 'CK correspondent'",
                   "--columns", "source")
    assert where.returncode == 0 and where.stdout
    assert {json.loads(line)["source"] for line in where.stdout.splitlines()} == {"CK correspondent"}
    for bad in (["--columns", "headline,nonsense"], ["--where", "no_such_column = 1"],
                ["--where", "1); drop table articles; --"], ["--excel", "--format", "jsonl"]):
        refused = kavkaz("export", "--format", "csv", "--db", str(db), *bad)
        assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1, (bad, refused.stderr)
    assert rows(db, "select count(*) n from articles")[0]["n"] > 0, "a --where never writes"


def test_serve_answers_read_only_and_shows_the_tables(crawled, tmp_path):
    db = tmp_path / "serve.db"
    shutil.copy(crawled[0], db)
    before = db.read_bytes()
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "crawler", "serve", "--db", str(db), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                page = urllib.request.urlopen(f"{base}/serve", timeout=2).read().decode()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        else:
            raise AssertionError(process.stderr.read() if process.poll() is not None else "serve did not answer")
        for table in ("articles", "labels", "authors", "runs", "failures"):
            assert table in page
        queries = urllib.request.urlopen(f"{base}/serve/foreign_agent_mentions.json?_shape=array").read()
        assert isinstance(json.loads(queries), list)
        table = json.loads(urllib.request.urlopen(f"{base}/serve/articles.json?_size=1").read())
        facets = table.get("facet_results", {})
        facets = facets.get("results", facets)  # the shape differs across Datasette versions
        authors = facets["authors"]["results"]
        assert authors and all(isinstance(item["value"], str) for item in authors), "authors faceted one by one"
        dated = json.loads(urllib.request.urlopen(f"{base}/serve/article_facets.json?_size=1").read())
        dated_facets = dated.get("facet_results", {})
        dated_facets = dated_facets.get("results", dated_facets)
        years = [item["value"] for item in dated_facets["year"]["results"]]
        assert years and all(re.fullmatch(r"\d{4}", str(y)) for y in years), "dates facet by year, not by day"
        assert all(re.fullmatch(r"\d{4}-\d{2}", str(item["value"])) for item in dated_facets["month"]["results"])
        label_types = [item["value"] for item in dated_facets["label_types"]["results"]]
        assert "foreign_agent" in label_types and all("," not in t for t in label_types), "one facet value a type"
        chart = urllib.request.urlopen(f"{base}/serve/articles_per_month.svg")
        assert chart.headers["Content-Type"].startswith("image/svg+xml")
        svg = chart.read().decode()
        assert svg.count('class="series"') == 2 and 'data-series="en"' in svg and 'data-series="ru"' in svg
        months = re.findall(r'text-anchor="middle">(\d{4}-\d{2})<', svg)
        assert months == sorted(months) and len(months) >= 2, "the time axis only goes forward"
        casualties = urllib.request.urlopen(f"{base}/serve/casualties_per_year.svg?_y=wounded").read().decode()
        assert "wounded by year" in casualties and 'class="series"' in casualties
        for query in ("courts", "суда", "court hearing"):  # the browser's search is kavkaz search
            searched = json.loads(kavkaz("search", query, "--db", str(db), "--limit", "1000", "--json").stdout)
            quoted = urllib.parse.quote(query)
            boxed = json.loads(urllib.request.urlopen(
                f"{base}/serve/articles.json?_search={quoted}&_shape=array&_size=max&_col=article_id").read())
            assert {(r["lang"], r["article_id"]) for r in boxed} == {(r["lang"], r["article_id"]) for r in searched}
            ranked = json.loads(urllib.request.urlopen(
                f"{base}/serve/search.json?q={quoted}&lang=&_shape=array").read())
            assert [r["article_id"] for r in ranked[:20]] == [r["article_id"] for r in searched[:20]], query
        assert json.loads(kavkaz("search", "courts", "--db", str(db), "--json").stdout), "the test searched something"
        write = urllib.parse.quote("delete from articles")
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{base}/serve.json?sql={write}")
        post = urllib.request.Request(f"{base}/serve/articles/-/insert", data=b'{"row": {}}', method="POST",
                                      headers={"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(post)
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert process.returncode == 0
    assert db.read_bytes() == before, "serve never writes"
    with socket.socket() as probe:  # SIGTERM stopped Datasette too: nothing listens on the port any more
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT of our own requests is fine
        probe.bind(("127.0.0.1", port))


@pytest.mark.browser
@pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("chromium-browser")),
                    reason="no Chromium here (apt-get install chromium to run the browser check)")
def test_serve_in_a_browser(crawled, tmp_path):
    db = tmp_path / "b.db"
    shutil.copy(crawled[0], db)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "crawler", "serve", "--db", str(db), "--port", str(port)])
    try:
        time.sleep(3)
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")

        def page(path: str) -> str:  # the DOM as the browser built it
            return subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                                   "--disable-background-networking", "--dump-dom", f"http://127.0.0.1:{port}/b/{path}"],
                                  capture_output=True, text=True, timeout=60).stdout

        dom = page("articles")
        assert "published_at" in dom and "headline" in dom
        faceted = page("article_facets")
        for facet in ("year", "month", "authors", "label_types", "entities"):
            assert f'id="facet-{facet}"' in faceted, facet
        searched = page("articles?_search=%D1%81%D1%83%D0%B4%D0%B0&_col=article_id&_size=max")  # суда
        wanted = json.loads(kavkaz("search", "суда", "--db", str(db), "--limit", "1000", "--json").stdout)
        assert wanted and f"{len(wanted)} row" in searched, "the search box finds what kavkaz search finds"
        assert "<svg" in page("articles_per_month.svg") or "polyline" in page("articles_per_month.svg")
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.mark.parametrize("command", [["stats"], ["search", "court"], ["export", "--format", "csv"], ["serve"]])
def test_missing_or_corrupt_database_exits_2_and_is_untouched(tmp_path, command):
    missing = kavkaz(*command, "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1
    corrupt = tmp_path / "bad.db"
    corrupt.write_bytes(b"garbage" * 100)
    result = kavkaz(*command, "--db", str(corrupt))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert corrupt.read_bytes() == b"garbage" * 100


def test_every_query_of_the_docs_runs(crawled):
    db = crawled[0]
    text = (Path(__file__).resolve().parents[1] / "docs" / "queries.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", text, re.S)
    assert len(blocks) == 10
    for sql in blocks:
        rows(db, sql)  # raises on a wrong column or table
    assert rows(db, blocks[0]), "the foreign-agent question has answers in the demo archive"


def test_an_export_stopped_by_sigterm_leaves_no_temporary_file(tmp_path):
    """`timeout` and systemd stop a job with SIGTERM: the export unwinds as on Ctrl-C and removes its temporary
    file, so nothing piles up under a cron job."""
    import signal
    import subprocess
    import sys
    import time

    from crawler.store import Store

    db = tmp_path / "big.db"
    body = "A paragraph of the article, long enough to make the export take a moment. " * 40
    with Store(db) as store:
        store.write_articles([{"kind": "article", "url": f"https://eng.kavkaz-uzel.eu/articles/{n}", "article_id": n,
                               "lang": "en", "headline": f"Headline {n}", "lead": "Lead.", "body": body,
                               "published_at": "2020-05-01T08:36:00+03:00", "authors": [], "labels": [],
                               "warnings": [], "sidebar": [], "rubrics": [], "regions": []} for n in range(1, 6001)])
    out = tmp_path / "out" / "articles.jsonl"
    out.parent.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "crawler", "export", "--format", "jsonl", "--db", str(db),
                                "--out", str(out)], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not list(out.parent.iterdir()) and time.monotonic() < deadline:  # the export has begun writing
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert list(out.parent.iterdir()) == [], "no .part file, no half-written export"


def test_serve_keeps_answering_while_a_crawl_writes_and_refuses_dangerous_sql(crawled, tmp_path):
    """Serve runs for weeks beside the daily crawl: every page answers 200 and shows the latest committed rows
    (it reads, it is not immutable); a value larger than its bound and fts3_tokenizer() are refused."""
    from crawler.store import Store

    db = tmp_path / "live.db"
    shutil.copy(crawled[0], db)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "crawler", "serve", "--db", str(db), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}/live"

    def count() -> int:
        sql = urllib.parse.quote("select count(*) as n from articles")
        return json.loads(urllib.request.urlopen(f"{base}.json?sql={sql}&_shape=array", timeout=10).read())[0]["n"]

    try:
        for _ in range(100):
            try:
                before = count()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        else:
            raise AssertionError(process.stderr.read() if process.poll() is not None else "serve did not answer")
        with Store(db) as store:  # what a crawl commits beside it
            for n in range(3):
                store.write_articles([{"kind": "article", "url": f"https://eng.kavkaz-uzel.eu/articles/{900001 + n}",
                                       "article_id": 900001 + n, "lang": "en", "headline": f"New {n}", "body": "Text.",
                                       "authors": [], "labels": [], "warnings": [], "sidebar": [], "rubrics": [],
                                       "regions": []}])
                assert urllib.request.urlopen(f"{base}/articles", timeout=10).status == 200
        assert count() == before + 3, "the latest committed rows"
        for sql in ("select zeroblob(100000000)", "select fts3_tokenizer('simple')"):
            with pytest.raises(urllib.error.HTTPError):
                urllib.request.urlopen(f"{base}.json?sql={urllib.parse.quote(sql)}", timeout=30)
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serve_on_a_busy_port_exits_2_in_one_line(crawled):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "crawler", "serve", "--db", str(crawled[0]), "--port", str(port)],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("kavkaz serve: cannot serve on 127.0.0.1")


def test_a_finished_crawl_builds_the_entity_tables(crawled):
    db = crawled[0]
    authors = rows(db, "select count(*) n from entities where roles like '%author%'")[0]["n"]
    assert authors == rows(db, "select count(distinct name_key) n from authors")[0]["n"] > 0
    assert rows(db, "select count(*) n from article_facets where entities != '[]'")[0]["n"] > 0
