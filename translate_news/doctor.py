"""What `translate-news doctor` reports: versions, device decision, models, offline state.

For each model, its canary verdict as `models verify` last recorded it (backends/canary.py);
`doctor --canary` runs the canary first on the translation models a run here would use.
`problems` lists what the command line turns into exit 69: the models a run would use (a
preset's or an override's alike) broken or failing their canary. A model that is only not
installed is no problem (a run downloads it on first use)."""
from __future__ import annotations

import os
import platform
from importlib import metadata
from typing import Any

from translate_news.normalize import safe_text

# ray: whether `batch --engine ray` can run here (the ray extra); trafilatura, htmldate and httpx:
# what reads web pages (read from the installed metadata, never imported here)
PACKAGES = ("translate-news", "torch", "transformers", "ctranslate2", "huggingface_hub", "tokenizers",
            "sentencepiece", "safetensors", "typer", "rich", "ray", "trafilatura", "htmldate", "httpx")


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def diagnose(*, stdout_is_terminal: bool, probe_hub: bool = True, canary: bool = False) -> dict[str, Any]:
    """Everything doctor shows, as plain data (the --json output); `canary`: run it first (loads models)."""
    from huggingface_hub import constants

    from translate_news.backends.devices import describe_auto
    from translate_news.catalog import registry, store
    from translate_news.catalog.hub import hub_unreachable, offline_mode
    from translate_news.rtl import resolve_rtl_mode

    report: dict[str, Any] = {"python": platform.python_version(), "platform": platform.platform(),
                              "packages": {p: _version(p) for p in PACKAGES}}
    report["torch"], report["device"] = describe_auto()
    offline = offline_mode()
    report["offline"] = {"HF_HUB_OFFLINE": offline, "hub": constants.ENDPOINT,
                         "hub_reachable": None if offline or not probe_hub else hub_unreachable() is None}
    report["stores"] = {"hf_cache": str(constants.HF_HUB_CACHE), "local": str(store.local_store().resolve())}
    report["backend"] = _backend()
    if canary:
        report["canary_run"] = _run_canary()
    report["run"] = _this_run()
    report["problems"] = _problems(report)
    report["presets"] = {}
    for name, preset in registry.presets().items():
        rows = {}
        for role, entry in (("translation", preset.translation), ("summary", preset.summary),
                            ("back_translation", preset.back_translation)):
            rows[role] = {"model": entry.hub_id, "revision": entry.revision, **_where(store.resolve(entry.hub_id))}
        report["presets"][name] = rows
    report["rtl_auto"] = resolve_rtl_mode(None, is_terminal=stdout_is_terminal)
    return report


def _settings() -> Any:
    """The run settings this environment gives (TRANSLATE_NEWS_* included); raises TranslateNewsError."""
    from translate_news.settings import Settings

    env = os.environ
    return Settings.build(preset=env.get("TRANSLATE_NEWS_PRESET") or "fast",
                          mt_model=env.get("TRANSLATE_NEWS_MT_MODEL"),
                          summary_model=env.get("TRANSLATE_NEWS_SUMMARY_MODEL"),
                          back_model=env.get("TRANSLATE_NEWS_BACK_MODEL"),
                          backend=env.get("TRANSLATE_NEWS_BACKEND") or "auto",
                          device=env.get("TRANSLATE_NEWS_DEVICE") or "auto")


def _this_run() -> dict[str, Any]:
    """The models `translate` would use in this environment (TRANSLATE_NEWS_* included)."""
    from translate_news.errors import TranslateNewsError

    try:
        s = _settings()
    except TranslateNewsError as e:
        return {"error": str(e)}
    return {role: {"model": name, **_where(name)} for role, name in
            (("translation", s.mt_model), ("summary", s.summary_model), ("back_translation", s.back_model))}


def _run_canary() -> dict[str, str]:
    """Run the canary on this run's installed translation models; what became of each (the verdicts are recorded)."""
    from translate_news.backends.canary import attempt, describe
    from translate_news.errors import TranslateNewsError

    try:
        s = _settings()
    except TranslateNewsError as e:
        return {"error": str(e)}
    done = {}
    for name, back in ((s.mt_model, False), (s.back_model, True)):
        if not _where(name)["installed"]:
            done[name] = "not installed"
            continue
        outcome = attempt(name, back=back, device=s.device, backend=s.backend)
        done[name] = outcome if isinstance(outcome, str) else describe(outcome)
    return done


def _problems(report: dict[str, Any]) -> list[str]:
    """What stops a run here from working as it should: the settings, a model that is named but
    broken or cannot be found, a canary that failed (now or when last run)."""
    from translate_news.backends.canary import describe

    run = report["run"]
    if "error" in run:
        return [str(run["error"])]
    out = []
    for role, row in run.items():
        if row.get("problem"):
            out.append(f"{role}: {row['problem']}")
        elif row.get("canary") and not row["canary"].get("ok"):
            out.append(f"{role}: {row['model']}: {describe(row['canary'])}")
    for name, what in report.get("canary_run", {}).items():
        if name == "error":
            out.append(what)
        elif not what.startswith(("canary passed", "not installed")) and \
                not any(line.endswith(f": {name}: {what}") for line in out):  # once, not as a role's and again
            out.append(f"canary: {name}: {what}")
    return out


