"""--engine ray on a Ray started on this machine, with the tiny random-weight models: the local engine's
outputs, report, resume and failure isolation; a worker killed mid-run; Ctrl-C; Ray not installed.

One Ray (2 CPUs) is shared by the in-process runs (the engine uses a Ray already started in its
process, as a library caller's would be); the Ctrl-C test runs the command as a user does, so it
starts and stops its own.
"""
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import pytest
from conftest import ROOT
from kit import invoke
from test_batch import AR, make_tree, no_temporaries, report

# Ray's DataContext warns about its own defaults when first made: Ray's, not ours.
pytestmark = [pytest.mark.ray, pytest.mark.model,
              pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")]
TIMING = {"seconds", "translate_seconds"}  # the only fields two runs of the same files may differ in


@pytest.fixture(scope="module")
def ray_session():
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    yield ray
    ray.shutdown()


@pytest.fixture
def no_deprecations(ray_session):
    """Python warnings that our calls into Ray cause (it attributes them to the caller) are errors.

    Ray Data logs some deprecations instead (`concurrency`): those reach the command's stderr, which
    the test reads.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("error", category=DeprecationWarning, module="translate_news")
        warnings.filterwarnings("error", category=FutureWarning, module="translate_news")
        yield


def run(tiny_marian, src, out, *args):
    return invoke("batch", src, "-o", out, "--mt-model", tiny_marian, "--no-summary", *args)


def without_timing(value):
    if isinstance(value, dict):
        return {k: without_timing(v) for k, v in value.items() if k not in TIMING}
    if isinstance(value, list):
        return [without_timing(v) for v in value]
    return value


def tree(out):
    """Every file under OUT but the lock and the report, as it should compare across engines."""
    files = {}
    for p in sorted(out.rglob("*")):
        if p.is_file() and p.name not in (".translate-news.lock", "_report.json"):
            text = p.read_text(encoding="utf-8")
            files[p.relative_to(out).as_posix()] = without_timing(json.loads(text)) if p.suffix == ".json" else text
    return files


def test_ray_writes_what_local_writes(tiny_marian, tmp_path, no_deprecations):
    src = tmp_path / "in"
    make_tree(src, 7)
    (src / "a" / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    local = run(tiny_marian, src, tmp_path / "local")
    assert local.exit_code == 3, local.stderr
    ray = run(tiny_marian, src, tmp_path / "ray", "--engine", "ray", "--workers", "2")
    assert ray.exit_code == 3, ray.stderr
    assert "a/broken.txt: looks like a binary file" in ray.stderr
    assert "deprecat" not in ray.stderr.lower()
    assert tree(tmp_path / "ray") == tree(tmp_path / "local")
    assert len(tree(tmp_path / "ray")) == 7 * 3 + 1  # json, md and record per file; the broken file's record
    reports = [json.loads((tmp_path / d / "_report.json").read_text(encoding="utf-8")) for d in ("local", "ray")]
    assert [r.pop("engine") for r in reports] == ["local", "ray"]
    for r in reports:
        r.pop("sentences_per_second")
    assert without_timing(reports[0]) == without_timing(reports[1])
    assert reports[1]["counts"] == {"done": 7, "skipped": 0, "failed": 1}
    assert not [p for p in (tmp_path / "ray").iterdir() if p.name.startswith(".translate-news.ray-")]


def test_resume_across_engines(tiny_marian, tmp_path, ray_session):
    src, out = tmp_path / "in", tmp_path / "out"
    rels = make_tree(src, 8)
    half = run(tiny_marian, src, out, "--engine", "ray", "--shard", "1/2")
    assert half.exit_code == 0, half.stderr
    first = {f["path"] for f in json.loads((out / "_report.shard-1-of-2.json").read_text(encoding="utf-8"))["files"]}
    assert 0 < len(first) < len(rels)
    stamps = {rel: (out / Path(rel).with_suffix(".json")).stat().st_mtime_ns for rel in first}
    whole = run(tiny_marian, src, out)
    assert whole.exit_code == 0, whole.stderr
    assert f"{len(rels) - len(first)} to translate" in whole.stderr
    rep = report(out)
    assert {p for p, f in rep.items() if f["status"] == "skipped"} == first
    assert {p for p, f in rep.items() if f["status"] == "done"} == set(rels) - first
    assert stamps == {rel: (out / Path(rel).with_suffix(".json")).stat().st_mtime_ns for rel in first}
    again = run(tiny_marian, src, out, "--engine", "ray")
    assert again.exit_code == 0
    assert "0 to translate" in again.stderr
    assert json.loads((out / "_report.json").read_text(encoding="utf-8"))["engine"] == "ray"


def map_workers():
    """PIDs of this machine's Ray Data actors (Ray names their processes ray::MapWorker(...))."""
    found = set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if f.read().startswith(b"ray::MapWorker"):
                    found.add(int(pid))
        except OSError:
            pass
    return found


def test_a_killed_worker_costs_nothing(tiny_marian, tmp_path, ray_session):
    src, out = tmp_path / "in", tmp_path / "out"
    for i in range(40):
        (src / f"f{i:02d}.txt").parent.mkdir(parents=True, exist_ok=True)
        (src / f"f{i:02d}.txt").write_text(AR[i % 3] + f" {i}", encoding="utf-8")
    results = []
    runner = threading.Thread(target=lambda: results.append(
        run(tiny_marian, src, out, "--engine", "ray", "--workers", "2", "--batch-size", "1")))
    runner.start()
    killed, seen = set(), set()
    deadline = time.monotonic() + 120
    while runner.is_alive() and time.monotonic() < deadline:
        seen |= map_workers()
        if not killed and list(out.glob("f*.json")):  # the first file is written: the workers are mid-run
            killed = map_workers()
            for pid in killed:
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.02)
    runner.join(timeout=60)
    assert killed
    assert seen - killed  # Ray started them again
    assert results[0].exit_code == 0, results[0].stderr
    rows = json.loads((out / "_report.json").read_text(encoding="utf-8"))["files"]
    assert sorted(f["path"] for f in rows) == [f"f{i:02d}.txt" for i in range(40)]  # each file once
    assert {f["status"] for f in rows} == {"done"}
    assert no_temporaries(out)
    for i in range(40):
        doc = json.loads((out / f"f{i:02d}.json").read_text(encoding="utf-8"))
        assert doc["source"]["path"] == f"f{i:02d}.txt"
    assert sorted(p.name for p in out.glob("*.md")) == [f"f{i:02d}.md" for i in range(40)]


