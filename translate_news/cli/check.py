"""The check command: trust checks on translations made anywhere (no model, no torch)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from translate_news.cli.app import app, exit_code_help, guarded
from translate_news.cli.options import Quiet, choice
from translate_news.errors import ExitCode
from translate_news.jsontext import to_json
from translate_news.ui import UI

EXAMPLES = """\
\b
Examples:
  translate-news check pairs.jsonl                {"source": ..., "translation": ...} per line
  translate-news check article.json               a translate-news JSON document, re-checked
  translate-news check article.ar.txt --against article.en.txt    line-aligned files
  translate-news check pairs.jsonl -f jsonl > checked.jsonl
"""


@app.command(epilog=EXAMPLES + "\n" + exit_code_help(
    [ExitCode.OK, ExitCode.USAGE, ExitCode.FLAGGED, ExitCode.BAD_INPUT, ExitCode.NO_INPUT]))
def check(
    ctx: typer.Context,
    pairs: Annotated[Path, typer.Argument(metavar="PAIRS", help="JSON Lines of pairs, a translate-news JSON "
                                                                "document, or the Arabic of --against.",
                                          show_default=False)],
    against: Annotated[Path | None, typer.Option(help="The English, line by line, for a PAIRS text file.",
                                                 show_default=False)] = None,
    output_format: Annotated[str | None, typer.Option(
        "--format", "-f", callback=choice("rich", "json", "jsonl"),
        help="rich, json or jsonl (the input objects with flags added). Default: rich.",
        show_default=False)] = None,
    quiet: Quiet = False,
) -> None:
    """Run the trust checks on Arabic-English pairs: exit 5 when something is flagged."""
    ui = UI(quiet=quiet)
    guarded(ctx, ui, False, lambda: _check(ui, pairs, against, output_format or "rich"))


def _check(ui: UI, path: Path, against: Path | None, fmt: str) -> int:
    from translate_news.document import flag_counts
    from translate_news.trust.pairs import check_items, read_items

    items = check_items(read_items(path, against))
    flagged = [i for i in items if i.flags]
    if fmt == "json":
        sys.stdout.write(to_json([i.data for i in items], indent=2) + "\n")
    elif fmt == "jsonl":
        sys.stdout.write("".join(to_json(i.data) + "\n" for i in items))
    else:
        from rich.console import Console
        from rich.text import Text

        out = Console(highlight=False)
        for item in flagged:
            line = Text(f"{item.where}: ", style="bold")
            line.append("; ".join(f"{f.code}: {f.reason}" for f in item.flags), style="red")
            out.print(line, soft_wrap=True)
            out.print(Text(f"  ar: {item.data['source']}\n  en: {item.data.get('translation') or ''}"),
                      soft_wrap=True)
    per_code = ", ".join(f"{c} {n}" for c, n in flag_counts(f for i in flagged for f in i.flags).items())
    ui.note(f"{len(flagged)} of {len(items)} pair(s) flagged" + (f" ({per_code})" if per_code else ""))
    return ExitCode.FLAGGED if flagged else ExitCode.OK
