"""The side-by-side table and the text formats, from a hand-filled Document (no model)."""
import io

import pytest
from kit import doc_of
from rich.cells import cell_len
from rich.console import Console

from translate_news.document import Flag
from translate_news.render.table import rich_table
from translate_news.render.text import render_markdown, render_text
from translate_news.rtl import resolve_rtl_mode

TEXT = ("قال مسؤولون دفاعيون أمريكيون إن هجوما صاروخيا على القوات الأمريكية أدى إلى إصابة خمسة جنود.\n\n"
        "العين بالعين\n\n"
        "\"We will respond,\" the statement said.\n\n"
        "شاركها.\nExit mobile version")


@pytest.fixture
def doc():
    d = doc_of(TEXT, "a.txt")
    for p in d.paragraphs:
        for i, s in enumerate(p.sentences):
            if p.kind == "content":
                s.translation, s.status = f"English for paragraph {p.index} sentence {i} [x]", "ok"
            elif p.kind == "passthrough":
                s.translation, s.status = s.source, "passthrough"
            else:
                s.status = "skipped"
    return d


def table_lines(doc, mode, width=80):
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False)
    console.print(rich_table(doc, mode))
    return console.file.getvalue().splitlines()


def arabic_column(lines, width):
    return [line[width // 2:].strip() for line in lines]


def test_table_fills_the_width_and_keeps_every_word(doc):
    lines = table_lines(doc, "logical")
    assert all(cell_len(line) == 80 for line in lines)
    english = " ".join(" ".join(line[:40] for line in lines).split())
    arabic_words = " ".join(arabic_column(lines, 80)).split()
    for p in doc.paragraphs:  # every Arabic word is shown, in order, in the right column
        words = p.source.split()
        start = arabic_words.index(words[0])
        assert arabic_words[start:start + len(words)] == words
    assert "English for paragraph 0 sentence 0 [x]" in english  # no markup eaten
    assert "(set aside: label; --keep-boilerplate translates it)" in english


def test_arabic_is_right_aligned(doc):
    lines = table_lines(doc, "logical")
    row = next(line for line in lines if "العين بالعين" in line)
    assert row.rstrip().endswith("العين بالعين")
    assert row.index("العين") > 60


def test_visual_mode_reorders_each_wrapped_line(doc):
    from bidi.algorithm import get_display

    logical = table_lines(doc, "logical", width=60)
    visual = table_lines(doc, "visual", width=60)
    assert len(logical) == len(visual)  # wrapped first, reordered after: same line count
    first = next(line for line in logical if "قال" in line)
    assert "قال" not in "\n".join(visual)  # reshaped into presentation forms
    assert get_display(first[30:].strip(), base_dir="R") != first[30:].strip()


def test_isolate_mode_wraps_lines_in_rli_pdi(doc):
    lines = table_lines(doc, "logical+isolate")
    assert any("\u2067" in line and "\u2069" in line for line in lines)


@pytest.mark.parametrize(("env", "terminal", "requested", "expected"), [
    ({}, False, "visual", "logical"),  # files and pipes: never reordered
    ({"VTE_VERSION": "7006"}, True, None, "logical+isolate"),
    ({"XTERM_VERSION": "XTerm(379)"}, True, None, "visual"),
    ({"KONSOLE_VERSION": "221203"}, True, None, "logical"),
    ({"TERM": "screen"}, True, None, "logical"),
    ({"XTERM_VERSION": "XTerm(379)"}, True, "logical", "logical"),
    ({"TRANSLATE_NEWS_RTL": "visual"}, True, None, "visual"),
])
def test_rtl_mode(env, terminal, requested, expected, monkeypatch):
    monkeypatch.setattr("sys.platform", "linux")
    assert resolve_rtl_mode(requested, is_terminal=terminal, env=env) == expected


def test_text_is_english_paragraphs_only(doc):
    out = render_text(doc)
    assert out.split("\n\n") == ["English for paragraph 0 sentence 0 [x]", "English for paragraph 1 sentence 0 [x]",
                                 "\"We will respond,\" the statement said.\n"]


def test_markdown_escapes_and_sets_junk_aside(doc):
    md = render_markdown(doc)
    assert "sentence 0 \\[x\\]" in md
    assert md.index("## Set aside as boilerplate") < md.index("شاركها.<br>Exit mobile version")


def test_visual_mode_leaves_english_passthrough_alone(doc):
    lines = table_lines(doc, "visual", width=120)
    row = next(line for line in lines if "statement said" in line)
    assert row.rstrip().endswith('"We will respond," the statement said.')  # not '.We will ... said"'
    assert "العربية" not in "\n".join(lines)  # the header is reshaped like the column


# ---------------------------------------------------------------- marks and reasons

def flagged_after_boilerplate():
    """Content, boilerplate set aside, then a flagged sentence quoting the Arabic in its reason."""
    d = doc_of("قال المسؤول إن الوضع هادئ.\n\nشاركها.\nExit mobile version\n\nقتل خمسة أشخاص في الهجوم.", "a.txt")
    calm, aside, attack = d.paragraphs
    assert aside.kind == "boilerplate"
    calm.sentences[0].translation = "The official said it was calm."
    attack.sentences[0].translation = "People were killed in the attack."
    attack.sentences[0].flags = [Flag("number-missing", "the source's خمسة (5) is not in the translation")]
    return d


def test_notes_name_the_paragraph_as_printed():
    doc = flagged_after_boilerplate()
    text = render_text(doc)
    assert text.split("\n\n")[1] == "People were killed in the attack. [!1]"  # the second printed paragraph
    assert "[!1] paragraph 2: number-missing" in text
    md = render_markdown(doc)
    assert "\\[!1\\] paragraph 2: number-missing" in md
    assert md.index("People were killed") < md.index("## Set aside as boilerplate")


def test_reasons_under_the_row_keep_their_arabic_in_order():
    from bidi.algorithm import get_display

    from translate_news.render.marks import LRM
    from translate_news.render.table import TableStream

    doc = flagged_after_boilerplate()
    for mode, word in (("logical", f"{LRM}خمسة{LRM} (5) is not"), ("visual", None)):
        stream = TableStream(rtl=mode, to_terminal=True)
        stream.console = Console(file=io.StringIO(), width=120, color_system=None, highlight=False)
        out = stream.render(doc)
        lines = out.splitlines()
        row = next(i for i, line in enumerate(lines) if "People were killed in the attack. [!1]" in line)
        reason = lines[row + 1]
        assert reason.startswith(" [!1] number-missing: the source's ")
        assert f"{LRM}[!1]{LRM}" in lines[row]  # the Arabic twin, marked the same way
        if word:
            assert word in reason
        else:  # --rtl visual: the quoted Arabic is reshaped and reordered like the column, "(5)" stays after it
            assert "خمسة" not in reason
            shown = reason.rstrip().split("the source's ", 1)[1]
            assert shown.replace(LRM, "").endswith(" (5) is not in the translation")
            assert get_display(shown, base_dir="L") != shown
