"""Model-free checks on one translated sentence: (Arabic source, English translation) -> flags.

check_pair() returns Flag(code, reason) items: the code is one of CODES, the reason names the
evidence. It is regexes and set look-ups only (about 0.4 ms of CPU time a sentence;
scripts/evaluate_trust.py prints it). The bounds were measured with scripts/false_alarms.py
and scripts/evaluate_trust.py on human translations (tests/data/tico19-sample.tsv,
tests/data/trust/).

Numbers are read and compared by trust/numbers.py, which lists the equivalences.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from translate_news.document import Flag
from translate_news.trust.numbers import (
    DIACRITICS,
    Number,
    english_numbers,
    found_in,
    number_text,
    numbers_in_arabic,
    numbers_in_english,
    table,
    values_of,
)
from translate_news.trust.omissions import omission_flags
from translate_news.trust.people import name_flags
from translate_news.trust.places import place_flags
from translate_news.trust.spelling import arabic_skeletons, english_skeletons

__all__ = ["CODES", "Flag", "Number", "check_pair", "english_names", "english_numbers"]

CODES = ("number-missing", "number-added", "repetition", "untranslated", "length-ratio",
         "truncated", "empty", "echo", "markup", "omission", "place-mismatch", "name-missing", "name-added")

# Letters and digits in the English over those in the Arabic (diacritics not counted). On the
# 3,071 TICO-19 pairs this runs 0.49-2.40, median 1.14, 99% within 0.66-1.71. Flagged below
# MIN_RATIO * source - SLACK (7 human pairs there, 0.2%: acronym-dense lines such as "HCoV-NL63"
# that Arabic spells out; a translation cut to half its words is caught about half the time) or
# above MAX_RATIO * source + SLACK (none). Calibrated for news-register MSA only: terse classical
# Arabic glossed in translation (Quran verses, median 2.15) runs far above it.
MIN_RATIO, MAX_RATIO, SLACK = 0.6, 2.5, 5
# An n-gram (n = 1..8) repeated back to back within a clause, 3 times for n <= 2, twice above;
# or fewer than DISTINCT_MIN distinct words in an output of DISTINCT_WORDS words or more.
DISTINCT_MIN, DISTINCT_WORDS = 0.3, 40


_AR_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff"
                        "\ufb50-\ufdfb\ufe70-\ufefc]+")
_HONORIFICS = re.compile("[\ufdfa\ufdfb\ufdfd]")  # ﷺ ﷻ ﷽: written into English translations too
_MARKUP = re.compile(r"&(?:apos|quot|amp|lt|gt|nbsp|#\d+|#x[0-9a-fA-F]+);|\u2581|<unk>|<pad>|</?s>")
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+(?:['-][a-z]+)*")  # so-and-so is one word
_CLAUSE = re.compile(r"[!?;:]|\.(?!\d)")
_ALNUM = re.compile(r"[^\W_]")
_NAME = re.compile(r"(?:\b(?:al|el)-)?\b[A-Z][A-Za-z]*(?:['’-][A-Za-z]+)*")
COMMON_WORDS = set(table("""a an the and but or so if as at by for from in into of on to with without after before
during since while when where what which who whom whose why how this that these those there here it its he she
they we you i his her their our my your them us me him is are was were be been has have had do does did not no
yes all any both each every few many more most much other some such only also even still now then thus however
meanwhile moreover furthermore therefore according although though because despite following amid among between
against about over under until unless upon once last next earlier later today yesterday tomorrow tonight one two
three four five six seven eight nine ten first second third new several another mr mrs ms dr could would should
can will may might must shall"""))


def english_names(text: str) -> set[str]:
    """Capitalised words that look like names ("al-Sisi" -> "Sisi", "Egypt's" -> "Egypt").

    A capitalised word opening a sentence is skipped when it is a common word or appears in
    lowercase elsewhere in the text. Single words, not phrases: a summary may shorten
    "Abdel Fattah al-Sisi" to "Sisi"."""
    text = text or ""
    lower, names = set(re.findall(r"\b[a-z]+\b", text)), set()
    for m in _NAME.finditer(text):
        word = re.sub(r"(?i)^(?:al|el)-|['’]s$", "", m.group())
        before = text[:m.start()].rstrip(" \"'“‘(")
        opening = not before or before[-1] in ".!?:;\n"
        if word[:1].isupper() and word != "I" and not (opening and word.lower() in COMMON_WORDS | lower):
            names.add(word)
    return names


def _transliterated(src_words: list[str], out: str) -> str | None:
    """Words of `out` that read as source words in Latin letters, when most of them do and most
    of those are lowercase (names are capitalised, and a list of names is not an echo)."""
    words = re.findall(r"\b[A-Za-z][A-Za-z'’`-]*", out)
    if len(src_words) < 3 or len(words) < 3 or sum(w.lower() in COMMON_WORDS for w in words) > 0.2 * len(words):
        return None
    known = set().union(*(arabic_skeletons(w) for w in src_words))
    words = [w for w in words if english_skeletons(w)]  # "Waitha" (وإذا) has a one-letter skeleton
    hits = [w for w in words if english_skeletons(w) & known]
    lower = sum(w[0].islower() for w in hits)
    return " ".join(hits[:4]) if len(hits) >= 3 and len(hits) >= 0.6 * len(words) and 2 * lower >= len(hits) else None


def _repeat(words: list[str], loose: bool = False) -> str | None:
    """The first n-gram (n = 1..8) that repeats back to back: 3 times for n <= 2, else twice."""
    for n in range(1, 9):
        need = 2 if loose or n > 2 else 3
        for i in range(len(words) - n * need + 1):
            gram = words[i:i + n]
            if words[i] == words[i + n] and all(words[i + k * n:i + (k + 1) * n] == gram for k in range(1, need)):
                return " ".join(gram)
    return None



def _number_flags(source: str, translation: str) -> list[Flag]:
    flags, src, out = [], numbers_in_arabic(source), numbers_in_english(translation)
    for code, mine, theirs, whose, where, ignored in (
            ("number-missing", src, out, "the source's", "the translation", {Decimal(1)}),
            ("number-added", out, src, "the translation's", "the source", {Decimal(1), Decimal(2)})):
        pool = values_of(theirs)
        lost = [n for n in mine if not n.soft and not n.values <= ignored and not found_in(n, pool)]
        if lost:
            listed = ", ".join(dict.fromkeys(number_text(n) for n in lost))
            flags.append(Flag(code, f"{whose} {listed} {'is' if len(lost) == 1 else 'are'} not in {where}"))
    return flags


def check_pair(source: str, translation: str | None, *, hit_cap: bool = False) -> list[Flag]:
    """Flags for one sentence, in the order of CODES; [] when nothing looks wrong."""
    source, out = source or "", translation or ""
    flags = [Flag("truncated", "decoding stopped at the length cap; the end may be missing")] if hit_cap else []
    artefacts = list(dict.fromkeys(_MARKUP.findall(out)))
    if artefacts:
        flags.append(Flag("markup", "tokenizer or escaped-markup artefacts in the output: " + " ".join(artefacts[:4])))
    arabic_source = bool(_AR_LETTER.search(source))
    if not _ALNUM.search(out):
        if arabic_source:
            flags.append(Flag("empty", "nothing came back for an Arabic sentence"))
        return _ordered(flags)
    left = _AR_LETTER.findall(_HONORIFICS.sub("", out))
    src_words = _AR_LETTER.findall(DIACRITICS.sub("", unicodedata.normalize("NFKC", source)))
    if arabic_source and sum(map(len, left)) >= 0.5 * sum(c.isalpha() for c in out):
        return _ordered([*flags, Flag("echo", "the translation is mostly the Arabic source again")])
    if arabic_source and (spelled := _transliterated(src_words, out)):
        return _ordered([*flags, Flag("echo", f"the translation spells out the Arabic words: {spelled}")])
    if left:
        flags.append(Flag("untranslated", "Arabic left in the translation: " + " ".join(left[:4])))
    flags += _number_flags(source, out) + [f for f in omission_flags(source, out)
                                           if not (hit_cap and f.code == "truncated")]  # one truncated flag
    if arabic_source:  # an English line passed through names what it names
        flags += place_flags(source, out) + name_flags(source, out, english_names(out))
    words = _WORD.findall(out.lower())
    loop = next(filter(None, (_repeat(_WORD.findall(c)) for c in _CLAUSE.split(out.lower()))), None)
    few = len(words) >= DISTINCT_WORDS and len(set(words)) < DISTINCT_MIN * len(words)
    if (loop or few) and not (_repeat(src_words, loose=True) or len(set(src_words)) < DISTINCT_MIN * len(src_words)):
        # a source that repeats itself (a chant, a list read twice) may be translated as it is
        detail = f'"{loop}" repeats back to back' if loop else f"only {len(set(words))} distinct words in {len(words)}"
        flags.append(Flag("repetition", detail))
    # a translator's [bracketed gloss] is no part of the source's length (Quran translations: 6.1% -> 2.6%)
    a, e = len(_ALNUM.findall(source)), len(_ALNUM.findall(re.sub(r"\[[^\]]*\]", "", out)))
    copied = set(re.findall(r"[A-Za-z0-9]+", out)) <= set(re.findall(r"[A-Za-z0-9]+", source))  # GIS for "... GIS"
    if (e < MIN_RATIO * a - SLACK and not copied) or e > MAX_RATIO * a + SLACK:
        flags.append(Flag("length-ratio", f"{e} letters and digits for the source's {a} (ratio {e / max(a, 1):.2f};"
                                          f" human translations run {MIN_RATIO}-{MAX_RATIO})"))
    return _ordered(flags)


def _ordered(flags: list[Flag]) -> list[Flag]:
    return sorted(flags, key=lambda f: CODES.index(f.code))
