"""`place-mismatch`: a country or city named in the Arabic that the English does not name.

The gazetteer (translate_news/data/places.tsv, built by scripts/build_places.py from CLDR and
GeoNames) holds about 1,200 countries and cities by their Arabic and English names. A place
is found in the Arabic by its name (clitics و ف ب ل ك peeled, up to four words: الولايات المتحدة)
or, for a country, by its adjective (عراقي عراقية العراقيون -> العراق). The English names it
when any of its English names appears, or an adjective of one (Iraqi, Syrian, Lebanese:
a word sharing all but the last two letters, and four at least; French, British and a few
more are listed). Arabic names that are also common words are left out of the gazetteer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from translate_news.document import Flag
from translate_news.trust.numbers import AR_FOLD, DIACRITICS

_DATA = Path(__file__).resolve().parent.parent / "data" / "places.tsv"
_AR_WORD = re.compile("[\u0621-\u064a]+")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z.’'-]*[A-Za-z.]|[A-Za-z]")
_ADJECTIVE_ENDINGS = ("ي", "يه", "يون", "يين", "يان", "يتان", "يتين", "يات")
IRREGULAR = {"France": "French", "United Kingdom": "British English", "Britain": "British",
             "Netherlands": "Dutch", "Switzerland": "Swiss", "Spain": "Spanish", "Greece": "Greek",
             "Philippines": "Filipino", "Afghanistan": "Afghan", "Denmark": "Danish", "Sweden": "Swedish",
             "Finland": "Finnish", "Poland": "Polish", "Ireland": "Irish", "Turkey": "Turkish Turk Turks",
             "United States": "American Americans", "United Arab Emirates": "Emirati",
             "Iraq": "Iraqi", "Cyprus": "Cypriot", "Thailand": "Thai", "Bangladesh": "Bangladeshi"}


@dataclass(frozen=True)
class Place:
    english: tuple[str, ...]
    arabic: str  # as the gazetteer writes it


@dataclass(frozen=True)
class _Gazetteer:
    names: dict[tuple[str, ...], tuple[tuple[str, ...], str]]  # folded Arabic words -> (English names, Arabic)
    longer: dict[str, list[tuple[str, ...]]]  # first word -> the names of several words it opens, longest first
    english: frozenset[str]  # each place's first English name: to say what the English names instead


def fold(word: str) -> str:
    return DIACRITICS.sub("", word).translate(AR_FOLD)


@cache
def _gazetteer() -> _Gazetteer:
    names: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}
    primary = set()
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        kind, english, arabic = line.split("\t")
        en = tuple(english.split("|"))
        primary.add(en[0])
        for ar in arabic.split("|"):
            key = tuple(fold(w) for w in ar.split())
            old = names.get(key, ((), ar))
            names[key] = (tuple(dict.fromkeys(old[0] + en)), old[1])
            if kind == "country" and len(key) == 1:
                stem = re.sub("^ال|(?:يه|يا|ا|ه)$", "", key[0])
                for ending in _ADJECTIVE_ENDINGS if len(stem) >= 3 else ():
                    names.setdefault((stem + ending,), (en, ar))
    longer: dict[str, list[tuple[str, ...]]] = {}
    for key in sorted((k for k in names if len(k) > 1), key=len, reverse=True):
        longer.setdefault(key[0], []).append(key)
    return _Gazetteer(names, longer, frozenset(primary))


@lru_cache(maxsize=8192)
def _forms(word: str) -> tuple[str, ...]:
    """The word and the word without its clitics: والعراق -> العراق, للعراق -> العراق, بالسوري -> السوري."""
    forms = [word]
    if word.startswith("لل") and len(word) > 4:
        forms.append("ال" + word[2:])
    for n in (2, 1):
        if len(word) > n + 2 and all(c in "وفبلك" for c in word[:n]):
            forms.append(word[n:])
    return (*forms, *(f[2:] for f in forms if f.startswith("ال") and len(f) > 4))


def places_in_arabic(text: str) -> list[Place]:
    g = _gazetteer()
    words = _AR_WORD.findall(fold(text))  # folded once, not word by word
    found: dict[str, Place] = {}
    i = 0
    while i < len(words):
        forms = _forms(words[i])
        key = next((k for f in forms for k in g.longer.get(f, ()) if tuple(words[i + 1:i + len(k)]) == k[1:]), None)
        key = key or next(((f,) for f in forms if (f,) in g.names), None)
        if key:
            english, arabic = g.names[key]
            found.setdefault(arabic, Place(english, arabic))
        i += len(key) if key else 1
    return list(found.values())


def named_in(place: Place, english: str) -> bool:
    words = _EN_WORD.findall(english)
    lower = {w.lower().rstrip(".") for w in words} | {w.lower() for w in words}
    for name in place.english:
        if any(w in IRREGULAR.get(name, "").split() for w in words):  # French, British, Saudi...
            return True
        if " " in name:
            if re.search(r"\b" + re.escape(name) + r"\b", english, re.I):
                return True
            continue
        if name.lower() in lower if len(name) > 3 else re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![a-z])", english):
            return True
        key = name.lower()
        if len(key) >= 4 and any(len(w) >= 4 and _shares(w.lower(), key) for w in words):
            return True
    return False


def _shares(word: str, name: str) -> bool:
    """Iraqi ~ Iraq, Lebanese ~ Lebanon, German ~ Germany: all but the last two letters, four at least;
    or a prefix of four or more (Kazakh ~ Kazakhstan, Afghan ~ Afghanistan)."""
    if name.startswith(word):
        return True
    k = 0
    while k < min(len(word), len(name)) and word[k] == name[k]:
        k += 1
    return k >= max(4, len(name) - 2)


def place_flags(source: str, out: str) -> list[Flag]:
    missing = [p for p in places_in_arabic(source) if not named_in(p, out)]
    if not missing:
        return []
    listed = ", ".join(f"{p.arabic} ({p.english[0]})" for p in missing[:3])
    words = re.findall(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", out)
    named = _gazetteer().english
    instead = list(dict.fromkeys(n for w in words for n in (w, w.split()[0]) if n in named))
    tail = f"; it names {', '.join(instead[:3])}" if instead else ""
    return [Flag("place-mismatch", f"the source names {listed}, the translation does not{tail}")]
