"""Trust in the product: every sentence checked, the fixable ones decoded again, flags shown."""
import json
import re
import subprocess
import sys

import pytest
from conftest import ROOT
from kit import Recording, Scripted, doc_of, invoke, screen_of

from translate_news.backends.base import Decoding
from translate_news.document import Flag, Summary
from translate_news.pipeline import REPAIR, severity, stream_documents, translate_document, translate_documents
from translate_news.render import render_document
from translate_news.trust.support import support_summary

AR = "قتل 35 شخصا في الهجوم. وارتفعت أسعار النفط اليوم."
GOOD = {"قتل 35 شخصا في الهجوم.": "35 people were killed in the attack.",
        "وارتفعت أسعار النفط اليوم.": "Oil prices rose today."}
LOOP = "the ministry said the ministry said the ministry said the ministry said 35"


def looping_then_fixed(text, decoding):
    if text.startswith("قتل") and decoding != REPAIR:
        return LOOP
    return GOOD[text]


def test_a_looping_sentence_is_decoded_again_and_the_better_attempt_wins():
    fake = Scripted(looping_then_fixed)
    doc = translate_document(doc_of(AR), fake)
    first, second = doc.paragraphs[0].sentences
    assert first.translation == GOOD[first.source]
    assert first.flags == []
    assert "repetition" in [f.code for f in first.first_flags]
    assert first.status == "ok"
    # the sentence that passed was decoded once, with the model's own settings
    assert [d for t, d in fake.calls if t == second.source] == [None]
    assert second.first_flags is None
    assert doc.trust()["repaired_sentences"] == 1


def test_a_name_written_two_ways_in_one_article_is_a_note_not_a_flag(notes):
    from translate_news.job import announce_flags

    text = "قال محمد إن الوضع هادئ. وأضاف محمد أن الطرق مفتوحة."
    english = {"قال محمد إن الوضع هادئ.": "Mohammed said the situation was calm.",
               "وأضاف محمد أن الطرق مفتوحة.": "Muhammad added that the roads were open."}
    doc = translate_document(doc_of(text), Scripted(lambda t, d: english[t]))
    assert doc.flagged() == []
    assert doc.trust()["notes"] == ["محمد is written Mohammed, Muhammad"]
    announce_flags(doc)  # the reader on a terminal hears of it too, not only a JSON reader
    assert "check the names: محمد is written Mohammed, Muhammad in this article" in notes()
    english["وأضاف محمد أن الطرق مفتوحة."] = "Mohammed added that the roads were open."
    assert "notes" not in translate_document(doc_of(text), Scripted(lambda t, d: english[t])).trust()


def test_a_repair_that_does_not_help_keeps_the_first_attempt_and_its_flags():
    fake = Scripted(lambda text, decoding: LOOP if text.startswith("قتل") else GOOD[text])
    doc = translate_document(doc_of(AR), fake)
    first = doc.paragraphs[0].sentences[0]
    assert first.translation == LOOP
    assert first.first_flags is None
    assert first.status == "suspect"
    assert "repetition" in [f.code for f in first.flags]
    assert len([d for t, d in fake.calls if t == first.source]) == 2  # once more, never a loop
    assert any("sentence at character 0: " in w and "repetition" in w for w in doc.warnings)


