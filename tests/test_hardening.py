"""Hardening, round 2: each case a probe found, held by a test that fails without its fix."""
import json
import os
import pty
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from kit import doc_of, invoke

from translate_news import signals
from translate_news.batch.records import Request
from translate_news.batch.runner import plan_folder
from translate_news.jsontext import to_json
from translate_news.output import write_atomic
from translate_news.render import render_document
from translate_news.settings import Settings

AR = "قال مسؤولون إن الهجوم وقع اليوم. وأضاف أن التحقيق جار."
C1 = "\x9b2J\x9d52;c;ZXZpbA==\x9c\x7f\u2028"
UNSAFE = set("\x9b\x9d\x9c\x7f\u2028")


def test_json_writer_escapes_what_a_terminal_would_act_on():
    text = to_json({"s": f"a{C1}b", "ar": "عربي"}, indent=2)
    assert not UNSAFE & set(text)
    assert all(e in text for e in ("\\u009b", "\\u007f", "عربي"))
    assert json.loads(text)["s"] == f"a{C1}b"  # the exact text comes back


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_documents_in_json_escape_c1_and_del(fmt):
    doc = doc_of(f"{AR}{C1}{AR}")
    text = render_document(doc, fmt)
    assert not UNSAFE & set(text)
    first = json.loads(text if fmt == "json" else text.split("\n")[0])
    assert C1 in (first["paragraphs"][0]["source"] if fmt == "json" else first["source"])


# ---------------------------------------------------------------- losing an article


def test_no_page_takes_the_spare_index_name(tmp_path):
    """index.txt's page is index.html, so the index moves to _index.html: _index.txt's page must not be there."""
    src = tmp_path / "in"
    src.mkdir()
    for name in ("index.txt", "_index.txt", "a.txt"):
        (src / name).write_text(AR, encoding="utf-8")
    planned = plan_folder(Request(src, tmp_path / "out", formats=("html",)), Settings())
    assert planned.todo == ["a.txt", "index.txt"]
    refused = {r.path: r.reason for r in planned.report.results}
    assert "_index.html" in refused["_index.txt"]
    json_only = plan_folder(Request(src, tmp_path / "out", formats=("json",)), Settings())
    assert "_index.txt" in json_only.todo  # without pages there is no index to protect


