"""The job layer owns a run: it applies every setting itself (--offline included) and frees a
model it drops, on either backend."""
import gc
import weakref

import pytest
from kit import doc_of

from translate_news.catalog import hub
from translate_news.errors import ModelUnavailable
from translate_news.job import Job
from translate_news.settings import Settings

AR = "قال مسؤولون إن الهجوم وقع اليوم."


def test_a_library_job_applies_offline_itself(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)  # restored after the test
    monkeypatch.setattr(hub, "hub_unreachable", lambda timeout=3.0: "no network in this test")
    job = Job(Settings.build(mt_model="example-org/not-cached-model", offline=True, summary=False))
    with pytest.raises(ModelUnavailable, match="offline mode is on"):  # not "the hub cannot be reached"
        job.translator()


@pytest.mark.model
@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_a_dropped_translator_is_freed(tiny_marian, backend):
    if backend == "ctranslate2":
        pytest.importorskip("ctranslate2")
    job = Job(Settings.build(mt_model=str(tiny_marian), backend=backend, summary=False))
    job.translate([doc_of(AR)])
    model = weakref.ref(job.translator().model)
    assert job.translator().backend == backend
    job.drop_translator()
    gc.collect()
    assert model() is None  # nothing else (no per-process cache) keeps it
    assert job.translator().model is not None  # loaded again on the next use
    job.close()


def test_settings_store_canonical_values():
    upper = Settings.build(encoding="CP1256", backend="Transformers", summary_lang="EN", device="CPU")
    lower = Settings.build(encoding="cp1256", backend="transformers", summary_lang="en", device="cpu")
    assert (upper.encoding, upper.backend, upper.summary_lang, upper.device) == ("cp1256", "transformers", "en", "cpu")
    assert upper.cache_key() == lower.cache_key()  # the same batch resume key
    assert Settings.build(encoding="UTF8").encoding == Settings.build(encoding="utf_8").encoding == "utf-8"
    assert Settings.build(encoding="arabic").encoding == "iso8859-6"


def test_an_article_is_a_library_call(tmp_path, monkeypatch):
    """article.translate_article: the translate command's run without the CLI, to a file or piece by piece."""
    import json

    from kit import Scripted

    from translate_news.article import translate_article
    from translate_news.errors import UsageError
    from translate_news.render import render_document

    src = tmp_path / "a.txt"
    src.write_text(f"{AR}\n\nوأضاف أن التحقيق جار.", encoding="utf-8")
    job = Job(Settings(mt_model="scripted", summary=False))
    monkeypatch.setattr(job, "translator", lambda: Scripted(lambda text, decoding: "Officials said it happened."))
    pieces: list[str] = []
    outcome = translate_article(job, str(src), fmt="markdown", emit=pieces.append)
    assert len(pieces) == 4  # the start, a piece per paragraph as it is translated, the end
    assert "".join(pieces) == render_document(outcome.document, "markdown")
    out = tmp_path / "a.json"
    outcome = translate_article(job, str(src), fmt="json", output=out)
    assert [p["translation"] for p in json.loads(out.read_text(encoding="utf-8"))["paragraphs"]] == \
        [p.english for p in outcome.document.paragraphs]
    assert outcome.document.paragraphs[0].english == "Officials said it happened."
    with pytest.raises(UsageError):  # the output is the input itself: refused before anything is read
        translate_article(job, str(src), fmt="text", output=src)
    assert src.read_text(encoding="utf-8").startswith(AR)
