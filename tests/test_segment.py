import re
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate_news.document import Source
from translate_news.segment import paragraph_spans, segment, sentence_spans

# Invisible direction and joining marks that segmentation treats like whitespace.
MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\ufeff\u2060"


def doc_of(text):
    return segment(Source(text=text, encoding="utf-8", path=None, sha256=""))


def sentences(text):
    return [text[a:b] for a, b in sentence_spans(text)]


def blank(s):
    """Nothing to translate: whitespace and invisible marks only."""
    return s.translate(dict.fromkeys(map(ord, MARKS))).strip() == ""


def assert_lossless(doc):
    """Every sentence is an exact slice; whatever lies between slices is whitespace or marks."""
    text, pos = doc.text, 0
    for p in doc.paragraphs:
        assert text[p.start:p.start + len(p.source)] == p.source
        assert not blank(p.source)
        for s in p.sentences:
            assert text[s.start:s.end] == s.source
            assert not blank(s.source)
            assert blank(text[pos:s.start])
            pos = s.end
    assert blank(text[pos:])


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


@pytest.mark.parametrize(("text", "expected"), [
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
                          st.sampled_from(list(" \n\t.!?؟،؛”“«»…:ABCd0123" + MARKS)),
                          st.sampled_from(["\n\n", " د. ", "U.S. ", "شاركها", "\n\u200f\n"])),
                max_size=150).map("".join))
def test_segmentation_never_loses_or_invents_text(text):
    doc = doc_of(text)
    assert_lossless(doc)
    covered = "".join(s.source for s in doc.sentences())
    invisible = re.compile(rf"[\s{MARKS}]")
    assert invisible.sub("", covered) == invisible.sub("", text)


# --- invisible marks -------------------------------------------------------------------

FIRST, SECOND = "قال المتحدث إن الاجتماع انتهى.", "وأضاف أن المفاوضات ستستأنف غدا."


@pytest.mark.parametrize("mark", list(MARKS))
@pytest.mark.parametrize("gap", ["{m} ", " {m}", "{m} {m}", "{m}{m}\n{m}"])
def test_invisible_marks_after_a_sentence_end_do_not_hide_it(mark, gap):
    text = FIRST + gap.format(m=mark) + SECOND
    assert sentences(text) == [FIRST, SECOND]  # the marks lie between the two, like the space
    assert_lossless(doc_of(text))