def test_each_sentence_is_counted_once_flagged_or_repaired():
    from translate_news.job import flags_line
    from translate_news.render.html import render_html
    from translate_news.render.table import count_line

    def answer(text, decoding):  # both loop; decoded again, one comes out clean, one loses its number
        if text in ("قتل 35 شخصا في الهجوم.", "وارتفعت أسعار النفط اليوم.") and decoding != REPAIR:
            return LOOP
        return "People were killed in the attack." if "35" in text else GOOD.get(text, "Calm returned.")

    one = translate_document(doc_of("قتل 35 شخصا في الهجوم."), Scripted(answer))
    c = one.counts()
    assert (c.sentences, c.flagged, c.repaired, c.flagged_after_repair, c.repaired_clean) == (1, 1, 1, 1, 0)
    line = flags_line(c)  # one sentence, flagged after its repair: said once
    assert line == ("1 sentence(s) flagged for a reader to check (number-missing 1), 1 of them after decoding "
                    "again; they are marked in the output")
    doc = translate_document(doc_of(AR + " وعاد الهدوء."), Scripted(answer))
    c = doc.counts()
    assert (c.sentences, c.flagged, c.repaired, c.flagged_after_repair, c.repaired_clean) == (3, 1, 2, 1, 1)
    assert "1 of them after decoding again; 1 other(s) repaired by decoding again" in flags_line(c)
    trust = json.loads(render_document(doc, "json"))["trust"]
    assert (trust["flagged_sentences"], trust["repaired_sentences"], trust["flagged_after_repair"]) == (1, 2, 1)
    assert "1 flagged</span> (1 of them after decoding again), 1 other repaired by decoding again" in render_html(doc)
    assert count_line(c).startswith("Check against the Arabic: 1 flagged sentence(s) (1 of them after decoding again)")
    clean = translate_document(doc_of("وارتفعت أسعار النفط اليوم."), Scripted(answer))
    assert flags_line(clean.counts()) == "1 sentence(s) repaired by decoding again; none stays flagged"
    assert count_line(clean.counts()) is None


@pytest.mark.model
def test_counts_add_up_in_a_run_on_random_weights(tiny_marian, tmp_path, notes, monkeypatch):
    # random weights flag almost every sentence and decode most again: the hardest case for counting
    from translate_news.job import Job, flags_line
    from translate_news.render.table import count_line
    from translate_news.settings import Settings

    text = AR + "\n\nوقال المسؤول إن خمسة جنود أصيبوا في الانفجار. وأضاف أن التحقيق جار.\n\nوعاد الهدوء."
    doc = Job(Settings(mt_model=str(tiny_marian), summary=False, backend="transformers")).run(doc_of(text)).document
    sentences = list(doc.sentences())
    c = doc.counts()
    assert c.sentences == len(sentences) == doc.stats.sentences == 5
    assert c.flagged == sum(1 for s in sentences if s.flags) > 0
    assert c.repaired == sum(1 for s in sentences if s.first_flags is not None)
    assert c.flagged_after_repair <= min(c.flagged, c.repaired)
    assert c.flagged + c.repaired_clean <= c.sentences  # disjoint: no sentence counted twice
    assert flags_line(c) in notes()  # the stderr line says these very numbers
    assert flags_line(c).startswith(f"{c.flagged} sentence(s) flagged")
    data = json.loads(render_document(doc, "json"))
    assert data["trust"] == c.to_dict()
    assert sum(1 for p in data["paragraphs"] for s in p["sentences"] if s["flags"]) == c.flagged
    page = render_document(doc, "html")
    assert f'data-tn-sentences="{c.sentences}" data-tn-flagged="{c.flagged}"' in page
    assert f"{c.flagged} flagged</span>" in page
    monkeypatch.setenv("COLUMNS", "120")
    table = render_document(doc, "rich")
    assert len(re.findall(r"^ \[!\d+\] [a-z-]+: ", table, re.M)) == c.flagged  # one reason line each, under its row
    assert count_line(c) in re.sub(r"\s*\n", " ", table)
    article = tmp_path / "article.json"
    article.write_text(render_document(doc, "json"), encoding="utf-8")
    checked = invoke("check", article, "-f", "json")
    rechecked = sum(1 for item in json.loads(checked.stdout) if item["flags"])
    assert f"{rechecked} of {c.sentences} sentence(s) flagged" in checked.stderr


