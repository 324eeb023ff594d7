"""The canary: a few sentences whose translation is not in doubt, to catch a model that is
installed but not translating.

A model can download whole, pass every file check and load, and still write nonsense (one
of the registry's models is reported to under some transformers versions). Each sentence
here carries a word any correct translation keeps: a number, a year, a capital city, a
name. `models verify` (and `doctor --canary`) translate them with each installed
translation model and record the verdict per copy of the model (hub id and commit, or a
local folder's files: a new revision is a new copy), in a small JSON file beside the
converted models (verdicts.py). `translate` only looks that verdict up when it loads a model, and warns
once when it failed; it never runs the canary itself.

A model passes when at most MISSES_ALLOWED sentences lack their word, so that one odd
phrasing of a good model is not called broken; a broken model misses them all. The tiny
random-weight test models fail by design: a pass needs real weights.
"""
from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from typing import Any

from translate_news.backends.base import Translator
from translate_news.backends.verdicts import Verdict, record
from translate_news.normalize import safe_text

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
    from translate_news.backends.factory import open_translator

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


def _short(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())  # one line, whatever the model wrote
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"
