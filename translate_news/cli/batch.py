"""The batch command: a folder of articles."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from translate_news.cli.app import app, exit_code_help, guarded, usage_error
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
from translate_news.ui import UI, BatchProgress

if TYPE_CHECKING:
    from translate_news.batch import FileResult, Report, Request
    from translate_news.batch.ray_engine import RayOptions

BATCH_EXAMPLES = """\
\b
Examples:
  translate-news batch seeds/ -o translated/            every .txt, .html and .htm under seeds/
  translate-news batch seeds/ -o translated/ --glob "**/*.md" -f json -f markdown
  translate-news batch seeds/ -o translated/            again: finished files are skipped
  translate-news batch seeds/ -o out/ --shard 2/4       this machine's quarter of the corpus
  translate-news batch --urls urls.txt -o out/          one output set per URL; again: done URLs are skipped
  translate-news batch /shared/seeds -o /shared/out --engine ray --address auto --workers 8 --gpus-per-worker 1
"""
ENGINES = ("local", "ray")
BATCH_FORMATS = [f.name for f in FORMATS.values() if f.for_batch]


@app.command(epilog=BATCH_EXAMPLES + "\n" + exit_code_help(
    [ExitCode.OK, ExitCode.USAGE, ExitCode.BATCH_FAILURES, ExitCode.FLAGGED, ExitCode.BAD_INPUT, ExitCode.NO_INPUT,
     ExitCode.UNAVAILABLE, ExitCode.CANT_CREATE, ExitCode.BUSY, ExitCode.HANGUP, ExitCode.INTERRUPTED,
     ExitCode.TERMINATED]))
def batch(
    ctx: typer.Context,
    src: Annotated[Path | None, typer.Argument(
        metavar="SRC_DIR", help="Folder of articles and saved web pages (searched recursively); or use --urls.",
        show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="OUT_DIR",
                                                help="Output folder; mirrors SRC_DIR's tree. [required]",
                                                show_default=False)] = None,
    urls: Annotated[Path | None, typer.Option(
        "--urls", metavar="LIST", help="Translate the web pages at these URLs instead of a folder: a file with one "
                                       "http(s) URL a line ('#' starts a comment). Each URL's outputs are named "
                                       "OUT_DIR/HOST/SLUG-HASH.*; the report gives each name's URL.",
        show_default=False)] = None,
    delay: Annotated[float, typer.Option(
        min=0, metavar="SECONDS", help="--urls: seconds between two requests to the same site.")] = 1.0,
    glob: Annotated[list[str] | None, typer.Option(
        "--glob", help="Which files to take, relative to SRC_DIR (repeatable). [default: **/*.txt, **/*.html, "
                       "**/*.htm]",
        show_default=False)] = None,
    formats: Annotated[list[str] | None, typer.Option(
        "--format", "-f", callback=choice(*BATCH_FORMATS),
        help=f"Output formats, repeatable: {', '.join(BATCH_FORMATS)}. [default: json and markdown]",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Redo every file, even up-to-date ones.")] = False,
    retry_failed: Annotated[bool, typer.Option(
        "--retry-failed", help="Redo only the files that failed before.")] = False,
    shard: Annotated[str, typer.Option(help="Process shard K of N (a deterministic 1/N of the files).")] = "1/1",
    follow_symlinks: Annotated[bool, typer.Option(
        "--follow-symlinks", help="Translate symbolic links to files outside SRC_DIR too.")] = False,
    wait: Annotated[bool, typer.Option(
        "--wait", help="Wait while another batch writes to OUT_DIR, instead of exiting 75.")] = False,
    engine: Annotated[str, typer.Option(
        envvar="TRANSLATE_NEWS_ENGINE", callback=choice(*ENGINES),
        help="Where the files are translated: local (this process) or ray (a pool of workers on a Ray "
             "cluster; pip install 'translate-news[ray]'). With ray, SRC_DIR and OUT_DIR must be on storage "
             "every node shares: the workers read and write there.")] = "local",
    address: Annotated[str | None, typer.Option(
        envvar="RAY_ADDRESS", help="--engine ray: the Ray cluster to join (auto, HOST:6379 or ray://HOST:10001). "
                                   "[default: start Ray on this machine for this run]", show_default=False)] = None,
    workers: Annotated[int, typer.Option(
        min=1, help="--engine ray: workers in the pool, each with its own copy of the models.")] = 1,
    cpus_per_worker: Annotated[float, typer.Option(
        min=0, help="--engine ray: CPUs each worker reserves (and the threads it uses).")] = 1.0,
    gpus_per_worker: Annotated[float, typer.Option(
        min=0, help="--engine ray: GPUs each worker reserves; a fraction shares one (0.5: two workers "
                    "per GPU).")] = 0.0,
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
    """Translate every article in a folder (text files and saved web pages), or every page of a URL list:
    resumable, one bad file or URL never stops the run."""
    ui = UI(quiet=quiet, verbose=verbose)
    if output is None:
        usage_error(ctx, "missing option '--output' / '-o': the output folder")
    if (src is None) == (urls is None):
        usage_error(ctx, "give either SRC_DIR (a folder) or --urls LIST, not both" if src else
                    "missing SRC_DIR: give a folder of articles, or --urls LIST")
    if urls is not None:
        why = ("--engine ray takes folders only; --urls runs with the local engine" if engine == "ray" else
               "--offline never touches the network; --urls needs it" if offline else
               "--glob and --follow-symlinks apply to folders, not to --urls" if glob or follow_symlinks else None)
        if why:
            usage_error(ctx, why)
    if force and retry_failed:
        usage_error(ctx, "--force and --retry-failed do not go together")
    if engine != "ray" and (workers, cpus_per_worker, gpus_per_worker) != (1, 1.0, 0.0):
        usage_error(ctx, "--workers, --cpus-per-worker and --gpus-per-worker need --engine ray")

    def work() -> int:
        from translate_news import batch as b

        settings = build_settings(ctx.params)
        pairs: tuple[tuple[str, str], ...] = ()
        if urls is not None:
            from translate_news.batch.urls import url_pairs
            from translate_news.pages.names import read_url_list

            pairs = url_pairs(read_url_list(urls))
        assert output is not None
        request = b.Request(src or urls or Path(), output, tuple(glob or b.DEFAULT_GLOBS),
                            tuple(dict.fromkeys(formats or b.DEFAULT_FORMATS)),
                            force=force, retry_failed=retry_failed, shard=b.parse_shard(shard),
                            follow_symlinks=follow_symlinks, wait=wait, urls=pairs, delay=delay)
        ray = None
        if engine == "ray":
            from translate_news.batch.ray_engine import RayOptions

            ray = RayOptions(address=address, workers=workers, cpus_per_worker=cpus_per_worker,
                             gpus_per_worker=gpus_per_worker, verbose=ui.verbose)
        return run_batch(ui, settings, request, strict=strict, ray=ray)

    guarded(ctx, ui, debug, work)


def run_batch(ui: UI, settings: Settings, request: Request, *, strict: bool = False,
              ray: RayOptions | None = None) -> int:
    """batch.run with the UI as its observer; the exit code (--strict: flagged files are exit 5).

    `ray`: translate on a Ray cluster (batch.ray_engine) instead of in this process.
    """
    from translate_news import batch as b
    from translate_news.job import Job

    engine: b.Engine
    if ray is not None:
        from translate_news.batch.ray_engine import RayEngine

        engine = RayEngine(settings, ray)  # without Ray installed: exit 69 before anything is touched
    else:
        engine = b.LocalEngine(Job(settings, ui))  # the UI shows the models loading
    with ui.batch_progress() as progress:
        report = b.run(request, settings, engine, Shown(ui, progress))
    if strict and report.exit_code == ExitCode.OK and report.flagged_files():
        return ExitCode.FLAGGED
    return report.exit_code


class Shown:
    """The batch's Observer on the terminal: the progress bar, the summary table, notes and errors."""

    def __init__(self, ui: UI, progress: BatchProgress):
        self.ui, self.progress = ui, progress

    def started(self, todo: list[str], report: Report) -> None:
        self.progress.start(todo, report)

    def file_done(self, result: FileResult) -> None:
        self.progress.file_done(result)

    def finished(self, report: Report) -> None:
        self.progress.stop()
        if report.interrupted:
            self.ui.error("interrupted; finished outputs are complete, run the same command again to resume")
        self.ui.batch_summary(report)

    def wrote(self, what: str, path: Path) -> None:
        self.ui.note(f"{what}: {path}")

    def problem(self, message: str) -> None:
        self.ui.error(message)
