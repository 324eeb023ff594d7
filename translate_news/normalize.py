"""Text cleaning. The model's copy gets what OPUS-MT training applied; the display copy
only loses what breaks terminals. The stored source is never changed.

OPUS-MT's training data went through Moses-style preprocessing (control characters to
spaces, quote and ellipsis mapping); transformers' MarianTokenizer runs only the
SentencePiece model at inference, so those steps are applied here. Controls become spaces,
never nothing: deleting U+200F would glue two words into one.
"""
from __future__ import annotations

import re
import unicodedata

# Deleted outright: soft hyphen, ZWNJ, ZWJ, word joiner, BOM, tatweel (decorative).
_DELETE = dict.fromkeys(map(ord, "\u00ad\u200c\u200d\u2060\ufeff\u0640"), None)
_DIGITS = {**{0x660 + i: str(i) for i in range(10)}, **{0x6F0 + i: str(i) for i in range(10)}}
_PUNCT = {0x66A: "%", 0x201C: '"', 0x201D: '"', 0x201E: '"', 0xAB: '"', 0xBB: '"',
          0x2026: "...", 0x2018: "'", 0x2019: "'"}
_HARAKAT = re.compile("[\u064b-\u0652\u0670]")
# Presentation forms (from PDF copy or old sites) fold back to base letters under NFKC.
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]+")
_SPACES = re.compile(r"\s+")
# Bidi embeddings/isolates/marks and ZWJ: invisible, but they scramble rows in bidi
# terminals, and Rich counts ZWJ as joining the next character.
_DISPLAY_STRIP = dict.fromkeys(map(ord, "\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
                                        "\u2066\u2067\u2068\u2069\ufeff"), None)


def normalize_for_mt(text: str) -> str:
    """The model's copy of `text`: one line, training-style punctuation, ASCII digits."""
    s = unicodedata.normalize("NFC", text).translate(_DELETE)
    s = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), s)
    s = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in s)
    s = s.translate(_DIGITS)
    s = re.sub(r"(?<=\d)\u066b(?=\d)", ".", s)
    s = re.sub(r"(?<=\d)\u066c(?=\d)", ",", s)
    s = s.translate(_PUNCT)
    s = _HARAKAT.sub("", s)
    return _SPACES.sub(" ", s).strip()


def clean_for_display(text: str) -> str:
    """What the terminal table shows: NFC, without bidi controls and ZWJ, controls made visible."""
    return safe_text(unicodedata.normalize("NFC", text).translate(_DISPLAY_STRIP))


# What an article may not send to a terminal or a text file: C0 controls but tab and newline,
# DEL, C1 controls (ESC starts screen clears, OSC 52 clipboard writes, OSC 8 links), and the
# bidi overrides, embeddings and isolates, which reorder the text around them. Shown instead
# as `cat -v` and `less` show them (^[ for ESC), or as <U+202E>.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(m: re.Match[str]) -> str:
    c = ord(m.group())
    if c < 0x20 or c == 0x7F:
        return "^" + chr(c ^ 0x40)
    return f"<U+{c:04X}>"


def safe_text(text: str) -> str:
    """`text` with every control an article could use on a terminal made visible (JSON keeps them)."""
    return _CONTROLS.sub(_visible, text)


def count_controls(text: str) -> int:
    return len(_CONTROLS.findall(text))


def ascii_digits(text: str) -> str:
    return text.translate(_DIGITS)