def test_a_worker_that_cannot_start_stops_the_run(tiny_marian, tmp_path, ray_session):
    make_tree(tmp_path / "in", 2)
    r = run(tmp_path / "no-model", tmp_path / "in", tmp_path / "out", "--engine", "ray")
    assert r.exit_code == 69
    assert "a Ray worker on" in r.stderr
    assert "no-model' not found" in r.stderr


def test_a_worker_must_see_the_drivers_folders(tmp_path):
    from translate_news.batch import Request
    from translate_news.batch.ray_engine import _check_storage
    from translate_news.errors import InputNotFound, OutputError

    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    request = Request(tmp_path / "in", tmp_path / "out")
    marker = tmp_path / "out" / ".translate-news.ray-1-abcd"
    with pytest.raises(OutputError, match="storage every node shares"):  # OUT here is another folder
        _check_storage(request, marker, str(tmp_path))
    marker.write_text(marker.name, encoding="utf-8")
    _check_storage(request, marker, str(tmp_path))
    assert Path.cwd() == tmp_path  # relative model folders mean what they mean on the driver
    with pytest.raises(InputNotFound, match="storage every node shares"):
        _check_storage(Request(tmp_path / "elsewhere", tmp_path / "out"), marker, str(ROOT))
    os.chdir(ROOT)


def test_without_ray_the_extra_is_named(tiny_marian, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` fails as when it is not installed
    make_tree(tmp_path / "in", 1)
    r = run(tiny_marian, tmp_path / "in", tmp_path / "out", "--engine", "ray")
    assert r.exit_code == 69
    assert "pip install 'translate-news[ray]'" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()  # nothing touched
    monkeypatch.setenv("TRANSLATE_NEWS_ENGINE", "ray")
    assert run(tiny_marian, tmp_path / "in", tmp_path / "out").exit_code == 69
    assert run(tiny_marian, tmp_path / "in", tmp_path / "out", "--engine", "local", "--workers", "2").exit_code == 2


@pytest.mark.slow
def test_ctrl_c_stops_the_workers_and_resumes(tiny_marian, tmp_path):
    pytest.importorskip("ray")
    src, out = tmp_path / "in", tmp_path / "out"
    for i in range(40):
        (src / f"f{i:02d}.txt").parent.mkdir(parents=True, exist_ok=True)
        (src / f"f{i:02d}.txt").write_text(AR[i % 3], encoding="utf-8")
    cmd = [sys.executable, "-m", "translate_news", "batch", str(src), "-o", str(out), "--mt-model", str(tiny_marian),
           "--no-summary", "--batch-size", "1", "--engine", "ray", "--workers", "2"]
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}  # its own Ray, not this process's
    p = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 120
    while not list(out.glob(".f*.translate-news.json")) and p.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130, err
    assert "interrupted" in err
    assert "Traceback" not in err
    assert "streaming_executor" not in err  # Ray stays quiet without --verbose
    rep = json.loads((out / "_report.json").read_text(encoding="utf-8"))
    assert rep["interrupted"] is True
    assert rep["engine"] == "ray"
    records = [json.loads(r.read_text(encoding="utf-8")) for r in out.glob(".f*.translate-news.json")]
    assert rep["counts"]["done"] == sum(r["status"] == "done" for r in records) > 0  # what the records say
    assert no_temporaries(out)
    for f in out.glob("*.json"):
        json.loads(f.read_text(encoding="utf-8"))  # every output present is whole
    time.sleep(1)
    assert not map_workers()  # the run's workers are gone with it
    again = subprocess.run(cmd[:-4], cwd=ROOT, capture_output=True, text=True, timeout=300)  # locally
    assert again.returncode == 0, again.stderr
    rep = json.loads((out / "_report.json").read_text(encoding="utf-8"))
    assert rep["counts"]["done"] + rep["counts"]["skipped"] == 40
    assert rep["counts"]["skipped"] > 0
