"""Models already in CTranslate2's format (quickmt's layout): loaded as they are, no conversion,
no torch, the same output contract. Tiny random weights: a tiny Marian converted by
CTranslate2's own converter and arranged the way quickmt publishes its models."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from kit import invoke

from translate_news.backends import builders, convert, factory, native
from translate_news.backends.builders import AR, EN
from translate_news.catalog import layout, registry, store

pytest.importorskip("ctranslate2")
pytestmark = pytest.mark.model
TEXT = "قال الرئيس إن الحكومة ستعلن خطة جديدة. وارتفعت أسعار النفط اليوم."


@pytest.fixture(scope="module")
def quickmt_tiny(tmp_path_factory) -> Path:
    """model.bin, source_/target_vocabulary.json, src.spm.model, tgt.spm.model, CTranslate2's config.json."""
    return builders.tiny_native(tmp_path_factory.mktemp("tiny-quickmt"))


@pytest.fixture(scope="module")
def opus_layout_tiny(tmp_path_factory) -> Path:
    """The other common layout: shared_vocabulary.json, source.spm and target.spm."""
    return builders.tiny_native(tmp_path_factory.mktemp("tiny-ct2-opus"), layout="opus",
                                language_codes=(">>ara<<", ">>arz<<"))


def test_the_layout_is_told_by_its_files(quickmt_tiny, opus_layout_tiny, tiny_marian, tmp_path):
    assert sorted(p.name for p in quickmt_tiny.iterdir()) == [
        "config.json", "model.bin", "source_vocabulary.json", "src.spm.model", "target_vocabulary.json",
        "tgt.spm.model"]
    assert layout.is_ctranslate2(quickmt_tiny)
    assert layout.is_ctranslate2(opus_layout_tiny)
    assert not layout.is_ctranslate2(tiny_marian)  # a transformers model
    odd = tmp_path / "odd"
    shutil.copytree(tiny_marian, odd)
    (odd / "model.bin").write_bytes(b"")
    assert not layout.is_ctranslate2(odd)  # a model.bin beside a transformers config: not CTranslate2's
    assert native.native_folder(str(tiny_marian)) is None
    assert native.native_folder(str(quickmt_tiny)) == quickmt_tiny.resolve()


def test_native_runs_the_same_model_as_its_converted_twin(quickmt_tiny, tiny_marian):
    # tiny_native converts builders.tiny_marian's weights: the same seed, so the same model
    from translate_news.backends.ct2 import CT2Translator

    ours = CT2Translator(quickmt_tiny, "native", beams=1)
    twin = CT2Translator(convert.ensure_converted(str(tiny_marian), "int8"), "converted", beams=1)
    twin.model.meta["forced_eos"] = False  # transformers' forced end token; a native model has none
    assert ours.count_tokens(AR) == twin.count_tokens(AR)  # '</s>' added by CTranslate2 from config.json, counted
    assert all(t[-1] != "</s>" for t in map(ours.model.tokenize, AR))
    assert ours.max_tokens == native.DEFAULT_MAX_TOKENS == 512  # its config names no limit
    assert ours.model.meta["num_beams"] == native.DEFAULT_BEAMS
    for cap in (8, 40):
        assert [g.text for g in ours.translate_batch(AR + EN, max_new_tokens=cap)] == \
               [g.text for g in twin.translate_batch(AR + EN, max_new_tokens=cap)]


def test_limits_and_language_tokens_come_from_the_models_files(opus_layout_tiny, tmp_path):
    from translate_news.backends.ct2 import CT2Translator

    folder = tmp_path / "limited"
    shutil.copytree(opus_layout_tiny, folder)
    config = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps({**config, "max_source_positions": 64}))
    tr = CT2Translator(folder, "limited", target_lang="ara")
    assert tr.max_tokens == 64
    assert tr.prefix == ">>ara<< "  # read from the vocabulary, as for a converted multi-target model
    assert tr.model.meta["spm_files"] == ["source.spm", "target.spm"]
    (folder / "config.json").unlink()  # CTranslate2's defaults: nothing added to the source
    assert native.native_meta(folder)["runtime_added_tokens"] == 0
    (folder / "source.spm").unlink()
    with pytest.raises(factory.ModelUnavailable, match="no SentencePiece models"):
        native.native_meta(folder)


