"""The registry, the model stores, pull/verify/path/list, safe loading and doctor. No network."""
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from kit import invoke

from translate_news.catalog import layout, registry, store

pytestmark = pytest.mark.model


@pytest.fixture
def hf_cache_copy(tiny_marian):
    """opus-mt-ar-en 'installed' in the (temporary) HF cache, in the hub's own layout."""
    from huggingface_hub import constants

    repo = Path(constants.HF_HUB_CACHE) / "models--Helsinki-NLP--opus-mt-ar-en"
    pinned = registry.find("opus-mt-ar-en").revision  # every load asks for the registry's commit
    snapshot = repo / "snapshots" / pinned
    shutil.copytree(tiny_marian, snapshot)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(pinned)
    yield snapshot
    shutil.rmtree(repo)


@pytest.fixture
def local_store(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSLATE_NEWS_MODELS_DIR", str(tmp_path / "models"))
    return tmp_path / "models"


COMMIT = "0123456789abcdef0123456789abcdef01234567"


def fake_hub(source: Path, extra=("README.md", ".gitattributes", "tf_model.h5", "pytorch_model.bin")):
    """The hub client's two calls, served from a local folder; records what was fetched."""
    fetched = []

    def list_files(repo_id, revision):
        return COMMIT, sorted([p.name for p in source.iterdir()] + list(extra))

    def download(repo_id, filename, revision, local_dir):
        assert revision == COMMIT  # every file from the one resolved commit
        fetched.append(filename)
        target = Path(local_dir) / filename
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source / filename, target)
        return str(target)

    return list_files, download, fetched


def test_registry_presets():
    p = registry.presets()
    assert [e.hub_id for e in p["fast"].entries()] == [
        "Helsinki-NLP/opus-mt-ar-en", "sshleifer/distilbart-cnn-12-6", "Helsinki-NLP/opus-mt-en-ar"]
    assert p["quality"].translation.hub_id == "Helsinki-NLP/opus-mt-tc-big-ar-en"
    assert p["quality"].summary.hub_id == "facebook/bart-large-cnn"
    assert p["quality"].back_translation.hub_id == "Helsinki-NLP/opus-mt-tc-big-en-ar"
    assert [e.hub_id for e in p["quickmt"].entries()] == [
        "quickmt/quickmt-ar-en", "sshleifer/distilbart-cnn-12-6", "quickmt/quickmt-en-ar"]
    for e in registry.models().values():
        assert e.licence
        assert e.size_mb > 0
        assert e.score
        assert e.role in ("translation", "summary", "back-translation")
        assert e.format in ("transformers", "ctranslate2")
        # the `main` guard: a full commit id, never a branch that moves, nor a short id the cache cannot use
        assert re.fullmatch(r"[0-9a-f]{40}", e.revision), f"{e.name}: {e.revision}"
        assert e.pinned == e.revision
        assert "https://huggingface.co/" + e.hub_id in e.source  # where the pin can be checked
        if e.revision[:7] not in ("37f520f", "a4f8f3e"):  # read from a page of that very commit
            assert e.revision in e.source, e.name
    assert registry.find("opus-mt-ar-en") is not None
    assert registry.find("opus-mt-ar-en") == registry.find("Helsinki-NLP/opus-mt-ar-en")


def test_needed_files_prefer_safetensors():
    files = ["config.json", "generation_config.json", "source.spm", "target.spm", "vocab.json",
             "tokenizer_config.json", "model.safetensors", "pytorch_model.bin", "tf_model.h5", "README.md",
             "rust_model.ot", "onnx/encoder.onnx"]
    assert layout.needed_files(files) == ["config.json", "generation_config.json", "source.spm", "target.spm",
                                         "tokenizer_config.json", "vocab.json", "model.safetensors"]
    assert layout.needed_files(["config.json", "pytorch_model.bin"])[-1] == "pytorch_model.bin"


def test_needed_files_of_a_ctranslate2_repository():
    quickmt = ["model.bin", "source_vocabulary.json", "target_vocabulary.json", "src.spm.model", "tgt.spm.model",
               "config.json", "README.md", ".gitattributes", "eole-config.yaml", "src.spm.vocab"]
    assert layout.needed_files(quickmt, ctranslate2=True) == [
        "config.json", "model.bin", "source_vocabulary.json", "src.spm.model", "target_vocabulary.json",
        "tgt.spm.model"]
    opus = ["model.bin", "shared_vocabulary.txt", "source.spm", "target.spm", "pytorch_model.bin"]
    assert layout.needed_files(opus, ctranslate2=True) == ["model.bin", "shared_vocabulary.txt", "source.spm",
                                                          "target.spm"]
    assert layout.problems(layout.needed_files(quickmt, ctranslate2=True), ctranslate2=True) == []
    assert layout.problems(["model.bin", "src.spm.model"], ctranslate2=True) == [
        "no vocabulary (shared_vocabulary.json, or source_ and target_vocabulary.json)",
        "no SentencePiece models (src.spm.model and tgt.spm.model, or source.spm and target.spm)"]


