"""The end-of-run leak check of tests/conftest.py fails a run that leaves a process or a temporary file behind."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

LEAKY = '''
import subprocess, tempfile
def test_leaves_things_behind():
    subprocess.Popen(["sleep", "61.25"])
    tempfile.mkstemp(prefix="left-")
'''


def _run(tmp_path: Path, body: str) -> subprocess.CompletedProcess:
    shutil.copy(Path(__file__).with_name("conftest.py"), tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_probe.py").write_text(body)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)


def test_a_leaking_run_fails_and_is_cleaned_up(tmp_path):
    result = _run(tmp_path, LEAKY)
    assert result.returncode == 1, result.stdout
    assert "LEAK: process" in result.stdout and "sleep 61.25" in result.stdout
    assert "LEAK: temporary file left behind" in result.stdout
    deadline = time.monotonic() + 5  # killed by the check; give the system a moment to reap it
    while subprocess.run(["pgrep", "-f", "sleep 61.25"], capture_output=True).returncode == 0:
        assert time.monotonic() < deadline, "the leaked process is still running"
        time.sleep(0.1)


def test_a_clean_run_passes(tmp_path):
    result = _run(tmp_path, "def test_nothing():\n    pass\n")
    assert result.returncode == 0, result.stdout
    assert "LEAK" not in result.stdout