def test_the_output_cannot_be_the_input(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(AR, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(article)
    os.link(article, tmp_path / "hard.txt")
    no_model = tmp_path / "no-model"  # exit 69 if anything got as far as loading it
    for given, out in ((article, article), (tmp_path / "link.txt", article), (article, tmp_path / "hard.txt"),
                       (article, tmp_path / "link.txt")):
        r = invoke(given, "-o", out, "--mt-model", no_model, "--no-summary")
        assert r.exit_code == 2, r.stderr
        assert "is the input file" in r.stderr
    with article.open("rb") as stdin:  # `< a.txt -o a.txt`
        r = subprocess.run([sys.executable, "-m", "translate_news", "-o", str(article), "--mt-model",
                            str(no_model), "--no-summary"], stdin=stdin, capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2, r.stderr
    assert article.read_text(encoding="utf-8") == AR


def test_outputs_that_cannot_be_written_are_refused_before_the_models_load(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(AR, encoding="utf-8")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock"))
    try:
        for out in (tmp_path / ("x" * 300 + ".json"), tmp_path / "sock", Path("/proc/version")):
            r = invoke(article, "-o", out, "--mt-model", tmp_path / "no-model", "--no-summary")
            assert r.exit_code == 73, (out, r.stderr)
            assert "Traceback" not in r.stderr
    finally:
        server.close()


def test_every_name_that_exists_can_be_translated(tiny_marian, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    names = ["a" * 240 + ".txt", "ب" * 120 + ".txt", "c" * 251 + ".txt"]  # 244 bytes each, and 255
    for name in names:
        (src / name).write_text(AR, encoding="utf-8")
    args = ("batch", src, "-o", out, "--mt-model", tiny_marian, "--no-summary", "-f", "json", "-f", "html")
    r = invoke(*args)
    assert r.exit_code == 0, r.stderr
    rep = {f["path"]: f for f in json.loads((out / "_report.json").read_text(encoding="utf-8"))["files"]}
    assert all(rep[n]["status"] == "done" for n in names)
    assert all((out / o).is_file() for n in names for o in rep[n]["outputs"])
    assert "a" * 240 + ".json" in rep[names[0]]["outputs"]  # short enough names are kept as they are
    again = invoke(*args)
    assert all(f["status"] == "skipped" for f in json.loads(
        (out / "_report.json").read_text(encoding="utf-8"))["files"]), again.stderr
    target = tmp_path / ("d" * 255)
    write_atomic(target, "x")  # the temporary of a 255-byte name
    assert target.read_text(encoding="utf-8") == "x"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# ---------------------------------------------------------------- escapes reaching a terminal

OSC52 = "\x1b]52;c;ZXZpbA==\x07\x9b2J"


@pytest.mark.parametrize(("args", "env"), [
    (["--encoding", OSC52], {}),
    (["--device", OSC52], {}),
    (["--preset", OSC52], {}),
    (["--rtl", OSC52], {}),
    (["--batch-size", OSC52], {}),
    ([f"--{OSC52}"], {}),
    ([], {"TRANSLATE_NEWS_PRESET": OSC52}),
    ([], {"TRANSLATE_NEWS_RTL": OSC52}),
    ([], {"TRANSLATE_NEWS_DEVICE": OSC52}),
    (["batch", "in", "-o", "out", "--shard", OSC52], {}),
    (["batch", "in", "-o", "out"], {"TRANSLATE_NEWS_ENGINE": OSC52}),
])
def test_usage_errors_show_the_values_they_quote_inertly(tmp_path, args, env):
    if args[:1] != ["batch"]:
        args = [tmp_path / "a.txt", "--mt-model", tmp_path / "no-model", *args]
        (tmp_path / "a.txt").write_text(AR, encoding="utf-8")
    r = invoke(*args, env=env)
    assert r.exit_code == 2, r.stderr
    assert not {"\x1b", "\x07", "\x9b"} & set(r.stderr)
    if "ZXZpbA==" in r.stderr:  # quoted: then shown as cat -v shows it
        assert "^[]52;c;ZXZpbA==^G" in r.stderr or "\\x1b]52" in r.stderr


def test_doctor_and_verify_show_model_output_and_names_inertly(tmp_path, monkeypatch, tiny_marian):
    from translate_news.backends import canary

    models = tmp_path / "models"
    shutil.copytree(tiny_marian, models / "opus-mt-ar-en")
    monkeypatch.setenv("TRANSLATE_NEWS_MODELS_DIR", str(models))
    monkeypatch.setattr(canary, "check_model", lambda *a, **k: canary.Verdict(
        ok=False, passed=0, total=6, checked="2026-01-01", backend="x", source="s", produced=OSC52, expected="e"))
    verify = invoke("models", "verify")
    doctor = invoke("doctor", "--canary", env={"TRANSLATE_NEWS_SUMMARY_MODEL": f"org/{OSC52}"})
    assert verify.exit_code == 69
    assert doctor.exit_code == 69  # a failed canary is a problem doctor reports with its exit code
    for r in (verify, doctor):
        assert "^[]52;c;ZXZpbA==^G" in r.stdout
        assert not {"\x1b", "\x07", "\x9b"} & set(r.stdout + r.stderr)


# ---------------------------------------------------------------- documented codes, not internal errors


@pytest.mark.parametrize(("data", "encoding"), [
    (AR.encode("utf-7") + b" +2AA-", "utf-7"),
    (AR.encode("unicode_escape") + b" \\ud800", "unicode_escape"),
    (b"\\x", "unicode_escape"),
])
def test_text_that_decodes_to_no_text_is_bad_input(tmp_path, data, encoding):
    article = tmp_path / "a.txt"
    article.write_bytes(data)
    r = invoke(article, "--encoding", encoding, "--mt-model", tmp_path / "no-model", "--no-summary")
    assert r.exit_code == 65, r.stderr
    assert "a.txt" in r.stderr


def test_text_from_argv_that_is_not_utf8_is_bad_input(tmp_path):
    r = subprocess.run([os.fsencode(sys.executable), b"-m", b"translate_news", b"--text", AR.encode() + b"\xff",
                        b"--mt-model", os.fsencode(tmp_path / "no-model"), b"--no-summary"],
                       capture_output=True, cwd=ROOT)
    assert r.returncode == 65, r.stderr
    assert b"not UTF-8" in r.stderr


def test_the_undefined_codec_is_a_usage_error(tmp_path):
    r = invoke("--text", AR, "--encoding", "undefined")
    assert r.exit_code == 2
    (tmp_path / "a.txt").write_text(AR, encoding="utf-8")
    assert invoke(tmp_path / "a.txt", "--encoding", "undefined").exit_code == 2


def test_model_ids_the_hub_library_refuses_are_unavailable_models(tmp_path):
    for name in ("-org/name", "org/--name", "org/name-", "a/.b"):
        r = invoke("--text", AR, "--no-summary", "--mt-model", name, "--offline")
        assert r.exit_code == 69, (name, r.stderr)
        assert "neither a model folder nor a valid hub id" in r.stderr


@pytest.mark.parametrize(("field", "value"), [("repetition_penalty", 1e308), ("num_beams", "many"),
                                              ("length_penalty", "x"), ("no_repeat_ngram_size", 1e9),
                                              ("eos_token_id", "end")])
def test_absurd_generation_settings_are_named(tmp_path, tiny_marian, field, value):
    model = tmp_path / "model"
    shutil.copytree(tiny_marian, model)
    config = json.loads((model / "generation_config.json").read_text(encoding="utf-8"))
    (model / "generation_config.json").write_text(json.dumps({**config, field: value}), encoding="utf-8")
    r = invoke("--text", AR, "--no-summary", "--mt-model", model, "--backend", "transformers")
    assert r.exit_code == 69, r.stderr
    assert f"generation_config.json gives {field}" in r.stderr


def test_an_unreadable_input_folder_is_no_input(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    real = os.scandir

    def denied(path="."):
        if os.fspath(path) == str(src):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", denied)  # mode 000, which root would read anyway
    r = invoke("batch", src, "-o", tmp_path / "out", "--mt-model", tmp_path / "no-model", "--no-summary")
    assert r.exit_code == 66, r.stderr
    assert "cannot read the folder" in r.stderr


# ---------------------------------------------------------------- signals, pipes, lost folders


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_sigterm_and_sighup_raise_where_ctrl_c_would(tmp_path, monkeypatch, sig, code):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    monkeypatch.setattr(os, "fsync", lambda fd: os.kill(os.getpid(), sig))  # the signal lands mid-write
    with signals.terminate_like_interrupt(), pytest.raises(KeyboardInterrupt) as caught:
        write_atomic(target, "new")
    monkeypatch.undo()
    assert signals.exit_code(caught.value) == code
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary left
    assert target.read_text(encoding="utf-8") == "old"
    assert signal.getsignal(sig) == signal.SIG_DFL  # put back after the block


def _on_a_terminal(args, sig, tmp_path):
    """Run translate-news ARGS on a pseudo-terminal, send `sig` once the cursor is hidden; (status, screen)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([sys.executable, "-m", "translate_news", *map(str, args)], stdin=slave, stdout=slave,
                         stderr=slave, cwd=ROOT, start_new_session=True)
    os.close(slave)
    screen, sent, deadline = b"", False, time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            screen += chunk
        if not sent and b"\x1b[?25l" in screen:
            time.sleep(0.1)
            p.send_signal(sig)
            sent = True
        if p.poll() is not None and not ready:
            break
    os.close(master)
    return p.wait(timeout=60), screen


@pytest.mark.parametrize(("command", "sig", "code"), [("translate", signal.SIGTERM, 143),
                                                      ("batch", signal.SIGHUP, 129)])
def test_a_terminated_run_restores_the_terminal_and_leaves_nothing_half_done(tiny_marian, tmp_path, command, sig,
                                                                              code):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    for i in range(30):  # long enough that the signal lands mid-run (the tiny model takes 1 s for 20 paragraphs)
        (src / f"f{i:02d}.txt").write_text(f"{AR}\n\n" * (300 if i == 0 else 20), encoding="utf-8")
    target = ["batch", src, "-o", out] if command == "batch" else [src / "f00.txt", "-o", out / "f00.json"]
    status, screen = _on_a_terminal([*target, "--mt-model", tiny_marian, "--no-summary", "--batch-size", "1"],
                                    sig, tmp_path)
    assert status == code, screen[-500:]
    assert screen.rindex(b"\x1b[?25h") > screen.rindex(b"\x1b[?25l")  # the cursor is shown again
    assert b"Traceback" not in screen
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    if command == "batch":
        assert json.loads((out / "_report.json").read_text(encoding="utf-8"))["interrupted"] is True


def test_a_batch_whose_stderr_reader_goes_away_keeps_working(tiny_marian, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(3):
        (src / f"f{i}.txt").write_text(AR, encoding="utf-8")
    p = subprocess.Popen([sys.executable, "-m", "translate_news", "batch", src, "-o", out, "--mt-model", tiny_marian,
                          "--no-summary", "-v"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert p.stderr is not None
    p.stderr.read(20)
    p.stderr.close()  # `2>&1 >/dev/null | head -c 20`
    assert p.wait(timeout=120) == 0
    assert json.loads((out / "_report.json").read_text(encoding="utf-8"))["counts"]["done"] == 3


def test_a_batch_whose_output_folder_is_removed_stops(tiny_marian, tmp_path, monkeypatch):
    from translate_news.ui import BatchProgress

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(5):
        (src / f"f{i}.txt").write_text(AR, encoding="utf-8")
    real = BatchProgress.file_done

    def file_done(self, result):
        real(self, result)
        if self.done == 1:
            shutil.rmtree(out)  # `rm -rf OUT` while the batch runs

    monkeypatch.setattr(BatchProgress, "file_done", file_done)
    r = invoke("batch", src, "-o", out, "--mt-model", tiny_marian, "--no-summary")
    assert r.exit_code == 73, r.stderr
    assert "was removed or replaced during the run" in r.stderr
    assert not (out / "_report.json").exists()  # no report of this run in a folder it does not hold
    assert len(list(out.glob("*.json"))) <= 1  # it stopped at the first file it wrote there


def test_a_link_swapped_in_after_planning_is_not_followed(tiny_marian, tmp_path, monkeypatch):
    from translate_news.batch import runner as batch_run

    src, out, secret = tmp_path / "in", tmp_path / "out", tmp_path / "secret.txt"
    src.mkdir()
    secret.write_text("سر لا يخرج من هنا أبدا.", encoding="utf-8")
    for i in range(3):
        (src / f"f{i}.txt").write_text(AR, encoding="utf-8")
    (src / "inner.txt").symlink_to(src / "f0.txt")  # a link inside SRC is still translated
    real = batch_run.plan_folder

    def plan_then_swap(request, settings):
        planned = real(request, settings)
        (src / "f1.txt").unlink()
        (src / "f1.txt").symlink_to(secret)  # between planning and reading
        return planned

    monkeypatch.setattr(batch_run, "plan_folder", plan_then_swap)
    r = invoke("batch", src, "-o", out, "--mt-model", tiny_marian, "--no-summary", "-f", "json")
    assert r.exit_code == 0, r.stderr
    files = {f["path"]: f for f in json.loads((out / "_report.json").read_text(encoding="utf-8"))["files"]}
    assert files["f1.txt"]["status"] == "skipped"
    assert "symbolic link to outside" in files["f1.txt"]["reason"]
    assert not (out / "f1.json").exists()
    assert files["inner.txt"]["status"] == "done"
    assert "سر" not in "".join(p.read_text(encoding="utf-8") for p in out.glob("*.json"))


# ---------------------------------------------------------------- the Ray engine


@pytest.mark.ray
@pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")
def test_an_unreachable_ray_address_fails_within_seconds(tiny_marian, tmp_path):
    pytest.importorskip("ray")
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(AR, encoding="utf-8")
    started = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "translate_news", "batch", str(src), "-o", str(tmp_path / "out"),
                        "--mt-model", str(tiny_marian), "--no-summary", "--engine", "ray", "--address",
                        "127.0.0.1:1", "-v"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 69, r.stderr
    assert "cannot reach the Ray cluster at 127.0.0.1:1" in r.stderr
    assert time.monotonic() - started < 60  # Ray's own retries took 823 s
    r = invoke("batch", src, "-o", tmp_path / "out", "--engine", "ray", "--address", f"127.0.0.1:1{OSC52}",
               "--mt-model", tiny_marian)
    assert not {"\x1b", "\x07", "\x9b"} & set(r.stderr)


def test_markers_of_killed_ray_drivers_are_cleaned(tmp_path):
    from translate_news.batch.ray_engine import MARKER_PREFIX, _host, remove_stale_markers

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    names = {"dead": f"{MARKER_PREFIX}{_host()}-{dead.stdout.strip()}-abcd1234",
             "alive": f"{MARKER_PREFIX}{_host()}-{os.getpid()}-abcd1234",
             "elsewhere": f"{MARKER_PREFIX}otherhost-1-abcd1234"}
    for name in names.values():
        (tmp_path / name).write_text(name, encoding="utf-8")
    remove_stale_markers(tmp_path, every=False)  # a shard: others may be running, here or elsewhere
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([names["alive"], names["elsewhere"]])
    remove_stale_markers(tmp_path, every=True)  # the run holds OUT alone: every marker is stale
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_run_counts_what_the_records_say(tmp_path):
    """A Ray worker hands back a wave's results at its end: after Ctrl-C the records tell what finished."""
    import contextlib

    from translate_news.batch.records import FileResult, FileStatus
    from translate_news.batch.runner import run_folder
    from translate_news.batch.wave import _record

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    for i in range(4):
        (src / f"f{i}.txt").write_text(AR, encoding="utf-8")

    class Workers:  # writes two files' outputs and records, then Ctrl-C before any result comes back
        name = "ray"

        @contextlib.contextmanager
        def open(self, request, todo, key):
            def results():
                for rel in todo[:2]:
                    (out / rel).with_suffix(".json").write_text("{}", encoding="utf-8")
                    _record(out, key, FileResult(rel, FileStatus.DONE, None, [f"{rel[:-4]}.json"]), "sha")
                raise KeyboardInterrupt
                yield

            yield results()

    report = run_folder(Request(src, out, formats=("json",)), Settings(), Workers())
    assert report.interrupted
    assert report.count(FileStatus.DONE) == 2
    assert report.to_dict()["counts"]["done"] == 2


def test_rays_own_log_lines_are_shown_inertly():
    import logging

    pytest.importorskip("ray")
    from translate_news.batch.ray_engine import _inert_ray_logs

    _inert_ray_logs()
    handler = logging.getLogger("ray").handlers[0]
    record = logging.LogRecord("ray", logging.INFO, __file__, 1, "Connecting to %s", (OSC52,), None)
    assert handler.filter(record)
    assert "^[]52" in record.getMessage()
    assert "\x1b" not in record.getMessage()


@pytest.mark.parametrize("name", ["x" + "ب" * 125 + ".txt", "ب" * 127, "a" * 250 + "\udcff.txt", "short.txt"])
def test_shortened_names_fit_and_stay_utf8(name):
    from translate_news.output import NAME_MAX, fit_name

    for room in (1, 14, 20):
        fitted = fit_name(name, room)
        raw = os.fsencode(fitted)
        assert len(raw) + room <= NAME_MAX
        if len(os.fsencode(name)) + room <= NAME_MAX:
            assert fitted == name  # names that fit are kept as they are
        else:
            assert fit_name(name + "y", room) != fit_name(name + "z", room)  # the hash tells long names apart
        if "\udcff" not in name:
            raw.decode("utf-8")  # a UTF-8 name is never cut inside a character


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_check_writes_its_json_with_the_same_escapes(tmp_path, fmt):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"source": f"وارتفعت{C1}أسعار النفط اليوم.", "translation": f"Oil{C1} prices rose."})
                     + "\n", encoding="utf-8")
    r = invoke("check", pairs, "-f", fmt)
    assert r.exit_code in (0, 5), r.stderr
    assert not UNSAFE & set(r.stdout)
    rows = json.loads(r.stdout) if fmt == "json" else [json.loads(r.stdout.split("\n")[0])]
    assert C1 in rows[0]["translation"]


def test_no_report_lands_in_an_output_folder_replaced_at_the_end(tiny_marian, tmp_path, monkeypatch):
    from translate_news.ui import UI

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(AR, encoding="utf-8")
    real = UI.batch_summary

    def summary_then_replace(self, report):
        real(self, report)
        shutil.rmtree(out)
        out.mkdir()  # another folder of the same name, which another batch may hold

    monkeypatch.setattr(UI, "batch_summary", summary_then_replace)
    r = invoke("batch", src, "-o", out, "--mt-model", tiny_marian, "--no-summary")
    assert r.exit_code == 73, r.stderr
    assert list(out.iterdir()) == []
