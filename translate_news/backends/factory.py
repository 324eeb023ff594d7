"""Opening a model: check it is available, pick the backend, then the device, and load.

Backends import their heavy libraries lazily, so this module stays cheap: the engines
(hf.py, ct2.py) are imported only when a model of theirs is opened.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from translate_news.backends.base import Backend, Summarizer, Translator
from translate_news.errors import DeviceUnavailable, ModelUnavailable, TranslateNewsError
from translate_news.notes import note

log = logging.getLogger(__name__)


def ctranslate2_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("ctranslate2") is not None


Model = TypeVar("Model", "Translator", "Summarizer")


def open_translator(name: str, device: str = "auto", *, backend: str = "auto", beams: int | None = None,
                    target_lang: str | None = None, canary_note: bool = True) -> Translator:
    """Load a translation model with the backend and on the device asked for (see `_open`).

    `canary_note`: say once when this copy of the model failed its recorded canary check."""
    def transformers(dev: str) -> Translator:
        from translate_news.backends.hf import HFTranslator

        return HFTranslator(name, dev, beams=beams, target_lang=target_lang)

    def ctranslate2(folder: Path, dev: str) -> Translator:
        from translate_news.backends.ct2 import CT2Translator

        return CT2Translator(folder, name, dev, beams=beams, target_lang=target_lang)

    translator = _open(transformers, ctranslate2, name, device, backend)
    if canary_note:
        from translate_news.backends.verdicts import warn_if_failed

        warn_if_failed(name, back=target_lang is not None)  # a verdict `models verify` recorded, never a new run
    return translator


def open_summarizer(name: str, device: str = "auto", *, backend: str = "auto",
                    beams: int | None = None) -> Summarizer:
    def transformers(dev: str) -> Summarizer:
        from translate_news.backends.hf import HFSummarizer

        return HFSummarizer(name, dev, beams=beams)

    def ctranslate2(folder: Path, dev: str) -> Summarizer:
        from translate_news.backends.ct2 import CT2Summarizer

        return CT2Summarizer(folder, name, dev, beams=beams)

    return _open(transformers, ctranslate2, name, device, backend)


def _open(transformers: Callable[[str], Model], ctranslate2: Callable[[Path, str], Model], name: str,
          device: str, backend: str) -> Model:
    """Check the model is available, pick the backend, then the device, and load.

    A model already in CTranslate2's format runs on CTranslate2 only. For any other, `auto`
    takes CTranslate2 when it is installed and the model converts (once, cached), else
    transformers. Under `--device auto` a GPU that fails costs one note and the run goes on
    on the CPU; an explicit device that fails raises DeviceUnavailable.
    """
    from translate_news.backends.native import native_folder
    from translate_news.catalog.hub import check_available

    check_available(name)  # before anything pays for importing torch
    native = native_folder(name)
    if native is not None:
        if backend == Backend.TRANSFORMERS:
            raise ModelUnavailable(f"{name} is a CTranslate2 model, which transformers cannot load; "
                                   "use --backend auto or ctranslate2")
        if not ctranslate2_installed():
            raise ModelUnavailable(f"{name} is a CTranslate2 model and ctranslate2 is not installed; "
                                   "pip install 'translate-news[fast]'")
        if device == "mps":
            raise DeviceUnavailable(f"{name} is a CTranslate2 model and CTranslate2 cannot use MPS; use --device cpu")
        try:
            return _open_ct2(ctranslate2, name, device, locate=lambda quantization: native)
        except (RuntimeError, ValueError) as e:  # CTranslate2's word for files it cannot read
            raise ModelUnavailable(f"cannot load {name} with CTranslate2: {e}") from None
    if backend != Backend.TRANSFORMERS:
        if not ctranslate2_installed():
            if backend == Backend.CTRANSLATE2:
                raise ModelUnavailable("--backend ctranslate2: ctranslate2 is not installed; "
                                       "pip install 'translate-news[fast]'")
        elif device == "mps" and backend == Backend.AUTO:
            pass  # CTranslate2 has no MPS support; transformers has
        else:
            from translate_news.backends.convert import NotConvertible

            try:
                return _open_ct2(ctranslate2, name, device)
            except NotConvertible as e:
                if backend == Backend.CTRANSLATE2:
                    raise
                if e.remembered:
                    log.info(f"{e}; using transformers")
                else:
                    note(log, f"{e}; using transformers")
    return _open_transformers(transformers, name, device)


def _open_ct2(make: Callable[[Path, str], Model], name: str, device: str, *,
              locate: Callable[[str], Path] | None = None) -> Model:
    """`locate(quantization)`: the CTranslate2 folder to load (default: the converted copy, converting once)."""
    import ctranslate2

    from translate_news.backends.convert import ensure_converted

    def converted(quantization: str) -> Path:
        return ensure_converted(name, quantization)

    locate = locate or converted
    gpus = ctranslate2.get_cuda_device_count()
    if device == "cpu" or (device == "auto" and not gpus):
        return make(locate("int8"), "cpu")
    if device == "mps":
        raise DeviceUnavailable("CTranslate2 cannot use MPS; use --backend transformers or --device cpu")
    index = int(device.partition(":")[2] or 0)
    try:
        if index >= gpus:
            raise RuntimeError(f"only {gpus} CUDA device(s) visible to CTranslate2")
        return make(locate("float16"), f"cuda:{index}")
    except (RuntimeError, ValueError) as e:  # CTranslate2 reports CUDA failures as RuntimeError
        if device != "auto":
            raise DeviceUnavailable(f"cannot run {name} on cuda:{index}: {e}; use --device cpu") from None
        note(log, f"{name} failed on cuda:{index} ({e}); using the CPU")
        return make(locate("int8"), "cpu")


def _open_transformers(make: Callable[[str], Model], name: str, device: str) -> Model:
    from translate_news.backends.devices import resolve_device

    choice = resolve_device(device)
    if choice.note:
        note(log, choice.note)
    try:
        return make(choice.device)
    except TranslateNewsError:
        raise
    except Exception as e:
        if choice.device == "cpu":
            raise
        if device != "auto":
            raise DeviceUnavailable(f"cannot run {name} on {choice.device}: {e}; use --device cpu") from None
        note(log, f"{name} failed on {choice.device} ({e}); using the CPU")
        return make("cpu")
