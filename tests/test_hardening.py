"""Hardening, round 2: each case a probe found, held by a test that fails without its fix."""
import json

import pytest
from kit import doc_of

from translate_news.jsontext import to_json
from translate_news.render import render_document

AR = "قال مسؤولون إن الهجوم وقع اليوم. وأضاف أن التحقيق جار."
C1 = "\x9b2J\x9d52;c;ZXZpbA==\x9c\x7f\u2028"
UNSAFE = set("\x9b\x9d\x9c\x7f\u2028")


def test_json_writer_escapes_what_a_terminal_would_act_on():
    text = to_json({"s": f"a{C1}b", "ar": "عربي"}, indent=2)
    assert not UNSAFE & set(text)
    assert all(e in text for e in ("\\u009b", "\\u007f", "عربي"))
    assert json.loads(text)["s"] == f"a{C1}b"  # the exact text comes back


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_documents_in_json_escape_c1_and_del(fmt):
    doc = doc_of(f"{AR}{C1}{AR}")
    text = render_document(doc, fmt)
    assert not UNSAFE & set(text)
    first = json.loads(text if fmt == "json" else text.split("\n")[0])
    assert C1 in (first["paragraphs"][0]["source"] if fmt == "json" else first["source"])
