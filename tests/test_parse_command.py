"""`kavkaz parse`: JSON on stdout, exit 0 with warnings for bad HTML, exit 2 only for unreadable input."""

import json
import subprocess
import sys

from crawler.demo.archive import DemoArchive


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "crawler", "parse", *args], input=stdin, capture_output=True,
                          timeout=60)


def test_parse_a_saved_page(tmp_path):
    archive = DemoArchive(seed=2, articles=20)
    page = tmp_path / "page.html"
    page.write_text(archive.render("/articles/3")[1], encoding="utf-8")
    result = run(str(page), "--url", "https://caucasianknot.org/articles/3/")
    assert result.returncode == 0
    record = json.loads(result.stdout)
    assert record["url"] == "https://eng.kavkaz-uzel.eu/articles/3"
    assert record["headline"] == archive.article(3).headline


def test_garbage_is_parsed_with_warnings_and_stdin_works():
    result = run("-", stdin=b"\xff\xfe not html at all")
    assert result.returncode == 0
    assert json.loads(result.stdout)["warnings"]


def test_unreadable_input_exits_2(tmp_path):
    for target in (str(tmp_path / "missing.html"), str(tmp_path)):
        result = run(target)
        assert result.returncode == 2
        assert len(result.stderr.decode().strip().splitlines()) == 1
