"""The CTranslate2 backend against the transformers one, on the same tiny random weights."""
import json
import subprocess
import sys
import weakref

import pytest
from conftest import ROOT
from kit import invoke

from translate_news.backends import convert, factory
from translate_news.backends.builders import AR, EN
from translate_news.backends.ct2 import CT2Summarizer, CT2Translator
from translate_news.backends.devices import cpu_threads, torch_threads
from translate_news.backends.hf import HFSummarizer, HFTranslator

pytest.importorskip("ctranslate2")
TEXT = "قال الرئيس إن الحكومة ستعلن خطة جديدة. وارتفعت أسعار النفط اليوم."


@pytest.mark.parametrize("cap", [12, 40])
def test_marian_greedy_fp32_matches_transformers(tiny_marian, cap):
    folder = convert.ensure_converted(str(tiny_marian), "float32")
    hf, ct = HFTranslator(str(tiny_marian), beams=1), CT2Translator(folder, str(tiny_marian), beams=1)
    assert ct.count_tokens(AR) == hf.count_tokens(AR)  # the same pieces and the same '</s>'
    assert ct.max_tokens == hf.max_tokens == 512
    ours, theirs = ct.translate_batch(AR, max_new_tokens=cap), hf.translate_batch(AR, max_new_tokens=cap)
    assert [g.text for g in ours] == [g.text for g in theirs]
    assert [g.hit_cap for g in ours] == [g.hit_cap for g in theirs]
    assert all(g.text for g in ours)


def test_multi_target_marian_gets_its_language_token(tiny_en_ar):
    folder = convert.ensure_converted(str(tiny_en_ar), "float32")
    hf = HFTranslator(str(tiny_en_ar), beams=1, target_lang="ara")
    ct = CT2Translator(folder, str(tiny_en_ar), beams=1, target_lang="ara")
    assert ct.prefix == hf.prefix == ">>ara<< "
    assert ct.count_tokens(EN) == hf.count_tokens(EN)
    assert [g.text for g in ct.translate_batch(EN, max_new_tokens=24)] == \
           [g.text for g in hf.translate_batch(EN, max_new_tokens=24)]


def test_bart_greedy_fp32_matches_transformers(tiny_bart):
    folder = convert.ensure_converted(str(tiny_bart), "float32")
    hf, ct = HFSummarizer(str(tiny_bart), beams=1), CT2Summarizer(folder, str(tiny_bart), beams=1)
    text = " ".join(EN[:2])  # within the tiny model's 128 positions
    assert ct.count_tokens([text]) == hf.count_tokens([text])  # '<s> ... </s>' from the tokenizer
    with pytest.raises(ValueError, match="exceeds"):
        ct.summarize(" ".join(EN * 2), min_new_tokens=5, max_new_tokens=20)
    for low, high in ((5, 20), (20, 40)):
        assert ct.summarize(text, min_new_tokens=low, max_new_tokens=high) == \
               hf.summarize(text, min_new_tokens=low, max_new_tokens=high)


def test_results_do_not_depend_on_the_batch(tiny_marian):
    ct = CT2Translator(convert.ensure_converted(str(tiny_marian), "int8"), str(tiny_marian))
    together = [g.text for g in ct.translate_batch(AR * 5, max_new_tokens=32)]  # 20: three async jobs
    alone = [ct.translate_batch([t], max_new_tokens=32)[0].text for t in AR]
    assert together == alone * 5


def test_a_dropped_model_is_freed_at_once(tiny_marian):
    # A run drops the translator before loading the summarizer: both must not be in memory at once.
    ct = CT2Translator(convert.ensure_converted(str(tiny_marian), "int8"), str(tiny_marian))
    ct.translate_batch(AR, max_new_tokens=8)
    model = weakref.ref(ct.model)
    del ct
    assert model() is None  # no reference cycle waiting for the garbage collector


def test_conversion_is_cached_and_redone_when_the_model_changes(tiny_marian, tmp_path, notes):
    import shutil

    model = tmp_path / "model"
    shutil.copytree(tiny_marian, model)
    first = convert.ensure_converted(str(model), "int8")
    assert convert.ensure_converted(str(model), "int8") == first
    assert len(notes()) == 1
    assert json.loads((first / convert.META).read_text())["quantization"] == "int8"
    assert not list(first.parent.glob(".converting-*"))  # the work folder is gone
    (model / "generation_config.json").write_text((model / "generation_config.json").read_text() + "\n")
    second = convert.ensure_converted(str(model), "int8")
    assert second != first
    assert len(notes()) == 2


