"""The check command: trust checks on translations made anywhere (no model, no torch)."""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from translate_news.cli.app import app, exit_code_help, guarded, usage_error
from translate_news.cli.options import MaxBytes, Quiet, choice
from translate_news.errors import ExitCode
from translate_news.jsontext import to_json
from translate_news.reading import MAX_BYTES
from translate_news.ui import UI

if TYPE_CHECKING:
    from translate_news.trust.pairs import Item

EXAMPLES = """\
\b
Examples:
  translate-news check pairs.jsonl                {"source": ..., "translation": ...} per line
  translate-news check pairs.tsv                  source and translation columns (or Arabic, then English)
  translate-news check article.json               a translate-news JSON document, re-checked
  translate-news check article.ar.txt --against article.en.txt    line-aligned files
  some-tool | translate-news check -              the same, read from stdin
  translate-news check pairs.jsonl -f jsonl > checked.jsonl
"""


@app.command(epilog=EXAMPLES + "\n" + exit_code_help(
    [ExitCode.OK, ExitCode.USAGE, ExitCode.FLAGGED, ExitCode.BAD_INPUT, ExitCode.NO_INPUT]))
def check(
    ctx: typer.Context,
    pairs: Annotated[str, typer.Argument(metavar="PAIRS", help="JSON Lines of pairs, TSV, a translate-news JSON "
                                                               "document, or the Arabic of --against; '-' for stdin.",
                                         show_default=False)],
    against: Annotated[str | None, typer.Option(help="The English, line by line, for a PAIRS text file.",
                                                show_default=False)] = None,
    output_format: Annotated[str | None, typer.Option(
        "--format", "-f", callback=choice("rich", "json", "jsonl"),
        help="rich, json or jsonl (the input objects with flags added). Default: rich.",
        show_default=False)] = None,
    max_bytes: MaxBytes = MAX_BYTES,
    quiet: Quiet = False,
) -> None:
    """Run the trust checks on Arabic-English pairs: exit 5 when something is flagged."""
    ui = UI(quiet=quiet)
    if pairs == "-" and against == "-":
        usage_error(ctx, "only one of PAIRS and --against can be '-' (stdin)")
    if max_bytes < 1:
        usage_error(ctx, f"--max-bytes {max_bytes}: give a positive number of bytes")
    guarded(ctx, ui, False, lambda: _check(ui, pairs, against, output_format or "rich", max_bytes))


def _check(ui: UI, path: str, against: str | None, fmt: str, max_bytes: int) -> int:
    from translate_news.document import flag_counts
    from translate_news.output import write_stdout
    from translate_news.trust.pairs import check_items, read_items

    stdin = None if sys.stdin is None else sys.stdin.buffer  # closed (<&-): only '-' needs it
    items = check_items(read_items(path, against, stdin=stdin, max_bytes=max_bytes))
    flagged = [i for i in items if i.flags]
    if fmt == "json":
        write_stdout(to_json([i.data for i in items], indent=2) + "\n")
    elif fmt == "jsonl":
        write_stdout("".join(to_json(i.data) + "\n" for i in items))
    else:
        _show(flagged)
    per_code = ", ".join(f"{c} {n}" for c, n in flag_counts(f for i in flagged for f in i.flags).items())
    noun = "sentence(s)" if items and items[0].where.startswith("paragraph") else "pair(s)"  # an article's JSON
    ui.note(f"{len(flagged)} of {len(items)} {noun} flagged" + (f" ({per_code})" if per_code else ""))
    return ExitCode.FLAGGED if flagged else ExitCode.OK


def _show(flagged: list[Item]) -> None:
    """Each flagged pair: where, why, the Arabic and the English. Wrapped at words on a terminal (a
    pipe gets whole lines); every control a pair holds is shown as ^[ or <U+...>, never sent."""
    from rich.console import Console
    from rich.text import Text

    from translate_news.normalize import safe_text
    from translate_news.output import write_stdout
    from translate_news.render.table import terminal_size

    to_terminal = sys.stdout.isatty()
    out = Console(highlight=False, **terminal_size(1)) if to_terminal else \
        Console(highlight=False, color_system=None, force_terminal=False)
    with out.capture() as captured:  # written by write_stdout: a reader that stops early (head) is no error
        for item in flagged:
            line = Text(f"{safe_text(item.where)}: ", style="bold")
            line.append(safe_text("; ".join(f"{f.code}: {f.reason}" for f in item.flags)), style="red")
            out.print(line, soft_wrap=not to_terminal)
            for label, value in (("ar", item.data["source"]), ("en", item.data.get("translation") or "")):
                out.print(Text(f"  {label}: {safe_text(value)}"), soft_wrap=not to_terminal)
    write_stdout(captured.get())
