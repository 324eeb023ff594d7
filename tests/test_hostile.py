"""Hostile and odd input: a clear line and the documented exit code, never a traceback, nothing lost."""
import json
import os
import re
import stat
import subprocess
import sys

import pytest
from conftest import ROOT
from kit import invoke

pytestmark = pytest.mark.model
AR = "قال مسؤولون إن الهجوم وقع اليوم. وأضاف أن التحقيق جار."
ESCAPES = "\x1b[2J\x1b]52;c;ZXZpbA==\x07\x1b]8;;http://x\x07link\x1b]8;;\x07\x1b[?1049h\u202e"


def call(tiny_marian, *args, **kwargs):
    return invoke(*args, "--mt-model", tiny_marian, "--no-summary", **kwargs)


@pytest.mark.parametrize("fmt", ["text", "markdown", "rich"])
def test_an_article_cannot_drive_the_terminal(tiny_marian, tmp_path, fmt):
    article = tmp_path / "a.txt"
    article.write_text(f"{AR}{ESCAPES}\n\nThe statement{ESCAPES} said.\n\nشاركها{ESCAPES}", encoding="utf-8")
    r = call(tiny_marian, article, "-f", fmt)
    assert r.exit_code == 0, r.stderr
    for out in (r.stdout, r.stderr):
        assert not {"\x1b", "\x07", "\u202e"} & set(out)
    assert "^[]52;c;ZXZpbA==^G" in r.stdout  # shown, as cat -v shows it
    assert "control character(s)" in r.stderr  # said once
    doc = json.loads(call(tiny_marian, article, "-f", "json").stdout)
    assert ESCAPES in doc["paragraphs"][1]["source"]  # JSON keeps the exact source


@pytest.mark.parametrize("columns", ["garbage", "0", "-5"])
def test_an_unusable_terminal_width_is_ignored(tiny_marian, columns):
    r = call(tiny_marian, "--text", AR, "-f", "rich", env={"COLUMNS": columns})
    assert r.exit_code == 0, r.stderr
    assert "العربية" in r.stdout


def test_endless_or_huge_input_stops_at_the_limit(tiny_marian, tmp_path):
    r = call(tiny_marian, "/dev/zero")
    assert r.exit_code == 65
    assert "--max-bytes" in r.stderr
    big = tmp_path / "big.txt"
    big.write_text(AR * 100, encoding="utf-8")
    assert call(tiny_marian, big, "--max-bytes", "1000").exit_code == 65
    assert call(tiny_marian, big).exit_code == 0


@pytest.mark.parametrize(("args", "needle"), [
    (["--encoding", "base64"], "not a text encoding"),
    (["--encoding", "rot13"], "not a text encoding"),
    (["--encoding", "no-such-codec"], "unknown --encoding"),
    (["--beams", "1000"], "--beams"),
    (["--mt-model", ""], "--mt-model is empty"),
    (["-f", "pdf"], "is not one of"),
    (["--summary-lang", "fr"], "'fr' is not one of en, ar, both"),
])
def test_bad_options_are_usage_errors(tiny_marian, tmp_path, args, needle):
    article = tmp_path / "a.txt"
    article.write_text(AR, encoding="utf-8")
    r = invoke(article, "--no-summary", "--mt-model", tiny_marian, *args)
    assert r.exit_code == 2
    assert needle in r.stderr
    assert "Traceback" not in r.stderr
    assert "Value error" not in r.stderr


def test_text_with_an_encoding_and_case_and_help(tiny_marian):
    r = call(tiny_marian, "--text", "hello world")
    assert r.exit_code == 65
    assert "--encoding" not in r.stderr  # it cannot apply to --text
    assert call(tiny_marian, "--text", AR, "-f", "JSON").exit_code == 0
    helped = invoke("help")
    assert helped.exit_code == 0
    assert "Commands" in helped.stdout
    assert "batch" in invoke("help", "batch").stdout


