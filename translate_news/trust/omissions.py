"""What the English leaves out: a sentence that stops halfway, a part of the source with no trace.

- `truncated`: the Arabic ends its sentence (. ! ? ؟ … or a closing quote or bracket after one)
  and the English stops without ending one. Machine translation most often fails by omission,
  and an English cut short mostly loses its full stop with its end. On human pairs it fired on
  none of 999 modern ones nor of 6,236 Quran verses (scripts/evaluate_trust.py).
- `omission`: a Latin-script token of the Arabic (an acronym, a URL, a handle, a code) that the
  English does not carry, or a quotation of the Arabic with none in the English. (A parenthesis
  of the Arabic with none in the English is not flagged: Arabic glosses a term in brackets, "خوارزمية
  البعثرة (hashing)", that English needs no brackets for: 3 false alarms in 799 modern pairs.)
"""
from __future__ import annotations

import re

from translate_news.document import Flag

_CLOSERS = "\"'»”’)]}›"
_AR_END = frozenset(".!?؟…")
_EN_END = frozenset(".!?…")
# Latin runs of 2+ characters: NATO, www.un.org, @UN, COVID-19, %(name)s placeholders too
_LATIN = re.compile(r"[@#]?[A-Za-z][A-Za-z0-9]*(?:[.&/_:-][A-Za-z0-9]+)*")
_AR_QUOTE = re.compile(r"[«»“”\"]")  # opening or closing: RTL text writes ”...“ too, and a quote may run on
_EN_QUOTE = re.compile(r"[\"“”«»]|(?:^|(?<=\s))['‘]|['’](?=\s|$|[.,;:!?])")


def ends_sentence(text: str, ends: frozenset[str]) -> bool:
    t = text.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(t) and t[-1] in ends


def omission_flags(source: str, out: str) -> list[Flag]:
    flags = []
    if ends_sentence(source, _AR_END) and not ends_sentence(out, _EN_END | {":", ";"}):
        flags.append(Flag("truncated", "the source ends its sentence and the translation stops without ending one;"
                                       " the rest may be missing"))
    low, missing = out.lower(), []
    lost = [t for t in dict.fromkeys(_LATIN.findall(source)) if len(t) >= 2 and t.lower().lstrip("@#") not in low]
    if lost:
        missing.append("the source's " + ", ".join(lost[:4]) + f" {'is' if len(lost) == 1 else 'are'} not in it")
    if _AR_QUOTE.search(source) and not _EN_QUOTE.search(out):
        missing.append("the source quotes someone and it has no quotation")
    if missing:
        flags.append(Flag("omission", "the translation may leave something out: " + "; ".join(missing)))
    return flags
