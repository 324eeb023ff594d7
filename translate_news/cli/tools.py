"""The tool commands: models (list, path, pull, verify), doctor and bench."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from translate_news.cli.app import app, exit_code_help, guarded
from translate_news.cli.options import (
    Backend,
    BackModel,
    Debug,
    Device,
    MtModel,
    PresetName,
    Quiet,
    SummaryModel,
)
from translate_news.errors import ExitCode
from translate_news.jsontext import to_json
from translate_news.normalize import safe_text
from translate_news.ui import UI

MODELS_EXAMPLES = """\
\b
Examples:
  translate-news models list                        presets, models, where installed
  translate-news models pull                        the default preset, into the Hugging Face cache
  translate-news models pull --preset quality --to models/    a folder to copy to an offline machine
  translate-news models verify                      files, configs and the canary; exit 69 if one fails
  translate-news models path opus-mt-ar-en
"""
models_app = typer.Typer(help="The models: what is installed, fetch for offline use, check.",
                         epilog=MODELS_EXAMPLES, no_args_is_help=True, rich_markup_mode=None)
app.add_typer(models_app, name="models")
VERIFY_EXAMPLES = """\
\b
Examples:
  translate-news models verify                      every installed model, and the default preset's
  translate-news models verify --preset quality     the quality preset's models
  translate-news models verify --mt-model ./my-marian --no-canary
"""
JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable.")]


@models_app.command("list")
def models_list(json_output: JsonFlag = False) -> None:
    """Presets and models: installed where, size, licence, published score, where the pin was read. No network."""
    from translate_news.catalog import registry
    from translate_news.installed import listing

    rows = listing()
    if json_output:
        typer.echo(to_json(rows, indent=2))
        return
    for p in registry.presets().values():
        typer.echo(f"preset {p.name}: {p.description}")
    for r in rows:
        where = "; ".join(f"{i['where']} {i['path']} ({i['mb']} MB)" for i in r["installed"]) or "not installed"
        fmt = ", CTranslate2 format" if r["format"] != "transformers" else ""
        typer.echo(f"\n{r['name']}  ({r['role']}; presets: {', '.join(r['presets']) or '-'})\n"
                   f"  {r['hub_id']}@{r['revision']}, {r['licence']}, about {r['size_mb']} MB{fmt}\n"
                   f"  score: {r['score']}\n  source: {r['source']}\n  installed: {where}")


@models_app.command("path")
def models_path(ctx: typer.Context,
                name: Annotated[str, typer.Argument(help="Short name or hub id, e.g. opus-mt-ar-en.")]) -> None:
    """Print where a model is installed (exit 69 when it is not)."""
    from translate_news.installed import installed_path

    def work() -> int:
        typer.echo(str(installed_path(name)))
        return ExitCode.OK

    guarded(ctx, UI(), False, work)


@models_app.command("pull")
def models_pull(
    ctx: typer.Context,
    preset: PresetName = "fast",
    model: Annotated[list[str] | None, typer.Option(
        "--model", help="Pull these registry models instead of a preset (repeatable).", show_default=False)] = None,
    to: Annotated[Path | None, typer.Option(
        help="Download into this folder (e.g. models/) instead of the Hugging Face cache.", show_default=False)] = None,
) -> None:
    """Fetch a preset's models (config, tokenizer, safetensors weights) for offline use.

    A model in CTranslate2's format comes as model.bin, its vocabularies and SentencePiece
    models. With CTranslate2 installed, every other model is also converted for it right away."""
    ui = UI()
    guarded(ctx, ui, False, lambda: _pull(ui, preset, model, to))


def _pull(ui: UI, preset: str, names: list[str] | None, to: Path | None) -> int:
    from translate_news.catalog.store import HubUnreachable
    from translate_news.installed import pull, to_pull

    try:
        failed = pull(to_pull(preset, names), to=to, say=ui.note, fail=ui.error)
    except HubUnreachable as e:
        ui.error(f"cannot pull: {e}")
        return ExitCode.UNAVAILABLE
    return ExitCode.UNAVAILABLE if failed else ExitCode.OK


@models_app.command("verify", epilog=VERIFY_EXAMPLES + "\n" + exit_code_help(
    [ExitCode.OK, ExitCode.USAGE, ExitCode.UNAVAILABLE]))
def models_verify(
    ctx: typer.Context,
    canary: Annotated[bool, typer.Option(
        "--canary/--no-canary", help="Also translate a few sentences whose translation is not in doubt with "
                                     "each translation model (it loads each one).")] = True,
    preset: PresetName = "fast",
    mt_model: MtModel = None,
    summary_model: SummaryModel = None,
    back_model: BackModel = None,
    device: Device = "auto",
    backend: Backend = "auto",
) -> None:
    """Re-check every installed model and the models a run would use (the preset's, or --mt-model and
    the other overrides): files present (and their hashes), config and tokenizer load, and (the
    canary) each translation model still translates a few unambiguous sentences. Exit 69 when one fails."""
    ui = UI()
    guarded(ctx, ui, False, lambda: _verify(ui, ctx.params, canary))


def _verify(ui: UI, params: dict[str, Any], canary: bool) -> int:
    from translate_news.backends.canary import describe
    from translate_news.installed import verify_models
    from translate_news.settings import Settings

    settings = Settings.build(preset=params["preset"], mt_model=params["mt_model"],
                              summary_model=params["summary_model"], back_model=params["back_model"],
                              device=params["device"], backend=params["backend"])
    checks, absent = verify_models(settings, canary=canary, device=settings.device, backend=settings.backend)
    for c in checks:
        lines = [f"{'ok    ' if c.ok else 'BROKEN'} {c.name} ({c.where})", *(f"       {p}" for p in c.problems)]
        if c.verdict is not None:
            lines.append(f"       {describe(c.verdict)}")
        typer.echo(safe_text("\n".join(lines)))  # a model's files (its canary output) may hold escapes
    for name in absent:
        ui.note(f"{name}: not installed; a run downloads it on first use ('translate-news models pull' "
                "fetches a preset's models ahead)")
    if not checks:
        ui.note("no models installed; 'translate-news models pull' fetches the default ones")
    return ExitCode.UNAVAILABLE if any(not c.ok for c in checks) else ExitCode.OK


DOCTOR_EXAMPLES = """\
\b
Examples:
  translate-news doctor                 what a run here would use, and why
  translate-news doctor --canary        and check that its translation models translate
  translate-news doctor --json > doctor.json
  TRANSLATE_NEWS_MT_MODEL=./my-marian translate-news doctor --canary
