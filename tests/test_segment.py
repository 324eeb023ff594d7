import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate_news.document import Source
from translate_news.segment import paragraph_spans, segment, sentence_spans


def doc_of(text):
    return segment(Source(text=text, encoding="utf-8", path=None, sha256=""))


def sentences(text):
    return [text[a:b] for a, b in sentence_spans(text)]


def assert_lossless(doc):
    """Every sentence is an exact slice; whatever lies between slices is whitespace."""
    text, pos = doc.text, 0
    for p in doc.paragraphs:
        assert text[p.start:p.start + len(p.source)] == p.source
        for s in p.sentences:
            assert text[s.start:s.end] == s.source
            assert text[pos:s.start].strip() == ""
            pos = s.end
    assert text[pos:].strip() == ""


def test_seed_article_boilerplate_and_subheading(example_text):
    doc = doc_of(example_text)
    assert_lossless(doc)

    def kind(start):
        [p] = [p for p in doc.paragraphs if p.source.startswith(start)]
        return p.kind, p.rule

    assert kind("ابق على اطلاع مع نشرات") == ("boilerplate", "newsletter")
    assert kind("اشترك للحصول على أحدث") == ("boilerplate", "subscribe")
    assert kind("شاركها.\nExit mobile version") == ("boilerplate", "label")
    assert kind("العين بالعين") == ("content", None)  # a short real subheading stays
    assert sum(p.kind == "boilerplate" for p in doc.paragraphs) == 3
    assert sum(p.kind == "content" for p in doc.paragraphs) == 22


def test_quoted_sentences_split_at_their_ends(example_text):
    quote = doc_of(example_text).paragraphs[1]
    assert [s.source[-4:] for s in quote.sentences] == ["راق.", "يين.", "وم”."]


@pytest.mark.parametrize("text, expected", [
    ("قال د. أحمد إن الاقتصاد نما 3.5% هذا العام. وأضاف أن التحقيق جار.",
     ["قال د. أحمد إن الاقتصاد نما 3.5% هذا العام.", "وأضاف أن التحقيق جار."]),
    ("وصل الوفد، ثم غادر؛ وقال: لا تعليق.", ["وصل الوفد، ثم غادر؛ وقال: لا تعليق."]),
    ("هل انتهى؟ نعم! انتهى.", ["هل انتهى؟", "نعم!", "انتهى."]),
    ("قال «انتهى الأمر.» ثم غادر.", ["قال «انتهى الأمر.»", "ثم غادر."]),
    ("He met U.S. officials. Mr. Smith left!", ["He met U.S. officials.", "Mr. Smith left!"]),
    ("التقى م. خالد بالوزير. انتهى", ["التقى م. خالد بالوزير.", "انتهى"]),
    ("انتظر… ثم تكلم.", ["انتظر…", "ثم تكلم."]),
    ("بلا علامات ترقيم على الإطلاق", ["بلا علامات ترقيم على الإطلاق"]),
])
def test_sentence_ends(text, expected):
    assert sentences(text) == expected


def test_mixed_arabic_english_paragraphs():
    text = ("قال الوزير إن المحادثات مستمرة.\n\n"
            "\"We will not give up,\" he said.\n\n"
            "وأضاف: \"We will not give up.\" ثم غادر القاعة.\n\n"
            "https://example.com/news/2024")
    doc = doc_of(text)
    assert [p.kind for p in doc.paragraphs] == ["content", "passthrough", "content", "passthrough"]
    assert_lossless(doc)


def test_lines_become_paragraphs_only_when_there_is_no_blank_line():
    assert len(paragraph_spans("سطر أول.\nسطر ثان.\nسطر ثالث.")) == 3
    assert len(paragraph_spans("سطر أول.\nتكملة.\n\nفقرة ثانية.")) == 2


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.characters(min_codepoint=0x0621, max_codepoint=0x064A),
                          st.sampled_from(list(" \n\t.!?؟،؛”“«»…:ABCd0123\u200f")),
                          st.sampled_from(["\n\n", " د. ", "U.S. ", "شاركها"])),
                max_size=150).map("".join))
def test_segmentation_never_loses_or_invents_text(text):
    doc = doc_of(text)
    assert_lossless(doc)
    covered = "".join(s.source for s in doc.sentences())
    assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", text)