def test_translate_with_a_native_folder(quickmt_tiny, tiny_marian):
    r = invoke("--text", TEXT, "--mt-model", quickmt_tiny, "--no-summary", "-f", "json", "-v")
    assert r.exit_code == 0, r.stderr
    assert "with ctranslate2" in r.stderr
    assert "converting" not in r.stderr
    doc = json.loads(r.stdout)
    same = json.loads(invoke("--text", TEXT, "--mt-model", tiny_marian, "--no-summary", "-f", "json").stdout)
    assert set(doc) == set(same)  # the one JSON contract, whatever the model's format
    assert doc["models"]["translation"] == str(quickmt_tiny)
    assert doc["stats"]["sentences"] == same["stats"]["sentences"] == 2
    for p in doc["paragraphs"]:
        for s in p["sentences"]:
            assert set(s) == set(same["paragraphs"][0]["sentences"][0])
            assert s["translation"]


def test_transformers_cannot_have_it_and_says_why(quickmt_tiny, monkeypatch):
    r = invoke("--text", TEXT, "--mt-model", quickmt_tiny, "--no-summary", "--backend", "transformers")
    assert r.exit_code == 69
    assert "is a CTranslate2 model" in r.stderr
    assert "use --backend auto or ctranslate2" in r.stderr
    monkeypatch.setattr(factory, "ctranslate2_installed", lambda: False)
    r = invoke("--text", TEXT, "--mt-model", quickmt_tiny, "--no-summary")
    assert r.exit_code == 69
    assert "pip install 'translate-news[fast]'" in r.stderr


def test_a_native_run_never_imports_torch(quickmt_tiny):
    script = ("import sys\nfrom translate_news import cli\n"
              "try:\n    cli.app(sys.argv[1:], prog_name='translate-news')\n"
              "except SystemExit as e:\n    code = e.code\n"
              "heavy = sorted(m for m in ('torch', 'transformers') if m in sys.modules)\n"
              "print('EXIT', code, 'HEAVY', heavy, file=sys.stderr)\n")
    args = ["--text", TEXT, "--mt-model", str(quickmt_tiny), "--no-summary", "-f", "json"]
    r = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT,
                       env=os.environ, timeout=120)
    assert "EXIT 0 HEAVY []" in r.stderr, r.stderr
    assert json.loads(r.stdout)["paragraphs"][0]["sentences"][0]["translation"]


@pytest.fixture
def quickmt_store(tmp_path, monkeypatch, quickmt_tiny, tiny_bart):
    """The quickmt preset installed in a local store: its two models, and a tiny BART as its summarizer."""
    models = tmp_path / "models"
    for name in ("quickmt-ar-en", "quickmt-en-ar"):
        shutil.copytree(quickmt_tiny, models / name)
    shutil.copytree(tiny_bart, models / "distilbart-cnn-12-6")
    monkeypatch.setenv("TRANSLATE_NEWS_MODELS_DIR", str(models))
    return models


def test_the_quickmt_preset_end_to_end(quickmt_store):
    p = registry.presets()["quickmt"]
    assert [e.name for e in p.entries()] == ["quickmt-ar-en", "distilbart-cnn-12-6", "quickmt-en-ar"]
    assert p.translation.native
    assert p.back_translation.native
    assert not p.summary.native
    r = invoke("--text", " ".join([TEXT] * 3), "--preset", "quickmt", "--offline", "-f", "json", "-v")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["models"]["translation"] == str(quickmt_store / "quickmt-ar-en")
    assert doc["summary"]["en"]
    assert doc["summary"]["ar"]  # back-translated by the native en->ar model


