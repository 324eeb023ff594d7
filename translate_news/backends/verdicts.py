"""The canary's recorded verdicts: one per copy of a model (hub id and commit, or a local
folder's files), in a small JSON file beside the converted models.

`models verify` records them (canary.py); loading a model only looks its verdict up and
warns once when it failed: no canary runs then.
"""
from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from translate_news.jsontext import to_json
from translate_news.notes import note

log = logging.getLogger(__name__)
FILE = "canary.json"


@dataclass(frozen=True)
class Verdict:
    ok: bool
    passed: int
    total: int
    checked: str  # ISO date
    backend: str
    source: str = ""  # the first sentence that failed, and what the model made of it
    produced: str = ""
    expected: str = ""


def _path() -> Path:
    from translate_news.backends.convert import converted_root

    return converted_root() / FILE


def _key(name: str) -> str | None:
    """The copy of the model `name` resolves to now; None when it is not installed."""
    from translate_news.backends.convert import model_tag
    from translate_news.catalog.hub import ModelRef, model_folder
    from translate_news.errors import TranslateNewsError

    try:
        folder = model_folder(ModelRef.parse(name))
    except TranslateNewsError:
        return None
    return None if folder is None else model_tag(name, folder)


def _read() -> dict[str, Any]:
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def record(name: str, verdict: Verdict) -> None:
    from translate_news.output import write_atomic

    key = _key(name)
    if key is None:
        return
    data = _read()
    data[key] = {"model": name, **asdict(verdict)}
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, to_json(data, indent=2, sort_keys=True) + "\n")
    _warned.discard(key)


def lookup(name: str) -> dict[str, Any] | None:
    """The recorded verdict for the copy of `name` installed now, or None. No model is loaded."""
    return _recorded(_key(name))


def _recorded(key: str | None) -> dict[str, Any] | None:
    found = _read().get(key) if key else None
    return found if isinstance(found, dict) else None


_warned: set[str] = set()  # once per model copy and process: a batch opens its models once, but a library may not


def warn_if_failed(name: str, *, back: bool = False) -> None:
    """A note when the copy of `name` in use failed its canary; nothing when it passed or was never checked."""
    try:
        key = _key(name)
        verdict = _recorded(key)
    except Exception as e:  # a verdict that cannot be read must never stop a translation
        log.info(f"cannot read the canary verdict of {name}: {e}")
        return
    if key is None or verdict is None or verdict.get("ok", True) or key in _warned:
        return
    _warned.add(key)
    role = "back-translation" if back else "translation"
    note(log, f"the {role} model {name} failed its canary check on {verdict.get('checked')}: it produced "
              f"'{verdict.get('produced')}' for '{verdict.get('source')}'; its output may be nonsense "
              "(translate-news models verify)")
