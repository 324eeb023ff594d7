"""Batch mode on tiny random-weight models: resume, isolation, atomicity, sharding, Ctrl-C."""
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT
from kit import doc_of, invoke

from translate_news import batch

pytestmark = pytest.mark.model

AR = ["قال مسؤولون إن الهجوم وقع اليوم. وأضاف أن التحقيق جار.\n\nوقالت الوزارة في بيان إن الوضع هادئ.",
      "تنشر الولايات المتحدة نحو 2500 جندي في العراق.",
      "وصل الوفد إلى القاهرة مساء الأحد، وبدأ المحادثات.\n\nشاركها.\nExit mobile version"]


def make_tree(root: Path, n: int = 6) -> list[str]:
    rels = []
    for i in range(n):
        rel = f"{'ab'[i % 2]}/{'deep/' if i % 3 == 0 else ''}article{i}.txt"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(AR[i % 3], encoding="utf-8")
        rels.append(rel)
    return sorted(rels)


def run(tiny_marian, src, out, *args):
    return invoke("batch", src, "-o", out, "--mt-model", tiny_marian, "--no-summary", *args)


def report(out):
    return {f["path"]: f for f in json.loads((out / "_report.json").read_text(encoding="utf-8"))["files"]}


def no_temporaries(out):
    return not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_nested_folders_and_a_broken_file(tiny_marian, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    rels = make_tree(src)
    (src / "a" / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    r = run(tiny_marian, src, out)
    assert r.exit_code == 3
    assert "a/broken.txt" in r.stderr
    assert "binary" in r.stderr
    rep = report(out)
    assert rep["a/broken.txt"]["status"] == "failed"
    assert "binary" in rep["a/broken.txt"]["reason"]
    for rel in rels:
        assert rep[rel]["status"] == "done"
        stem = out / Path(rel).with_suffix("")
        doc = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        assert doc["source"]["path"] == rel
        assert doc["paragraphs"]
        assert stem.with_suffix(".md").read_text(encoding="utf-8").startswith("# Translation")
    assert no_temporaries(out)


def test_resume_skips_and_redoes_changed_files(tiny_marian, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    rels = make_tree(src)
    assert run(tiny_marian, src, out).exit_code == 0
    first = {rel: (out / Path(rel).with_suffix(".json")).stat().st_mtime_ns for rel in rels}

    again = run(tiny_marian, src, out)
    assert again.exit_code == 0
    assert "0 to translate" in again.stderr
    assert {f["status"] for f in report(out).values()} == {"skipped"}
    assert first == {rel: (out / Path(rel).with_suffix(".json")).stat().st_mtime_ns for rel in rels}

    (src / rels[0]).write_text(AR[1] + "\n\nوأضاف أن التحقيق جار.", encoding="utf-8")
    changed = run(tiny_marian, src, out)
    assert changed.exit_code == 0
    assert "1 to translate" in changed.stderr
    assert report(out)[rels[0]]["status"] == "done"

    other_options = run(tiny_marian, src, out, "--keep-boilerplate")
    assert f"{len(rels)} to translate" in other_options.stderr

    forced = run(tiny_marian, src, out, "--keep-boilerplate", "--force")
    assert forced.exit_code == 0
    assert {f["status"] for f in report(out).values()} == {"done"}


def test_failures_are_remembered_until_retried(tiny_marian, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    make_tree(src, 2)
    (src / "empty.txt").write_text("  \n", encoding="utf-8")
    assert run(tiny_marian, src, out).exit_code == 3
    again = run(tiny_marian, src, out)
    assert again.exit_code == 3
    assert "failed earlier" in report(out)["empty.txt"]["reason"]
    (src / "empty.txt").write_text(AR[1], encoding="utf-8")  # a fixed file is a changed file
    assert run(tiny_marian, src, out).exit_code == 0
    assert report(out)["empty.txt"]["status"] == "done"


def disk_full_for(monkeypatch, ending):
    """Atomic writes whose target ends with `ending` fail as on a full disk; returns the real os.replace."""
    real_replace = os.replace

    def replace(a, b):
        if str(b).endswith(ending):
            raise OSError(28, "No space left on device")
        return real_replace(a, b)

    monkeypatch.setattr(os, "replace", replace)
    return real_replace


def test_failed_write_leaves_no_partial_file(tiny_marian, tmp_path, monkeypatch):
    src, out = tmp_path / "in", tmp_path / "out"
    rels = make_tree(src, 4)
    real_replace = disk_full_for(monkeypatch, "article1.md")
    r = run(tiny_marian, src, out)
    broken = "b/article1.txt"
    assert r.exit_code == 3
    assert "No space left" in report(out)[broken]["reason"]
    assert no_temporaries(out)
    assert not (out / "b/article1.md").exists()
    assert all(report(out)[rel]["status"] == "done" for rel in rels if rel != broken)
    monkeypatch.setattr(os, "replace", real_replace)
    assert run(tiny_marian, src, out).exit_code == 3  # remembered as failed ...
    assert run(tiny_marian, src, out, "--retry-failed").exit_code == 0  # ... until retried
    assert (out / "b/article1.md").is_file()


def test_shards_cover_every_file_exactly_once(tiny_marian, tmp_path):
    names = [f"d{i % 7}/f{i}.txt" for i in range(200)]
    for n in range(1, 6):
        owners = [[k for k in range(1, n + 1) if batch.shard_of(name, n) == k] for name in names]
        assert all(len(o) == 1 for o in owners)
    src, out = tmp_path / "in", tmp_path / "out"
    rels = make_tree(src, 9)
    for k in (1, 2, 3):
        assert run(tiny_marian, src, out, "--shard", f"{k}/3").exit_code == 0
    done = []
    for k in (1, 2, 3):
        rep = json.loads((out / f"_report.shard-{k}-of-3.json").read_text(encoding="utf-8"))
        done += [f["path"] for f in rep["files"] if f["status"] == "done"]
    assert sorted(done) == rels
    assert run(tiny_marian, src, out, "--shard", "4/3").exit_code == 2


@pytest.mark.slow
def test_models_load_once_per_run(tiny_marian, tiny_bart, tiny_en_ar, tmp_path, monkeypatch):
    from transformers import AutoModelForSeq2SeqLM

    from translate_news.backends.loading import load_seq2seq

    load_seq2seq.cache_clear()
    loads = []
    real = AutoModelForSeq2SeqLM.from_pretrained.__func__

    def counting(cls, name, *a, **k):
        loads.append(str(name))
        return real(cls, name, *a, **k)

    monkeypatch.setattr(AutoModelForSeq2SeqLM, "from_pretrained", classmethod(counting))
    src, out = tmp_path / "in", tmp_path / "out"
    make_tree(src, 5)
    r = invoke("batch", src, "-o", out, "--mt-model", tiny_marian, "--summary-model", tiny_bart,
               "--back-model", tiny_en_ar, "--summary-length", "5:20", "--backend", "transformers")
    assert r.exit_code == 0, r.stderr
    assert sorted(loads) == sorted([str(tiny_marian), str(tiny_bart), str(tiny_en_ar)])
    doc = json.loads((out / "a/deep/article0.json").read_text(encoding="utf-8"))
    assert doc["summary"]["en"] is not None
    assert doc["summary"]["ar"]


def test_files_sharing_batches_translate_as_they_would_alone(tiny_marian):
    from translate_news.backends.hf import HFTranslator
    from translate_news.pipeline import translate_document, translate_documents

    tr = HFTranslator(str(tiny_marian))
    docs = [doc_of(t) for t in AR]
    translate_documents(docs, tr)
    for text, doc in zip(AR, docs, strict=True):
        alone = translate_document(doc_of(text), tr)
        assert [s.translation for s in alone.sentences()] == [s.translation for s in doc.sentences()]


@pytest.mark.parametrize(("globs", "expected"), [
    (("**/*.txt",), ["a.txt", "sub/b.txt", "sub/deeper/c.txt"]),
    (("*.txt",), ["a.txt"]),
    (("**/*.md", "sub/*.txt"), ["notes.md", "sub/b.txt"]),
])
def test_discovery(tmp_path, globs, expected):
    for rel in ("a.txt", "notes.md", "sub/b.txt", "sub/deeper/c.txt", ".hidden.txt", ".git/x.txt", "sub/.c.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)  # never followed
    assert batch.discover(tmp_path, globs) == expected


def test_overlapping_or_missing_folders(tiny_marian, tmp_path):
    make_tree(tmp_path / "in", 1)
    assert run(tiny_marian, tmp_path / "in", tmp_path / "in" / "out").exit_code == 2
    assert run(tiny_marian, tmp_path / "in", tmp_path).exit_code == 2
    assert run(tiny_marian, tmp_path / "missing", tmp_path / "out").exit_code == 66


@pytest.mark.slow
def test_sigint_leaves_only_complete_outputs_and_resumes(tiny_marian, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    for i in range(40):
        (src / f"f{i:02d}.txt").parent.mkdir(parents=True, exist_ok=True)
        (src / f"f{i:02d}.txt").write_text(AR[i % 3], encoding="utf-8")
    cmd = [sys.executable, "-m", "translate_news", "batch", str(src), "-o", str(out), "--mt-model", str(tiny_marian),
           "--no-summary", "-v", "--batch-size", "1"]
    p = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    for line in p.stderr:  # wait for the first finished file
        if "] done " in line or time.monotonic() > deadline:
            break
    p.send_signal(signal.SIGINT)
    rest = p.stderr.read()
    assert p.wait(timeout=60) == 130, rest
    assert "interrupted" in rest
    assert "Traceback" not in rest
    rep = json.loads((out / "_report.json").read_text(encoding="utf-8"))
    assert rep["interrupted"] is True
    assert 0 < rep["counts"]["done"] < 40
    assert no_temporaries(out)
    for f in out.glob("*.json"):
        json.loads(f.read_text(encoding="utf-8"))  # every output present is whole

    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    rep = json.loads((out / "_report.json").read_text(encoding="utf-8"))
    assert rep["counts"]["done"] + rep["counts"]["skipped"] == 40
    assert rep["counts"]["skipped"] > 0


def test_inputs_whose_outputs_would_collide(tiny_marian, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "a").mkdir(parents=True)
    (src / "a" / "b.txt").write_text(AR[0], encoding="utf-8")
    (src / "a" / "b.md").write_text(AR[1], encoding="utf-8")
    r = run(tiny_marian, src, out, "--glob", "**/*.txt", "--glob", "**/*.md")
    assert r.exit_code == 3
    assert "would overwrite those of a/b.md" in r.stderr
    assert json.loads((out / "a/b.json").read_text(encoding="utf-8"))["source"]["path"] == "a/b.md"


def test_another_encoding_redoes_the_files(tiny_marian, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_bytes(AR[1].encode("cp1256"))
    assert run(tiny_marian, src, out, "--encoding", "cp1252").exit_code == 3  # read as Latin: no Arabic
    again = run(tiny_marian, src, out, "--encoding", "cp1256")
    assert again.exit_code == 0, again.stderr
    assert report(out)["a.txt"]["status"] == "done"
    assert json.loads((out / "a.json").read_text(encoding="utf-8"))["source"]["encoding"] == "cp1256"


def test_a_missing_back_model_costs_only_the_arabic_summary(tiny_marian, tiny_bart, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    make_tree(src, 2)
    r = invoke("batch", src, "-o", out, "--mt-model", tiny_marian, "--summary-model", tiny_bart,
               "--back-model", tmp_path / "absent", "--summary-length", "5:20", "-f", "json")
    assert r.exit_code == 3, r.stderr  # as translate's exit 4: the file is written, its Arabic summary is not
    for rel, row in report(out).items():
        assert row["status"] == "failed"
        assert row["reason"].startswith("Arabic summary:")
        doc = json.loads((out / Path(rel).with_suffix(".json")).read_text(encoding="utf-8"))
        assert doc["summary"]["en"] is not None
        assert "ar" not in doc["summary"]


def test_no_report_is_announced_when_none_was_written(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    make_tree(src, 1)
    r = invoke("batch", src, "-o", out, "--mt-model", tmp_path / "no-model", "--no-summary")
    assert r.exit_code == 69
    assert "report:" not in r.stderr
    assert not (out / "_report.json").exists()


HOLD = """\
import sys
from pathlib import Path
from translate_news import batch
request = batch.Request(Path(sys.argv[1]), Path(sys.argv[2]), shard=batch.parse_shard(sys.argv[3]))
with batch.locked(request):
    print("held", flush=True)
    sys.stdin.read()
"""


def hold(src, out, shard="1/1"):
    """Another process holding the output folder as a batch run does, until it is killed."""
    p = subprocess.Popen([sys.executable, "-c", HOLD, str(src), str(out), shard], cwd=ROOT, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline() == "held\n"
    return p


def test_one_batch_at_a_time_per_output_folder(tiny_marian, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    make_tree(src, 2)
    holder = hold(src, out)
    try:
        busy = run(tiny_marian, src, out)
        assert busy.exit_code == 75
        assert f"pid {holder.pid}" in busy.stderr
        assert "--wait" in busy.stderr
        assert not (out / "_report.json").exists()
        threading.Timer(1.0, holder.kill).start()
        waited = run(tiny_marian, src, out, "--wait")
        assert waited.exit_code == 0, waited.stderr
        assert f"waiting for another batch (pid {holder.pid}" in waited.stderr
    finally:
        holder.kill()
        holder.wait()
    assert run(tiny_marian, src, out).exit_code == 0  # the killed holder's lock file is no obstacle


def test_shards_share_the_output_folder_but_not_a_shard(tiny_marian, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    make_tree(src, 4)
    holder = hold(src, out, "1/2")
    try:
        assert run(tiny_marian, src, out, "--shard", "2/2").exit_code == 0
        assert run(tiny_marian, src, out, "--shard", "1/2").exit_code == 75
        assert run(tiny_marian, src, out).exit_code == 75  # a whole run would redo the shard's files
    finally:
        holder.kill()
        holder.wait()
    assert run(tiny_marian, src, out, "--shard", "1/2").exit_code == 0


def test_symbolic_links(tiny_marian, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    rels = make_tree(src, 1)
    secret = tmp_path / "secret.txt"
    secret.write_text(AR[1], encoding="utf-8")
    (src / "escape.txt").symlink_to(secret)
    (src / "inside.txt").symlink_to(src / rels[0])
    (src / "self.txt").symlink_to(src / "self.txt")
    (src / "ping.txt").symlink_to(src / "pong.txt")
    (src / "pong.txt").symlink_to(src / "ping.txt")
    (src / "gone.txt").symlink_to(src / "nothing.txt")
    r = run(tiny_marian, src, out)
    assert r.exit_code == 0, r.stderr
    rep = report(out)
    assert rep["escape.txt"]["status"] == "skipped"
    assert "outside the input folder; --follow-symlinks" in rep["escape.txt"]["reason"]
    assert not (out / "escape.json").exists()
    for loop in ("self.txt", "ping.txt", "pong.txt"):
        assert rep[loop]["status"] == "skipped"
        assert "loop" in rep[loop]["reason"]
    assert rep["gone.txt"]["status"] == "skipped"
    assert rep["inside.txt"]["status"] == "done"
    assert (out / "inside.json").is_file()

    followed = run(tiny_marian, src, out, "--follow-symlinks")
    assert followed.exit_code == 0, followed.stderr
    assert report(out)["escape.txt"]["status"] == "done"
    assert (out / "escape.json").is_file()
    assert report(out)["self.txt"]["status"] == "skipped"


def test_a_file_name_that_is_not_utf8(tiny_marian, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    make_tree(src, 1)
    for name, data in ((b"b\xff.txt", AR[1].encode()), (b"c\xfe.txt", b"\x89PNG\r\n\x1a\n\x00\x00")):
        fd = os.open(os.path.join(os.fsencode(src), name), os.O_WRONLY | os.O_CREAT, 0o644)
        os.write(fd, data)
        os.close(fd)
    r = run(tiny_marian, src, out)
    assert r.exit_code == 3, r.stderr
    assert "c\\xfe.txt" in r.stderr
    rep = report(out)
    assert rep["b\\xff.txt"]["status"] == "done"
    assert rep["b\\xff.txt"]["outputs"] == ["b\\xff.json", "b\\xff.md"]
    assert rep["c\\xfe.txt"]["status"] == "failed"
    with open(os.path.join(os.fsencode(out), b"b\xff.json"), encoding="utf-8") as f:
        assert json.load(f)["source"]["path"] == "b\\xff.txt"
    again = run(tiny_marian, src, out, "--shard", "1/1")
    assert "0 to translate" in again.stderr  # its record is read back
    assert report(out)["b\\xff.txt"]["status"] == "skipped"


def test_no_output_takes_the_name_of_a_report(tiny_marian, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in ("_report.txt", "_report.shard-1-of-2.txt", "ok.txt"):
        (src / name).write_text(AR[1], encoding="utf-8")
    r = run(tiny_marian, src, out)
    assert r.exit_code == 3
    rep = report(out)
    for name in ("_report.txt", "_report.shard-1-of-2.txt"):
        assert rep[name]["status"] == "failed"
        assert "would overwrite the batch report; rename it" in rep[name]["reason"]
    assert rep["ok.txt"]["status"] == "done"
    assert run(tiny_marian, src, out, "--shard", "1/2").exit_code in (0, 3)
    assert report(out)["ok.txt"]["status"] in ("skipped", "done")  # the whole run's report is intact


def test_stale_temporaries_are_removed(tiny_marian, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    rels = make_tree(src, 4)
    assert run(tiny_marian, src, out).exit_code == 0
    ours = [out / Path(rel).with_suffix("").parent / f".{Path(rel).stem}.json.k3j4h_g6.tmp" for rel in rels]
    ours += [out / ".gone.md.abcdefgh.tmp", out / "._report.json.x1y2z3w4.tmp"]
    others = [out / "notes.tmp", out / ".keep.tmp", out / ".a.json.short.tmp"]
    for p in ours + others:
        p.write_text("{", encoding="utf-8")

    mine = [rel for rel in rels if batch.shard_of(rel, 2) == 1]
    assert run(tiny_marian, src, out, "--shard", "1/2").exit_code == 0
    for rel, p in zip(rels, ours, strict=False):
        assert p.exists() == (rel not in mine)  # another shard may be writing its own right now
    assert run(tiny_marian, src, out).exit_code == 0
    assert not [p for p in ours if p.exists()]
    assert all(p.exists() for p in others)


def test_an_unwritable_output_fails_before_the_models_load(tmp_path):
    src, afile = tmp_path / "in", tmp_path / "afile"
    make_tree(src, 1)
    afile.write_text("x", encoding="utf-8")
    outs = [afile, afile / "sub"]
    if os.geteuid() != 0:  # root may write anywhere
        (tmp_path / "ro").mkdir(mode=0o555)
        outs.append(tmp_path / "ro")
    for out in outs:
        # a model that is not there: exit 69 if anything tried to load it
        r = invoke("batch", src, "-o", out, "--mt-model", tmp_path / "no-model", "--no-summary")
        assert r.exit_code == 73, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
        assert str(out) in r.stderr


def test_a_report_that_cannot_be_written_hides_no_failure(tiny_marian, tmp_path, monkeypatch):
    src, out = tmp_path / "in", tmp_path / "out"
    make_tree(src, 1)
    for name in ("x.txt", "y.txt"):
        (src / name).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    disk_full_for(monkeypatch, "_report.json")
    r = run(tiny_marian, src, out)
    assert r.exit_code == 3
    assert "failed: x.txt" in r.stderr
    assert "failed: y.txt" in r.stderr
    assert "the report was not written" in r.stderr
    assert "No space left" in r.stderr


def test_a_report_counts_each_sentence_once(tiny_marian, tiny_bart, tmp_path):
    # random weights: each sentence flagged, and each summary sentence too; these are counted apart
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "one.txt").write_text(AR[1], encoding="utf-8")  # a single sentence
    (src / "two.txt").write_text(AR[0], encoding="utf-8")
    r = invoke("batch", src, "-o", out, "--mt-model", tiny_marian, "--summary-model", tiny_bart, "--summary-lang",
               "en", "--summary-length", "5:20", "--backend", "transformers", "-f", "json", "-f", "html")
    assert r.exit_code == 0, r.stderr
    rows = report(out)
    for rel, row in rows.items():
        trust = json.loads((out / Path(rel).with_suffix(".json")).read_text(encoding="utf-8"))["trust"]
        assert row["flagged"] == trust["flagged_sentences"] <= row["sentences"]
        assert row["flagged_summary"] == trust["flagged_summary_sentences"]
        page = (out / Path(rel).with_suffix(".html")).read_text(encoding="utf-8")
        assert f'data-tn-flagged="{row["flagged"]}"' in page
    one = rows["one.txt"]
    assert (one["sentences"], one["flagged"]) == (1, 1)
    assert one["flagged_summary"] >= 1  # added together they would say 2 flagged of 1 sentence
    assert json.loads((out / "_report.json").read_text(encoding="utf-8"))["flagged_files"] == 2


class Seen:
    """A batch.Observer that keeps what it was told."""

    def __init__(self):
        self.events: list[tuple] = []

    def started(self, todo, report):
        self.events.append(("started", tuple(todo)))

    def file_done(self, result):
        self.events.append(("file", result.path, result.status))

    def finished(self, report):
        self.events.append(("finished", report.interrupted))

    def wrote(self, what, path):
        self.events.append(("wrote", what, path))

    def problem(self, message):
        self.events.append(("problem", message))


def test_a_batch_is_a_library_call(tiny_marian, tmp_path, monkeypatch):
    """batch.run without the CLI: it holds the folder, plans, translates, and writes the index and the report."""
    from translate_news.job import Job
    from translate_news.settings import Settings

    closed, close = [], Job.close
    monkeypatch.setattr(Job, "close", lambda job: (closed.append(job), close(job)))

    src, out = tmp_path / "in", tmp_path / "out"
    rels = make_tree(src, 2)
    (src / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    settings = Settings(mt_model=str(tiny_marian), summary=False)
    request = batch.Request(src, out, formats=("json", "html"))
    seen = Seen()
    got = batch.run(request, settings, observer=seen)
    assert got.exit_code == 3
    assert not got.interrupted
    assert got.engine == "local"
    assert {r.path: r.status for r in got.results} == {**dict.fromkeys(rels, "done"), "broken.txt": "failed"}
    assert got.path == out / "_report.json"
    assert report(out) == {f["path"]: f for f in got.to_dict()["files"]}
    assert seen.events[0] == ("started", (*rels, "broken.txt"))
    assert sorted(e[1:] for e in seen.events[1:4]) == [(rels[0], "done"), (rels[1], "done"), ("broken.txt", "failed")]
    assert seen.events[4:] == [("finished", False), ("wrote", "index", out / "index.html"),
                               ("wrote", "report", out / "_report.json")]
    assert "article0" in (out / "index.html").read_text(encoding="utf-8")
    assert len(closed) == 1  # the models the call loaded for itself are freed

    again = Seen()  # a second call: the done files are up to date, nothing to start
    second = batch.run(request, settings, observer=again)
    assert [r.reason for r in second.results if r.path in rels] == ["up to date"] * 2
    assert [e[0] for e in again.events] == ["finished", "wrote", "wrote"]
