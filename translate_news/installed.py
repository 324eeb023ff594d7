"""The installed models, for `translate-news models`: list them, pull them, verify them.

`verify_models` judges every installed registry model and the models a run would use (a
preset's, or an override such as --mt-model): a ModelCheck that is not `ok` is what the
command line turns into exit 69. A model that is only not installed is no problem there (a
run downloads it on first use). Pulling converts for CTranslate2 when it is installed.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translate_news.catalog import registry, store
from translate_news.catalog.registry import ModelEntry
from translate_news.errors import ModelUnavailable, UsageError, one_line

if TYPE_CHECKING:
    from translate_news.settings import Settings


def listing() -> list[dict[str, Any]]:
    """Every registry model: what it is, its presets, and where it is installed. No network."""
    rows: list[dict[str, Any]] = []
    for entry in registry.models().values():
        in_presets = [p.name for p in registry.presets().values() if entry in p.entries()]
        rows.append({"name": entry.name, "hub_id": entry.hub_id, "revision": entry.revision, "role": entry.role,
                     "format": entry.format, "presets": in_presets, "licence": entry.licence,
                     "size_mb": entry.size_mb, "score": entry.score, "source": entry.source,
                     "installed": [{"where": i.where, "path": str(i.path), "mb": round(i.size_bytes / 1e6, 1)}
                                   for i in store.find_installed(entry)]})
    return rows


def installed_path(name: str) -> Path:
    """Where registry model `name` (a short name or hub id) is installed, the first place found;
    ModelUnavailable (69) saying why when it is not."""
    entry = registry.find(name)
    found = store.find_installed(entry) if entry else []
    if not found:
        what = "not installed; run 'translate-news models pull'" if entry else "not in the registry (models list)"
        raise ModelUnavailable(f"{name}: {what}")
    return found[0].path


def to_pull(preset: str, names: list[str] | None) -> list[ModelEntry]:
    """The registry models `names` name, else the preset's; UsageError for an unknown one."""
    if names:
        entries = [registry.find(m) for m in names]
        missing = [m for m, e in zip(names, entries, strict=True) if e is None]
        if missing:
            raise UsageError(f"not in the registry: {', '.join(missing)} (see 'translate-news models list')")
        return [e for e in entries if e is not None]
    if preset not in registry.presets():
        raise UsageError(f"unknown --preset '{preset}': use {' or '.join(registry.presets())}")
    return list(registry.presets()[preset].entries())


def pull(entries: list[ModelEntry], *, to: Path | None, say: Callable[[str], None],
         fail: Callable[[str], None]) -> int:
    """Fetch each entry (and convert it for CTranslate2 when that is installed); return how many failed.

    store.HubUnreachable is raised, not counted: it is the same for every model."""
    from translate_news.backends import ctranslate2_installed

    failed = 0
    for entry in entries:
        say(f"pulling {entry.hub_id}@{entry.revision} (about {entry.size_mb} MB)")
        try:
            folder = store.pull(entry, to=to)
            say(f"  -> {folder}")
            if ctranslate2_installed() and not entry.native:  # so the first run is fast too
                from translate_news.backends.convert import ensure_converted

                ensure_converted(str(folder) if to else entry.hub_id, "int8")
        except store.HubUnreachable:
            raise
        except Exception as e:
            failed += 1
            fail(f"{entry.hub_id}: {one_line(e, 200)}")
    return failed


@dataclass
class ModelCheck:
    """One installed copy of a model, checked: its files, its config and tokenizer, its canary."""

    name: str  # the registry's short name, or the model as the run names it
    where: str  # "local /path", "hf-cache /path"
    role: str
    problems: list[str] = field(default_factory=list)
    verdict: dict[str, Any] | None = None  # the canary's, when it ran

    @property
    def ok(self) -> bool:
        return not self.problems and (self.verdict is None or bool(self.verdict.get("ok")))


def verify_models(settings: Settings | None, *, canary: bool = True, device: str = "auto",
                  backend: str = "auto") -> tuple[list[ModelCheck], list[str]]:
    """Check every installed registry model and every model `settings` would run with (a preset's or
    an override such as --mt-model); return the checks and the run's models that are not installed."""
    checks: list[ModelCheck] = []
    seen: set[Path] = set()
    for entry in registry.models().values():
        for inst in store.find_installed(entry):
            seen.add(inst.path.resolve())
            problems = store.verify(inst, entry) or _load_problems(inst.path, native=entry.native)
            checks.append(_with_canary(ModelCheck(entry.name, f"{inst.where} {inst.path}", entry.role, problems),
                                       str(inst.path) if inst.where == "local" else entry.hub_id,
                                       canary, device, backend))
    absent = []
    roles = (("translation", settings.mt_model), ("summary", settings.summary_model),
             ("back-translation", settings.back_model)) if settings else ()
    for role, name in roles:
        check = _run_model(role, name, seen)
        if check is None:
            absent.append(name)
        elif check.where:  # not a registry model's copy, checked above
            checks.append(_with_canary(check, name, canary, device, backend))
    return checks, absent


def _run_model(role: str, name: str, seen: set[Path]) -> ModelCheck | None:
    """A run's model as a check; None when it is not installed (nothing to check; a run downloads it)."""
    from translate_news.catalog import layout
    from translate_news.catalog.hub import ModelRef, model_folder
    from translate_news.errors import TranslateNewsError

    try:
        ref = ModelRef.parse(name)
    except TranslateNewsError as e:
        return ModelCheck(name, "not found", role, [str(e)])
    folder = model_folder(ref)
    if folder is None:
        return None
    if folder.resolve() in seen:  # a registry model checked above, or the same model in another role
        return ModelCheck(name, "", role)
    seen.add(folder.resolve())
    present = [p.name for p in folder.iterdir() if p.is_file()]
    native = layout.is_ctranslate2(folder)
    problems = layout.problems(present, ctranslate2=native) or _load_problems(folder, native=native)
    return ModelCheck(name, f"{'local' if ref.local else 'hf-cache'} {folder}", role, problems)


def _with_canary(check: ModelCheck, name: str, canary: bool, device: str, backend: str) -> ModelCheck:
    """Run the canary on a sound translation model (it loads the model; the verdict is recorded)."""
    from translate_news.backends.canary import attempt

    if check.problems or not canary or check.role == "summary":
        return check
    outcome = attempt(name, back=check.role == "back-translation", device=device, backend=backend)
    if isinstance(outcome, str):
        check.problems.append(outcome)
    else:
        check.verdict = outcome
    return check


def _load_problems(folder: Path, *, native: bool) -> list[str]:
    """Why a model's config or tokenizer files do not load (no weights are loaded)."""
    if native:
        from translate_news.backends.native import native_meta
        from translate_news.errors import TranslateNewsError

        try:
            native_meta(folder)
        except TranslateNewsError as e:
            return [str(e)]
        return []
    from translate_news.backends.hf import load_problem

    problem = load_problem(folder)
    return [problem] if problem else []
