"""`--plain`: the English alone, one paragraph per line, for scripts (like `trans -b`).

No markers, no notes, no summary: what a reader should check goes to stderr as the run's
count line, and `--strict` still turns it into exit 5. Set-aside boilerplate is left out,
as in the other English views; an English passage passed through is kept.
"""
from __future__ import annotations

from translate_news.document import Paragraph
from translate_news.normalize import safe_text
from translate_news.render.stream import Streamer


class PlainStream(Streamer):
    def paragraph(self, p: Paragraph) -> str:
        english = p.english
        if not english or not english.strip():
            return ""
        return safe_text(" ".join(english.split())) + "\n"  # a paragraph's own line breaks would split it
