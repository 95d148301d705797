"""Disagreement is data: warnings of disagreeing signals reach `runs.coverage`, and a jump in a field's empty or
disputed share fails the run naming the field — a layout change stops a cron job instead of filling the database."""

from __future__ import annotations

import json

from crawler.coverage import coverage_problem
from crawler.demo.archive import DemoArchive
from crawler.demo.pages import render_redesign
from crawler.parsers import parse_article
from tests.crawling import crawl, last_run, rows


def test_the_redesign_layout_is_read_right_but_flagged():
    archive = DemoArchive(seed=4, articles=30)
    article = archive.article(archive.live_ids[3])
    record = parse_article(f"https://eng.kavkaz-uzel.eu/articles/{article.article_id}", render_redesign(archive, article))
    assert record["headline"] == article.headline, "og:title and <title> outvote a lone <h1> 'News'"
    assert record["published_at"] == article.record()["published_at"], "from <time datetime>"
    assert f"headline: og:title {article.headline!r} != <h1> 'News'" in record["warnings"]


def test_a_layout_switched_mid_crawl_fails_the_run_naming_the_field(demo_server, tmp_path):
    server = demo_server(articles=120, seed=4, switch_layout_after=40)
    db = tmp_path / "k.db"
    result = crawl(server.base_url, db, "--mode", "ids", "--ids", "1-120")
    assert result.returncode == 1, result.stderr[-2000:]
    assert "coverage drop: headline is disputed by the page's own signals" in result.stderr
    run = last_run(db)
    coverage = json.loads(run["coverage"])
    assert run["status"] == "failed" and coverage["disputed_fields"]["headline"] > coverage["articles_parsed"] / 2
    stored = rows(db, "select count(*) n from articles where warnings like '%!=%'")[0]["n"]
    assert stored == coverage["disputed_fields"]["headline"], "every disputed record says why, in its warnings"
    assert coverage["evidence"]["headline"]["disputed"] == stored, "the evidence counts the same records"
    checked = 0
    for row in rows(db, "select * from articles"):  # before and after the switch: every field right or flagged
        expected, warnings = server.archive.article(row["article_id"]).record(), json.loads(row["warnings"])
        for name in ("headline", "published_at", "lead", "body", "source"):
            checked += 1
            assert row[name] == expected[name] or any(w.startswith(f"{name}:") for w in warnings), \
                (row["article_id"], name, row[name], expected[name])
        assert json.loads(row["evidence"])["headline"]["status"] in ("confirmed", "disputed")
    assert checked >= 5 * 100


def test_a_jump_above_the_baseline_fails_a_smaller_share_does_not():
    report = {"articles_parsed": 100, "empty_fields": {"headline": 0, "published_at": 0, "body": 0},
              "disputed_fields": {"headline": 35, "published_at": 0, "lead": 0}, "baseline": {}}
    assert "headline is disputed" in coverage_problem(report)
    report["baseline"] = {"disputed_fields/headline": 0.3}  # this site always disputes a third of its headlines
    assert coverage_problem(report) is None
    report["disputed_fields"]["headline"] = 20
    report["baseline"] = {}
    assert coverage_problem(report) is None, "20% with no history: below the jump floor"
    report["empty_fields"]["body"] = 51
    assert "body is empty in 51 of 100" in coverage_problem(report)
    report["empty_fields"]["body"] = 0
    report["unconfirmed_fields"] = {"published_at": 100}
    assert coverage_problem(report) is None, "a form that always shows one date signal (AMP) has no baseline to leave"
    report["baseline"] = {"unconfirmed_fields/published_at": 0.02}
    assert "published_at rests on a single signal in 100 of 100" in coverage_problem(report)
    report["articles_parsed"] = 9
    assert coverage_problem(report) is None, "too few articles to judge"