@pytest.mark.parametrize("model", ["../x", "has spaces/model", "a/b/c"])
def test_invalid_model_ids_are_69_in_one_line(model):
    r = invoke("--text", AR, "--no-summary", "--mt-model", model)
    assert r.exit_code == 69
    assert len(r.stderr.strip().splitlines()) == 1


def test_thread_counts_are_bounded(tiny_marian):
    pytest.importorskip("ctranslate2")
    r = call(tiny_marian, "--text", AR, env={"TRANSLATE_NEWS_THREADS": "64x64"})
    assert r.exit_code == 2
    assert "TRANSLATE_NEWS_THREADS" in r.stderr


# ---------------------------------------------------------------- -o

def test_output_format_follows_the_extension_and_the_umask(tiny_marian, tmp_path):
    old = os.umask(0o022)
    try:
        assert call(tiny_marian, "--text", AR, "-o", tmp_path / "a.json").exit_code == 0
        assert call(tiny_marian, "--text", AR, "-o", tmp_path / "a.md").exit_code == 0
    finally:
        os.umask(old)
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["schema_version"] == 1
    assert (tmp_path / "a.md").read_text(encoding="utf-8").startswith("# Translation")
    assert stat.S_IMODE((tmp_path / "a.json").stat().st_mode) == 0o644
    (tmp_path / "a.json").chmod(0o600)
    assert call(tiny_marian, "--text", AR, "-o", tmp_path / "a.json").exit_code == 0
    assert stat.S_IMODE((tmp_path / "a.json").stat().st_mode) == 0o600  # an existing file keeps its mode


@pytest.mark.parametrize("target", ["folder", "missing/a.json"])
def test_an_unwritable_destination_fails_before_any_model_loads(tmp_path, target):
    (tmp_path / "folder").mkdir()
    # a model that does not exist: 73 must come first, before the model is even looked at
    r = invoke("--text", AR, "--no-summary", "--mt-model", tmp_path / "no-model", "-o", tmp_path / target)
    assert r.exit_code == 73
    assert not (tmp_path / "missing").exists()  # never created silently


def test_a_fifo_is_written_into_not_replaced(tiny_marian, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE, text=True)
    r = call(tiny_marian, "--text", AR, "-f", "json", "-o", fifo)
    out, _ = reader.communicate(timeout=60)
    assert r.exit_code == 0
    assert json.loads(out)["schema_version"] == 1
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize("redirect", ["closed", "full"])
def test_a_stdout_that_cannot_take_it_is_73(tiny_marian, redirect):
    line = f"{sys.executable} -m translate_news --text '{AR}' --no-summary --mt-model {tiny_marian} -f json"
    shell = f"{line} >&-" if redirect == "closed" else f"{line} > /dev/full"
    r = subprocess.run(shell, shell=True, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 73, r.stderr
    assert "Traceback" not in r.stderr


def test_a_model_too_small_to_translate_is_69(tmp_path):
    from translate_news.backends.builders import tiny_marian

    folder = tiny_marian(tmp_path / "m4", max_positions=4)
    r = invoke("--text", AR, "--no-summary", "--mt-model", folder, "--backend", "transformers")
    assert r.exit_code == 69
    assert "4 token positions" in r.stderr


def test_markup_in_a_file_name_is_shown_as_it_is():
    import io

    from rich.console import Console

    from translate_news.batch import FileResult, FileStatus, Report
    from translate_news.ui import UI, BatchProgress

    out = io.StringIO()
    ui = UI(console=Console(file=out, force_terminal=True, width=100))
    progress = BatchProgress(ui)
    progress.start(["[/].txt", "[bold]x.txt"], Report())  # markup that Rich would choke on
    progress.file_done(FileResult("[/].txt", FileStatus.FAILED, "[red]broken"))
    progress.bar.stop()
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.getvalue())
    assert "translating [/].txt" in shown  # no MarkupError, nothing eaten
    assert "[red]broken" in shown