@pytest.mark.model
def test_a_terminal_shows_a_flagged_rows_reasons_under_that_row(tiny_marian, tmp_path):
    article = tmp_path / "a.txt"  # random weights flag both paragraphs
    article.write_text("قتل 35 شخصا في الهجوم على السوق المركزي.\n\nوارتفعت أسعار النفط اليوم في الأسواق العالمية.",
                       encoding="utf-8")
    status, screen = screen_of([article, "--mt-model", tiny_marian, "--no-summary", "--rtl", "logical",
                                "--backend", "transformers"], columns=160)
    assert status == 0
    first_row, second_row = screen.index("المركزي"), screen.index("العالمية")
    reason = re.search(r"\[!1\] [a-z-]+: ", screen)
    assert reason
    assert first_row < reason.start() < second_row  # under its row, before the next row
    assert screen.count("[!1]", 0, second_row) == 3  # the English, its Arabic twin, the reason line
    assert "[!1]" in screen[first_row:screen.index("\n", first_row)]  # the twin: after the Arabic sentence
    assert screen.index("Check against the Arabic: 2 flagged sentence(s)") > second_row


class CountingRepairs(Scripted):
    """Scripted, counting the model calls made with the repair settings."""

    def __init__(self, answer):
        super().__init__(answer)
        self.repair_calls = 0

    def translate_batches(self, batches, caps, *, lengths=None, decoding=None, urgent=0):
        self.repair_calls += decoding == REPAIR
        return super().translate_batches(batches, caps, lengths=lengths, decoding=decoding, urgent=urgent)


def test_a_batch_repairs_every_flagged_sentence_in_one_pass_and_streaming_gives_the_same():
    texts = ["\n\n".join([AR] * 3) for _ in range(3)]  # 9 paragraphs, each with a looping sentence
    batch = CountingRepairs(looping_then_fixed)
    docs = [doc_of(t) for t in texts]
    translate_documents(docs, batch)
    assert batch.repair_calls == 1  # not one per paragraph or per document
    assert sum(s.first_flags is not None for d in docs for s in d.sentences()) == 9
    streamed = CountingRepairs(looping_then_fixed)
    again = [doc_of(t) for t in texts]
    assert [p.index for p in stream_documents(again, streamed)] == [p.index for d in again for p in d.paragraphs]
    assert [(s.translation, s.flags, s.first_flags) for d in again for s in d.sentences()] == \
        [(s.translation, s.flags, s.first_flags) for d in docs for s in d.sentences()]


def test_a_changed_number_is_flagged_but_not_decoded_again():
    fake = Scripted(lambda text, decoding: "53 people were killed in the attack." if "35" in text else GOOD[text])
    doc = translate_document(doc_of(AR), fake)
    first = doc.paragraphs[0].sentences[0]
    assert [f.code for f in first.flags] == ["number-missing", "number-added"]
    assert len(fake.calls) == 2  # decoding again cannot fix a wrong number


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_repair_really_decodes_again_on_both_backends(tiny_marian, example_text, backend):
    from translate_news.backends.factory import open_translator

    if backend == "ctranslate2":
        pytest.importorskip("ctranslate2")
    rec = Recording(open_translator(str(tiny_marian), "cpu", backend=backend))
    doc = translate_document(doc_of("\n\n".join(example_text.split("\n\n")[:6])), rec)
    repaired = [s for s in doc.sentences() if s.first_flags is not None]
    decoded_again = {t for t, d in rec.decodings if d == REPAIR}
    assert decoded_again  # random weights: flagged output, so the repair path ran
    assert all(severity(s.flags) < severity(s.first_flags) for s in repaired)
    # the repair settings reach the model: blocking every repeated token changes the output
    text = doc.paragraphs[0].sentences[0].source
    plain = next(iter(rec.inner.translate_batches([[text]], [64])))[0].text
    blocked = next(iter(rec.inner.translate_batches([[text]], [64], decoding=Decoding(no_repeat_ngram_size=1))))[0]
    words = plain.split()
    assert len(set(words)) < len(words)  # the tiny model repeats itself ...
    assert blocked.text != plain  # ... and the option changes what it says