def test_an_unsupported_architecture_is_not_convertible(tmp_path):
    from transformers import T5Config, T5ForConditionalGeneration

    T5ForConditionalGeneration(T5Config(vocab_size=64, d_model=16, d_ff=32, num_layers=1, num_heads=2,
                                        d_kv=8)).save_pretrained(tmp_path / "t5")
    from tokenizers import Tokenizer, models
    from transformers import PreTrainedTokenizerFast

    PreTrainedTokenizerFast(tokenizer_object=Tokenizer(models.WordLevel({"<unk>": 0}, unk_token="<unk>")),
                            unk_token="<unk>", eos_token="<unk>").save_pretrained(tmp_path / "t5")
    with pytest.raises(convert.NotConvertible, match="t5 models do not run on CTranslate2") as first:
        convert.ensure_converted(str(tmp_path / "t5"), "int8")
    assert not first.value.remembered
    # remembered: the next run neither loads the model nor says it again (only --verbose does)
    from translate_news.backends import loading

    loading.load_seq2seq.cache_clear()
    calls = []
    real = loading.load_seq2seq.__wrapped__
    loading.load_seq2seq.__wrapped__ = lambda *a: calls.append(a) or real(*a)
    try:
        with pytest.raises(convert.NotConvertible, match="remembered") as again:
            convert.ensure_converted(str(tmp_path / "t5"), "int8")
    finally:
        loading.load_seq2seq.__wrapped__ = real
    assert again.value.remembered
    assert calls == []


def test_auto_uses_ctranslate2_and_a_converted_run_never_imports_torch(tiny_marian, tmp_path):
    args = ["--text", TEXT, "--mt-model", str(tiny_marian), "--no-summary", "-f", "json", "-v"]
    first = invoke(*args)
    assert first.exit_code == 0, first.stderr
    assert "with ctranslate2" in first.stderr
    script = ("import sys\nfrom translate_news import cli\n"
              "try:\n    cli.app(sys.argv[1:], prog_name='translate-news')\n"
              "except SystemExit as e:\n    code = e.code\n"
              "heavy = sorted(m for m in ('torch', 'transformers') if m in sys.modules)\n"
              "print('EXIT', code, 'HEAVY', heavy, file=sys.stderr)\n")
    import os

    r = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT,
                       env=os.environ, timeout=120)
    assert "EXIT 0 HEAVY []" in r.stderr, r.stderr
    assert "converting" not in r.stderr  # the first run's conversion was reused
    assert json.loads(r.stdout)["paragraphs"][0]["sentences"][0]["translation"] == \
        json.loads(first.stdout)["paragraphs"][0]["sentences"][0]["translation"]


def test_explicit_ctranslate2_without_it_installed_says_how_to_get_it(tiny_marian, monkeypatch):
    monkeypatch.setattr(factory, "ctranslate2_installed", lambda: False)
    r = invoke("--text", TEXT, "--mt-model", str(tiny_marian), "--no-summary", "--backend", "ctranslate2")
    assert r.exit_code == 69
    assert "pip install 'translate-news[fast]'" in r.stderr
    r = invoke("--text", TEXT, "--mt-model", str(tiny_marian), "--no-summary", "-v", "-f", "json")
    assert r.exit_code == 0
    assert "with transformers" in r.stderr


def test_auto_falls_back_to_transformers_when_conversion_fails(tiny_marian, monkeypatch):
    def fail(*a, **k):
        raise convert.NotConvertible("cannot convert it")

    monkeypatch.setattr(convert, "ensure_converted", fail)
    r = invoke("--text", TEXT, "--mt-model", str(tiny_marian), "--no-summary", "-v", "-f", "json")
    assert r.exit_code == 0
    assert "cannot convert it; using transformers" in r.stderr
    assert "with transformers" in r.stderr
    r = invoke("--text", TEXT, "--mt-model", str(tiny_marian), "--no-summary", "--backend", "ctranslate2")
    assert r.exit_code == 69
    assert "cannot convert it" in r.stderr


def test_a_gpu_that_fails_under_ctranslate2_falls_back_to_the_cpu(tiny_marian, monkeypatch, notes):
    import ctranslate2

    from translate_news.errors import DeviceUnavailable

    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 1)
    tried = []

    def make(folder, device):
        tried.append((json.loads((folder / convert.META).read_text())["quantization"], device))
        if device != "cpu":
            raise RuntimeError("CUDA failed with error out of memory")
        return "loaded"

    assert factory._open_ct2(make, str(tiny_marian), "auto") == "loaded"
    assert tried == [("float16", "cuda:0"), ("int8", "cpu")]
    assert "using the CPU" in notes()[-1]
    with pytest.raises(DeviceUnavailable, match="--device cpu"):
        factory._open_ct2(make, str(tiny_marian), "cuda")


def test_fast_is_greedy_everywhere_and_refuses_beams(tiny_marian, monkeypatch):
    r = invoke("--text", TEXT, "--mt-model", str(tiny_marian), "--fast", "--beams", "4")
    assert r.exit_code == 2
    assert "--fast" in r.stderr
    seen = {}
    real = CT2Translator.__init__

    def spy(self, folder, name, device="cpu", *, beams=None, target_lang=None):
        seen[name] = beams
        real(self, folder, name, device, beams=beams, target_lang=target_lang)

    monkeypatch.setattr(CT2Translator, "__init__", spy)
    assert invoke("--text", TEXT, "--mt-model", str(tiny_marian), "--no-summary", "--fast").exit_code == 0
    assert seen[str(tiny_marian)] == 1


def test_thread_split(monkeypatch):
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(2)))
    assert cpu_threads("translation") == (2, 1)
    assert cpu_threads("summary") == (1, 2)
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(16)))
    assert cpu_threads("translation") == (4, 4)
    assert torch_threads() == 8
    monkeypatch.setenv("TRANSLATE_NEWS_THREADS", "1x2")
    assert cpu_threads("translation") == (1, 2)
    assert torch_threads() == 2  # the same setting for both backends
