"""The bilingual summary on tiny random-weight BART and Marian models."""
import json
import re
import weakref

import pytest
from kit import Recording, doc_of, invoke

from translate_news.backends.builders import EN
from translate_news.backends.hf import HFSummarizer, HFTranslator, target_prefix
from translate_news.document import Summary
from translate_news.errors import ModelUnavailable, UsageError
from translate_news.render import table as render_table
from translate_news.render import text as render_text
from translate_news.settings import parse_length
from translate_news.summary import pack, summarize_document, summarize_text, unverified_numbers

pytestmark = pytest.mark.model

AR = ("قال مسؤولون إن 2500 جندي وصلوا إلى القاعدة. وأضاف أن التحقيق جار.\n\n"
      "وقالت الوزارة في بيان إن الوضع هادئ.\n\nشاركها.\nExit mobile version")


def squash(s):
    return re.sub(r"\s+", "", s)


@pytest.mark.parametrize(("value", "expected"), [("short", (30, 80)), ("medium", (56, 142)), ("40:120", (40, 120))])
def test_lengths(value, expected):
    assert parse_length(value) == expected


@pytest.mark.parametrize("value", ["huge", "120:40", "0:0", "a:b", ""])
def test_bad_lengths(value):
    with pytest.raises(UsageError, match="--summary-length"):
        parse_length(value)


def test_unverified_numbers():
    translation = "The United States deploys about 2500 troops. Five were hurt on 7 October."
    assert unverified_numbers("About 2,500 troops; 7 hurt.", translation) == []
    assert unverified_numbers("85 targets were hit and 85 more; ٣ dead.", translation) == ["85", "3"]


@pytest.mark.slow
def test_article_far_over_the_window_is_map_reduced_without_truncation(tiny_bart_32):
    spy = Recording(HFSummarizer(str(tiny_bart_32)))
    paragraphs = [" ".join(EN[i % 4] for i in range(k, k + 3)) for k in range(10)]
    assert spy.count_tokens([" ".join(paragraphs)])[0] > 10 * spy.max_tokens
    result = summarize_text(paragraphs, spy, min_new=5, max_new=20)
    assert result.chunks > 5
    assert result.levels >= 2
    assert result.text is not None
    assert max(spy.count_tokens(spy.inputs)) <= spy.max_tokens  # every input fits the window
    first_level = spy.inputs[:result.chunks]
    assert squash("".join(first_level)) == squash("".join(paragraphs))  # all of the article was read


def test_pack_cuts_long_paragraphs_and_keeps_everything(tiny_bart_32):
    s = HFSummarizer(str(tiny_bart_32))
    def count(t):
        return s.count_tokens([t])[0]

    units = [" ".join(EN * 3), EN[0], EN[1]]
    chunks = pack(units, count, 32)
    assert all(count(c) <= 32 for c in chunks)
    assert squash("".join(chunks)) == squash("".join(units))


def test_target_token_detected_from_the_tokenizer(tiny_en_ar, tiny_marian):
    multi = HFTranslator(str(tiny_en_ar), target_lang="ara")
    plain = HFTranslator(str(tiny_marian), target_lang="ara")
    assert multi.prefix == ">>ara<< "
    assert plain.prefix == ""
    ids = multi.tokenizer(multi.prefix + "Oil prices rose today.")["input_ids"]
    assert ids[0] == multi.tokenizer.get_vocab()[">>ara<<"]  # one token, at the start
    assert multi.translate_batch(["Oil prices rose today."], max_new_tokens=8)[0].text is not None
    assert target_prefix(multi.tokenizer.get_vocab(), "arz") == ">>arz<< "
    with pytest.raises(ModelUnavailable, match="target-language token"):
        target_prefix(multi.tokenizer.get_vocab(), "fra")


def translated_doc(tiny_marian):
    from translate_news.pipeline import translate_document

    doc = doc_of(AR)
    return translate_document(doc, HFTranslator(str(tiny_marian)))


def test_boilerplate_is_not_summarized_and_languages_are_honoured(tiny_marian, tiny_bart, tiny_en_ar):
    doc = translated_doc(tiny_marian)
    spy = Recording(HFSummarizer(str(tiny_bart)))
    summarize_document(doc, spy, None, length=(5, 20), langs="en")
    assert doc.summary is not None
    assert set(doc.summary.to_dict()) == {"en", "unverified_numbers", "sentences"}
    assert doc.stats.summary is not None
    assert doc.stats.summary.chunks >= 1
    assert doc.stats.summary.levels >= 1
    read = squash(" ".join(spy.inputs))
    assert squash(doc.paragraphs[0].translation) in read
    assert "Exit" not in read

    both = summarize_document(translated_doc(tiny_marian), HFSummarizer(str(tiny_bart)),
                              HFTranslator(str(tiny_en_ar), target_lang="ara"), length=(5, 20))
    assert set(both.summary.to_dict()) == {"en", "ar", "unverified_numbers", "sentences"}
    assert both.summary.ar


def test_same_input_same_summary(tiny_bart):
    s = HFSummarizer(str(tiny_bart))
    assert s.summarize(" ".join(EN[:2]), min_new_tokens=5, max_new_tokens=30) == \
        s.summarize(" ".join(EN[:2]), min_new_tokens=5, max_new_tokens=30)


