"""Streaming: each paragraph reaches stdout as soon as it is translated, and the bytes are the same."""
import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from conftest import EXAMPLE, ROOT
from kit import Scripted, doc_of, invoke, screen_of

from translate_news.job import Job
from translate_news.render import render_document, streamer
from translate_news.settings import Settings

pytestmark = pytest.mark.model
FORMATS = ["text", "markdown", "jsonl", "rich"]


def test_the_first_paragraph_is_handed_over_before_the_rest_is_translated(monkeypatch):
    text = "\n\n".join(f"قال المسؤول رقم {n} إن الوضع هادئ. وأضاف أن التحقيق جار." for n in range(1, 7))
    events = []

    def answer(source, decoding):
        events.append(("decode", source))
        return "The official number " + re.search(r"\d+", source).group() + " said it was calm." \
            if re.search(r"\d+", source) else "He added that the investigation was under way."

    job = Job(Settings(mt_model="scripted", summary=False))
    monkeypatch.setattr(job, "translator", lambda: Scripted(answer))
    doc = doc_of(text)
    job.run(doc, on_paragraph=lambda p: events.append(("emit", p.index)))
    emits = [e[1] for e in events if e[0] == "emit"]
    assert emits == list(range(6))  # reading order, every paragraph once
    first_emit = events.index(("emit", 0))
    last_paragraph = doc.paragraphs[-1].sentences[0].source
    assert first_emit < events.index(("decode", last_paragraph))  # paragraph 1 came before the rest ran
    # the pieces of a format are the format
    for fmt in ("text", "markdown", "jsonl"):
        pieces = streamer(fmt)
        whole = pieces.start(doc) + "".join(pieces.paragraph(p) for p in doc.paragraphs) + pieces.finish(doc)
        assert whole == render_document(doc, fmt)


@pytest.mark.parametrize("fmt", [*FORMATS, "json"])
def test_streamed_stdout_is_the_file_byte_for_byte(tiny_marian, tiny_bart, tiny_en_ar, tmp_path, fmt):
    args = [EXAMPLE, "--mt-model", tiny_marian, "--summary-model", tiny_bart, "--back-model", tiny_en_ar,
            "--summary-length", "5:20", "-f", fmt]
    streamed = invoke(*args)
    written = invoke(*args, "-o", tmp_path / "out")
    assert streamed.exit_code == written.exit_code == 0
    on_disk = (tmp_path / "out").read_text(encoding="utf-8")
    if fmt == "json":  # the only timing fields: how long it took
        streamed_doc, disk_doc = json.loads(streamed.stdout), json.loads(on_disk)
        for d in (streamed_doc, disk_doc):
            d["stats"].pop("seconds")
            d["stats"].pop("translate_seconds")
            d["stats"]["summary"].pop("seconds")
        assert streamed_doc == disk_doc
    else:
        assert streamed.stdout == on_disk


def long_article(tmp_path, copies=2):
    article = tmp_path / "long.txt"
    article.write_text("\n\n".join([EXAMPLE.read_text(encoding="utf-8")] * copies), encoding="utf-8")
    return article


def command(tiny_marian, article, fmt):
    return [sys.executable, "-m", "translate_news", str(article), "--mt-model", str(tiny_marian), "--no-summary",
            "-f", fmt, "--batch-size", "2", "--backend", "transformers"]  # slow enough to interrupt


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "markdown", "jsonl"])
def test_a_pipe_gets_the_first_paragraph_long_before_the_end(tiny_marian, tmp_path, fmt):
    p = subprocess.Popen(command(tiny_marian, long_article(tmp_path, copies=1), fmt), cwd=ROOT, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    started = time.monotonic()
    first = os.read(p.stdout.fileno(), 1)
    first_at = time.monotonic() - started
    rest = p.stdout.read()
    total = time.monotonic() - started
    assert p.wait(timeout=60) == 0
    assert first
    assert rest
    assert total - first_at > 1.0, (first_at, total)  # the reader was reading while the rest was translated


@pytest.mark.slow
def test_ctrl_c_mid_stream_ends_at_a_paragraph(tiny_marian, tmp_path):
    article = long_article(tmp_path, copies=1)
    full = subprocess.run(command(tiny_marian, article, "text"), cwd=ROOT, capture_output=True, text=True,
                          timeout=300).stdout
    p = subprocess.Popen(command(tiny_marian, article, "text"), cwd=ROOT, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    got = os.read(p.stdout.fileno(), 1)  # something was printed: now interrupt
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    got = (got + out).decode("utf-8")
    assert p.returncode == 130, err
    assert b"Traceback" not in err
    assert full.startswith(got)
    assert full[len(got):].startswith("\n\n")  # what was printed stays, and it ends with a whole paragraph


@pytest.mark.slow
def test_a_terminal_shows_the_first_row_before_the_summary_starts(tiny_marian, tiny_bart, tiny_en_ar):
    from translate_news.bench.command import marker_word
    from translate_news.document import Kind
    from translate_news.render.text import SUMMARY_TITLE

    content = [p for p in doc_of(EXAMPLE.read_text(encoding="utf-8")).paragraphs if p.kind == Kind.CONTENT]
    first, last = (marker_word(p.source).decode() for p in (content[0], content[-1]))
    assert marker_word("قال 5 و في") is None  # no word of four letters: nothing to look for
    status, screen = screen_of([EXAMPLE, "--mt-model", tiny_marian, "--summary-model", tiny_bart, "--back-model",
                                tiny_en_ar, "--rtl", "logical", "-v", "--batch-size", "4"], columns=300)
    assert status == 0
    loaded = screen.index("input limit")  # the -v line after the translation model's load
    assert 0 <= screen.find(f"loading {tiny_marian}") < loaded  # a status while it loads
    summary_starts = min(i for i in (screen.find(f"loading {tiny_bart}"), screen.find("summarizing"),
                                     screen.find(SUMMARY_TITLE)) if i >= 0)
    first_row, last_row = screen.index(first, loaded), screen.index(last, loaded)
    assert loaded < first_row < last_row < summary_starts  # every row, in order, before the summary's stage
    assert screen.index(SUMMARY_TITLE) > last_row
