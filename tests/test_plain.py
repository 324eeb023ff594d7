"""--plain (the English alone, for scripts) and the one format registry behind -f and -o."""
from pathlib import Path

import pytest
from kit import Scripted, doc_of, invoke

from translate_news.errors import UsageError
from translate_news.pipeline import translate_document
from translate_news.render import FORMATS, choose_format, render_document, streamer

AR = "قتل 35 شخصا في الهجوم.\nوارتفعت أسعار النفط اليوم.\n\nوقالت الوزارة في بيان إن الوضع هادئ."
EN = {"قتل 35 شخصا في الهجوم.": "53 people were killed in the attack.",  # a changed number: flagged
      "وارتفعت أسعار النفط اليوم.": "Oil prices rose today.",
      "وقالت الوزارة في بيان إن الوضع هادئ.": "The ministry said the situation was calm."}


def test_plain_is_one_line_per_paragraph_without_marks_or_notes():
    doc = translate_document(doc_of(AR), Scripted(lambda text, decoding: EN[text]))
    assert doc.trust_flagged()  # the other views mark this document
    assert "[!1]" in render_document(doc, "text")
    assert render_document(doc, "plain") == ("53 people were killed in the attack. Oil prices rose today.\n"
                                             "The ministry said the situation was calm.\n")


def test_plain_leaves_out_boilerplate_and_makes_controls_visible():
    doc = translate_document(doc_of("قال الوزير إن الوضع هادئ.\n\nاشترك في النشرة البريدية"),
                             Scripted(lambda text, decoding: "said \x1b]52;c;eA==\x07 calm"))
    out = render_document(doc, "plain")
    assert not {"\x1b", "\x07"} & set(out)
    assert out.count("\n") == 1  # the newsletter line is set aside, as in the text view


def test_every_format_streams_from_the_one_registry():
    doc = translate_document(doc_of(AR), Scripted(lambda text, decoding: EN[text]))
    for name in FORMATS:
        assert streamer(name).render(doc) == render_document(doc, name)


@pytest.mark.parametrize("name", ["article.pdf", "a.docx", "notes.en"])
def test_an_unknown_output_extension_is_a_usage_error_naming_the_formats(name):
    with pytest.raises(UsageError, match=r"\.json.*\.md"):
        choose_format(None, output=Path(name), stdout_is_terminal=False)
    assert choose_format("json", output=Path(name), stdout_is_terminal=False) == "json"  # -f decides
    assert choose_format(None, output=Path("article"), stdout_is_terminal=False) == "text"


def test_o_pdf_exits_2_before_any_work(tmp_path):
    r = invoke("--text", "قال الوزير.", "-o", tmp_path / "x.pdf", "--mt-model", tmp_path / "no-model")
    assert r.exit_code == 2, r.stderr  # not 69: the model is never looked at
    assert "x.pdf: no format writes .pdf files; use one of .htm, .html, .json" in r.stderr
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.model
def test_plain_on_a_pipe_is_bare_english_and_strict_still_counts(tiny_marian):
    text = "قال مسؤولون إن الهجوم وقع اليوم. وأضاف أن التحقيق جار.\n\nوقالت الوزارة في بيان إن الوضع هادئ."
    r = invoke("--mt-model", tiny_marian, "-b", "--strict", input=text.encode())
    lines = r.stdout.splitlines()
    assert [bool(line.strip()) for line in lines] == [True, True]  # random weights: nonsense, a line a paragraph
    assert not [w for w in ("[!", "Summary", "Check these") if w in r.stdout]
    assert "flagged for a reader to check" in r.stderr  # random weights leave something flagged
    assert "plain output has no marks" in r.stderr  # the count line does not promise marks it cannot show
    assert "marked in the output" not in r.stderr
    assert r.exit_code == 5
    assert invoke("--mt-model", tiny_marian, "--plain", "-f", "json", "--text", text).exit_code == 2


def test_help_shows_plain_and_the_check_inputs():
    assert "-b > a.en" in invoke("--help").stdout
    assert "--plain" in invoke("translate", "--help").stdout
    check = invoke("check", "--help").stdout
    assert "pairs.tsv" in check
    assert "check -" in check
