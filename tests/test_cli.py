"""The command line, in-process, on tiny random-weight models."""
import json
import os
import re

import pytest
from conftest import EXAMPLE
from kit import invoke

from translate_news.cli import translate as translate_command

pytestmark = pytest.mark.model

AR = "قال مسؤولون إن الهجوم وقع اليوم. وأضاف أن التحقيق جار.\n\nوقالت الوزارة في بيان إن الوضع هادئ."


def call(tiny_marian, *args, input=None, env=None):
    """Translate with the tiny model; the summary has its own tests (test_summary.py)."""
    return invoke(*args, "--mt-model", tiny_marian, "--no-summary", input=input, env=env)


def paragraphs(result):
    """The English paragraphs of text output (not the notes on flagged sentences after them)."""
    from translate_news.render.marks import INTRO

    return [b for b in result.stdout.split("\n\n") if b.strip() and not b.startswith(INTRO)]


# ---------------------------------------------------------------- input modes

def test_path_argument(tiny_marian):
    r = call(tiny_marian, str(EXAMPLE))
    assert r.exit_code == 0, r.stderr
    assert len(paragraphs(r)) == 22  # content paragraphs; boilerplate is set aside
    assert "set aside 3 boilerplate" in r.stderr
    assert "[newsletter]" in r.stderr


def test_dash_reads_stdin(tiny_marian):
    r = call(tiny_marian, "-", input=AR.encode())
    assert r.exit_code == 0, r.stderr
    assert len(paragraphs(r)) == 2


def test_piped_stdin_without_argument(tiny_marian):
    r = call(tiny_marian, "-f", "json", input=AR.encode("utf-16"))
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["source"]["path"] == "-"
    assert doc["source"]["encoding"] == "utf-16"


