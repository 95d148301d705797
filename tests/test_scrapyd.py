"""Deployment to a real Scrapyd started on a free port: the egg `scrapyd-deploy` builds from the project, uploaded
and scheduled through Scrapyd's HTTP API, crawls the demo archive into a database."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from crawler.demo.archive import DemoArchive
from crawler.demo.scoring import score_database
from crawler.demo.server import DemoServer, free_port

pytest.importorskip("scrapyd", reason="Scrapyd is not installed (pip install 'kavkaz[distributed]')")
REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _api(base: str, path: str, fields: list[tuple[str, str]] | None = None, files: dict | None = None) -> dict:
    if files:
        boundary = uuid.uuid4().hex
        body = b""
        for name, value in fields or []:
            body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, (filename, data) in files.items():
            body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     "Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"
        body += f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(base + path, data=body,
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    elif fields is not None:
        request = urllib.request.Request(base + path, data=urllib.parse.urlencode(fields).encode())
    else:
        request = urllib.request.Request(base + path)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


@pytest.fixture
def scrapyd(tmp_path):
    port = free_port()
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = {home}/eggs\nlogs_dir = {home}/logs\n"
        f"items_dir =\ndbs_dir = {home}/dbs\nmax_proc = 2\npoll_interval = 0.5\n")
    process = subprocess.Popen([str(BIN / "scrapyd")], cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            _api(base, "daemonstatus.json")
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("scrapyd did not start")
            time.sleep(0.3)
    yield base
    process.terminate()
    process.wait(timeout=20)


def test_deploy_to_scrapyd_and_schedule_a_crawl_through_its_api(tmp_path, scrapyd):
    egg = tmp_path / "kavkaz.egg"
    scratch = tmp_path / "scratch"  # scrapyd-deploy leaves its build directory in TMPDIR
    scratch.mkdir()
    build = subprocess.run([str(BIN / "scrapyd-deploy"), f"--build-egg={egg}"], cwd=REPO, capture_output=True,
                           text=True, timeout=180, env={**os.environ, "TMPDIR": str(scratch)})
    assert build.returncode == 0 and egg.exists(), build.stderr[-2000:]
    for leftover in ("build", "project.egg-info"):  # scrapyd-deploy builds in the checkout: nothing may stay
        shutil.rmtree(REPO / leftover, ignore_errors=True)
    added = _api(scrapyd, "addversion.json", [("project", "kavkaz"), ("version", "1")],
                 {"egg": ("kavkaz.egg", egg.read_bytes())})
    assert added["status"] == "ok" and added["spiders"] >= 2, added
    assert {"en_archive", "ru_archive"} <= set(_api(scrapyd, "listspiders.json?project=kavkaz")["spiders"])
    archive = DemoArchive(seed=61, articles=40)
    manifest = tmp_path / "m.jsonl"
    archive.write_manifest(manifest)
    db = tmp_path / "scrapyd.db"
    with DemoServer(archive) as server:
        job = _api(scrapyd, "schedule.json", [
            ("project", "kavkaz"), ("spider", "en_archive"), ("base_url", server.base_url), ("mode", "full"),
            ("setting", f"KAVKAZ_DB={db}"), ("setting", "DOWNLOAD_DELAY=0"), ("setting", "AUTOTHROTTLE_ENABLED=0"),
            ("setting", "CONCURRENT_REQUESTS_PER_DOMAIN=8")])
        assert job["status"] == "ok", job
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            jobs = _api(scrapyd, "listjobs.json?project=kavkaz")
            if any(j["id"] == job["jobid"] for j in jobs["finished"]):
                break
            time.sleep(0.5)
        else:
            pytest.fail(f"the Scrapyd job did not finish: {jobs}")
    score = score_database(db, manifest)
    assert score.perfect, score.describe()