# ---------------------------------------------------------------- the summary, backed by the article

def test_summary_sentences_are_backed_or_flagged():
    doc = translate_document(doc_of(AR), Scripted(lambda text, decoding: GOOD[text]))
    sentences = support_summary(doc, "Officials said 53 people were killed in the attack. Oil prices rose. "
                                     "Biden visited Paris.")
    killed, oil, invented = sentences
    assert killed.support == [(0, 0)]
    assert [f.code for f in killed.flags] == ["unsupported-number"]
    assert oil.support == [(0, 1)]
    assert oil.flags == []
    assert [f.code for f in invented.flags] == ["no-support", "unsupported-name"]


# ---------------------------------------------------------------- what the reader sees

@pytest.fixture
def flagged_doc():
    doc = translate_document(doc_of(AR), Scripted(
        lambda text, decoding: "53 people were killed in the attack." if "35" in text else GOOD[text]))
    doc.summary = Summary(en="60 people were killed. Oil prices rose.", ar="قتل 60.", unverified_numbers=["60"])
    doc.summary.sentences = support_summary(doc, doc.summary.en)
    return doc


def test_text_and_markdown_mark_the_sentence_and_explain_in_notes(flagged_doc):
    text = render_document(flagged_doc, "text")
    assert "53 people were killed in the attack. [!1] Oil prices rose today." in text
    assert "[!1] paragraph 1: number-missing: the source's 35 is not in the translation" in text
    assert "60 people were killed. [S1]" in text
    assert "[S1] summary: unsupported-number" in text
    md = render_document(flagged_doc, "markdown")
    assert "\\[!1\\]" in md
    assert "## Check these" in md
    assert "number-missing: the source's 35" in md