def test_text_option(tiny_marian):
    r = call(tiny_marian, "--text", "قال الرئيس إن الحكومة ستعلن خطة جديدة.", "-f", "json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["paragraphs"][0]["translation"]


def test_explicit_translate_command_and_env_model(tiny_marian):
    r = invoke("translate", "--text", AR, "--no-summary", env={"TRANSLATE_NEWS_MT_MODEL": str(tiny_marian)})
    assert r.exit_code == 0, r.stderr
    assert len(paragraphs(r)) == 2


def test_windows_1256_and_bom_crlf_files(tiny_marian, tmp_path):
    cp = tmp_path / "cp1256.txt"
    cp.write_bytes(AR.encode("cp1256"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + AR.replace("\n", "\r\n").encode())
    for f, enc in ((cp, "cp1256"), (bom, "utf-8-sig")):
        doc = json.loads(call(tiny_marian, str(f), "-f", "json").stdout)
        assert doc["source"]["encoding"] == enc
        assert [p["source"] for p in doc["paragraphs"]] == AR.split("\n\n")


# ---------------------------------------------------------------- exit codes

@pytest.mark.parametrize(("content", "code", "message"), [
    (b"", 65, "empty"),
    (b"  \n\n \t", 65, "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", 65, "binary"),
    (bytes(range(0x80, 0x100)) * 4, 65, "not valid UTF-8"),
    (b"Only English here.", 65, "no Arabic"),
])
def test_bad_input_files(tiny_marian, tmp_path, content, code, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    r = call(tiny_marian, str(f))
    assert r.exit_code == code
    assert message in r.stderr
    assert r.stdout == ""
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_missing_file_is_66(tiny_marian, tmp_path):
    r = call(tiny_marian, str(tmp_path / "nope.txt"))
    assert r.exit_code == 66
    assert "no such file" in r.stderr


def test_terminal_without_input_is_a_usage_error(tiny_marian, monkeypatch):
    monkeypatch.setattr(translate_command, "stdin_is_terminal", lambda: True)
    r = call(tiny_marian)
    assert r.exit_code == 2
    assert "no input" in r.stderr


@pytest.mark.parametrize("args", [["--device", "tpu", "--text", AR], ["x.txt", "--text", AR],
                                  ["--format", "pdf", "--text", AR], ["--batch-size", "0", "--text", AR]])
def test_usage_errors(tiny_marian, args):
    assert call(tiny_marian, *args).exit_code == 2


def test_uncached_hub_model_offline_is_69_and_names_it():
    r = invoke("--text", AR, "--offline", "--mt-model", "example-org/not-cached-model")
    assert r.exit_code == 69
    assert "example-org/not-cached-model" in r.stderr
    assert "offline" in r.stderr
    assert "Traceback" not in r.stderr


def test_missing_model_folder_is_69(tmp_path):
    r = invoke("--text", AR, "--mt-model", tmp_path / "no-model")
    assert r.exit_code == 69
    assert "not found" in r.stderr


def test_unusable_explicit_device_is_69(tiny_marian):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a working GPU")
    r = call(tiny_marian, "--text", AR, "--device", "cuda")
    assert r.exit_code == 69
    assert "--device cpu" in r.stderr


# ---------------------------------------------------------------- output formats

def test_json_schema(tiny_marian):
    r = call(tiny_marian, str(EXAMPLE), "-f", "json")
    doc = json.loads(r.stdout)
    text = EXAMPLE.read_text(encoding="utf-8")
    assert doc["schema_version"] == 1
    assert set(doc) >= {"source", "models", "paragraphs", "summary", "warnings", "stats"}
    assert doc["models"] == {"translation": str(tiny_marian), "device": "cpu"}
    assert doc["summary"] is None
    assert isinstance(doc["warnings"], list)
    assert doc["stats"]["paragraphs"] == len(doc["paragraphs"]) == 25
    assert doc["stats"]["sentences"] == sum(len(p["sentences"]) for p in doc["paragraphs"])
    for i, p in enumerate(doc["paragraphs"]):
        assert p["index"] == i
        assert p["kind"] in ("content", "boilerplate", "passthrough")
        assert text[p["start"]:p["start"] + len(p["source"])] == p["source"]
        for s in p["sentences"]:
            assert text[s["start"]:s["start"] + len(s["source"])] == s["source"]
            assert s["status"] in ("ok", "split", "suspect", "passthrough", "skipped")
        if p["kind"] == "boilerplate":
            assert p["translation"] is None
            assert p["rule"]
        else:
            assert p["translation"]


def test_jsonl_is_one_paragraph_per_line(tiny_marian):
    lines = call(tiny_marian, str(EXAMPLE), "-f", "jsonl").stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 25
    assert all(r["document"] == str(EXAMPLE) for r in rows)


def test_markdown_is_bilingual(tiny_marian):
    md = call(tiny_marian, str(EXAMPLE), "-f", "markdown").stdout
    assert md.count('<p dir="rtl" lang="ar">') == 25
    assert "## Set aside as boilerplate" in md
    assert "العين بالعين" in md


def test_keep_boilerplate_translates_it(tiny_marian):
    doc = json.loads(call(tiny_marian, str(EXAMPLE), "-f", "json", "--keep-boilerplate").stdout)
    junk = [p for p in doc["paragraphs"] if p["kind"] == "boilerplate"]
    assert len(junk) == 3
    assert all(p["translation"] for p in junk)


def test_output_file_is_written_whole(tiny_marian, tmp_path):
    out = tmp_path / "a.json"
    r = call(tiny_marian, str(EXAMPLE), "-f", "json", "-o", str(out))
    assert r.exit_code == 0
    assert r.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["stats"]["paragraphs"] == 25
    assert os.listdir(out.parent) == ["a.json"]


def test_rich_table_to_a_file_keeps_logical_order(tiny_marian, tmp_path):
    out = tmp_path / "table.txt"
    call(tiny_marian, "--text", AR, "-f", "rich", "-o", str(out), "--rtl", "visual")
    table = out.read_text(encoding="utf-8")
    assert "قال مسؤولون إن الهجوم" in table  # not reshaped or reversed


def test_example_article_as_a_table(tiny_marian):
    from rich.cells import cell_len

    r = call(tiny_marian, str(EXAMPLE), "-f", "rich", env={"COLUMNS": "100"})
    lines = r.stdout.split("Check against the Arabic:")[0].splitlines()  # the table, reasons under its rows
    assert r.exit_code == 0
    assert len(lines) > 25
    assert all(cell_len(line) == 100 for line in lines)  # harakat take no cell
    unmarked = [re.sub(r" \u200e\[!\d+\]\u200e", "", line) for line in lines]  # the mark of a flagged twin
    assert any(line.rstrip().endswith("العين بالعين") for line in unmarked)
    assert sum("(set aside:" in line for line in lines) == 3


def test_unreachable_hub_fails_at_once_without_retries(monkeypatch):
    from huggingface_hub import constants

    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.setattr(constants, "ENDPOINT", "http://127.0.0.1:9")  # nothing listens there
    r = invoke("--text", AR, "--mt-model", "example-org/not-cached-model")
    assert r.exit_code == 69
    assert "example-org/not-cached-model" in r.stderr
    assert "cannot be reached" in r.stderr
    assert "Retrying" not in r.stderr


def test_batch_help_lists_every_exit_code_a_batch_can_end_with():
    import re

    shown = set(re.findall(r"^\s+(\d+)\s", invoke("batch", "--help").stdout, flags=re.M))
    assert {"0", "2", "3", "5", "65", "66", "69", "73", "75", "129", "130", "143"} <= shown  # 5: --strict
