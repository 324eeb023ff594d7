import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate_news.budget import split_to_budget


@pytest.fixture(scope="module")
def count(tiny_marian):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(tiny_marian, local_files_only=True)
    return lambda text: len(tok(text)["input_ids"])


def test_short_sentence_is_one_piece(count):
    assert split_to_budget("قال الرئيس.", count, 64) == ["قال الرئيس."]


def test_prefers_clause_punctuation(count):
    text = "قال الرئيس إن الحكومة ستعلن خطة جديدة، وارتفعت أسعار النفط اليوم؛ ووصل الوفد إلى القاهرة"
    pieces = split_to_budget(text, count, count(text) * 2 // 3)
    assert "".join(pieces) == text and len(pieces) > 1
    assert pieces[0].rstrip().endswith(("،", "؛"))


def test_run_on_sentence_without_any_punctuation(count):
    text = " ".join(["قال مسؤولون دفاعيون أمريكيون إن هجوما صاروخيا على القوات"] * 40)
    pieces = split_to_budget(text, count, 24)
    assert "".join(pieces) == text
    assert all(count(p) <= 24 for p in pieces) and len(pieces) > 10


def test_space_free_run_is_cut_in_the_middle(count):
    url = "https://example.com/" + "abcdefghij" * 30
    pieces = split_to_budget(url, count, 16)
    assert "".join(pieces) == url and all(count(p) <= 16 for p in pieces)


@settings(max_examples=150, deadline=None)
@given(st.text(st.one_of(st.characters(min_codepoint=0x0621, max_codepoint=0x064A),
                         st.sampled_from(list(" ،؛.,:"))), min_size=1, max_size=400))
def test_lossless_and_within_budget(count, text):
    pieces = split_to_budget(text, count, 16)
    assert "".join(pieces) == text
    assert all(count(p) <= 16 for p in pieces)
