"""What the pipeline needs from a translation engine, and nothing more.

A backend owns its tokenizer: the pipeline asks it to count tokens, for its input limit,
and to translate a batch of strings with a generation cap. Backends import their heavy
libraries lazily, so this module stays cheap.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Protocol, Sequence


@dataclass(frozen=True)
class Generated:
    text: str
    hit_cap: bool  # generation stopped at max_new_tokens, not at the end token
    length: int = 0  # tokens generated


class Translator(Protocol):
    name: str
    device: str
    backend: str  # "ctranslate2" or "transformers"
    max_tokens: int  # positions the model has, read from the loaded model

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...

    def translate_batches(self, batches: Sequence[Sequence[str]], caps: Sequence[int], *,
                          lengths: Sequence[Sequence[int]] | None = None) -> Iterator[list[Generated]]:
        """Translate each batch with its own max_new_tokens cap; yield results batch by batch, in order.

        A backend may work on several batches at once, and regroup their sentences.
        `lengths` (one per sentence) forces output lengths, for benchmarks with random weights,
        which would otherwise stop anywhere: the sentences the model decodes together all
        run as long as the longest of them wants, within its cap."""
        ...

    def translate_batch(self, texts: Sequence[str], *, max_new_tokens: int) -> list[Generated]: ...


class Summarizer(Protocol):
    name: str
    device: str
    backend: str
    max_tokens: int

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...

    def summarize(self, text: str, *, min_new_tokens: int, max_new_tokens: int) -> str: ...


def ctranslate2_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("ctranslate2") is not None


def open_translator(name: str, device: str = "auto", *, backend: str = "auto", beams: int | None = None,
                    target_lang: str | None = None, role: str = "translation",
                    notify=lambda message: None) -> Translator:
    """Load a translation model with the backend and on the device asked for (see `_open`)."""
    def transformers(dev):
        from translate_news.backends.hf import HFTranslator

        return HFTranslator(name, dev, beams=beams, target_lang=target_lang, role=role)

    def ctranslate2(folder, dev):
        from translate_news.backends.ct2 import CT2Translator

        return CT2Translator(folder, name, dev, beams=beams, target_lang=target_lang)

    return _open(transformers, ctranslate2, name, device, backend, role, notify)


def open_summarizer(name: str, device: str = "auto", *, backend: str = "auto", beams: int | None = None,
                    notify=lambda message: None) -> Summarizer:
    def transformers(dev):
        from translate_news.backends.hf import HFSummarizer

        return HFSummarizer(name, dev, beams=beams)

    def ctranslate2(folder, dev):
        from translate_news.backends.ct2 import CT2Summarizer

        return CT2Summarizer(folder, name, dev, beams=beams)

    return _open(transformers, ctranslate2, name, device, backend, "summary", notify)


def _open(transformers, ctranslate2, name: str, device: str, backend: str, role: str, notify):
    """Check the model is available, pick the backend, then the device, and load.

    `auto` takes CTranslate2 when it is installed and the model converts (once, cached),
    else transformers. Under `--device auto` a GPU that fails costs one `notify` line and
    the run goes on on the CPU; an explicit device that fails raises DeviceUnavailable.
    """
    from translate_news.errors import ModelUnavailable
    from translate_news.loading import check_available

    check_available(name, role)  # before anything pays for importing torch
    if backend != "transformers":
        if not ctranslate2_installed():
            if backend == "ctranslate2":
                raise ModelUnavailable("--backend ctranslate2: ctranslate2 is not installed; "
                                       "pip install 'translate-news[fast]'")
        elif device == "mps" and backend == "auto":
            pass  # CTranslate2 has no MPS support; transformers has
        else:
            from translate_news.convert import NotConvertible

            try:
                return _open_ct2(ctranslate2, name, device, role, notify)
            except NotConvertible as e:
                if backend == "ctranslate2":
                    raise
                notify(f"{e}; using transformers")
    return _open_transformers(transformers, name, device, notify)


def _open_ct2(make, name: str, device: str, role: str, notify):
    import ctranslate2

    from translate_news.convert import ensure_converted
    from translate_news.errors import DeviceUnavailable

    gpus = ctranslate2.get_cuda_device_count()
    if device == "cpu" or (device == "auto" and not gpus):
        return make(ensure_converted(name, "int8", role, notify), "cpu")
    if device == "mps":
        raise DeviceUnavailable("CTranslate2 cannot use MPS; use --backend transformers or --device cpu")
    index = int(device.partition(":")[2] or 0)
    try:
        if index >= gpus:
            raise RuntimeError(f"only {gpus} CUDA device(s) visible to CTranslate2")
        return make(ensure_converted(name, "float16", role, notify), f"cuda:{index}")
    except (RuntimeError, ValueError) as e:  # CTranslate2 reports CUDA failures as RuntimeError
        if device != "auto":
            raise DeviceUnavailable(f"cannot run {name} on cuda:{index}: {e}; use --device cpu") from None
        notify(f"{name} failed on cuda:{index} ({e}); using the CPU")
        return make(ensure_converted(name, "int8", role, notify), "cpu")


def _open_transformers(make, name: str, device: str, notify):
    from translate_news.devices import resolve_device
    from translate_news.errors import DeviceUnavailable, TranslateNewsError

    choice = resolve_device(device)
    if choice.note:
        notify(choice.note)
    try:
        return make(choice.device)
    except TranslateNewsError:
        raise
    except Exception as e:
        if choice.device == "cpu":
            raise
        if device != "auto":
            raise DeviceUnavailable(f"cannot run {name} on {choice.device}: {e}; use --device cpu") from None
        notify(f"{name} failed on {choice.device} ({e}); using the CPU")
        return make("cpu")


@dataclass
class Engines:
    """The models one run needs, loaded once."""
    translator: Translator
    summarizer: Summarizer | None = None
    back: Translator | None = None


def open_engines(settings, notify=lambda message: None) -> Engines:
    """Load every model `settings` asks for; any that cannot load raises (exit 69)."""
    translator = open_translator(settings.mt_model, settings.device, backend=settings.backend,
                                 beams=settings.beams, notify=notify)
    if not settings.summary:
        return Engines(translator)
    summarizer = open_summarizer(settings.summary_model, settings.device, backend=settings.backend,
                                 beams=settings.summary_beams, notify=notify)
    back = None
    if settings.summary_lang != "en":
        back = open_translator(settings.back_model, settings.device, backend=settings.backend,
                               beams=settings.summary_beams, target_lang="ara", role="back-translation",
                               notify=notify)
    return Engines(translator, summarizer, back)
