"""The canary: a few sentences whose translation is not in doubt, to catch a model that is
installed but not translating.

A model can download whole, pass every file check and load, and still write nonsense (one
of the registry's models is reported to under some transformers versions). Each sentence
here carries a word any correct translation keeps: a number, a year, a capital city, a
name. `models verify` (and `doctor --canary`) translate them with each installed
translation model and record the verdict per copy of the model (hub id and commit, or a
local folder's files: a new revision is a new copy), in a small JSON file beside the
converted models. `translate` only looks that verdict up when it loads a model, and warns
once when it failed; it never runs the canary itself.

A model passes when at most MISSES_ALLOWED sentences lack their word, so that one odd
phrasing of a good model is not called broken; a broken model misses them all. The tiny
random-weight test models fail by design: a pass needs real weights.
"""
from __future__ import annotations

import datetime
import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from translate_news.backends import Translator
from translate_news.jsontext import to_json
from translate_news.normalize import safe_text
from translate_news.notes import note

log = logging.getLogger(__name__)
FILE = "canary.json"
MISSES_ALLOWED = 1
CAP = 64  # new tokens: the sentences are short, and a model that rambles has failed anyway


@dataclass(frozen=True)
class Check:
    source: str
    expect: tuple[str, ...]  # every one must appear in the translation


# ar->en: what a translation model must keep
AR_EN = (
    Check("عاصمة فرنسا هي باريس.", ("Paris",)),
    Check("قتل 35 شخصا في الهجوم.", ("35",)),
    Check("ولد في عام 1990.", ("1990",)),
    Check("قال الرئيس الأمريكي جو بايدن إن المحادثات ستستمر.", ("Biden",)),
    Check("أعلنت الحكومة الخطة في 15 مارس.", ("15", "March")),
    Check("وصل الوفد إلى القاهرة يوم الاثنين.", ("Cairo",)),
)
# en->ar: the same for a back-translation model (digits are compared in either script)
EN_AR = (
    Check("The capital of France is Paris.", ("باريس",)),
    Check("35 people were killed in the attack.", ("35",)),
    Check("He was born in 1990.", ("1990",)),
    Check("US President Joe Biden said the talks would continue.", ("بايدن",)),
    Check("The government announced the plan on March 15.", ("15",)),
    Check("The delegation arrived in Cairo on Monday.", ("القاهرة",)),
)
# Arabic-Indic and Persian digits read as ASCII; Arabic diacritics and tatweel dropped
_FOLD = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789",
                      "".join(map(chr, range(0x064B, 0x0653))) + "\u0640")


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


def holds(text: str, expect: tuple[str, ...]) -> bool:
    folded = text.translate(_FOLD).casefold()
    return all(word.translate(_FOLD).casefold() in folded for word in expect)


def run(translator: Translator, *, back: bool = False) -> Verdict:
    """Translate the canary sentences (en->ar ones when `back`) and judge the output."""
    checks = EN_AR if back else AR_EN
    cap = max(1, min(CAP, translator.max_tokens - 1))
    results = next(iter(translator.translate_batches([[c.source for c in checks]], [cap])))
    misses = [(c, g.text) for c, g in zip(checks, results, strict=True) if not holds(g.text, c.expect)]
    first = misses[0] if misses else None
    return Verdict(ok=len(misses) <= MISSES_ALLOWED, passed=len(checks) - len(misses), total=len(checks),
                   checked=datetime.date.today().isoformat(), backend=str(translator.backend),
                   source=first[0].source if first else "", produced=_short(first[1]) if first else "",
                   expected=" ".join(first[0].expect) if first else "")


def check_model(name: str, *, back: bool = False, device: str = "auto", backend: str = "auto") -> Verdict:
    """Load `name` as a run would, run the canary, record the verdict, return it."""
    from translate_news.backends import open_translator

    translator = open_translator(name, device, backend=backend, target_lang="ara" if back else None,
                                 canary_note=False)  # the verdict is about to be replaced
    verdict = run(translator, back=back)
    record(name, verdict)
    return verdict


def attempt(name: str, *, back: bool = False, device: str = "auto", backend: str = "auto") -> dict[str, Any] | str:
    """check_model's verdict as recorded, or (a string) why the model could not be run: one model
    that fails to load is reported against itself while the others are still checked."""
    from translate_news.errors import one_line

    try:
        return asdict(check_model(name, back=back, device=device, backend=backend))
    except Exception as e:
        return f"does not translate: {one_line(e, 200)}"


def describe(verdict: dict[str, Any]) -> str:
    """One line for a recorded verdict, for a terminal: what a model produced is its vocabulary's
    (a vocab.json can hold escapes), so its controls are made visible."""
    if verdict.get("ok"):
        return f"canary passed on {verdict['checked']} ({verdict['passed']}/{verdict['total']} sentences)"
    return safe_text(f"installed but not translating correctly (canary, {verdict['checked']}, "
                     f"{verdict['passed']}/{verdict['total']} sentences): it produced '{verdict['produced']}' "
                     f"for '{verdict['source']}' (expected '{verdict['expected']}')")


# ---------------------------------------------------------------- the recorded verdicts


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


def _short(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())  # one line, whatever the model wrote
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"
