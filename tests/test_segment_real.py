"""Segmentation and splitting of the example article in the shapes real input comes in.

Run as a script to print how long segmenting and splitting take at 20 kB, 200 kB and 2 MB:
    python tests/test_segment_real.py
"""
import re
import textwrap
import time
from pathlib import Path

import pytest

from translate_news.budget import split_to_budget
from translate_news.document import Source
from translate_news.segment import paragraph_spans, segment, sentence_spans

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "article.txt"
BUDGET = 256  # what the pipeline allows one input of a 512-position Marian


def doc_of(text):
    return segment(Source(text=text, encoding="utf-8", path=None, sha256=""))


def flat(s):
    return " ".join(s.split())


def content(text):
    return [p.source for p in doc_of(text).paragraphs if p.kind == "content"]


def sentences_of(paragraphs):
    return [flat(p[a:b]) for p in paragraphs for a, b in sentence_spans(p)]


@pytest.mark.parametrize("width", [60, 72, 80])
def test_article_hard_wrapped_without_blank_lines(example_text, width):
    paragraphs = content(example_text)
    wrapped = "\n".join(textwrap.fill(p, width) for p in paragraphs)
    doc = doc_of(wrapped)
    assert [flat(s.source) for s in doc.sentences()] == sentences_of(paragraphs)
    assert len(paragraphs) // 3 <= len(doc.paragraphs) <= len(paragraphs)
    assert all(p.kind == "content" for p in doc.paragraphs)


def test_article_hard_wrapped_between_blank_lines(example_text):
    paragraphs = content(example_text)
    doc = doc_of("\n\n".join(textwrap.fill(p, 70) for p in paragraphs))
    assert [flat(p.source) for p in doc.paragraphs] == [flat(p) for p in paragraphs]
    assert [flat(s.source) for s in doc.sentences()] == sentences_of(paragraphs)


def test_article_one_paragraph_per_line(example_text):
    paragraphs = content(example_text)
    text = "\n".join(paragraphs)
    assert [text[a:b] for a, b in paragraph_spans(text)] == paragraphs


@pytest.mark.parametrize("mark", ["\u200f", "\u200e", "\u061c", "\u202c", "\u2069"])
def test_article_with_direction_marks_after_sentence_ends(example_text, mark):
    marked = re.sub(r"([.؟!”»])(?=\s)", rf"\1{mark}", example_text)
    marked = marked.replace("\n\n", f"\n{mark}\n{mark}\n")  # and lines of nothing but a mark
    assert marked.count(mark) > 50
    original, doc = doc_of(example_text), doc_of(marked)
    assert [p.kind for p in doc.paragraphs] == [p.kind for p in original.paragraphs]
    assert [s.source.replace(mark, "") for s in doc.sentences()] == [s.source for s in original.sentences()]


@pytest.fixture(scope="module")
def count(tiny_marian):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(tiny_marian, local_files_only=True)
    return lambda text: len(tok(text)["input_ids"])


def test_long_run_without_punctuation_with_a_real_tokenizer(example_text, count):
    words = re.sub(r"[^\u0621-\u064a\s]", "", example_text).split()
    text = " ".join(words * (40_000 // len(" ".join(words)) + 1))  # ~40 kB, one sentence
    counted = []
    pieces = split_to_budget(text, lambda s: counted.append(len(s)) or count(s), BUDGET)
    assert "".join(pieces) == text
    assert all(count(p) <= BUDGET for p in pieces)
    assert sum(counted) <= 4 * len(text)  # each word about twice: alone, then in its piece


# --- measuring (not a test) -----------------------------------------------------------

def _spm_counter(corpus: str):
    """A SentencePiece tokenizer trained on the article, counting an end token like Marian."""
    import tempfile

    import sentencepiece as spm

    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "corpus.txt").write_text(corpus, encoding="utf-8")
        spm.SentencePieceTrainer.train(input=f"{d}/corpus.txt", model_prefix=f"{d}/m", vocab_size=800,
                                       character_coverage=1.0, hard_vocab_limit=False, minloglevel=2)
        sp = spm.SentencePieceProcessor(model_file=f"{d}/m.model")
    return lambda s: len(sp.encode(s)) + 1


def measure(sizes=(20_000, 200_000, 2_000_000)):
    """Print seconds to segment a text and split every sentence of it to BUDGET tokens."""
    article = EXAMPLE.read_text(encoding="utf-8")
    words = re.sub(r"[^\u0621-\u064a\s]", "", article).split()
    counters = {"words+1": lambda s: len(s.split()) + 1, "sentencepiece": _spm_counter(article)}
    shapes = {
        "one line, no punctuation": lambda n: " ".join(words * (n // len(" ".join(words)) + 1))[:n],
        "one line, many sentences": lambda n: " ".join([flat(article)] * (n // len(article) + 1))[:n],
        "article, repeated": lambda n: ("\n\n".join([article] * (n // len(article) + 1)))[:n],
        "article, wrapped at 72": lambda n: "\n".join(
            textwrap.fill(p, 72) for p in content(article) * (n // len(article) + 1))[:n],
    }
    for shape, make in shapes.items():
        for n in sizes:
            text = make(n)
            for name, count in counters.items():
                started = time.perf_counter()
                doc = doc_of(text)
                pieces = [p for s in doc.sentences() for p in split_to_budget(s.source, count, BUDGET)]
                seconds = time.perf_counter() - started
                print(f"{shape:26} {len(text) / 1000:>6.0f} kB  {name:13} {seconds:7.2f} s  "
                      f"{len(doc.paragraphs):>5} paragraphs  {len(pieces):>6} pieces", flush=True)


if __name__ == "__main__":
    measure()
