"""The `translate-news` command line: options in, library calls, exit codes out.

Nothing here imports torch or transformers at module level, so `--help` and usage errors
answer at once; the model stack loads inside a command, after the options are checked.
The commands live in translate.py (translate, batch) and tools.py (models, doctor, bench).
"""
from __future__ import annotations

from translate_news.cli import tools, translate  # noqa: F401 - registers the commands on `app`, in this order
from translate_news.cli.app import app


def main() -> None:
    app(prog_name="translate-news")


__all__ = ["app", "main"]
