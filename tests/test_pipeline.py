"""The real loading and generation code on tiny random-weight Marian models."""
import re

import pytest
from kit import Recording, doc_of

from translate_news.backends.hf import HFTranslator
from translate_news.budget import split_to_budget
from translate_news.normalize import normalize_for_mt
from translate_news.pipeline import generation_cap, input_budget, translate_document

pytestmark = pytest.mark.model


def squash(s):
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="module")
def small(tiny_marian_64):
    return HFTranslator(str(tiny_marian_64))


@pytest.fixture(scope="module")
def base(tiny_marian):
    return HFTranslator(str(tiny_marian))


def test_limit_is_read_from_the_model(small, base):
    assert small.max_tokens == 64
    assert base.max_tokens == 512


def test_over_limit_input_really_breaks_the_model(small):
    """Why splitting exists: Marian's position table has max_tokens rows."""
    import torch

    ids = torch.ones((1, 100), dtype=torch.long)
    with pytest.raises(IndexError):
        small.model.generate(input_ids=ids, max_new_tokens=2)


def test_paragraph_many_times_the_limit_is_split_and_nothing_is_lost(small, example_text):
    long_sentence = " ".join(example_text.split("\n\n")[0].rstrip(".").split() * 6) + "."
    text = long_sentence + " " + "وأضاف أن التحقيق جار."
    doc = doc_of(text)
    assert small.count_tokens([normalize_for_mt(text)])[0] > 5 * small.max_tokens
    rec = Recording(small)
    translate_document(doc, rec, batch_size=4)

    first, second = doc.paragraphs[0].sentences
    assert first.status in ("split", "suspect")  # suspect: a trust flag (random weights give nonsense)
    assert first.pieces > 5
    assert second.status in ("ok", "suspect")
    assert second.pieces == 1
    sent = [t for texts, _ in rec.batches for t in texts]
    # every input fits the budget ...
    budget = input_budget(small.max_tokens)
    assert max(small.count_tokens(sent)) <= budget
    # ... and the inputs are exactly the pieces, which together are the whole sentence (a flagged
    # sentence's pieces are sent twice: the repair)
    pieces = split_to_budget(first.source, lambda t: small.count_tokens([normalize_for_mt(t)])[0], budget)
    assert "".join(pieces) == first.source
    assert set(sent) == {normalize_for_mt(p) for p in pieces} | {normalize_for_mt(second.source)}
    assert first.translation
    assert doc.stats.split_sentences == 1


def test_generation_never_exceeds_the_decoder(small):
    for tokens in (1, 10, 32, 64):
        assert 1 <= generation_cap(tokens, small.max_tokens) <= small.max_tokens - 1
    assert generation_cap(10, 512) >= 2 * 10


def test_batches_never_mix_generation_caps(base, example_text):
    rec = Recording(base)
    translate_document(doc_of(example_text), rec)
    for texts, cap in rec.batches:
        assert {generation_cap(n, base.max_tokens) for n in base.count_tokens(texts)} == {cap}
    assert max(len(t) for t, _ in rec.batches) > 1  # batching really happened


@pytest.mark.slow
def test_batch_size_does_not_change_any_result(tiny_marian, example_text):
    text = "\n\n".join(example_text.split("\n\n")[:8])
    for beams in (1, 3):
        tr = HFTranslator(str(tiny_marian), beams=beams)
        one = translate_document(doc_of(text), tr, batch_size=1)
        many = translate_document(doc_of(text), tr, batch_size=16)
        a = [s.translation for s in one.sentences()]
        assert a == [s.translation for s in many.sentences()]
        assert len(set(a)) > 3  # the tiny model's output depends on its input


def test_passthrough_and_boilerplate_never_reach_the_model(base):
    text = ("قال الوزير إن المحادثات مستمرة. \"We will not give up.\" ثم غادر.\n\n"
            "Reuters, 2024\n\nشاركها.\nExit mobile version")
    rec = Recording(base)
    doc = translate_document(doc_of(text), rec)
    content, english, junk = doc.paragraphs
    assert [s.status for s in content.sentences][1] == "passthrough"
    assert content.sentences[1].translation == "\"We will not give up.\""
    assert english.kind == "passthrough"
    assert english.sentences[0].translation == "Reuters, 2024"
    assert junk.kind == "boilerplate"
    assert junk.translation is None
    sent = [t for texts, _ in rec.batches for t in texts]
    assert len(set(sent)) == 2  # (each may be sent twice: the trust repair)
    assert not any("give up" in t or "Exit" in t for t in sent)

    kept = translate_document(doc_of(text), base, keep_boilerplate=True)
    assert kept.paragraphs[2].kind == "boilerplate"
    assert kept.paragraphs[2].translation


def test_out_of_memory_halves_the_batch_then_falls_back_to_the_cpu(tiny_marian, monkeypatch):
    import torch

    tr = HFTranslator(str(tiny_marian))
    texts = ["قال الرئيس إن الحكومة ستعلن خطة جديدة.", "وارتفعت أسعار النفط اليوم.", "ووصل الوفد إلى القاهرة.",
             "قال مسؤولون إن الهجوم وقع اليوم."]
    expected = [g.text for g in tr.translate_batch(texts, max_new_tokens=32)]
    real, sizes = tr.model.generate, []

    def tight(**kw):  # a "GPU" that holds one sentence at a time
        sizes.append(kw["input_ids"].shape[0])
        if kw["input_ids"].shape[0] > 1:
            raise torch.OutOfMemoryError("CUDA out of memory")
        return real(**kw)

    monkeypatch.setattr(tr.model, "generate", tight)
    assert [g.text for g in tr.translate_batch(texts, max_new_tokens=32)] == expected
    assert sizes == [4, 2, 1, 1, 2, 1, 1]

    tr.device = "cuda:0"  # pretend: one sentence does not fit either
    failures = []

    def full(**kw):
        if tr.device != "cpu":
            failures.append(1)
            raise torch.OutOfMemoryError("CUDA out of memory")
        return real(**kw)

    monkeypatch.setattr(tr.model, "generate", full)
    assert [g.text for g in tr.translate_batch(texts[:1], max_new_tokens=32)] == expected[:1]
    assert tr.device == "cpu"
    assert failures == [1]
