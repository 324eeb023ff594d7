"""The `translate-news` command line: options in, library calls, exit codes out.

Nothing here imports torch or transformers at module level, so `--help` and usage errors
answer at once; the model stack loads inside the command, after the options are checked.
"""
from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path
from typing import Annotated, Literal, NoReturn, Optional

import typer
from typer.core import TyperGroup

from translate_news import __version__
from translate_news.errors import ExitCode, TranslateNewsError
from translate_news.settings import DEFAULT_BATCH_SIZE, Settings
from translate_news.summary import parse_length
from translate_news.ui import UI, stdin_is_terminal

# "\b" stops Click from re-wrapping a paragraph.
EXIT_CODES = """\
\b
Exit codes:
  0    done
  1    internal error (--debug shows the traceback)
  2    usage error
  3    batch finished, but some files failed (see its report)
  4    the translation was written but the summary failed (reason on stderr)
  65   unusable input: empty, binary, undecodable, or no Arabic
  66   input file not found or unreadable
  69   model or device unavailable
  73   the output file cannot be written
  130  interrupted
"""

EXAMPLES = """\
\b
Examples:
  translate-news article.txt                      side-by-side table
  cat article.txt | translate-news > article.en   plain English when piped
  translate-news article.txt -f json -o article.json
  translate-news --text "قال مسؤولون إن الهجوم وقع اليوم."
  translate-news article.txt --mt-model ./my-model --offline
  translate-news batch seeds/ -o translated/      a whole folder, resumable
  translate-news bench                            speed on this machine
"""


class DefaultCommandGroup(TyperGroup):
    """Route `translate-news FILE` and `translate-news -f json` to the translate command."""

    default_command = "translate"

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=DefaultCommandGroup,
    name="translate-news",
    help="Translate Arabic news into English, side by side, with nothing lost.\n\n"
         "Run 'translate-news translate --help' for every option of the default command.",
    epilog=EXAMPLES + "\n" + EXIT_CODES,
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


def _usage_error(ctx: typer.Context, message: str) -> NoReturn:
    """Click's usage-error shape, exit 2 (Typer no longer exports click's exception types)."""
    typer.echo(f"{ctx.get_usage()}\nTry '{ctx.command_path} --help' for help.\n\nError: {message}", err=True)
    raise typer.Exit(ExitCode.USAGE)


Format = Literal["rich", "text", "markdown", "json", "jsonl"]

# Options shared by translate and batch.
PresetName = Annotated[str, typer.Option(envvar="TRANSLATE_NEWS_PRESET", show_default=True,
                                         help="Model set: fast or quality (see 'translate-news models list').")]
MtModel = Annotated[Optional[str], typer.Option(envvar="TRANSLATE_NEWS_MT_MODEL", show_default=False,
                                                help="Translation model: hub id or local folder. [default: the preset's]")]
SummaryModel = Annotated[Optional[str], typer.Option(envvar="TRANSLATE_NEWS_SUMMARY_MODEL", show_default=False,
                                                     help="Summarizer: hub id or local folder. [default: the preset's]")]
BackModel = Annotated[Optional[str], typer.Option(envvar="TRANSLATE_NEWS_BACK_MODEL", show_default=False,
                                                  help="en->ar model for the Arabic summary. [default: the preset's]")]
SummaryFlag = Annotated[bool, typer.Option("--summary/--no-summary",
                                           help="Write a machine summary in English and Arabic after the translation.")]
SummaryLang = Annotated[Literal["en", "ar", "both"], typer.Option(
    help="Which summaries to write; with en the en->ar model is never loaded.")]
SummaryLength = Annotated[str, typer.Option(help="short, medium, long, or MIN:MAX new tokens (e.g. 40:120).")]
Device = Annotated[str, typer.Option(envvar="TRANSLATE_NEWS_DEVICE",
                                     help="auto (a GPU if one works, else CPU), cpu, cuda, cuda:N or mps.")]
BatchSize = Annotated[int, typer.Option(min=1, help="Sentences per model call (1 = no batching).")]
Beams = Annotated[Optional[int], typer.Option(min=1, help="Beam size. Default: the model's own.", show_default=False)]
Fast = Annotated[bool, typer.Option("--fast", help="Greedy decoding for every model: about twice as fast, "
                                                   "slightly lower quality.")]
