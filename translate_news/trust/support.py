"""The summary, backed by the article: which translated sentences support each summary sentence.

An abstractive summary can state what the article does not. Each English summary sentence
is matched to the article's translated sentences by word containment: the share of the
summary sentence's content words (lowercased, common words left out) that the article
sentence contains. Sentences with a share of at least MIN_SUPPORT back it, the best
MAX_SUPPORT of them are kept. Then its numbers (by value, as trust/numbers.py reads them)
and its capitalised names (not the word that opens it: "Officials said" is a capital letter,
not a name) are looked up in the whole translation: a summary may combine sentences, but
not invent a figure or a name.

Flag codes (part of the JSON contract): `no-support` (no article sentence backs it),
`unsupported-number`, `unsupported-name`.
"""
from __future__ import annotations

import re
from collections.abc import Sized

from translate_news.document import Document, Flag, Kind, SummarySentence
from translate_news.segment import sentence_spans
from translate_news.trust.checks import COMMON_WORDS, english_names
from translate_news.trust.numbers import found_in, number_text, numbers_in_english, values_of

MIN_SUPPORT = 0.3  # a third of its content words: a paraphrase keeps at least that many
MAX_SUPPORT = 3
_WORD = re.compile(r"[a-z0-9]+")


def _content(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in COMMON_WORDS and len(w) > 1}


def support_summary(doc: Document, summary_en: str) -> list[SummarySentence]:
    """Each sentence of `summary_en` with its support and flags."""
    article = [(p.index, i, s.translation or "") for p in doc.paragraphs if p.kind == Kind.CONTENT
               for i, s in enumerate(p.sentences) if s.translation]
    words = [(p, i, _content(text)) for p, i, text in article]
    whole = " ".join(text for _, _, text in article) + " " + " ".join(
        p.source for p in doc.paragraphs if p.kind == Kind.PASSTHROUGH)
    pool = values_of(numbers_in_english(whole))
    known_names = english_names(whole) | {w.lower() for w in _WORD.findall(whole.lower())}
    out = []
    for a, b in sentence_spans(summary_en):
        text = summary_en[a:b]
        mine = _content(text)
        scored = sorted(((len(mine & theirs) / len(mine), p, i) for p, i, theirs in words if mine), reverse=True)
        support = [(p, i) for share, p, i in scored[:MAX_SUPPORT] if share >= MIN_SUPPORT]
        flags = []
        if not support:
            flags.append(Flag("no-support", "no sentence of the article says this"))
        missing = [n for n in numbers_in_english(text) if not n.soft and not found_in(n, pool)]
        if missing:
            listed = ", ".join(dict.fromkeys(number_text(n) for n in missing))
            flags.append(Flag("unsupported-number", f"{listed} {_verb(missing)} nowhere in the translation"))
        opening = _WORD.match(text.lower().lstrip(" \"'“‘("))  # "Officials said": a capital, not a name
        names = sorted(n for n in english_names(text) if n not in known_names and n.lower() not in known_names
                       and not (opening and n.lower() == opening.group()))
        if names:
            flags.append(Flag("unsupported-name", f"{', '.join(names)} {_verb(names)} nowhere in the translation"))
        out.append(SummarySentence(text, support, flags))
    return out


def _verb(items: Sized) -> str:
    return "appears" if len(items) == 1 else "appear"
