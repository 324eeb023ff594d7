"""JSON text that a terminal cannot act on: the one JSON writer for every output of the tool.

`json.dumps` escapes only C0 controls (U+0000-U+001F). DEL and the C1 controls (U+0080-U+009F)
stay raw, and terminals that honour UTF-8 C1 take U+009B as CSI and U+009D as OSC: an
article's text would drive the terminal of whoever runs `cat out.json`. They are written as
`\\u009b` instead, which every JSON reader turns back into the same character. U+2028 and
U+2029 are escaped too: line-splitting readers (and JavaScript before ES2019) break on them.
"""
from __future__ import annotations

import json
import re
from typing import Any

# Outside strings JSON text is ASCII structure, so every match lies inside a string literal.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")


def to_json(data: Any, *, indent: int | None = None, sort_keys: bool = False) -> str:
    """`data` as JSON text (UTF-8 letters kept) with DEL, C1, U+2028 and U+2029 escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=sort_keys)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
