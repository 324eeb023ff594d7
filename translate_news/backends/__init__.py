"""What the pipeline needs from a translation engine, and nothing more.

A backend owns its tokenizer: the pipeline asks it to count tokens, for its input limit,
and to translate a batch of strings with a generation cap. Backends import their heavy
libraries lazily, so this module stays cheap.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence


@dataclass(frozen=True)
class Generated:
    text: str
    hit_cap: bool  # generation stopped at max_new_tokens, not at the end token


class Translator(Protocol):
    name: str
    device: str
    max_tokens: int  # positions the model has, read from the loaded model

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...

    def translate_batch(self, texts: Sequence[str], *, max_new_tokens: int) -> list[Generated]: ...


class Summarizer(Protocol):
    name: str
    device: str
    max_tokens: int

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...

    def summarize(self, text: str, *, min_new_tokens: int, max_new_tokens: int) -> str: ...


def open_translator(name: str, device: str = "auto", *, beams: int | None = None,
                    target_lang: str | None = None, role: str = "translation",
                    notify=lambda message: None) -> Translator:
    """Load a translation model on the device `--device` asks for (see `_open`)."""
    from translate_news.backends.hf import HFTranslator

    return _open(lambda dev: HFTranslator(name, dev, beams=beams, target_lang=target_lang, role=role),
                 name, device, role, notify)


def open_summarizer(name: str, device: str = "auto", *, notify=lambda message: None) -> Summarizer:
    from translate_news.backends.hf import HFSummarizer

    return _open(lambda dev: HFSummarizer(name, dev), name, device, "summary", notify)


def _open(make, name: str, device: str, role: str, notify):
    """Check the model is available, pick the device, load.

    Under `auto`, a GPU that fails while taking the model costs one `notify` line and the
    run goes on on the CPU; an explicit device that fails raises DeviceUnavailable.
    """
    from translate_news.devices import resolve_device
    from translate_news.errors import DeviceUnavailable, TranslateNewsError
    from translate_news.loading import check_available

    check_available(name, role)  # before resolve_device pays for importing torch
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
    translator = open_translator(settings.mt_model, settings.device, beams=settings.beams, notify=notify)
    if not settings.summary:
        return Engines(translator)
    summarizer = open_summarizer(settings.summary_model, settings.device, notify=notify)
    back = None
    if settings.summary_lang != "en":
        back = open_translator(settings.back_model, settings.device, target_lang="ara",
                               role="back-translation", notify=notify)
    return Engines(translator, summarizer, back)
