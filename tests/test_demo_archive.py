"""The demo archive over real HTTP: page types, mirrors, robots, faults, day advance, manifest, determinism."""

from __future__ import annotations

import http.client
import json
import tracemalloc

import pytest

from crawler.demo.archive import DemoArchive
from crawler.demo.faults import FaultPlan
from crawler.demo.manifest import read_manifest
from crawler.demo.server import DemoServer


def get(server: DemoServer, path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("GET", path, headers={"Host": host} if host else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@pytest.fixture(scope="module")
def served():
    archive = DemoArchive(seed=7, articles=200)
    with DemoServer(archive, port=0) as server:
        yield server


def test_every_page_type(served):
    article_id = served.archive.live_ids[5]
    for path in (f"/articles/{article_id}", f"/articles/{article_id}/", "/rubric/10", "/rubric/10?page=3",
                 "/rubric/11", "/category/9", "/dagestan", "/articles/AboutCaucasianKnot", "/search?keywords=x"):
        status, headers, body = get(served, path)
        assert status == 200, path
        assert headers["content-type"].startswith("text/html")
        assert int(headers["content-length"]) == len(body)
    missing = next(i for i in range(1, 200) if not served.archive.is_live(i))
    assert get(served, f"/articles/{missing}")[0] == 404
    assert get(served, "/no/such/page")[0] == 404
    status, _, body = get(served, "/rubric/10?page=999")
    assert status == 200 and b"/articles/" not in body.split(b"news-list")[1].split(b"</div></div>")[0]


def test_mirrors_answer_the_same(served):
    article_id = served.archive.live_ids[10]
    bodies = {get(served, f"/articles/{article_id}", host)[2]
              for host in ("eng.kavkaz-uzel.eu", "www.eng.kavkaz-uzel.eu", "caucasianknot.info", "eng.kavkaz-uzel.media")}
    assert len(bodies) == 1
    listing = get(served, "/rubric/10")[2].decode()
    assert "https://caucasianknot.info/articles/" in listing or "http://www.eng.kavkaz-uzel.eu/articles/" in listing
    assert 'href="/articles/' in listing and "https://t.me/" in listing


def test_robots_and_control_endpoints(served):
    status, _, body = get(served, "/robots.txt")
    assert status == 200 and b"Disallow: /__demo__/" in body
    stats = json.loads(get(served, "/__demo__/stats")[2])
    assert stats["requests"] > 0 and stats["day"] == served.archive.day


def test_both_layouts_are_served(served):
    layouts = {served.archive.article(i).layout for i in served.archive.live_ids}
    assert layouts == {"classic", "2025"}
    classic = next(i for i in served.archive.live_ids if served.archive.article(i).layout == "classic")
    modern = next(i for i in served.archive.live_ids if served.archive.article(i).layout == "2025")
    assert b"articles-body_contents" in get(served, f"/articles/{classic}")[2]
    page = get(served, f"/articles/{modern}")[2].decode()
    assert "articles-body" not in page and "Скачайте приложение" in page and "Know more? Do not be silent!" in page


@pytest.mark.parametrize("kind", ["500", "503", "429", "truncated", "empty", "nonhtml", "redirect", "offsite", "huge"])
def test_each_fault_once_then_the_page(kind):
    archive = DemoArchive(seed=5, articles=30)
    path = f"/articles/{archive.live_ids[3]}"
    with DemoServer(archive, port=0, faults=FaultPlan.parse(f"{kind}=1.0,retry_after=3")) as server:
        status, headers, body = get(server, path)
        expected = {"500": 500, "503": 503, "429": 429, "redirect": 302, "offsite": 302}.get(kind, 200)
        assert status == expected
        if kind in ("429", "503"):
            assert headers["retry-after"] == "3"
        if kind == "truncated":
            assert b"</html>" not in body and len(body) > 100
        if kind == "empty":
            assert body == b""
        if kind == "nonhtml":
            assert headers["content-type"] == "application/pdf"
        if kind == "huge":
            assert len(body) > 20_000_000 and body.rstrip().endswith(b"</html>")
        if kind == "offsite":
            assert headers["location"] == "https://example.org/moved"
        if kind == "redirect":
            hops = 0
            while status == 302:
                status, headers, body = get(server, headers["location"])
                hops += 1
            assert hops == 3 and status == 200
        status, _, body = get(server, path)  # transient: the second attempt gets the page
        assert status == 200 and body.rstrip().endswith(b"</html>") and len(body) < 1_000_000


def test_persistent_faults_and_bad_specs():
    archive = DemoArchive(seed=5, articles=30)
    with DemoServer(archive, port=0, faults=FaultPlan.parse("500=1.0,persistent")) as server:
        assert [get(server, "/rubric/10")[0] for _ in range(3)] == [500, 500, 500]
        assert get(server, "/robots.txt")[0] == 200
    for spec in ("500=2", "teapot=0.1", "500=x", "500=0.7,503=0.7"):
        with pytest.raises(ValueError):
            FaultPlan.parse(spec)


def test_day_advance_adds_new_articles_on_top_and_edits_some(tmp_path):
    archive = DemoArchive(seed=9, articles=150)
    before_top = archive.listing_page("rubric/10", 1)[0]
    before = {r["article_id"]: r for r in archive.manifest_records()}
    with DemoServer(archive, port=0) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("POST", "/__demo__/advance")
        assert json.loads(connection.getresponse().read())["day"] == 1
    after = {r["article_id"]: r for r in archive.manifest_records()}
    new = after.keys() - before.keys()
    assert len(new) == 12 and min(new) > max(before)
    top = archive.listing_page("rubric/10", 1)[0]
    assert set(top[: len([i for i in new if archive.is_live(i)])]) == {i for i in new if archive.is_live(i)}
    assert before_top[0] in top  # the window moved down
    edited = [i for i, r in after.items() if r.get("version", 1) > 1]
    assert len(edited) == 3
    for article_id in edited:
        assert (after[article_id]["headline"], after[article_id]["body"]) != (before[article_id]["headline"],
                                                                               before[article_id]["body"])
    assert DemoArchive(seed=9, articles=150, day=1).write_manifest(tmp_path / "m.jsonl") == len(after)


def test_manifest_agrees_with_what_is_served(served, tmp_path):
    path = tmp_path / "m.jsonl"
    served.archive.write_manifest(path)
    header, articles = read_manifest(path)
    assert header["live"] == len(served.archive.live_ids)
    for record in articles:
        status, _, body = get(served, f"/articles/{record['article_id']}")
        if record["status"] == "missing":
            assert status == 404
            continue
        text = body.decode()
        assert status == 200
        assert record["published_at_raw"] in text
        for author in record["authors"]:
            assert author in text


def test_deterministic_and_large_archives_stay_small():
    assert DemoArchive(seed=4, articles=300).render("/articles/77") == DemoArchive(seed=4, articles=300).render(
        "/articles/77")
    tracemalloc.start()
    big = DemoArchive(seed=4, articles=100_000)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50_000_000, "only the id list is held, not the pages"
    assert big.render("/rubric/10", {"page": "4000"})[0] == 200
