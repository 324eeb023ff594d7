"""The translate command: one article."""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from translate_news.cli.app import TRANSLATE_EXAMPLES, app, exit_code_help, guarded, usage_error
from translate_news.cli.options import (
    Backend,
    BackModel,
    BatchSize,
    Beams,
    Debug,
    Device,
    Encoding,
    Fast,
    KeepBoilerplate,
    MaxBytes,
    MtModel,
    NoExtract,
    Offline,
    PresetName,
    Quiet,
    Strict,
    SummaryFlag,
    SummaryLang,
    SummaryLength,
    SummaryModel,
    Timeout,
    Verbose,
    build_settings,
    choice,
)
from translate_news.errors import ExitCode
from translate_news.reading import MAX_BYTES
from translate_news.render import FORMATS
from translate_news.settings import DEFAULT_BATCH_SIZE, Settings
from translate_news.ui import UI, stdin_is_terminal


@app.command(epilog=TRANSLATE_EXAMPLES + "\n" + exit_code_help(
    [c for c in ExitCode if c not in (ExitCode.BATCH_FAILURES, ExitCode.BUSY)]))
def translate(
    ctx: typer.Context,
    input: Annotated[str | None, typer.Argument(
        metavar="INPUT", help="Article: a text file, a saved web page (.html), an http(s) URL, or '-' for stdin "
                              "(HTML is recognised). Piped stdin is read when omitted.",
        show_default=False)] = None,
    text: Annotated[str | None, typer.Option("--text", "-t", help="Translate this text instead of a file.",
                                             show_default=False)] = None,
    output_format: Annotated[str | None, typer.Option(
        "--format", "-f", callback=choice(*FORMATS),
        help=f"Output format: {', '.join(FORMATS)}. Default: from -o's extension; else rich on a terminal, "
             "text when piped.",
        show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write here (atomically) instead of stdout.", show_default=False)] = None,
    plain: Annotated[bool, typer.Option(
        "--plain", "-b", help="The English only, one paragraph per line: no markers, notes or summary (for "
                              "scripts; flags are counted on stderr, --strict still applies).")] = False,
    open_output: Annotated[bool, typer.Option(
        "--open", help="After writing -o, open it in the web browser (for -f html).")] = False,
    preset: PresetName = "fast",
    mt_model: MtModel = None,
    summary_model: SummaryModel = None,
    back_model: BackModel = None,
    summary: SummaryFlag = True,
    summary_lang: SummaryLang = "both",
    summary_length: SummaryLength = "medium",
    device: Device = "auto",
    batch_size: BatchSize = DEFAULT_BATCH_SIZE,
    beams: Beams = None,
    fast: Fast = False,
    backend: Backend = "auto",
    rtl: Annotated[str | None, typer.Option(
        envvar="TRANSLATE_NEWS_RTL", callback=choice("auto", "logical", "visual"),
        help="How Arabic is drawn in the terminal: auto, logical or visual. If it looks reversed or its "
             "letters are unjoined, "
             "use visual; if it looks scrambled, use logical. Files and pipes always get logical "
             "text. [default: auto]", show_default=False)] = None,
    keep_boilerplate: KeepBoilerplate = False,
    encoding: Encoding = None,
    max_bytes: MaxBytes = MAX_BYTES,
    no_extract: NoExtract = False,
    timeout: Timeout = 20.0,
    offline: Offline = False,
    strict: Strict = False,
    quiet: Quiet = False,
    verbose: Verbose = False,
    debug: Debug = False,
) -> None:
    """Translate one Arabic article: a file or saved web page, a URL, '-' or piped stdin, or --text."""
    ui = UI(quiet=quiet, verbose=verbose, rtl=rtl)
    if text is not None and input is not None:
        usage_error(ctx, "give either INPUT or --text, not both")
    if text is None and input in (None, "-") and stdin_is_terminal():
        usage_error(ctx, "no input: give a file, pipe text in (cat article.txt | translate-news), or use --text")
    if text is not None and encoding is not None:
        usage_error(ctx, "--encoding applies to files and stdin, not to --text")
    if open_output and output is None:
        usage_error(ctx, "--open needs -o FILE: there is nothing to open on stdout")
    if plain:
        if output_format not in (None, "plain"):
            usage_error(ctx, f"--plain is a format of its own; it does not go with -f {output_format}")
        output_format = "plain"
    if output_format == "plain":
        ctx.params["summary"] = False  # plain has no place for a summary: do not spend minutes on one

    def work() -> int:
        settings = build_settings(ctx.params)
        return run_translate(ui, settings, input=input, text=text, output_format=output_format, output=output,
                             rtl=rtl, strict=strict, open_output=open_output)

    guarded(ctx, ui, debug, work, quick_interrupt=True)


def run_translate(ui: UI, settings: Settings, *, input: str | None, text: str | None,
                  output_format: str | None, output: Path | None, rtl: str | None, strict: bool = False,
                  open_output: bool = False) -> int:
    """article.translate_article with the UI: stdout under the progress bar, --open, the exit code
    (--strict: a flagged sentence is exit 5)."""
    from translate_news.article import translate_article
    from translate_news.job import Job
    from translate_news.output import write_stdout
    from translate_news.render import choose_format

    started = time.perf_counter()
    to_terminal = output is None and sys.stdout is not None and sys.stdout.isatty()
    fmt = choose_format(output_format, output=output, stdout_is_terminal=to_terminal)

    def show(piece: str) -> None:
        with ui.paused():  # the progress bar steps aside while the paragraph is written
            write_stdout(piece)

    outcome = translate_article(Job(settings, ui), input, fmt=fmt, text=text,
                                stdin=None if sys.stdin is None else sys.stdin.buffer, output=output, rtl=rtl,
                                emit=show, to_terminal=to_terminal, started=started)
    if output is not None:
        ui.detail(f"wrote {output}")
        if open_output:
            open_in_browser(ui, output)
    if strict and outcome.exit_code == ExitCode.OK and outcome.document.trust_flagged():
        return ExitCode.FLAGGED
    return outcome.exit_code


def open_in_browser(ui: UI, path: Path) -> None:
    """Show the written file; no browser (a server, a container) is a note, not a failure."""
    import webbrowser

    try:
        opened = webbrowser.open(path.resolve().as_uri())
    except webbrowser.Error:
        opened = False
    if not opened:
        ui.note(f"no web browser could be opened; the page is in {path}")