def test_list_shows_score_licence_and_where_each_pin_was_read(hf_cache_copy, local_store):
    rows = {r["name"]: r for r in json.loads(invoke("models", "list", "--json").stdout)}
    assert set(rows) == set(registry.models())
    text = invoke("models", "list").stdout
    for name, entry in registry.models().items():
        assert rows[name]["source"] == entry.source
        assert rows[name]["score"] == entry.score
        assert rows[name]["licence"] == entry.licence
        assert rows[name]["revision"] == entry.revision
        for shown in (entry.score, entry.licence, f"source: {entry.source}", f"{entry.hub_id}@{entry.revision}"):
            assert shown in text
    assert rows["quickmt-ar-en"]["format"] == "ctranslate2"
    assert rows["opus-mt-ar-en"]["format"] == "transformers"
    assert "preset quickmt:" in text


def test_list_and_path_find_the_hf_cache(hf_cache_copy, local_store):
    rows = {r["name"]: r for r in json.loads(invoke("models", "list", "--json").stdout)}
    assert rows["opus-mt-ar-en"]["installed"][0]["where"] == "hf-cache"
    assert rows["opus-mt-ar-en"]["installed"][0]["path"] == str(hf_cache_copy)
    assert rows["opus-mt-ar-en"]["presets"] == ["fast"]
    assert rows["bart-large-cnn"]["installed"] == []
    r = invoke("models", "path", "opus-mt-ar-en")
    assert r.exit_code == 0
    assert r.stdout.strip() == str(hf_cache_copy)
    r = invoke("models", "path", "bart-large-cnn")
    assert r.exit_code == 69
    assert "bart-large-cnn: not installed; run 'translate-news models pull'" in r.stderr


def test_pull_into_local_store_then_verify_and_translate_offline(tiny_marian, local_store, monkeypatch):
    list_files, download, fetched = fake_hub(tiny_marian)
    monkeypatch.setattr(store, "_hub_list_files", list_files)
    monkeypatch.setattr(store, "_hub_download", download)
    r = invoke("models", "pull", "--model", "opus-mt-ar-en", "--to", str(local_store))
    assert r.exit_code == 0, r.stderr
    assert "model.safetensors" in fetched
    assert not {"pytorch_model.bin", "README.md", "tf_model.h5"} & set(fetched)
    lock = json.loads((local_store / "models.lock.json").read_text())
    assert set(lock["opus-mt-ar-en"]["files"]) == set(fetched)
    assert lock["opus-mt-ar-en"]["commit"] == COMMIT

    from translate_news.backends.convert import find_converted
    from translate_news.backends.factory import ctranslate2_installed

    if ctranslate2_installed():  # converted right after the download, into the store
        converted = find_converted(str(local_store / "opus-mt-ar-en"), "int8")
        assert converted is not None
        assert converted.parent == local_store / "converted"
    assert invoke("models", "path", "opus-mt-ar-en").stdout.strip() == str(local_store / "opus-mt-ar-en")
    ok = invoke("models", "verify", "--no-canary")  # the files; the canary (test_canary.py) fails random weights
    assert ok.exit_code == 0
    assert "ok     opus-mt-ar-en (local" in ok.stdout

    # the preset's model now loads from the local store, with the hub off
    t = invoke("--text", "قال الرئيس إن الحكومة ستعلن خطة جديدة.", "--offline", "--no-summary", "-f", "json")
    assert t.exit_code == 0, t.stderr
    assert json.loads(t.stdout)["models"]["translation"] == str(local_store / "opus-mt-ar-en")

    (local_store / "opus-mt-ar-en" / "vocab.json").write_text("{}")
    broken = invoke("models", "verify", "--no-canary")
    assert broken.exit_code == 69
    assert "vocab.json does not match its recorded sha256" in broken.stdout


def test_pull_failure_is_reported_per_model(local_store, monkeypatch):
    def unreachable(repo_id, revision):
        raise OSError("hub unreachable")

    monkeypatch.setattr(store, "_hub_list_files", unreachable)
    r = invoke("models", "pull", "--to", str(local_store))
    assert r.exit_code == 69
    assert r.stderr.count("hub unreachable") == 3


