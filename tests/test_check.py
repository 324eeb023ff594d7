"""`check`: every input it takes (stdin, TSV, JSON Lines, documents, aligned files), hostile input
refused with exit 65 and the line or field, and a view that wraps on a terminal and sends no escape."""
import json
import re
import sys

import pytest
from kit import invoke

from translate_news.cli import check as check_command
from translate_news.trust.pairs import Item, check_items, read_items

KILLED = "قتل 35 شخصا في الهجوم."
OIL = "وارتفعت أسعار النفط اليوم."


def pair(source, translation, **more):
    return json.dumps({"source": source, "translation": translation, **more}, ensure_ascii=False)


def test_dash_reads_stdin():
    r = invoke("check", "-", "-f", "jsonl", input=(pair(KILLED, "53 people were killed.") + "\n").encode())
    assert r.exit_code == 5, r.stderr
    assert json.loads(r.stdout)["flags"][0]["code"] == "number-missing"
    assert invoke("check", "-", "--against", "-").exit_code == 2


def test_tsv_by_header_or_by_the_first_arabic_column(tmp_path):
    named = tmp_path / "named.tsv"
    named.write_text(f"id\ttranslation\tsource\n7\t53 people were killed.\t{KILLED}\n"
                     f"8\tOil prices rose today.\t{OIL}\n", encoding="utf-8")
    rows = [json.loads(line) for line in invoke("check", named, "-f", "jsonl").stdout.splitlines()]
    assert [(r["id"], r["source"], bool(r["flags"])) for r in rows] == [("7", KILLED, True), ("8", OIL, False)]
    bare = tmp_path / "tico.tsv"  # the project's sample data: comments, then id, Arabic, English
    bare.write_text(f"# a comment\n# another\nseg_1\t{KILLED}\t35 people were killed in the attack.\n",
                    encoding="utf-8")
    items = read_items(bare)
    assert [(i.where, i.data) for i in items] == [
        ("line 3", {"source": KILLED, "translation": "35 people were killed in the attack."})]


def test_plain_text_without_against_gets_a_hint(tmp_path):
    text = tmp_path / "article.ar.txt"
    text.write_text(KILLED + "\n", encoding="utf-8")
    r = invoke("check", text)
    assert r.exit_code == 65
    assert "line 1: not JSON" in r.stderr
    assert "--against FILE" in r.stderr
    assert "TSV" in r.stderr


@pytest.mark.parametrize(("document", "field"), [
    ({"paragraphs": None}, '"paragraphs" is not a list'),
    ({"paragraphs": [1, 2]}, "paragraphs[0] is not an object"),
    ({"paragraphs": [{"kind": "content", "sentences": []}]}, "paragraphs[0].index"),
    ({"paragraphs": [{"kind": "content", "index": "0", "sentences": []}]}, "paragraphs[0].index"),
    ({"paragraphs": [{"kind": "content", "index": True, "sentences": []}]}, "paragraphs[0].index"),
    ({"paragraphs": [{"kind": "content", "index": 0}]}, "paragraphs[0].sentences is not a list"),
    ({"paragraphs": [{"kind": "content", "index": 0, "sentences": "x"}]}, "paragraphs[0].sentences"),
    ({"paragraphs": [{"kind": "content", "index": 0, "sentences": [3]}]}, "paragraphs[0].sentences[0]"),
    ({"paragraphs": [{"kind": "content", "index": 0, "sentences": [{"source": 1, "translation": "x"}]}]},
     "paragraphs[0].sentences[0]"),
    ({"paragraphs": [{"kind": "content", "index": 0, "sentences": [{"source": "x", "translation": 2}]}]},
     "paragraphs[0].sentences[0]"),
])
def test_a_tampered_document_is_65_naming_the_field(tmp_path, document, field):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"schema_version": 1, **document}), encoding="utf-8")
    r = invoke("check", path)
    assert r.exit_code == 65, r.stderr
    assert field in r.stderr


