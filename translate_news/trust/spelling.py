"""Arabic words in Latin letters: consonant skeletons that match a word with its transliteration.

الهجوم and al-hujum both read "hjm"; محمد, Mohammed and Muhammad all read "mhmd". Vowels,
w and y (long vowels in Arabic), hamza and ain are dropped, doubled letters count once, خ is
kh (Khaled is not "Killed"), and each side's clitics are peeled (و ف ب ل ال; wa- fa- bi- li- al-
el-). "th" may stand for ث or ذ and "dh" for ذ, so an English word has the skeletons of each reading.
"""
from __future__ import annotations

import re
from functools import lru_cache

_DIGRAPHS = {"sh": "s", "kh": "X", "gh": "j", "ph": "f", "dh": "d"}
_DIGRAPH = re.compile("|".join(_DIGRAPHS))
_EN_SKELETON = str.maketrans({"q": "k", "c": "k", "g": "j", "p": "b", "v": "f", "x": "ks", "e": None,
                              **dict.fromkeys("aiouwy'’`-")})
_AR_SKELETON = str.maketrans("بتثجحخدذرزسشصضطظغفقكلمنه", "bttjhXddrzsssdtzjfkklmnh", "اأإآويىءئؤعةٱ")
_DOUBLE = re.compile(r"(.)\1+")
_EN_CLITIC = re.compile(r"^(?:(?:wa|fa|bi|li|w|f|b|l)-?)?(?:al|el|ash|ath|a[tdrzsn])-|^(?:wa|fa|bi|li)-")
_EN_GLUED_ARTICLE = re.compile(r"^(?:wa|fa|bi|li)?(?:al|el)(?=[a-z]{3})")


@lru_cache(maxsize=16384)
def arabic_skeletons(word: str) -> frozenset[str]:
    """The skeleton of an Arabic word (diacritics already removed), with and without its clitics."""
    forms = {word}
    if word[:1] in "وفبل" and len(word) > 3:
        forms.add(word[1:])
    for w in list(forms):
        if w.startswith("ال") and len(w) > 4:
            forms.add(w[2:])
        if w.startswith("ل") and len(w) > 4:  # للبيت = ل + البيت
            forms.add(w[1:])
    return frozenset({arabic_skeleton(w) for w in forms} - {""})


def arabic_skeleton(word: str) -> str:
    """The skeleton of the word as it is, no clitic peeled (for names: بلينكن is not ب + لينكن)."""
    return _DOUBLE.sub(r"\1", word.translate(_AR_SKELETON))


@lru_cache(maxsize=16384)
def english_skeletons(word: str) -> frozenset[str]:
    """The skeletons an English spelling may stand for ("al-Thawra" -> {"twr", "dwr", ...})."""
    w = word.lower()
    forms = {w, _EN_CLITIC.sub("", w), _EN_GLUED_ARTICLE.sub("", w)}
    out = set()
    for form in forms:
        f = _DIGRAPH.sub(lambda m: _DIGRAPHS[m.group()], form)
        for th in ("t", "d"):
            s = f.replace("th", th).translate(_EN_SKELETON)
            out.add(_DOUBLE.sub(r"\1", s))
    return frozenset(out - {""})