def test_bin_only_folder_loads_through_the_safe_loader(tiny_marian, tmp_path, monkeypatch):
    import torch
    from safetensors.torch import load_file

    from translate_news.backends.loading import load_seq2seq

    folder = tmp_path / "bin-only"
    shutil.copytree(tiny_marian, folder)
    torch.save(load_file(folder / "model.safetensors"), folder / "pytorch_model.bin")
    (folder / "model.safetensors").unlink()
    calls = []
    real = torch.load
    monkeypatch.setattr(torch, "load", lambda *a, **k: calls.append(k.get("weights_only")) or real(*a, **k))
    _, model = load_seq2seq(str(folder), "cpu")
    assert calls == [True]
    assert model.config.model_type == "marian"


def test_trust_remote_code_is_never_on(tiny_marian, tmp_path, monkeypatch):
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    from translate_news.backends.loading import load_seq2seq

    seen = []
    for cls in (AutoModelForSeq2SeqLM, AutoTokenizer):
        real = cls.from_pretrained.__func__
        monkeypatch.setattr(cls, "from_pretrained", classmethod(
            lambda c, *a, _real=real, **k: seen.append(k.get("trust_remote_code")) or _real(c, *a, **k)))
    folder = tmp_path / "m"
    shutil.copytree(tiny_marian, folder)
    load_seq2seq(str(folder), "cpu")
    assert seen == [False, False]
    assert invoke("--text", "قال", "--trust-remote-code").exit_code == 2
    source = "\n".join(p.read_text() for p in (ROOT / "translate_news").rglob("*.py"))
    assert set(re.findall(r"trust_remote_code\s*=\s*(\w+)", source)) == {"False"}


def test_offline_missing_model_fails_fast_and_says_how_to_get_it():
    started = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "translate_news", "--text", "قال", "--offline"],
                       capture_output=True, text=True, cwd=ROOT, env={"PATH": "/usr/bin:/bin",
                                                                    "HF_HOME": str(ROOT / ".no-such-hf-home")})
    elapsed = time.monotonic() - started
    assert r.returncode == 69
    assert "Helsinki-NLP/opus-mt-ar-en" in r.stderr
    assert "translate-news models pull" in r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert elapsed < 15  # a generous bound: the hub client's retry path takes 20-50 s


def test_doctor_on_a_cpu_only_machine():
    import torch

    r = invoke("doctor", "--json")
    assert r.exit_code == 0
    d = json.loads(r.stdout)
    assert d["packages"]["transformers"]
    assert d["packages"]["translate-news"]
    assert set(d["presets"]) == {"fast", "quality", "quickmt"}
    assert d["rtl_auto"] == "logical"
    assert d["offline"]["HF_HUB_OFFLINE"] is True
    assert d["offline"]["hub_reachable"] is None
    if not torch.cuda.is_available():
        assert d["device"]["auto"] == "cpu"
        assert d["device"]["why"]
        text = invoke("doctor").stdout
        assert "--device auto: cpu" in text
        assert "MISSING (translate-news models pull)" in text
    from translate_news.backends.factory import ctranslate2_installed

    expected = "ctranslate2" if ctranslate2_installed() else "transformers"
    assert d["backend"]["requested"] == "auto"
    assert d["backend"]["auto"] == expected


def test_doctor_reports_the_backend_asked_for(monkeypatch):
    monkeypatch.setenv("TRANSLATE_NEWS_BACKEND", "transformers")
    d = json.loads(invoke("doctor", "--json").stdout)
    assert d["backend"]["auto"] == "transformers"
    assert "TRANSLATE_NEWS_BACKEND" in d["backend"]["why"]


def test_a_hub_model_loads_from_the_hf_cache_by_its_id(hf_cache_copy):
    from translate_news.backends.hf import HFTranslator

    tr = HFTranslator("Helsinki-NLP/opus-mt-ar-en")  # offline: found in the cache, no network
    assert tr.max_tokens == 512
    assert tr.translate_batch(["قال الرئيس."], max_new_tokens=8)[0].text is not None


def test_the_readme_presets_table_is_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Models"):readme.index("### Speed")]
    table = {}
    for row in re.findall(r"^\| `(\w+)`[^|]*\|(.*)\|$", section, flags=re.M):
        preset, cells = row
        table[preset] = [re.search(r"`([^`]+)`", cell).group(1) for cell in cells.split("|")]
    assert table == {name: [e.hub_id for e in p.entries()] for name, p in registry.presets().items()}