"""
BENCH_EXAMPLES = """\
\b
Examples:
  translate-news bench                  the default preset, this machine's device
  translate-news bench --no-naive --runs 3
  translate-news bench --preset quickmt --device cuda --json > bench.json
  translate-news bench --tiny           a quick check that bench works (random weights)
"""


@app.command(epilog=DOCTOR_EXAMPLES + "\n" + exit_code_help([ExitCode.OK, ExitCode.UNAVAILABLE]))
def doctor(
    json_output: JsonFlag = False,
    canary: Annotated[bool, typer.Option(
        "--canary", help="Run the canary (a few unambiguous sentences) with the translation models a run here "
                         "would use, and record the verdict (it loads them).")] = False,
) -> None:
    """Versions, the device --device auto would pick and why, models and their canary verdicts,
    offline state, Arabic display. Exit 69 when a model a run would use is broken or fails its canary."""
    from translate_news.doctor import diagnose, format_report

    report = diagnose(stdout_is_terminal=sys.stdout.isatty(), canary=canary)
    if json_output:
        typer.echo(to_json(report, indent=2))
    else:  # format_report shows environment values and a model's canary output with their controls visible
        typer.echo(format_report(report), nl=False)
    raise typer.Exit(ExitCode.UNAVAILABLE if report["problems"] else ExitCode.OK)


@app.command(epilog=BENCH_EXAMPLES + "\n" + exit_code_help(
    [ExitCode.OK, ExitCode.USAGE, ExitCode.UNAVAILABLE, ExitCode.INTERRUPTED]))
def bench(
    ctx: typer.Context,
    json_output: JsonFlag = False,
    naive: Annotated[bool, typer.Option(
        "--naive/--no-naive", help="Also time the naive transformers pattern (slow: minutes on a CPU).")] = True,
    device: Device = "auto",
    article: Annotated[Path | None, typer.Option(help="Arabic article to time. [default: the bundled example]",
                                                 show_default=False)] = None,
    fast: Annotated[bool, typer.Option("--fast", help="Time the default path with greedy decoding (--fast).")] = False,
    tiny: Annotated[bool, typer.Option("--tiny", help="Tiny random models: checks that bench works.")] = False,
    preset: Annotated[str, typer.Option(help="The preset to time: fast or quickmt (random-weight stand-ins of "
                                             "their shapes when not installed), or any installed one.")] = "fast",
    runs: Annotated[int, typer.Option(min=1, max=20, help="Runs of the real command (each streamed, on a terminal "
                                                          "and to a file); the report gives medians.")] = 1,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Time the default path against one-sentence-at-a-time transformers, on this machine, and
    the real command: its first paragraph on stdout and on a terminal, its total streamed or not.

    Uses the preset's models when installed; otherwise builds random-weight models of their
    exact architectures once (and says so: those figures are about speed only). CTranslate2
    models (--preset quickmt) have no naive transformers path.
    """
    ui = UI(quiet=quiet)

    def work() -> int:
        from translate_news.bench import format_report, run_bench

        result: dict[str, Any] = run_bench(tiny=tiny, naive=naive, fast=fast, device=device, article=article,
                                           preset=preset, runs=runs)
        typer.echo(to_json(result, indent=2) if json_output else format_report(result), nl=not json_output)
        return ExitCode.OK

    guarded(ctx, ui, debug, work)