def test_the_terminal_table_marks_both_sides_and_gives_the_reasons_under_the_row(flagged_doc, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    out = render_document(flagged_doc, "rich")  # to a file: no colour at all
    assert "\x1b[" not in out
    lines = out.splitlines()
    row = next(i for i, line in enumerate(lines) if "53 people were killed in the attack. [!1]" in line)
    reason = next(i for i, line in enumerate(lines) if line.startswith(" [!1] number-missing: the source's 35"))
    panel = next(i for i, line in enumerate(lines) if "Summary (machine-written" in line)
    assert row < reason < panel  # under its row, not after the summary
    assert any("[!1]" in line[50:] for line in lines[row:reason])  # the Arabic twin carries the same mark
    assert any(line.startswith("│ [S1] unsupported-number: 60") for line in lines[panel:])  # in the panel
    tail = re.sub(r"\s+", " ", "\n".join(lines[panel:]))
    assert "Check against the Arabic: 1 flagged sentence(s) and 1 flagged summary sentence(s)" in tail
    assert "paragraph 1:" not in out  # no list of notes after the summary any more


def test_json_has_flags_repairs_and_a_trust_block(flagged_doc):
    doc = json.loads(render_document(flagged_doc, "json"))
    first, second = doc["paragraphs"][0]["sentences"]
    assert first["status"] == "suspect"
    assert [f["code"] for f in first["flags"]] == ["number-missing", "number-added"]
    assert second["flags"] == []
    assert "repaired" not in second
    assert doc["trust"]["flagged_sentences"] == 1
    assert doc["trust"]["counts"] == {"number-missing": 1, "number-added": 1}
    assert doc["summary"]["sentences"][0]["flags"][0]["code"] == "unsupported-number"
    assert doc["summary"]["unverified_numbers"] == ["60"]


# ---------------------------------------------------------------- --strict and check

def test_strict_exits_5_when_something_stays_flagged_and_check_gives_the_runs_own_flags(tiny_marian, tmp_path):
    # random weights: every translation is nonsense, so something stays flagged
    args = ["--text", AR, "--mt-model", tiny_marian, "--no-summary", "-f", "json"]
    plain = invoke(*args)
    assert plain.exit_code == 0
    assert "flagged for a reader to check" in plain.stderr
    doc = json.loads(plain.stdout)
    assert doc["trust"]["flagged_sentences"] > 0
    assert invoke(*args, "--strict").exit_code == 5
    # the random model runs to its length cap: JSON records it, and `check` re-checks with it
    run = [s for p in doc["paragraphs"] for s in p["sentences"]]
    assert any(s.get("hit_cap") for s in run)
    saved = tmp_path / "article.json"
    saved.write_text(plain.stdout, encoding="utf-8")
    checked = json.loads(invoke("check", saved, "-f", "json").stdout)
    assert [c["flags"] for c in checked] == [s["flags"] for s in run]


@pytest.fixture
def pairs(tmp_path):
    f = tmp_path / "pairs.jsonl"
    f.write_text(json.dumps({"source": "قتل 35 شخصا في الهجوم.", "translation": "53 people were killed.", "id": 7},
                            ensure_ascii=False) + "\n\n" +
                 json.dumps({"source": "وارتفعت أسعار النفط اليوم.", "translation": "Oil prices rose today."},
                            ensure_ascii=False) + "\n", encoding="utf-8")
    return f


def test_check_pairs_in_every_form(pairs, tmp_path, flagged_doc):
    r = invoke("check", pairs, "-f", "jsonl")
    assert r.exit_code == 5
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [row.get("id") for row in rows] == [7, None]  # input order, input fields kept
    assert [f["code"] for f in rows[0]["flags"]] == ["number-missing", "number-added"]
    assert rows[1]["flags"] == []
    assert "1 of 2 pair(s) flagged" in r.stderr
    table = invoke("check", pairs)
    assert "line 1: number-missing" in table.stdout

    article = tmp_path / "article.json"
    article.write_text(render_document(flagged_doc, "json"), encoding="utf-8")
    checked = json.loads(invoke("check", article, "-f", "json").stdout)
    assert [(c["paragraph"], c["sentence"], bool(c["flags"])) for c in checked] == [(0, 0, True), (0, 1, False)]

    ar, en = tmp_path / "a.ar.txt", tmp_path / "a.en.txt"
    ar.write_text("وارتفعت أسعار النفط اليوم.\nقتل 35 شخصا في الهجوم.\n", encoding="utf-8")
    en.write_text("Oil prices rose today.\n35 people were killed in the attack.\n", encoding="utf-8")
    assert invoke("check", ar, "--against", en).exit_code == 0


def test_check_bad_input_names_the_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"source": "قال", "translation": "said"}\n{"source": 3}\n', encoding="utf-8")
    r = invoke("check", bad)
    assert r.exit_code == 65
    assert "line 2" in r.stderr
    short = tmp_path / "en.txt"
    short.write_text("one line\n", encoding="utf-8")
    assert invoke("check", bad, "--against", short).exit_code == 65
    assert invoke("check", tmp_path / "missing.jsonl").exit_code == 66


def test_check_imports_no_model_library(pairs):
    script = ("import sys\nfrom translate_news.cli import main\nsys.argv = ['translate-news', 'check', sys.argv[1]]\n"
              "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
              "heavy = sorted(m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules)\n"
              "print('EXIT', code, 'HEAVY', heavy, file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-c", script, str(pairs)], capture_output=True, text=True, cwd=ROOT)
    assert "EXIT 5 HEAVY []" in r.stderr, r.stderr


def test_flags_are_plain_data():
    assert Flag("echo", "x").to_dict() == {"code": "echo", "reason": "x"}


def test_every_flag_code_has_a_severity_to_choose_between_attempts():
    from translate_news.pipeline import SEVERITY
    from translate_news.trust.checks import CODES
    assert set(SEVERITY) == set(CODES)
