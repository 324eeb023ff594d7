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
    assert "".join(pieces) == text
    assert len(pieces) > 1
    assert pieces[0].rstrip().endswith(("،", "؛"))


def test_run_on_sentence_without_any_punctuation(count):
    text = " ".join(["قال مسؤولون دفاعيون أمريكيون إن هجوما صاروخيا على القوات"] * 40)
    pieces = split_to_budget(text, count, 24)
    assert "".join(pieces) == text
    assert all(count(p) <= 24 for p in pieces)
    assert len(pieces) > 10


def test_space_free_run_is_cut_in_the_middle(count):
    url = "https://example.com/" + "abcdefghij" * 30
    pieces = split_to_budget(url, count, 16)
    assert "".join(pieces) == url
    assert all(count(p) <= 16 for p in pieces)


@settings(max_examples=150, deadline=None)
@given(st.text(st.one_of(st.characters(min_codepoint=0x0621, max_codepoint=0x064A),
                         st.sampled_from(list(" ،؛.,:"))), min_size=1, max_size=400))
def test_lossless_and_within_budget(count, text):
    pieces = split_to_budget(text, count, 16)
    assert "".join(pieces) == text
    assert all(count(p) <= 16 for p in pieces)


class Tally:
    """A cheap word counter (plus an end token) that records how much text it was asked to count."""

    def __init__(self, extra=lambda words: 0):
        self.calls = self.chars = 0
        self.extra = extra

    def __call__(self, text):
        self.calls += 1
        self.chars += len(text)
        words = len(text.split())
        return words + self.extra(words) + 1


WORDS = ["قال", "مسؤولون", "دفاعيون", "أمريكيون", "إن", "هجوما", "صاروخيا", "على", "القوات", "الأمريكية", "أدى", "إلى",
         "إصابة", "جنود"]


def run_on(words: int) -> str:
    return " ".join(WORDS[i % len(WORDS)] for i in range(words))


@pytest.mark.parametrize("budget", [16, 200, 510])
def test_counting_work_grows_linearly_with_the_text(budget):
    # Each word is counted about once and each piece once more, whatever the budget; the old
    # packing re-counted a growing buffer for every word.
    for words in (2_000, 20_000):
        text, count = run_on(words), Tally()
        pieces = split_to_budget(text, count, budget)
        assert "".join(pieces) == text
        assert all(count(p) <= budget for p in pieces)
        assert count.calls <= 3 * words
        assert count.chars <= 4 * len(text)


def test_two_megabytes_without_punctuation():
    text, count = run_on(330_000), Tally()  # ~2 MB
    assert len(text) > 2_000_000
    pieces = split_to_budget(text, count, 510)
    assert "".join(pieces) == text
    assert len(pieces) > 500
    assert count.chars <= 4 * len(text)


@pytest.mark.parametrize("extra", [lambda w: w // 4, lambda w: 3 if w > 7 else 0])
def test_every_piece_is_verified_when_the_counter_is_not_additive(extra):
    # Summing the words' counts underestimates these counters; the real count of each piece decides.
    text = run_on(3_000) + "، " + run_on(500)
    count = Tally(extra)
    pieces = split_to_budget(text, count, 24)
    assert "".join(pieces) == text
    assert all(count(p) <= 24 for p in pieces)
    assert len(pieces) > 100


def test_long_space_free_run_is_cut_without_halving_it_again_and_again():
    counted = []

    def count(s):
        counted.append(len(s))
        return len(s) // 4 + 1

    url = "https://example.com/" + "abcdefghij" * 20_000
    pieces = split_to_budget(url, count, 64)
    assert "".join(pieces) == url
    assert all(count(p) <= 64 for p in pieces)
    assert len(pieces) < 2 * len(url) // (4 * 63)  # pieces are reasonably full
    assert sum(counted) <= 5 * len(url)  # halving counts the whole run once per halving
