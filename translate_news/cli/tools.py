"""The tool commands: models (list, path, pull, verify), doctor and bench."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from translate_news.cli.app import app, guarded
from translate_news.cli.options import Backend, Debug, Device, PresetName, Quiet
from translate_news.errors import ExitCode, UsageError
from translate_news.jsontext import to_json
from translate_news.normalize import safe_text
from translate_news.ui import UI

models_app = typer.Typer(help="The models: what is installed, fetch for offline use, check.",
                         no_args_is_help=True, rich_markup_mode=None)
app.add_typer(models_app, name="models")
JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable.")]


@models_app.command("list")
def models_list(json_output: JsonFlag = False) -> None:
    """Presets and models: installed where, size, licence, published score, where the pin was read. No network."""
    from translate_news.catalog import registry, store

    rows: list[dict[str, Any]] = []
    for entry in registry.models().values():
        found = store.find_installed(entry)
        in_presets = [p.name for p in registry.presets().values() if entry in p.entries()]
        rows.append({"name": entry.name, "hub_id": entry.hub_id, "revision": entry.revision, "role": entry.role,
                     "format": entry.format, "presets": in_presets, "licence": entry.licence,
                     "size_mb": entry.size_mb, "score": entry.score, "source": entry.source,
                     "installed": [{"where": i.where, "path": str(i.path), "mb": round(i.size_bytes / 1e6, 1)}
                                   for i in found]})
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
def models_path(name: Annotated[str, typer.Argument(help="Short name or hub id, e.g. opus-mt-ar-en.")]) -> None:
    """Print where a model is installed (exit 69 when it is not)."""
    from translate_news.catalog import registry, store

    entry = registry.find(name)
    found = store.find_installed(entry) if entry else []
    if not found:
        what = "not installed; run 'translate-news models pull'" if entry else "not in the registry (models list)"
        UI().error(f"{name}: {what}")
        raise typer.Exit(ExitCode.UNAVAILABLE)
    typer.echo(str(found[0].path))


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
    from translate_news.backends import ctranslate2_installed
    from translate_news.catalog import registry, store
    from translate_news.errors import one_line

    if names:
        entries = [registry.find(m) for m in names]
        missing = [m for m, e in zip(names, entries, strict=True) if e is None]
        if missing:
            raise UsageError(f"not in the registry: {', '.join(missing)} (see 'translate-news models list')")
    elif preset in registry.presets():
        entries = list(registry.presets()[preset].entries())
    else:
        raise UsageError(f"unknown --preset '{preset}': use {' or '.join(registry.presets())}")
    failed = 0
    for entry in entries:
        assert entry is not None
        ui.note(f"pulling {entry.hub_id}@{entry.revision} (about {entry.size_mb} MB)")
        try:
            folder = store.pull(entry, to=to)
            ui.note(f"  -> {folder}")
            if ctranslate2_installed() and not entry.native:  # so the first run is fast too
                from translate_news.backends.convert import ensure_converted

                ensure_converted(str(folder) if to else entry.hub_id, "int8")
        except store.HubUnreachable as e:  # the same for every model: said once
            ui.error(f"cannot pull: {e}")
            return ExitCode.UNAVAILABLE
        except Exception as e:
            failed += 1
            ui.error(f"{entry.hub_id}: {one_line(e, 200)}")
    return ExitCode.UNAVAILABLE if failed else ExitCode.OK


@models_app.command("verify")
def models_verify(
    canary: Annotated[bool, typer.Option(
        "--canary/--no-canary", help="Also translate a few sentences whose translation is not in doubt with "
                                     "each translation model (it loads each one).")] = True,
    device: Device = "auto",
    backend: Backend = "auto",
) -> None:
    """Re-check every installed model: files present (and their hashes), config and tokenizer load,
    and (the canary) each translation model still translates a few unambiguous sentences."""
    from translate_news.catalog import registry, store

    ui, bad, seen = UI(), 0, 0
    for entry in registry.models().values():
        for inst in store.find_installed(entry):
            seen += 1
            problems = store.verify(inst, entry) or _load_problems(inst, entry)
            verdict = None
            if not problems and canary and entry.role != "summary":
                verdict, problem = _canary(inst, entry, device, backend)
                problems = [problem] if problem else []
            broken = bool(problems) or (verdict is not None and not verdict["ok"])
            bad += broken
            typer.echo(safe_text(f"{'BROKEN' if broken else 'ok    '} {entry.name} ({inst.where} {inst.path})"))
            for p in problems:
                typer.echo(f"       {safe_text(p)}")
            if verdict is not None:
                from translate_news.backends.canary import describe

                typer.echo(f"       {describe(verdict)}")
    if not seen:
        ui.note("no models installed; 'translate-news models pull' fetches the default ones")
    raise typer.Exit(ExitCode.UNAVAILABLE if bad else ExitCode.OK)


def _load_problems(inst: Any, entry: Any) -> list[str]:
    """Why an installed copy's config or tokenizer files do not load (no weights are loaded)."""
    if entry.native:
        from translate_news.backends.native import native_meta
        from translate_news.errors import TranslateNewsError

        try:
            native_meta(inst.path)
        except TranslateNewsError as e:
            return [str(e)]
        return []
    from translate_news.backends.hf import load_problem

    problem = load_problem(inst.path)
    return [problem] if problem else []


def _canary(inst: Any, entry: Any, device: str, backend: str) -> tuple[dict[str, Any] | None, str | None]:
    """(the verdict, as recorded) or (None, why the model could not be run)."""
    from translate_news.backends.canary import attempt

    name = str(inst.path) if inst.where == "local" else entry.hub_id
    outcome = attempt(name, back=entry.role == "back-translation", device=device, backend=backend)
    return (None, outcome) if isinstance(outcome, str) else (outcome, None)


@app.command()
def doctor(
    json_output: JsonFlag = False,
    canary: Annotated[bool, typer.Option(
        "--canary", help="Run the canary (a few unambiguous sentences) with the translation models a run here "
                         "would use, and record the verdict (it loads them).")] = False,
) -> None:
    """Versions, the device --device auto would pick and why, models and their canary verdicts,
    offline state, Arabic display."""
    from translate_news.doctor import diagnose, format_report

    report = diagnose(stdout_is_terminal=sys.stdout.isatty(), canary=canary)
    typer.echo(to_json(report, indent=2) if json_output else format_report(report), nl=not json_output)


@app.command()
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
