"""The Typer app, its help texts, and the one place failures become exit codes."""
from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from translate_news import __version__
from translate_news.errors import EXIT_CODES, ExitCode, TranslateNewsError
from translate_news.normalize import safe_text
from translate_news.ui import UI


def exit_code_help(codes: list[ExitCode] | None = None) -> str:
    """The exit-code table for --help ("\\b" stops Click from re-wrapping it)."""
    rows = [f"  {int(c):<4} {EXIT_CODES[c]}" for c in (codes or list(EXIT_CODES))]
    return "\b\nExit codes:\n" + "\n".join(rows) + "\n"


TRANSLATE_EXAMPLES = """\
\b
Examples:
  translate-news article.txt                      side-by-side table
  cat article.txt | translate-news > article.en   the English (and its summary) when piped
  cat article.txt | translate-news -b > a.en      the English alone, a paragraph a line (--plain)
  translate-news article.txt -o article.json      the format follows the extension
  translate-news --text "قال مسؤولون إن الهجوم وقع اليوم."
  translate-news article.txt --mt-model ./my-model --offline
  translate-news saved-page.html                  a web page: its article, headline and date
  translate-news https://example.com/news/1       a URL (http or https), fetched once
"""
EXAMPLES = TRANSLATE_EXAMPLES + """\
  translate-news batch seeds/ -o translated/      a whole folder, resumable
  translate-news batch --urls urls.txt -o out/    one output per URL, resumable
  translate-news bench                            speed on this machine
"""


class DefaultCommandGroup(TyperGroup):
    """Route `translate-news FILE` and `translate-news -f json` to the translate command."""

    default_command = "translate"

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # ctx: the bundled click's Context
        if args and args[0] == "help":  # `translate-news help [COMMAND]`
            args = [*args[1:2], "--help"]
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = [self.default_command, *args]
        with visible_values():
            return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        with visible_values():  # a command's own options are parsed in here
            return super().invoke(ctx)


@contextlib.contextmanager
def visible_values() -> Iterator[None]:
    """Click's usage errors quote what was given (`--encoding $'\\e]52;...'`, an environment value):
    make every control in them visible before Click prints them."""
    try:
        yield
    except typer.TyperException as e:  # the base of the Click (bundled in Typer) exceptions
        if isinstance(getattr(e, "message", None), str):
            e.message = safe_text(e.message)
        raise


app = typer.Typer(
    cls=DefaultCommandGroup,
    name="translate-news",
    help="Translate Arabic news into English, side by side, with nothing lost.\n\n"
         "The default command is translate: 'translate-news translate --help' lists all its options.",
    epilog=EXAMPLES + "\n" + exit_code_help(),
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"translate-news {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Show the version and exit.")] = False) -> None:
    """Translate Arabic news into English, side by side, with nothing lost."""


def usage_error(ctx: typer.Context, message: str) -> NoReturn:
    """Click's usage-error shape, exit 2."""
    typer.echo(f"{ctx.get_usage()}\nTry '{ctx.command_path} --help' for help.\n\nError: {safe_text(message)}",
               err=True)
    raise typer.Exit(ExitCode.USAGE)


def guarded(ctx: typer.Context, ui: UI, debug: bool, work: Callable[[], Any], *,
            quick_interrupt: bool = False) -> NoReturn:
    """Run `work` with the library's notes shown; every failure becomes one stderr line and an exit code.

    quick_interrupt: after Ctrl-C, end the process at once. A CTranslate2 model's own threads
    finish the job they are on before the interpreter may exit (seconds, for a reader who
    already asked to stop); by then what was printed is flushed and nothing of ours is open."""
    from translate_news.errors import UsageError
    from translate_news.output import StdoutClosed
    from translate_news.signals import describe, exit_code, terminate_like_interrupt

    try:
        with ui.listening(), terminate_like_interrupt():
            code = work()
    except UsageError as e:
        usage_error(ctx, str(e))
    except TranslateNewsError as e:
        ui.error(str(e))
        code = e.exit_code
    except StdoutClosed:
        code = ExitCode.OK
    except KeyboardInterrupt as e:  # Ctrl-C, SIGTERM, SIGHUP (signals.py)
        ui.error(describe(e))
        code = exit_code(e)
        if quick_interrupt:
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(OSError, ValueError):
                    stream.flush()
            os._exit(code)
    except Exception as e:
        if debug:
            traceback.print_exc()
        ui.error(f"internal error: {type(e).__name__}: {e} (run with --debug for the traceback)")
        code = ExitCode.INTERNAL
    raise typer.Exit(int(code))
