"""`kavkaz check` against the demo archive in each of its layouts, and against layouts the parser does not know."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.crawling import serve


def check(base_url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crawler", "check", "--base-url", base_url, "--delay", "0", *args],
                          capture_output=True, text=True, timeout=120)


def test_the_demo_archive_in_both_of_its_layouts_passes(demo_server):
    server = demo_server(articles=300, seed=3)
    layouts = set()
    for page in ("1", "9"):  # the newest items and older ones: the 2025 and the classic layout
        result = check(server.base_url, "--sample", "12", "--listings", f"/rubric/10?page={page}")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "verdict: the parser reads this site" in result.stdout
        assert re.search(r"^headline\s+12/12\s+12/12 ", result.stdout, re.M), result.stdout
        layouts |= {server.archive.article(i).layout for i in server.archive.listing_page("rubric/10", int(page))[0]}
    assert layouts == {"classic", "2025"}


def test_a_redesign_is_reported_as_disputed_and_exits_1(demo_server):
    server = demo_server(articles=200, seed=3, switch_layout_after=0)
    result = check(server.base_url, "--sample", "10")
    assert result.returncode == 1
    assert "PROBLEM: headline disputed by the page's own signals in 10 of 10 pages" in result.stderr
    assert "<h1> 'News'" in result.stderr


def unknown_layout(path: str, attempt: int) -> tuple[int, str, bytes, float]:
    """A layout with no date line, no heading and no metadata: nothing says what the headline is."""
    if path.startswith("/articles/"):
        body = "<html><body><div><span>Some story.</span></div><div>Text of the story.</div></body></html>"
    elif path == "/robots.txt":
        body = ""
    else:
        body = "<html><body>" + "".join(f'<p><a href="/articles/{i}">Story {i}</a></p>' for i in range(1, 9)) + \
            "</body></html>"
    return 200, "text/html; charset=utf-8", body.encode(), 0


def test_an_unknown_layout_is_reported_field_by_field_and_exits_1():
    with serve(unknown_layout) as base:
        result = check(base, "--sample", "5")
    assert result.returncode == 1
    assert "PROBLEM: headline found in only 0 of 5 article pages" in result.stderr
    assert "PROBLEM: published_at found in only 0 of 5 article pages" in result.stderr


def test_bad_arguments_exit_2():
    assert check("ftp://x").returncode == 2
    result = check("http://127.0.0.1:9", "--sample", "0")
    assert result.returncode == 2 and "--sample" in result.stderr