@pytest.mark.parametrize(("line", "why"), [
    ("[" * 100_000 + "]" * 100_000, "JSON nested too deeply"),
    ('{"source": "x", "translation": "y", "n": ' + "9" * 5000 + "}", "unreadable JSON"),
    ('{"source": "\\ud800", "translation": "y"}', "holds a lone surrogate"),
    ('{"source": "x", "translation": "y", "id": "\\udfff"}', "holds a lone surrogate"),
])
def test_hostile_json_lines_are_65_naming_the_line(tmp_path, line, why):
    path = tmp_path / "p.jsonl"
    path.write_text(pair(OIL, "Oil prices rose today.") + "\n" + line + "\n", encoding="utf-8")
    r = invoke("check", path, "-f", "jsonl")
    assert r.exit_code == 65, r.stderr
    assert f"line 2: {why}" in r.stderr
    assert r.stdout == ""


def test_an_endless_input_stops_at_max_bytes(tmp_path):
    for args in (["/dev/zero"], [tmp_path / "a.txt", "--against", "/dev/zero"]):
        (tmp_path / "a.txt").write_text(OIL + "\n", encoding="utf-8")
        r = invoke("check", *args, "--max-bytes", "100000")
        assert r.exit_code == 65, r.stderr
        assert "larger than --max-bytes (100000 bytes)" in r.stderr


def test_lines_are_split_on_newline_only(tmp_path):
    odd = pair(OIL, "Oil prices\u2028rose\x85 today.\x0c")
    path = tmp_path / "p.jsonl"
    path.write_text(odd + "\n", encoding="utf-8")
    first = invoke("check", path, "-f", "jsonl")
    assert first.exit_code == 0, first.stderr
    again = tmp_path / "again.jsonl"
    again.write_text(first.stdout, encoding="utf-8")  # check's own output, fed back
    second = invoke("check", again, "-f", "jsonl")
    assert second.exit_code == 0, second.stderr
    assert json.loads(second.stdout)["translation"] == "Oil prices\u2028rose\x85 today.\x0c"

    ar, en = tmp_path / "a.ar", tmp_path / "a.en"
    ar.write_text(f"{OIL}\u2028{OIL}\r\n{KILLED}\x0c\n", encoding="utf-8")
    en.write_text("Oil prices rose today. Oil prices rose today.\r\n35 people were killed.\n", encoding="utf-8")
    assert [i.data["source"] for i in read_items(ar, en)] == [f"{OIL}\u2028{OIL}", f"{KILLED}\x0c"]
    en.write_text("Oil prices rose today.\nOil prices rose today.\n35 people were killed.\n", encoding="utf-8")
    r = invoke("check", ar, "--against", en)
    assert r.exit_code == 65
    assert "has 2 lines" in r.stderr
    assert "has 3" in r.stderr


HOSTILE = "53 killed \x1b]52;c;ZWNobyBoaQ==\x07 \x1b[2J \x9b31m \x00 done"


def test_the_view_sends_no_control_to_a_pipe():
    r = invoke("check", "-", input=(pair(KILLED, HOSTILE) + "\n").encode())
    assert r.exit_code == 5
    assert not {"\x1b", "\x07", "\x9b", "\x00"} & set(r.stdout)
    assert "^[]52;c;ZWNobyBoaQ==^G" in r.stdout
    assert "<U+009B>31m" in r.stdout


def test_the_view_wraps_at_words_on_a_terminal(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    english = "The ministry said that 1234567 people were counted in the census of the whole country."
    check_command._show(check_items([Item("line 1", {"source": KILLED + " " + KILLED, "translation": english})]))
    lines = re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().out).splitlines()  # colour is not width
    assert max(len(line) for line in lines) <= 60
    assert len(lines) > 4  # the English needed more than one line
    assert any("1234567" in line for line in lines)  # a number is never cut in two


def test_translate_news_jsonl_is_checked_paragraph_by_paragraph(tmp_path):
    rows = [{"index": 0, "kind": "content", "source": KILLED, "translation": "53 people were killed.",
             "document": "a.txt"},
            {"index": 1, "kind": "boilerplate", "source": "اشترك في النشرة", "translation": None, "document": "a.txt"},
            {"kind": "summary", "summary": {"en": "53 people died."}, "document": "a.txt"}]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert [i.where for i in read_items(path)] == ["line 1"]
