import os
import sys
import tempfile
from pathlib import Path

# huggingface_hub reads these once, at import: set them before anything imports it.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_HOME"] = tempfile.mkdtemp(prefix="tn-hf-home-")
os.environ["DISABLE_SAFETENSORS_CONVERSION"] = "1"
# Converted (CTranslate2) models are cached per test session, never in the checkout's models/.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="tn-cache-")
os.environ["TRANSLATE_NEWS_MODELS_DIR"] = os.path.join(os.environ["XDG_CACHE_HOME"], "no-local-store")
for var in ("TRANSLATE_NEWS_MT_MODEL", "TRANSLATE_NEWS_DEVICE", "TRANSLATE_NEWS_RTL", "TRANSLATE_NEWS_BACKEND",
            "TRANSLATE_NEWS_THREADS"):
    os.environ.pop(var, None)

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from translate_news.backends.builders import tiny_bart as build_tiny_bart
from translate_news.backends.builders import tiny_marian as build_tiny_marian

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "article.txt"


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory) -> Path:
    """Random-weight Marian with opus-mt-ar-en's 512 positions."""
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian-512"))


@pytest.fixture(scope="session")
def tiny_marian_64(tmp_path_factory) -> Path:
    """Random-weight Marian whose input limit (64) is far below 512."""
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian-64"), max_positions=64)


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def tiny_en_ar(tmp_path_factory) -> Path:
    """Random-weight multi-target en->ar Marian: its vocabulary declares >>ara<< and >>arz<<."""
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-en-ar"), language_codes=(">>ara<<", ">>arz<<"))


@pytest.fixture(scope="session")
def tiny_bart(tmp_path_factory) -> Path:
    """Random-weight BART summarizer with a 128-token window."""
    return build_tiny_bart(tmp_path_factory.mktemp("tiny-bart-128"))


@pytest.fixture(scope="session")
def tiny_bart_32(tmp_path_factory) -> Path:
    """Random-weight BART whose window (32 tokens) forces several map-reduce levels."""
    return build_tiny_bart(tmp_path_factory.mktemp("tiny-bart-32"), max_positions=32)


@pytest.fixture
def notes(caplog):
    """The notes the library logged for the reader so far (a callable: call it to read them)."""
    import logging

    from translate_news.notes import NOTE

    caplog.set_level(logging.INFO, logger="translate_news")
    return lambda: [r.getMessage() for r in caplog.records if r.levelno >= NOTE]