# ---------------------------------------------------------------- command line

def run(tiny_marian, tiny_bart, tiny_en_ar, *args):
    return invoke("--text", AR, "--mt-model", tiny_marian, "--summary-model", tiny_bart, "--back-model", tiny_en_ar,
                  "--summary-length", "5:20", *args)


def test_summary_in_every_format(tiny_marian, tiny_bart, tiny_en_ar):
    doc = json.loads(run(tiny_marian, tiny_bart, tiny_en_ar, "-f", "json").stdout)
    assert doc["summary"]["en"] is not None
    assert doc["summary"]["ar"]
    assert doc["models"]["summary"] == str(tiny_bart)
    assert doc["models"]["back_translation"] == str(tiny_en_ar)
    assert doc["stats"]["summary"]["levels"] >= 1
    last = json.loads(run(tiny_marian, tiny_bart, tiny_en_ar, "-f", "jsonl").stdout.splitlines()[-1])
    assert last["kind"] == "summary"
    assert last["summary"] == doc["summary"]
    text = run(tiny_marian, tiny_bart, tiny_en_ar, "-f", "text").stdout
    assert render_text.SUMMARY_TITLE in text
    assert doc["summary"]["en"] in text
    assert doc["summary"]["ar"] not in text  # text is English only
    md = run(tiny_marian, tiny_bart, tiny_en_ar, "-f", "markdown").stdout
    assert f"## {render_text.SUMMARY_TITLE}" in md
    table = run(tiny_marian, tiny_bart, tiny_en_ar, "-f", "rich").stdout
    assert "Summary (machine-written" in table


def test_no_summary(tiny_marian, tiny_bart, tiny_en_ar):
    doc = json.loads(run(tiny_marian, tiny_bart, tiny_en_ar, "-f", "json", "--no-summary").stdout)
    assert doc["summary"] is None
    assert "summary" not in doc["models"]


def test_english_only_never_loads_the_back_model(tiny_marian, tiny_bart, tmp_path):
    r = invoke("--text", AR, "--mt-model", tiny_marian, "--summary-model", tiny_bart,
               "--back-model", tmp_path / "absent", "--summary-lang", "en", "--summary-length", "short", "-f", "json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert "en" in doc["summary"]
    assert "ar" not in doc["summary"]
    assert "back_translation" not in doc["models"]


def test_failing_summarizer_keeps_the_translation(tiny_marian, tmp_path):
    r = invoke("--text", AR, "--mt-model", tiny_marian, "-f", "json", "--summary-model", tmp_path / "absent")
    assert r.exit_code == 4
    assert "summary not written" in r.stderr
    assert "the translation is complete" in r.stderr
    doc = json.loads(r.stdout)
    assert doc["summary"] is None
    assert all(p["translation"] for p in doc["paragraphs"] if p["kind"] == "content")
    assert any(w.startswith("summary: not written") for w in doc["warnings"])


def test_unverified_numbers_are_highlighted():
    doc = doc_of(AR)
    doc.summary = Summary("About 85 troops arrived, and 2500 more.", "وصل 85 جنديا.", ["85"])
    from rich.console import Console

    console = Console(width=80, force_terminal=True, color_system="standard")
    with console.capture() as cap:
        console.print(render_table.rich_summary(doc, "logical"))
    out = cap.get()
    assert re.search(r"\x1b\[[0-9;]*m85\x1b\[0m", out)
    assert not re.search(r"\x1b\[[0-9;]*m2500", out)
    assert "**85**" in render_text.render_markdown(doc)
    assert "**2500**" not in render_text.render_markdown(doc)
    assert "check: 85" in render_text.render_text(doc)


def test_missing_back_model_keeps_the_english_summary(tiny_marian, tiny_bart, tmp_path):
    r = invoke("--text", AR, "--mt-model", tiny_marian, "--summary-model", tiny_bart,
               "--back-model", tmp_path / "absent", "--summary-length", "5:20", "-f", "json")
    assert r.exit_code == 4
    assert "Arabic summary not written" in r.stderr
    doc = json.loads(r.stdout)
    assert "en" in doc["summary"]
    assert "ar" not in doc["summary"]
    assert any(w.startswith("Arabic summary: not written") for w in doc["warnings"])


def test_the_translator_is_gone_before_the_summarizer_loads(tiny_marian, tiny_bart, tiny_en_ar, monkeypatch):
    # The peak memory of a run is then one stage's, not the sum of all three models.
    from translate_news import job

    translators, alive_then = [], []
    open_translator, open_summarizer = job.open_translator, job.open_summarizer

    def tracked(*args, **kwargs):
        t = open_translator(*args, **kwargs)
        translators.append(weakref.ref(t))
        return t

    def summarizer(*args, **kwargs):
        alive_then.append(translators[0]() is not None)
        return open_summarizer(*args, **kwargs)

    monkeypatch.setattr(job, "open_translator", tracked)
    monkeypatch.setattr(job, "open_summarizer", summarizer)
    doc = json.loads(run(tiny_marian, tiny_bart, tiny_en_ar, "-f", "json").stdout)
    assert doc["summary"]["ar"]
    assert alive_then == [False]
