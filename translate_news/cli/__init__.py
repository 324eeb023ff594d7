"""The `translate-news` command line: options in, library calls, exit codes out.

Nothing here imports torch or transformers at module level, so `--help` and usage errors
answer at once; the model stack loads inside a command, after the options are checked.
The commands live in translate.py, batch.py, check.py and tools.py (models, doctor, bench).
"""
from __future__ import annotations

import importlib

from translate_news.cli.app import app

for _module in ("translate", "batch", "check", "tools"):  # importing registers the commands, in this order
    importlib.import_module(f"translate_news.cli.{_module}")


def main() -> None:
    app(prog_name="translate-news")


__all__ = ["app", "main"]