Backend = Annotated[Literal["auto", "ctranslate2", "transformers"], typer.Option(
    envvar="TRANSLATE_NEWS_BACKEND",
    help="Inference engine. auto: CTranslate2 when installed (pip install 'translate-news[fast]') and "
         "the model converts (once, cached), else transformers.")]
KeepBoilerplate = Annotated[bool, typer.Option(
    "--keep-boilerplate", help="Translate newsletter, share and similar lines instead of setting them aside.")]
Encoding = Annotated[Optional[str], typer.Option(help="Input encoding (e.g. cp1256), instead of detection.",
                                                 show_default=False)]
Offline = Annotated[bool, typer.Option("--offline", help="Never touch the network (like HF_HUB_OFFLINE=1).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="More detail on stderr.")]
Debug = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]


def _settings(ctx: typer.Context, options: dict) -> Settings:
    """Validate what Typer cannot, and freeze a command's options (its locals()) into Settings."""
    from dataclasses import fields

    from translate_news.devices import DEVICE_PATTERN

    from translate_news import registry, store

    values = {f.name: options[f.name] for f in fields(Settings)}
    presets = registry.presets()
    if options["preset"] not in presets:
        _usage_error(ctx, f"unknown --preset '{options['preset']}': use {' or '.join(presets)}")
    preset = presets[options["preset"]]
    # An explicit model wins over the preset; a registry model in the local store loads from there.
    for key, entry in (("mt_model", preset.translation), ("summary_model", preset.summary),
                       ("back_model", preset.back_translation)):
        values[key] = store.resolve(values[key] or entry.hub_id)

    if values["fast"]:
        if values["beams"] not in (None, 1):
            _usage_error(ctx, "--fast means greedy decoding (one beam); leave out --beams")
        values["beams"] = 1
    if not DEVICE_PATTERN.match(values["device"]):
        _usage_error(ctx, f"invalid --device '{values['device']}': use auto, cpu, cuda, cuda:N or mps")
    try:
        values["summary_length"] = parse_length(values["summary_length"])
    except ValueError as e:
        _usage_error(ctx, f"invalid --summary-length: {e}")
    return Settings(**values)


@app.command(epilog=EXAMPLES + "\n" + EXIT_CODES)
def translate(
    ctx: typer.Context,
    input: Annotated[Optional[str], typer.Argument(
        metavar="INPUT", help="Article file, or '-' for stdin. Piped stdin is read when omitted.",
        show_default=False)] = None,
    text: Annotated[Optional[str], typer.Option("--text", "-t", help="Translate this text instead of a file.",
                                                show_default=False)] = None,
    output_format: Annotated[Optional[Format], typer.Option(
        "--format", "-f", help="Output format. Default: rich on a terminal, text when piped.",
        show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Write here (atomically) instead of stdout.", show_default=False)] = None,
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
    rtl: Annotated[Optional[Literal["auto", "logical", "visual"]], typer.Option(
        envvar="TRANSLATE_NEWS_RTL",
        help="How Arabic is drawn in the terminal. If it looks reversed or its letters are unjoined, "
             "use visual; if it looks scrambled, use logical. Files and pipes always get logical "
             "text. [default: auto]", show_default=False)] = None,
    keep_boilerplate: KeepBoilerplate = False,
    encoding: Encoding = None,
    offline: Offline = False,
    quiet: Quiet = False,
    verbose: Verbose = False,
    debug: Debug = False,
) -> None:
    """Translate one Arabic article: a file, '-' or piped stdin, or --text."""
    ui = UI(quiet=quiet, verbose=verbose)
    if text is not None and input is not None:
        _usage_error(ctx, "give either INPUT or --text, not both")
    if text is None and input in (None, "-") and stdin_is_terminal():
        _usage_error(ctx, "no input: give a file, pipe text in (cat article.txt | translate-news), or use --text")
    settings = _settings(ctx, locals())
    code = _guarded(ui, debug, lambda: run_translate(
        ui, settings, input=input, text=text, output_format=output_format, output=output, rtl=rtl,
        encoding=encoding))
    raise typer.Exit(code)


BATCH_EXAMPLES = """\
\b
Examples:
  translate-news batch seeds/ -o translated/            every *.txt under seeds/
  translate-news batch seeds/ -o translated/ --glob "**/*.md" -f json -f markdown
  translate-news batch seeds/ -o translated/            again: finished files are skipped
  translate-news batch seeds/ -o out/ --shard 2/4       this machine's quarter of the corpus

\b
Exit codes: 0 every file done or up to date; 3 some files failed (see the report);
2 usage error (e.g. folders overlap); 66 input folder missing; 69 model unavailable;
130 interrupted (finished outputs are complete; run again to resume).
"""


@app.command(epilog=BATCH_EXAMPLES)
def batch(
    ctx: typer.Context,
    src: Annotated[Path, typer.Argument(metavar="SRC_DIR", help="Folder of articles (searched recursively).",
                                        show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="OUT_DIR",
                                         help="Output folder; mirrors SRC_DIR's tree.", show_default=False)],
    glob: Annotated[Optional[list[str]], typer.Option(
        "--glob", help="Which files to take, relative to SRC_DIR (repeatable). [default: **/*.txt]",
        show_default=False)] = None,
    formats: Annotated[Optional[list[str]], typer.Option(
        "--format", "-f", help="Output formats, repeatable: json, markdown, text, jsonl. [default: json and markdown]",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Redo every file, even up-to-date ones.")] = False,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="Redo only the files that failed before.")] = False,
    shard: Annotated[str, typer.Option(help="Process shard K of N (a deterministic 1/N of the files).")] = "1/1",
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
    offline: Offline = False,
    quiet: Quiet = False,
    verbose: Verbose = False,
    debug: Debug = False,
) -> None:
    """Translate every article in a folder: resumable, one bad file never stops the run."""
    ui = UI(quiet=quiet, verbose=verbose)
    if force and retry_failed:
        _usage_error(ctx, "--force and --retry-failed do not go together")
    settings = _settings(ctx, locals())
    fmts = tuple(dict.fromkeys(formats or ("json", "markdown")))
    if not set(fmts) <= {"json", "markdown", "text", "jsonl"}:
        _usage_error(ctx, f"invalid --format: {', '.join(fmts)}; use json, markdown, text or jsonl")
    code = _guarded(ui, debug, lambda: run_batch_command(
        ui, settings, src=src, out=output, globs=tuple(glob or ("**/*.txt",)), formats=fmts, force=force,
        retry_failed=retry_failed, shard=shard, encoding=encoding))
    raise typer.Exit(code)


def run_batch_command(ui: UI, settings: Settings, *, src: Path, out: Path, globs: tuple[str, ...],
                      formats: tuple[str, ...], force: bool, retry_failed: bool, shard: str,
                      encoding: str | None) -> int:
    from translate_news import batch as b
    from translate_news.backends import open_engines
    from translate_news.loading import prepare_environment
    from translate_news.output import write_atomic

    k, n = b.parse_shard(shard)
    b.check_folders(src, out)
    found = b.discover(src, globs)
    clashes = b.colliding(found)  # before sharding, so every shard agrees on who wins
    files = [f for f in found if b.shard_of(f, n) == k]
    key = b.run_key(settings, formats)
    plan = b.plan(src, out, [f for f in files if f not in clashes], key, force=force, retry_failed=retry_failed)
    report = b.Report(results=list(plan.skipped) + [
        b.FileResult(f, "failed", f"its outputs would overwrite those of {clashes[f]}; rename one of them")
        for f in files if f in clashes])
    shard_note = f" (shard {k}/{n})" if n > 1 else ""
    earlier = sum(1 for r in plan.skipped if r.status == "failed")
    ui.note(f"{len(files)} file(s){shard_note}: {len(plan.todo)} to translate, "
            f"{len(plan.skipped) - earlier} up to date or skipped, {earlier} failed earlier")
    try:
        if plan.todo:
            prepare_environment(offline=settings.offline, verbose=ui.verbose)
            with ui.status("loading models"):
                engines = open_engines(settings, notify=ui.note)
            with ui.batch_progress(len(plan.todo)) as progress:
                b.run_batch(src, out, plan.todo, engines, settings, formats=formats, key=key, encoding=encoding,
                            report=report, on_file=progress.file_done)
    except KeyboardInterrupt:
        report.interrupted = True
        ui.error("interrupted; finished outputs are complete, run the same command again to resume")
    finally:
        if out.is_dir() or report.results:
            write_atomic(b.report_path(out, (k, n)), json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
        ui.batch_summary(report, b.report_path(out, (k, n)))
    return report.exit_code


def run_translate(ui: UI, settings: Settings, *, input: str | None, text: str | None,
                  output_format: str | None, output: Path | None, rtl: str | None,
                  encoding: str | None) -> int:
    from translate_news import render
    from translate_news.backends import open_translator
    from translate_news.loading import prepare_environment
    from translate_news.output import write_atomic, write_stdout
    from translate_news.pipeline import translate_document
    from translate_news.reading import read_source
    from translate_news.segment import segment

    started = time.perf_counter()
    source = read_source(input, text=text, stdin=sys.stdin.buffer, encoding=encoding)
    if source.encoding not in ("utf-8", "utf-8-sig"):
        ui.detail(f"read {source.path or 'text'} as {source.encoding}")
    doc = segment(source)
    _report_boilerplate(ui, doc, settings.keep_boilerplate)

    prepare_environment(offline=settings.offline, verbose=ui.verbose)
    with ui.status(f"loading {settings.mt_model}"):
        translator = open_translator(settings.mt_model, settings.device, backend=settings.backend,
                                     beams=settings.beams, notify=ui.note)
    ui.detail(f"model {translator.name} on {translator.device} with {translator.backend}, "
              f"input limit {translator.max_tokens} tokens")
    with ui.progress("translating") as progress:
        translate_document(doc, translator, batch_size=settings.batch_size,
                           keep_boilerplate=settings.keep_boilerplate, progress=progress)
    doc.models = {"translation": settings.mt_model, "device": translator.device}
    del translator  # out of memory before the summarizer comes in: the peak is one stage's, not their sum
    suspect = len(doc.warnings)
    if suspect:
        ui.note(f"{suspect} sentence(s) look suspect; JSON output lists them under 'warnings'")
    code = ExitCode.OK
    if settings.summary:
        code = _summarize(ui, doc, settings)
    doc.stats["seconds"] = round(time.perf_counter() - started, 3)
    for w in doc.warnings[:suspect]:
        ui.detail(w)

    to_terminal = output is None and sys.stdout.isatty()
    fmt = render.choose_format(output_format, stdout_is_terminal=to_terminal)
    rendered = render.render_document(doc, fmt, rtl=rtl, to_terminal=to_terminal)
    if output is not None:
        write_atomic(output, rendered)
        ui.detail(f"wrote {output}")
    else:
        write_stdout(rendered)
    return code


def _summarize(ui: UI, doc, settings: Settings) -> int:
    """Add the summary; a failure costs the summary (or its Arabic), never the translation (exit 4)."""
    from translate_news.backends import open_summarizer, open_translator
    from translate_news.summary import summarize_document

    def failed(what: str, e: Exception) -> int:
        reason = str(e) if isinstance(e, TranslateNewsError) else f"{type(e).__name__}: {e}"
        doc.warnings.append(f"{what}: not written: {reason}")
        ui.error(f"{what} not written ({reason}); the translation is complete")
        return ExitCode.SUMMARY_FAILED

    langs, back, back_error = settings.summary_lang, None, None
    try:
        with ui.status(f"loading {settings.summary_model}"):
            summarizer = open_summarizer(settings.summary_model, settings.device, backend=settings.backend,
                                         beams=settings.summary_beams, notify=ui.note)
            if langs != "en":
                try:
                    back = open_translator(settings.back_model, settings.device, backend=settings.backend,
                                           beams=settings.summary_beams, target_lang="ara",
                                           role="back-translation", notify=ui.note)
                except Exception as e:
                    if langs == "ar":
                        raise
                    langs, back_error = "en", e  # the English summary is still worth having
        with ui.progress("summarizing") as progress:
            summarize_document(doc, summarizer, back, length=settings.summary_length, langs=langs,
                               batch_size=settings.batch_size, progress=progress)
    except KeyboardInterrupt:
        raise
    except Exception as e:
        doc.summary = None
        return failed("summary", e)
    doc.models["summary"] = settings.summary_model
    if back is not None:
        doc.models["back_translation"] = settings.back_model
    stats = doc.stats.get("summary")
    if stats:
        ui.detail(f"summary: {stats['input_tokens']} input tokens, {stats['chunks']} chunk(s), "
                  f"{stats['levels']} level(s), {stats['seconds']} s")
    for n in (doc.summary or {}).get("unverified_numbers", []):
        ui.note(f"check the summary: the number {n} appears nowhere in the translation")
    return failed("Arabic summary", back_error) if back_error else ExitCode.OK


def _report_boilerplate(ui: UI, doc, keep: bool) -> None:
    aside = [p for p in doc.paragraphs if p.kind == "boilerplate"]
    if not aside:
        return
    what = "translating" if keep else "set aside"
    hint = "" if keep else " (--keep-boilerplate translates them)"
    ui.note(f"{what} {len(aside)} boilerplate paragraph(s){hint}:")
    for p in aside:
        first = " ".join(p.source.split())
        ui.note(f"  [{p.rule}] {first[:70]}{'…' if len(first) > 70 else ''}")


def _guarded(ui: UI, debug: bool, work) -> int:
    """Run `work`, turning every failure into one stderr line and an exit code."""
    from translate_news.output import StdoutClosed

    try:
        return work()
    except TranslateNewsError as e:
        ui.error(str(e))
        return e.exit_code
    except StdoutClosed:
        return ExitCode.OK
    except KeyboardInterrupt:
        ui.error("interrupted")
        return ExitCode.INTERRUPTED
    except Exception as e:
        if debug:
            traceback.print_exc()
        ui.error(f"internal error: {type(e).__name__}: {e} (run with --debug for the traceback)")
        return ExitCode.INTERNAL


models_app = typer.Typer(help="The models: what is installed, fetch for offline use, check.",
                         no_args_is_help=True, rich_markup_mode=None)
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list(json_output: Annotated[bool, typer.Option("--json", help="Machine-readable.")] = False) -> None:
    """Presets and models: installed where, size, licence, published score. No network."""
    from translate_news import registry, store

    rows = []
    for entry in registry.models().values():
        found = store.find_installed(entry)
        in_presets = [p.name for p in registry.presets().values() if entry in p.entries()]
        rows.append({"name": entry.name, "hub_id": entry.hub_id, "revision": entry.revision, "role": entry.role,
                     "presets": in_presets, "licence": entry.licence, "size_mb": entry.size_mb, "score": entry.score,
                     "installed": [{"where": i.where, "path": str(i.path), "mb": round(i.size_bytes / 1e6, 1)}
                                   for i in found]})
    if json_output:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for p in registry.presets().values():
        typer.echo(f"preset {p.name}: {p.description}")
    for r in rows:
        where = "; ".join(f"{i['where']} {i['path']} ({i['mb']} MB)" for i in r["installed"]) or "not installed"
        typer.echo(f"\n{r['name']}  ({r['role']}; presets: {', '.join(r['presets']) or '-'})\n"
                   f"  {r['hub_id']}@{r['revision']}, {r['licence']}, about {r['size_mb']} MB\n"
                   f"  {r['score']}\n  installed: {where}")


@models_app.command("path")
def models_path(name: Annotated[str, typer.Argument(help="Short name or hub id, e.g. opus-mt-ar-en.")]) -> None:
    """Print where a model is installed (exit 69 when it is not)."""
    from translate_news import registry, store

    entry = registry.find(name)
    found = store.find_installed(entry) if entry else []
    if not found:
        what = "not installed; run 'translate-news models pull'" if entry else "not in the registry (models list)"
        typer.echo(f"translate-news: error: {name}: {what}", err=True)
        raise typer.Exit(ExitCode.UNAVAILABLE)
    typer.echo(str(found[0].path))


@models_app.command("pull")
def models_pull(
    preset: PresetName = "fast",
    model: Annotated[Optional[list[str]], typer.Option(
        "--model", help="Pull these registry models instead of a preset (repeatable).", show_default=False)] = None,
    to: Annotated[Optional[Path], typer.Option(
        help="Download into this folder (e.g. models/) instead of the Hugging Face cache.", show_default=False)] = None,
) -> None:
    """Fetch a preset's models (config, tokenizer, safetensors weights) for offline use.

    With CTranslate2 installed, each model is also converted for it right away."""
    from translate_news import registry, store
    from translate_news.backends import ctranslate2_installed

    ui = UI()
    if model:
        entries = [registry.find(m) for m in model]
        if None in entries:
            ui.error(f"not in the registry: {', '.join(m for m, e in zip(model, entries) if e is None)}")
            raise typer.Exit(ExitCode.USAGE)
    else:
        entries = registry.presets()[preset].entries()
    failed = 0
    for entry in entries:
        ui.note(f"pulling {entry.hub_id}@{entry.revision} (about {entry.size_mb} MB)")
        try:
            folder = store.pull(entry, to=to)
            ui.note(f"  -> {folder}")
            if ctranslate2_installed():  # so the first run is fast too
                from translate_news.convert import ensure_converted

                ensure_converted(str(folder) if to else entry.hub_id, "int8", entry.role, notify=ui.note)
        except Exception as e:  # one model's failure should not hide the others'
            failed += 1
            ui.error(f"{entry.hub_id}: {' '.join(str(e).split())[:200]}")
    raise typer.Exit(ExitCode.UNAVAILABLE if failed else ExitCode.OK)


@models_app.command("verify")
def models_verify() -> None:
    """Re-check every installed model: files present (and their hashes), config and tokenizer load."""
    from translate_news import registry, store

    ui, bad, seen = UI(), 0, 0
    for entry in registry.models().values():
        for inst in store.find_installed(entry):
            seen += 1
            problems = store.verify(inst, entry)
            bad += bool(problems)
            typer.echo(f"{'ok    ' if not problems else 'BROKEN'} {entry.name} ({inst.where} {inst.path})")
            for p in problems:
                typer.echo(f"       {p}")
    if not seen:
        ui.note("no models installed; 'translate-news models pull' fetches the default ones")
    raise typer.Exit(ExitCode.UNAVAILABLE if bad else ExitCode.OK)


@app.command()
def doctor(json_output: Annotated[bool, typer.Option("--json", help="Machine-readable.")] = False) -> None:
    """Versions, the device --device auto would pick and why, models, offline state, Arabic display."""
    from translate_news.doctor import diagnose, format_report

    report = diagnose(stdout_is_terminal=sys.stdout.isatty())
    typer.echo(json.dumps(report, indent=2) if json_output else format_report(report), nl=not json_output)


@app.command()
def bench(
    json_output: Annotated[bool, typer.Option("--json", help="Machine-readable.")] = False,
    naive: Annotated[bool, typer.Option("--naive/--no-naive",
                                        help="Also time the naive transformers pattern (slow: minutes on a CPU).")] = True,
    device: Device = "auto",
    article: Annotated[Optional[Path], typer.Option(help="Arabic article to time. [default: the bundled example]",
                                                    show_default=False)] = None,
    fast: Annotated[bool, typer.Option("--fast", help="Time the default path with greedy decoding (--fast).")] = False,
    tiny: Annotated[bool, typer.Option("--tiny", help="Tiny random models: checks that bench works, in seconds.")] = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Time the default path against one-sentence-at-a-time transformers, on this machine.

    Uses the default preset's models when installed; otherwise builds random-weight models
    of their exact architectures once (and says so: those figures are about speed only).
    """
    from translate_news.bench import format_report, run_bench

    ui = UI(quiet=quiet)
    result = {}

    def work() -> int:
        result.update(run_bench(tiny=tiny, naive=naive, fast=fast, device=device, article=article, notify=ui.note))
        typer.echo(json.dumps(result, indent=2) if json_output else format_report(result), nl=not json_output)
        return ExitCode.OK

    raise typer.Exit(_guarded(ui, debug, work))


def main() -> None:
    app(prog_name="translate-news")