def test_pull_fetches_the_ctranslate2_layout(quickmt_tiny, tmp_path, monkeypatch):
    fetched = []

    def list_files(repo_id, revision):
        extra = ["README.md", ".gitattributes", "eole-config.yaml", "src.spm.vocab"]
        return "a" * 40, sorted([p.name for p in quickmt_tiny.iterdir()] + extra)

    def download(repo_id, filename, revision, local_dir):
        fetched.append(filename)
        target = Path(local_dir) / filename
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(quickmt_tiny / filename, target)
        return str(target)

    monkeypatch.setattr(store, "_hub_list_files", list_files)
    monkeypatch.setattr(store, "_hub_download", download)
    monkeypatch.setenv("TRANSLATE_NEWS_MODELS_DIR", str(tmp_path / "models"))
    r = invoke("models", "pull", "--model", "quickmt-ar-en", "--to", tmp_path / "models")
    assert r.exit_code == 0, r.stderr
    assert sorted(fetched) == sorted(p.name for p in quickmt_tiny.iterdir())  # no README, no training files
    assert "converting" not in r.stderr  # nothing to convert
    ok = invoke("models", "verify", "--no-canary")
    assert ok.exit_code == 0, ok.stdout
    assert "ok     quickmt-ar-en (local" in ok.stdout
    (tmp_path / "models" / "quickmt-ar-en" / "tgt.spm.model").unlink()
    broken = invoke("models", "verify", "--no-canary")
    assert broken.exit_code == 69
    assert "tgt.spm.model is missing" in broken.stdout


def test_a_native_hub_model_is_found_in_the_hf_cache_without_a_config(quickmt_tiny, monkeypatch):
    # quickmt-ar-en's repository has no config.json: the cache is searched by model.bin too
    from huggingface_hub import constants

    entry = registry.find("quickmt-ar-en")
    repo = Path(constants.HF_HUB_CACHE) / "models--quickmt--quickmt-ar-en"
    snapshot = repo / "snapshots" / entry.revision
    shutil.copytree(quickmt_tiny, snapshot)
    config = (snapshot / "config.json").read_bytes()
    (snapshot / "config.json").unlink()
    try:
        assert [i.where for i in store.find_installed(entry)] == ["hf-cache"]
        assert native.native_folder("quickmt/quickmt-ar-en") == snapshot
        # this CTranslate2 cannot run a model of its current format without the config: said as such
        r = invoke("--text", TEXT, "--mt-model", "quickmt/quickmt-ar-en", "--no-summary")
        assert r.exit_code in (0, 69), r.stderr
        assert "internal error" not in r.stderr
        (snapshot / "config.json").write_bytes(config)
        r = invoke("--text", TEXT, "--mt-model", "quickmt/quickmt-ar-en", "--no-summary", "-f", "json")
        assert r.exit_code == 0, r.stderr
    finally:
        shutil.rmtree(repo)


def test_an_uncached_native_registry_model_is_fetched_on_first_use(quickmt_tiny, tmp_path, monkeypatch):
    def list_files(repo_id, revision):
        assert revision == registry.find(repo_id).revision
        return revision, [p.name for p in quickmt_tiny.iterdir()]

    def download(repo_id, filename, revision, local_dir):
        assert local_dir is None  # the HF cache, as transformers would fetch its own models
        shutil.copy(quickmt_tiny / filename, tmp_path / filename)
        return str(tmp_path / filename)

    monkeypatch.setattr(store, "_hub_list_files", list_files)
    monkeypatch.setattr(store, "_hub_download", download)
    assert native.native_folder("quickmt/quickmt-en-ar") == tmp_path


@pytest.mark.slow
def test_bench_times_the_quickmt_preset_without_a_naive_path():
    from translate_news.bench import format_report

    r = invoke("bench", "--tiny", "--preset", "quickmt", "--json")
    assert r.exit_code == 0, r.stderr
    report = json.loads(r.stdout)
    assert "naive transformers path cannot run CTranslate2 models" in r.stderr
    assert list(report["paths"]) == ["default"]
    assert report["paths"]["default"]["backend"] == "ctranslate2"
    assert report["models"]["preset"] == "quickmt"
    assert Path(report["models"]["translation"]).name == "quickmt-ar-en"
    assert layout.is_ctranslate2(Path(report["models"]["back_translation"]))
    assert report["paths"]["default"]["back_translation_s"] > 0
    assert "RANDOM-WEIGHT" in format_report(report)
    assert invoke("bench", "--tiny", "--preset", "nope").exit_code == 2