def _where(name: str) -> dict[str, Any]:
    """Where a model name (hub id or folder) is installed, and whether it is converted for CTranslate2."""
    from translate_news.backends.verdicts import lookup
    from translate_news.catalog.hub import ModelRef, model_folder
    from translate_news.catalog.layout import has_model, is_ctranslate2
    from translate_news.catalog.store import folder_size
    from translate_news.errors import TranslateNewsError

    try:
        ref = ModelRef.parse(name)
    except TranslateNewsError as e:
        return {"installed": [], "converted": None, "problem": str(e)}
    folder = model_folder(ref)
    if folder is None or not has_model(folder):
        return {"installed": [], "converted": None}
    where = "local" if ref.local else "hf-cache"
    native = is_ctranslate2(folder)
    return {"installed": [{"where": where, "path": str(folder), "mb": round(folder_size(folder) / 1e6, 1)}],
            "format": "ctranslate2" if native else "transformers",
            "converted": None if native else _converted(name), "canary": lookup(name)}


def _backend() -> dict[str, Any]:
    from translate_news.backends import ctranslate2_installed
    from translate_news.backends.convert import converted_root

    requested = os.environ.get("TRANSLATE_NEWS_BACKEND") or "auto"
    if requested == "transformers":
        choice, why = "transformers", "TRANSLATE_NEWS_BACKEND=transformers"
    elif ctranslate2_installed():
        choice, why = "ctranslate2", "ctranslate2 is installed; each model converts once on first use"
    else:
        choice, why = "transformers", "ctranslate2 is not installed (pip install 'translate-news[fast]')"
    return {"requested": requested, "auto": choice, "why": why, "converted_dir": str(converted_root())}


def _converted(name: str) -> str | None:
    from translate_news.backends.convert import find_converted

    found = find_converted(name, "int8")
    return str(found) if found else None


def format_report(r: dict[str, Any]) -> str:
    lines = [f"translate-news {r['packages']['translate-news']} on Python {r['python']} ({r['platform']})", "",
             "packages:"]
    lines += [f"  {k:16} {v or 'not installed'}" for k, v in r["packages"].items()]
    t = r["torch"]
    build = t.get("error") or f"torch {t['version']}, CUDA {t['cuda'] or 'none'}, MPS built: {t['mps_built']}"
    b = r["backend"]
    lines += ["", f"torch build:  {build}", f"--device auto: {r['device']['auto']} ({r['device']['why']})",
              f"--backend {b['requested']}: {b['auto']} ({b['why']}); converted models in {b['converted_dir']}"]
    o = r["offline"]
    reach = {None: "not checked", True: "reachable", False: "NOT reachable"}[o["hub_reachable"]]
    lines += [f"offline:      {'on (HF_HUB_OFFLINE)' if o['HF_HUB_OFFLINE'] else 'off'}; hub {o['hub']} {reach}",
              f"model stores: HF cache {r['stores']['hf_cache']}; local {r['stores']['local']}", "",
              "models a translate run here would use (presets and TRANSLATE_NEWS_* overrides applied):"]
    if "error" in r["run"]:
        lines.append(f"  {r['run']['error']}")
    else:
        lines += [_model_line("", role, row, "") for role, row in r["run"].items()]
    lines += ["", "presets:"]
    for preset, rows in r["presets"].items():
        pull = "" if preset == "fast" else f" --preset {preset}"
        lines += [_model_line(preset, role, row, pull) for role, row in rows.items()]
    if "canary_run" in r:
        lines += ["", "canary (run now):"] + [f"  {name}: {what}" for name, what in r["canary_run"].items()]
    lines += ["", f"Arabic display (--rtl auto): {r['rtl_auto']}"]
    if r.get("problems"):
        lines += ["", "PROBLEMS (exit 69):"] + [f"  {p}" for p in r["problems"]]
    return safe_text("\n".join(lines)) + "\n"  # model names and canary output come from the environment


def _model_line(preset: str, role: str, row: dict[str, Any], pull: str) -> str:
    where = ", ".join(f"{i['where']} {i['path']} ({i['mb']} MB)" for i in row["installed"]) or \
        row.get("problem") or f"MISSING (translate-news models pull{pull})"
    converted = "; converted for CTranslate2" if row.get("converted") else ""
    if row.get("format") == "ctranslate2":
        converted = "; a CTranslate2 model (no conversion)"
    verdict = row.get("canary")
    if verdict:
        from translate_news.backends.canary import describe

        converted += f"; {describe(verdict)}"
    elif row.get("installed") and role != "summary":
        converted += "; canary not run (translate-news models verify)"
    label = f"{preset:8} " if preset else ""
    return f"  {label}{role:17} {row['model']}: {where}{converted}"