@pytest.mark.parametrize(("text", "expected"), [
    ("قال «انتهى الأمر.»\u200f ثم غادر.", ["قال «انتهى الأمر.»", "ثم غادر."]),
    ("قال «انتهى الأمر.\u200f» ثم غادر.", ["قال «انتهى الأمر.\u200f»", "ثم غادر."]),
    ("قال د.\u200f أحمد إن الوضع هادئ.", ["قال د.\u200f أحمد إن الوضع هادئ."]),
    ("قال د\u200f. أحمد إن الوضع هادئ.", ["قال د\u200f. أحمد إن الوضع هادئ."]),
    ("التقى \u202bم.\u202c خالد بالوزير.", ["التقى \u202bم.\u202c خالد بالوزير."]),
    ("He met \u2066U.S.\u2069 officials. Mr.\u200e Smith left!",
     ["He met \u2066U.S.\u2069 officials.", "Mr.\u200e Smith left!"]),
    ("\u202bانتهى الاجتماع.\u202c \u202bوأضاف أنه مستمر.\u202c", ["انتهى الاجتماع.", "وأضاف أنه مستمر."]),
])
def test_abbreviations_and_closers_see_through_marks(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(("text", "paragraphs"), [
    ("\u200f", []),
    ("\u200f\u200e \u2069", []),
    ("قال الوزير إن المحادثات مستمرة.\n\u200f\nوأضاف أن الوفد وصل.", 2),
    ("قال الوزير إن المحادثات مستمرة.\n\u200f\nوأضاف أن الوفد وصل.\nثم غادر.", 2),
    ("قال الوزير إن المحادثات مستمرة.\n\n\u200f\u200e\n\nوأضاف أن الوفد وصل.", 2),
    ("\u200fقال الوزير إن المحادثات مستمرة.\u200f\n\u202b\nوأضاف أن الوفد وصل.\n\u202c", 2),
])
def test_invisible_only_pieces_are_not_paragraphs(text, paragraphs):
    doc = doc_of(text)
    assert_lossless(doc)
    assert len(doc.paragraphs) == (paragraphs or 0)


def test_invisible_only_piece_is_not_a_sentence():
    assert sentences("انتهى الاجتماع. \u200f") == ["انتهى الاجتماع."]
    assert sentences("انتهى الاجتماع. \u200f \u202cوأضاف.") == ["انتهى الاجتماع.", "وأضاف."]
    assert sentences("\u200f") == []
    assert sentences(" \u2067\u2069 ") == []


# --- hard-wrapped and line-per-paragraph text ------------------------------------------

WRAPPED_1 = ("قال مسؤولون دفاعيون أمريكيون إن هجوما صاروخيا استهدف قاعدة عين الأسد الجوية في غرب "
             "العراق مساء الثلاثاء، ما أدى إلى إصابة خمسة جنود على الأقل بجروح طفيفة. وأضاف المسؤولون "
             "أن الدفاعات الجوية اعترضت صاروخين، في حين سقط صاروخ ثالث داخل محيط القاعدة دون أن يسفر "
             "عن أضرار كبيرة في المعدات.")
WRAPPED_2 = ("وقالت القوات العراقية في بيان إنها عثرت على مركبة تحمل منصة إطلاق صواريخ قرب بلدة "
             "البغدادي، وإن التحقيق جار لتحديد الجهة المسؤولة عن الهجوم. ولم تعلن أي جماعة مسؤوليتها "
             "حتى الآن.")


def flat(s):
    return " ".join(s.split())


@pytest.mark.parametrize("width", [60, 66, 72, 80])
def test_hard_wrapped_lines_are_joined_into_paragraphs(width):
    text = textwrap.fill(WRAPPED_1, width) + "\n" + textwrap.fill(WRAPPED_2, width)
    assert text.count("\n") >= 6
    doc = doc_of(text)
    assert_lossless(doc)
    assert 1 <= len(doc.paragraphs) <= 2
    expected = sentences(WRAPPED_1) + sentences(WRAPPED_2)
    assert [flat(s.source) for s in doc.sentences()] == expected  # none cut at a line end
    assert all(p.kind == "content" for p in doc.paragraphs)


def test_line_per_paragraph_text_keeps_one_paragraph_per_line():
    lines = ["الجيش الأمريكي: إصابة خمسة جنود في هجوم صاروخي",
             "بغداد",
             "قال مسؤولون دفاعيون أمريكيون إن هجوما صاروخيا استهدف قاعدة عين الأسد الجوية مساء الثلاثاء.",
             "وقالت القوات العراقية في بيان إنها عثرت على مركبة تحمل منصة إطلاق صواريخ.",
             "ولم تعلن أي جماعة مسؤوليتها حتى الآن.",
             "ذات صلة",
             "شاركها"]
    text = "\n".join(lines)
    assert [text[a:b] for a, b in paragraph_spans(text)] == lines


def test_short_headlines_without_punctuation_stay_apart():
    lines = ["ارتفاع أسعار النفط", "الرئيس يلتقي وفدا أوروبيا", "إصابة خمسة جنود في هجوم", "البورصة تغلق على انخفاض"]
    text = "\n".join(lines)
    assert [text[a:b] for a, b in paragraph_spans(text)] == lines


def test_wrapped_blocks_between_blank_lines_never_end_a_sentence_at_a_bare_newline():
    text = textwrap.fill(WRAPPED_1, 64) + "\n\n" + textwrap.fill(WRAPPED_2, 64)
    doc = doc_of(text)
    assert len(doc.paragraphs) == 2
    assert "\n" in doc.paragraphs[0].source
    assert [flat(s.source) for s in doc.sentences()] == sentences(WRAPPED_1) + sentences(WRAPPED_2)


def test_a_wrapped_line_is_not_judged_as_boilerplate_on_its_own():
    body = ("وقالت الوزارة في النشرة الإخبارية التي أصدرتها صباح اليوم إن القوات العراقية عثرت على مركبة "
            "تحمل منصة إطلاق صواريخ قرب بلدة البغدادي، وإن التحقيق جار لتحديد الجهة المسؤولة عن الهجوم "
            "الذي استهدف القاعدة مساء الثلاثاء. ولم تعلن أي جماعة مسؤوليتها عن الهجوم حتى الآن.")
    doc = doc_of(textwrap.fill(body, 60))
    assert [p.kind for p in doc.paragraphs] == ["content"]


# --- long input -------------------------------------------------------------------------

class Tracked(str):
    """A text that tallies the characters copied out of it by slicing."""
    copied = 0

    def __getitem__(self, key):
        part = str.__getitem__(self, key)
        Tracked.copied += len(part)
        return part


@pytest.mark.parametrize(("text", "paragraphs"), [
    ("قال د. أحمد إن الاقتصاد نما. " * 4_000, 1),  # many periods, each one checked for an abbreviation
    ("\n".join(textwrap.fill(WRAPPED_1 + " " + WRAPPED_2, 70) for _ in range(500)), 500),  # hard-wrapped
    ("\n".join([WRAPPED_1, "شاركها", WRAPPED_2] * 500), 1500),  # line per paragraph
])
def test_segmentation_copies_each_character_a_bounded_number_of_times(text, paragraphs):
    # Linear, not quadratic: the old abbreviation check copied all the text before every period.
    for spans in (paragraph_spans, sentence_spans):
        Tracked.copied = 0
        spans(Tracked(text))
        assert Tracked.copied <= 4 * len(text), spans.__name__
    doc = doc_of(text)
    assert len(doc.paragraphs) >= paragraphs
    assert_lossless(doc)
