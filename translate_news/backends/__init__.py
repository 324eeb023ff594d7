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


def open_translator(name: str, device: str = "auto", *, beams: int | None = None,
                    notify=lambda message: None) -> Translator:
    """Load the translation model on the device `--device` asks for.

    Under `auto`, a GPU that fails while taking the model costs one `notify` line and the
    run goes on on the CPU; an explicit device that fails raises DeviceUnavailable.
    """
    from translate_news.backends.hf import HFTranslator
    from translate_news.devices import resolve_device
    from translate_news.errors import DeviceUnavailable, ModelUnavailable
    from translate_news.loading import check_available

    check_available(name)  # before resolve_device pays for importing torch
    choice = resolve_device(device)
    if choice.note:
        notify(choice.note)
    try:
        return HFTranslator(name, choice.device, beams=beams)
    except ModelUnavailable:
        raise
    except Exception as e:
        if choice.device == "cpu":
            raise
        if device != "auto":
            raise DeviceUnavailable(f"cannot run the model on {choice.device}: {e}; use --device cpu") from None
        notify(f"the model failed on {choice.device} ({e}); using the CPU")
        return HFTranslator(name, "cpu", beams=beams)
