"""`name-missing` / `name-added`: a person's name that the English drops or puts in.

A name is known when it is in NAMES: common Arabic given names and the names of figures the
news is full of, each with the English forms that are not plain transliterations (موسى Moses).
Common words that are also names (سعيد happy, أمين secretary, الأسد the lion, علي on) are left
out on purpose: a reader is better served by no flag than by a false one.

- name-missing: a known name in the Arabic, and no English word that spells it (by consonant
  skeleton, trust/spelling.py, or one of its listed English forms).
- name-added: an English capitalised word that spells a known name (or is one of ENGLISH_ONLY),
  and no word of the Arabic spells it (Mohammed -> Ahmed is both: محمد is missing and Ahmed added).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from translate_news.document import Flag
from translate_news.trust.spelling import arabic_skeleton, arabic_skeletons, english_skeletons

# Arabic[=English forms that are not transliterations], space-separated
NAMES = """محمد أحمد محمود مصطفى حسين خالد إبراهيم=Abraham يوسف=Joseph عبدالله عبدالرحمن عثمان=Osman
سلمان فيصل فهد طارق زياد هشام بشار ياسر إسماعيل=Ishmael حمزة بلال أسامة=Usama حسني عائشة فاطمة خديجة
زينب مريم=Mary ليلى سلمى نادية رانيا داود=David سليمان=Solomon يعقوب=Jacob إسحاق=Isaac موسى=Moses عيسى=Jesus
زكريا=Zechariah آدم نوح=Noah هارون=Aaron إلياس=Elijah يونس=Jonah جبريل=Gabriel عباس جعفر حيدر قاسم كاظم نجيب
عدنان مروان عمرو معاوية سفيان أنس جابر عمار مصعب أيمن عماد رائد مازن باسل غسان نبيه وائل هيثم تامر شادي
رامي فادي رياض إياد نزار سهيل معتز حازم عصام السيسي=Sisi القذافي=Gaddafi هنية=Haniyeh السنوار
نصرالله=Nasrallah مرسي=Morsi"""
# Names from other languages: only their English spellings count (Bedouin is not بايدن by skeleton).
FOREIGN = """ترامب=Trump بايدن=Biden بوتين=Putin نتنياهو=Netanyahu أردوغان=Erdogan,Erdoğan ماكرون=Macron
زيلينسكي=Zelensky,Zelenskyy,Zelenskiy بلينكن=Blinken غوتيريش=Guterres أوباما=Obama خامنئي=Khamenei
لافروف=Lavrov شولتس=Scholz ميركل=Merkel جونسون=Johnson ستارمر=Starmer روحاني=Rouhani,Rohani ظريف=Zarif"""

# English forms of names whose Arabic is also a common word (علي "on", حسن "good", عمر "age"): a
# name the English adds is flagged when no source word spells it; the Arabic word is never sought.
ENGLISH_ONLY = """Ali=علي Omar=عمر Hassan=حسن Hasan=حسن Karim=كريم Samir=سمير Nabil=نبيل Saeed=سعيد Amin=أمين
Jamal=جمال Adel=عادل Walid=وليد Mahdi=مهدي Anwar=أنور Mansour=منصور Saddam=صدام Hafez=حافظ Assad=الأسد
Mubarak=مبارك Yahya=يحيى Salah=صلاح Saleh=صالح Rashid=رشيد Nour=نور Amal=أمل Karima=كريمة Jamila=جميلة"""

_VOWEL_START_AR, _VOWEL_START_EN = "اأإآع", "AEIOU"
_UTHMANI = re.compile("[\u064b-\u0652\u0670\u0640\u06d6-\u06ed]")
_AR_WORD = re.compile("[\u0621-\u064a]+")
_COMPOUND = re.compile("(?<=\\bعبد) (?=ال)|(?<=\\bعبيد) (?=ال)| (?=الله\\b)")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_DAGGER = re.compile("(?<![\u0649\u064a])\u0670")
_BRACKETS = re.compile(r"\[[^\]]*\]")  # a translator's gloss: "[O Muhammad]" is not in the source


@cache
def _known() -> tuple[dict[str, str], dict[str, set[str]], dict[str, str]]:
    """(folded Arabic name -> as written, skeleton -> the Arabic names it spells, English form -> Arabic name)."""
    arabic: dict[str, str] = {}
    by_skeleton: dict[str, set[str]] = {}
    forms: dict[str, str] = {}
    for entry in NAMES.split():
        ar, _, english = entry.partition("=")
        folded = _fold(ar)
        arabic[folded] = ar
        forms.update({e.lower(): ar for e in english.split(",") if e})
        for s in {arabic_skeleton(folded), arabic_skeleton(folded.removeprefix("ال"))}:  # no clitic peeled
            if len(s) >= 2:
                by_skeleton.setdefault(s, set()).add(ar)
    for entry in FOREIGN.split():
        ar, _, english = entry.partition("=")
        arabic[_fold(ar)] = ar
        forms.update({e.lower(): ar for e in english.split(",")})
    for entry in ENGLISH_ONLY.split():
        english, _, ar = entry.partition("=")
        forms[english.lower()] = ar
    return arabic, by_skeleton, forms


def _fold(text: str) -> str:
    text = _DAGGER.sub("ا", text)  # Uthmani spelling: إِسۡحَٰقَ = إسحاق
    text = _UTHMANI.sub("", text).replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ٱ", "ا")
    return _COMPOUND.sub("", text)  # عبد الله is one name: Abdullah


def _peeled(word: str) -> list[str]:
    return [word] + [word[n:] for n in (1, 2) if len(word) > n + 2 and all(c in "وفبل" for c in word[:n])]


def _spells(word: str, name: str, by_skeleton: dict[str, set[str]], forms: dict[str, str]) -> bool:
    """Whether English `word` spells Arabic `name`: a listed form, or the same skeleton and both
    starting with a vowel or both with a consonant (Islam is not سلمى, Small not إسماعيل)."""
    if forms.get(word.lower()) == name:
        return True
    vowel = name[:1] in _VOWEL_START_AR
    if (word[:1] in _VOWEL_START_EN) != vowel or (not vowel and word[:1].lower() in "wy" and name[:1] not in "وي"):
        return False  # Whether is not حيدر
    return any(name in by_skeleton.get(s, ()) for s in english_skeletons(word))


def name_flags(source: str, out: str, capitalised: set[str]) -> list[Flag]:
    """`capitalised`: the English words that look like names (checks.english_names)."""
    arabic, by_skeleton, forms = _known()
    src_words = _AR_WORD.findall(_fold(source))  # folded once, not word by word
    names = list(dict.fromkeys(arabic[f] for w in src_words for f in _peeled(w) if f in arabic))
    plain = _BRACKETS.sub(" ", out)
    # whole words: a name only in a [gloss] is not found inside another word ("Ali" in "Alibaba")
    words = [w for w in capitalised
             if not w.isupper() and re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", plain)]
    flags = []
    missing = [n for n in names if not any(_spells(w, n, by_skeleton, forms) for w in words)]
    if missing:
        flags.append(Flag("name-missing", f"the source names {', '.join(missing[:3])}; the translation does not"))
    added = [w for w in words if _names_someone(w, by_skeleton, forms)
             and not any(_spells(w, n, by_skeleton, forms) for n in names)]
    if added:  # a name the source spells, known or not, is not added
        source_skeletons = set().union(*(arabic_skeletons(w) for w in src_words))
        added = [w for w in added if not english_skeletons(w) & source_skeletons]
    if added:
        flags.append(Flag("name-added", f"the translation names {', '.join(sorted(added)[:3])}; the source does not"))
    return flags


def _names_someone(word: str, by_skeleton: dict[str, set[str]], forms: dict[str, str]) -> bool:
    if word.lower() in forms:
        return True
    hits = {n for s in english_skeletons(word) if len(s) >= 3 for n in by_skeleton.get(s, ())}
    return any(_spells(word, n, by_skeleton, forms) for n in hits)


def name_variants(pairs: Iterable[tuple[str, str | None]]) -> list[str]:
    """Known Arabic names the English of one article writes more than one way, as notes for its
    trust block ("محمد is written Mohammed, Muhammad"): a reader may take them for two people."""
    arabic, by_skeleton, forms = _known()
    seen: dict[str, dict[str, None]] = {}
    for source, out in pairs:
        names = {arabic[f] for w in _AR_WORD.findall(_fold(source)) for f in _peeled(w) if f in arabic}
        words = set(_CAPITALISED.findall(out or ""))
        for name in names:
            for w in sorted(words):
                if _spells(w, name, by_skeleton, forms):
                    seen.setdefault(name, {})[w] = None
    return [f"{name} is written {', '.join(ws)}" for name, ws in seen.items() if len(ws) > 1]
