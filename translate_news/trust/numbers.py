"""Numbers in Arabic and English text, read by value as a reader would.

Numbers are compared by value, each side as a set, as a reader would:
- Digits: ٠-٩ and ۰-۹ are 0-9; ٫ is a decimal point; ٬ , and ، between digits separate
  thousands before exactly three digits (1,500 = ١٬٥٠٠ = 1500) and are decimal commas before
  one or two (2,5 = ٢٫٥ = 2.5). 1.500 may be 1.5 or 1500; 1.500.000 = 1500000; 1,234.5 =
  1.234,5 = 1234.5; anything else (3.3.2020, 1,2,3) is several numbers. 19th = 19.
- Percent: % ٪ percent, per cent, بالمئة بالمائة في المئة في المائة are dropped: 35% = 35.
- Scale words multiply the number before them: hundred مئة مائة, thousand ألف آلاف ألفا,
  million mn مليون ملايين مليونا, billion bn مليار مليارات بليون, trillion تريليون; $3m and 5k
  may be 3 or 3000000, 5 or 5000. "3 ملايين" = "3 million" = "3,000,000". Alone, an Arabic
  singular or dual is a number (ألف = 1000, ألفان ألفين ألفي = 2000, مليونين = 2000000,
  مئتان = 200) and so is "a/an million"; plurals (آلاف, hundreds) and "several hundred" are not.
- Words: one..nineteen, twenty..ninety (twenty-five), واحد..عشرة with feminine forms (ثلاث ثلاثة),
  عشرون..تسعون and -ين forms, teens (ثلاثة عشر = 13, اثنا عشر = 12), unit و tens (خمسة
  وعشرون = 25), ثلاثمئة..تسعمائة. و/and joins a larger round number to a smaller one when a word
  or scale is in it (ألف و500 = 1500, مليار و200 مليون = 1200000000, two hundred and fifty =
  250); the parts also count, so "1,000 and 500" still matches.
- Soft numbers satisfy a number on the other side but are never flagged themselves, because
  they often are not counts or the other language has no number word for them: ordinals
  (second..ninetieth, الثاني..العاشر, الثاني عشر), Arabic number words with the article
  (القرن العشرين = 20th century, الأشهر الثلاثة الأولى = first trimester), digits glued to
  letters (R0, CD4, COVID-19, كوفيد-19), decades (1990s), month names as their number (January..
  December, يناير..ديسمبر, شباط..أيلول: dates swap digits and names), Roman II..XII, two/both/
  twice/pair/couple/double/triple/dozen, اثنان..اثنتي (also Monday), ألفا alone (also "alpha").
- One is never compared ("a", "one", "first", واحد, أحد, الأول are too ambiguous), and two
  in the translation is never "added": Arabic says two by inflecting the noun (يومين, مترين).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal


@dataclass(frozen=True)
class Number:
    text: str                       # as written (Arabic without diacritics, digits in ASCII)
    values: frozenset[Decimal]      # several readings when the writing is ambiguous
    soft: bool = False              # satisfies the other side, never flagged itself
    parts: tuple[Number, ...] = ()  # for "ألف و500": the Numbers it was joined from



_DIGITS = {**{0x660 + i: str(i) for i in range(10)}, **{0x6F0 + i: str(i) for i in range(10)}}
DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat, dagger alef, tatweel
AR_FOLD = str.maketrans("أإآىة", "ااايه")
_AR_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff"
                        "\ufb50-\ufdfb\ufe70-\ufefc]+")
_AR_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[\u0621-\u064a]+")
_EN_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+")
_AR_PERCENT = re.compile("(?:بال|في ال)(?:مئ|مائ)[ةه]")
_TIGHT = re.compile(r"\+?[ -]?")           # what may stand between 300 and billion: "300+ billion"
_GLUED = re.compile(r"([^\W\d_]+)-?$")     # letters just before digits: R0, COVID-19
_DAY_BEFORE = re.compile(r"\d(?:st|nd|rd|th)?(?: of)?[ ,]{1,2}$")  # 5 may, 5th of march
_DAY_AFTER = re.compile(r"[ ,]{1,2}\d")                            # may 5, march 2020
_REFERENCE = re.compile(r"\(\s*\d{1,3}\s*[.:]\s*\d{1,3}(?:\s*[-–]\s*\d{1,3})?\s*\)")  # a verse: (3.77), (2:255)
_CLITICS = {"و", "ب", "ل", "ف", "ك", "وب", "ول"}  # و500 is "and 500", not an identifier

Entry = tuple[Decimal, str]  # value, tags


def table(groups: str, tags: str = "", start: int = 1, step: int = 1) -> dict[str, Entry]:
    """"a b|c" -> {a: start, b: start, c: start + step}, each with `tags`."""
    return {w: (Decimal(start + i * step), tags) for i, group in enumerate(groups.split("|")) for w in group.split()}


# Tags: u unit 1-9, t tens, k ten (makes teens), o ordinal, s soft, x scale (multiplies the
# number before it), p plural scale (nothing alone), d dual scale (twice alone), a ambiguous
# scale (one or two alone). Arabic keys are folded: أ إ آ -> ا, ى -> ي, ة -> ه.
_AR_WORDS = {
    **table("واحد واحده احد احدي|اثنان اثنين اثنتان اثنتين اثنا اثني اثنتا اثنتي|ثلاثه ثلاث|اربعه اربع|خمسه خمس|"
             "سته ست|سبعه سبع|ثمانيه ثماني ثمان|تسعه تسع", "u"),
    **table("اثنان اثنين اثنتان اثنتين اثنا اثني اثنتا اثنتي", "us", 2),
    **table("ثلاثا|اربعا|خمسا|ستا|سبعا|ثمانيا|تسعا", "u", 3),  # accusative, adverbial: صلى ثلاثا
    **table("عشرون عشرين|ثلاثون ثلاثين|اربعون اربعين|خمسون خمسين|ستون ستين|سبعون سبعين|ثمانون ثمانين|"
             "تسعون تسعين", "t", 20, 10),
    **table("ثلاثمئه ثلاثمائه|اربعمئه اربعمائه|خمسمئه خمسمائه|ستمئه ستمائه|سبعمئه سبعمائه|ثمانمئه ثمانمائه|"
             "تسعمئه تسعمائه", "", 300, 100),
    **table("حادي|ثاني ثانيه|ثالث ثالثه|رابع رابعه|خامس خامسه|سادس سادسه|سابع سابعه|ثامن ثامنه|تاسع تاسعه", "uo"),
    **table("يناير|فبراير شباط|مارس اذار|ابريل نيسان|مايو ايار|يونيو يونيه حزيران|يوليو يوليه تموز|اغسطس|"
             "سبتمبر ايلول|اكتوبر|نوفمبر|ديسمبر", "s"),
    **table("عشره عشر عشرا", "k", 10), **table("عاشر عاشره", "o", 10),
    **table("مئتان مئتين مئتي مائتان مائتين مائتي", "", 200), **table("مئه مائه", "x", 100),
    **table("الف", "x", 1000), **table("الاف", "xp", 1000), **table("الفان الفين الفي", "xd", 1000),
    **table("الفا", "xas", 1000), **table("مليون", "x", 10**6), **table("ملايين", "xp", 10**6),
    **table("مليونان مليونين مليوني", "xd", 10**6), **table("مليونا", "xa", 10**6),
    **table("مليار بليون", "x", 10**9), **table("مليارات بلايين", "xp", 10**9),
    **table("ملياران مليارين ملياري", "xd", 10**9), **table("مليارا", "xa", 10**9),
    **table("تريليون", "x", 10**12), **table("تريليونات", "xp", 10**12),
}
_EN_WORDS = {
    **table("one|two|three|four|five|six|seven|eight|nine", "u"), **table("two", "us", 2),
    **table("ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen", "", 10),
    **table("twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety", "t", 20, 10),
    **table("first|second|third|fourth|fifth|sixth|seventh|eighth|ninth", "uo"),
    **table("tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth",
             "o", 10),
    **table("twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth", "o", 20, 10),
    **table("january|february|march|april|may|june|july|august|september|october|november|december", "sm"),
    **table("ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii", "s", 2), **table("both twice pair couple double", "s", 2),
    **table("triple treble", "s", 3), **table("dozen", "s", 12), **table("hundred", "x", 100),
    **table("thousand", "x", 1000), **table("million mn", "x", 10**6), **table("billion bn", "x", 10**9),
    **table("trillion", "x", 10**12), **table("hundreds thousands millions billions trillions", "p"),
}
_EN_GLUED = {"m": Decimal(10**6), "k": Decimal(1000)}  # $3m, 5k: only right after digits


@dataclass
class _Item:  # a number while it is being read
    start: int
    end: int
    values: set[Decimal]
    joined: bool = False   # و or "and" came before it
    after: bool = False    # it directly follows the previous number
    soft: bool = False
    word: bool = False
    scaled: bool = False
    ordinal: bool = False
    ident: bool = False    # digits glued to letters: R0, COVID-19
    tags: str = ""
    parts: tuple[Number, ...] = field(default=())


def _readings(digits: str) -> list[set[Decimal]]:
    """One set of readings per number in a digit run ("1.500" -> [{1.5, 1500}])."""
    seps, groups = re.findall(r"[.,]", digits), re.split(r"[.,]", digits)
    if not seps:
        return [{Decimal(digits)}]
    if len(seps) == 1 and seps[0] == ".":
        return [{Decimal(digits), Decimal("".join(groups))} if len(groups[1]) == 3 else {Decimal(digits)}]
    if len(seps) == 1 and len(groups[1]) < 3:
        return [{Decimal(".".join(groups))}]  # 2,5
    if len(set(seps)) == 1 and all(len(g) == 3 for g in groups[1:]):
        return [{Decimal("".join(groups))}]  # 1,500 1.500.000
    if len(set(seps[:-1])) == 1 and seps[-1] != seps[0] and all(len(g) == 3 for g in groups[1:-1]):
        return [{Decimal("".join(groups[:-1]) + "." + groups[-1])}]  # 1,234.5 1.234,5
    return [{Decimal(g)} for g in groups]


Lookup = Callable[[str], tuple[Entry | None, bool, bool]]


def _ar_lookup(tok: str) -> tuple[Entry | None, bool, bool]:
    """(entry, joined by و, had the article) with clitics peeled: و, then ف ب ل ك, then ال."""
    joined, tok = False, tok.translate(AR_FOLD)
    for step in range(4):
        if tok in _AR_WORDS:
            return _AR_WORDS[tok], joined, step == 3
        if step == 0 and tok.startswith("و") and len(tok) > 3:
            tok, joined = tok[1:], True
        elif step == 1 and tok.startswith("لل"):
            tok = "ا" + tok[1:]  # للثلاثة = ل + الثلاثة
        elif step == 1 and tok[:1] in "فبلك" and len(tok) > 3:
            tok = tok[1:]
        elif step == 2 and tok.startswith("ال") and len(tok) > 3:
            tok = tok[2:]
    return None, joined, False


def _en_lookup(tok: str) -> tuple[Entry | None, bool, bool]:
    return _EN_WORDS.get(tok), False, False


def _numbers(text: str, tokens: Iterator[re.Match[str]], lookup: Lookup, arabic: bool) -> list[Number]:
    items: list[_Item] = []
    last_end, live, joined, before = 0, False, False, ""  # live: the last token made items[-1]
    for m in tokens:
        tok, gap, last_end = m.group(), text[last_end:m.start()], m.end()
        prev = items[-1] if live and _TIGHT.fullmatch(gap) else None
        if tok[0].isdigit():
            glued = _GLUED.search(text, max(0, m.start() - 12), m.start())
            ident = glued is not None and glued.group(1) not in _CLITICS
            items += [_Item(m.start(), m.end(), v, joined, live, soft=ident, ident=ident) for v in _readings(tok)]
            live, joined, before = True, False, tok
            continue
        entry, wa, article = lookup(tok)
        before, last_tok = tok, before
        if entry is None:
            if tok in ("و", "and") and live:
                joined = True
            elif prev and gap == "" and tok == "s" and not arabic:
                items[-1] = replace(prev, soft=True, end=m.end())  # 1990s
            elif prev and gap == "" and tok in _EN_GLUED and not arabic:
                items[-1] = replace(prev, values=prev.values | {v * _EN_GLUED[tok] for v in prev.values}, end=m.end())
            else:
                live = joined = False
            continue
        (value, tags), joined = entry, joined or wa
        if "m" in tags and not (_DAY_BEFORE.search(text, max(0, m.start() - 12), m.start())
                                or _DAY_AFTER.match(text, m.end())):
            live = joined = False  # "may", "march": a month only next to a day or a year
            continue
        if prev and "x" in tags and max(prev.values) < value and not prev.ident and not wa:
            items[-1] = replace(prev, values={v * value for v in prev.values}, scaled=True, soft=False, end=m.end())
        elif prev and "k" in tags and "u" in prev.tags and not wa:
            items[-1] = replace(prev, values={v + 10 for v in prev.values}, soft=prev.ordinal, tags="", end=m.end())
        elif prev and (("t" in tags and "u" in prev.tags and wa) if arabic else
                       ("u" in tags and "t" in prev.tags and not joined)):
            ordinal = prev.ordinal or "o" in tags
            items[-1] = replace(prev, values={v + value for v in prev.values}, tags="", end=m.end(), soft=ordinal,
                                ordinal=ordinal)
        elif "p" in tags or ("x" in tags and not arabic and last_tok not in ("a", "an")):
            live = joined = False  # thousands, several hundred: vague
            continue
        else:
            values = {2 * value} if "d" in tags else {value, 2 * value} if "a" in tags else {value}
            joined = joined or (not arabic and prev is not None and prev.scaled)  # two hundred fifty
            items.append(_Item(m.start(), m.end(), values, joined, live, soft=article or "s" in tags or "o" in tags,
                               word=True, scaled="x" in tags, ordinal="o" in tags, tags=tags))
        live, joined = True, False
    return _join(text, items, arabic)


def _join(text: str, items: list[_Item], arabic: bool) -> list[Number]:
    """ألف و500 -> 1500: a larger round number, و/and, a smaller one, a word or scale in it; in
    Arabic the smaller may come first (عشرين ومائة = 120, as older Arabic counts)."""
    out: list[_Item] = []
    for it in items:
        if out and it.joined and it.after and (it.word or it.scaled or out[-1].word or out[-1].scaled):
            prev = out[-1]
            sums = {p + c for p in prev.values for c in it.values
                    if _round_over(p, c) or (arabic and _round_over(c, p))}
            if sums:
                out[-1] = replace(prev, end=it.end, values=sums, soft=prev.soft and it.soft, word=True,
                                  parts=(_number(text, prev), _number(text, it)))
                continue
        out.append(it)
    return [_number(text, it) for it in out]


def _round_over(big: Decimal, small: Decimal) -> bool:
    return small == small.to_integral() and big > small and big % 10 ** len(str(int(small))) == 0


def _number(text: str, it: _Item) -> Number:
    return Number(text[it.start:it.end], frozenset(it.values), it.soft, it.parts)


def _fold(text: str) -> str:
    s = unicodedata.normalize("NFKC", text or "").translate(_DIGITS)
    return re.sub("(?<=\\d)([\u066b\u066c\u060c])(?=\\d)", lambda m: "." if m.group(1) == "\u066b" else ",", s)


def numbers_in_arabic(text: str) -> list[Number]:
    s = _AR_PERCENT.sub(" % ", DIACRITICS.sub("", _REFERENCE.sub(" ", _fold(text))))
    return _numbers(s, _AR_TOKEN.finditer(s), _ar_lookup, True)


def numbers_in_english(text: str) -> list[Number]:
    s = _REFERENCE.sub(" ", _fold(text)).lower()
    return _numbers(s, _EN_TOKEN.finditer(s), _en_lookup, False)


def found_in(n: Number, pool: set[Decimal]) -> bool:
    return bool(n.values & pool) or (bool(n.parts) and all(found_in(p, pool) for p in n.parts))


def values_of(numbers: list[Number] | tuple[Number, ...]) -> set[Decimal]:
    return {v for n in numbers for v in n.values | values_of(n.parts)}


def canon(value: Decimal) -> str:
    return format(value.normalize(), "f")


def english_numbers(text: str) -> set[str]:
    """Every value a reader could take from English text, soft ones included, canonical
    ("1,500" -> "1500", "2.5 billion" -> "2500000000"): what a summary's numbers may cite."""
    return {canon(v) for v in values_of(numbers_in_english(text))}



def number_text(n: Number) -> str:
    value = min(n.values)
    shown = f"{int(value):,}" if value == value.to_integral() else canon(value)
    return n.text if n.text.replace(",", "") in (shown.replace(",", ""), canon(value)) else f"{n.text} ({shown})"

