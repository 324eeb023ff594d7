"""What `translate-news doctor` reports: versions, device decision, models, offline state."""
from __future__ import annotations

import os
import platform
from importlib import metadata

PACKAGES = ("translate-news", "torch", "transformers", "ctranslate2", "huggingface_hub", "tokenizers",
            "sentencepiece", "safetensors", "typer", "rich")


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def diagnose(*, stdout_is_terminal: bool, probe_hub: bool = True) -> dict:
    """Everything doctor shows, as plain data (the --json output)."""
    from huggingface_hub import constants

    from translate_news import registry, store
    from translate_news.loading import hub_unreachable, offline_mode
    from translate_news.rtl import resolve_rtl_mode

    report = {"python": platform.python_version(), "platform": platform.platform(),
              "packages": {p: _version(p) for p in PACKAGES}}
    report["torch"], report["device"] = _torch_and_device()
    offline = offline_mode()
    report["offline"] = {"HF_HUB_OFFLINE": offline, "hub": constants.ENDPOINT,
                         "hub_reachable": None if offline or not probe_hub else hub_unreachable() is None}
    report["stores"] = {"hf_cache": str(constants.HF_HUB_CACHE), "local": str(store.local_store().resolve())}
    report["backend"] = _backend()
    report["presets"] = {}
    for name, preset in registry.presets().items():
        rows = {}
        for role, entry in (("translation", preset.translation), ("summary", preset.summary),
                            ("back_translation", preset.back_translation)):
            found = store.find_installed(entry)
            rows[role] = {"model": entry.hub_id, "revision": entry.revision,
                          "installed": [{"where": i.where, "path": str(i.path), "mb": round(i.size_bytes / 1e6, 1)}
                                        for i in found],
                          "converted": _converted(store.resolve(entry.hub_id)) if found else None}
        report["presets"][name] = rows
    report["rtl_auto"] = resolve_rtl_mode(None, is_terminal=stdout_is_terminal)
    return report


def _backend() -> dict:
    from translate_news.backends import ctranslate2_installed
    from translate_news.convert import converted_root

    requested = os.environ.get("TRANSLATE_NEWS_BACKEND") or "auto"
    if requested == "transformers":
        choice, why = "transformers", "TRANSLATE_NEWS_BACKEND=transformers"
    elif ctranslate2_installed():
        choice, why = "ctranslate2", "ctranslate2 is installed; each model converts once on first use"
    else:
        choice, why = "transformers", "ctranslate2 is not installed (pip install 'translate-news[fast]')"
    return {"requested": requested, "auto": choice, "why": why, "converted_dir": str(converted_root())}


def _converted(name: str) -> str | None:
    from translate_news.convert import find_converted

    found = find_converted(name, "int8")
    return str(found) if found else None


def _torch_and_device() -> tuple[dict, dict]:
    try:
        import torch
    except ImportError as e:
        return {"error": str(e)}, {"auto": None, "why": "torch does not import"}
    from translate_news.devices import resolve_device

    build = {"version": torch.__version__, "cuda": torch.version.cuda,
             "mps_built": bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_built())}
    choice = resolve_device("auto")
    if choice.note:
        why = choice.note
    elif choice.device == "cpu":
        why = ("this torch build has no CUDA" if torch.version.cuda is None else "no CUDA device is visible")
    else:
        why = f"{torch.cuda.get_device_name(choice.device)} passed a warm-up"
    return build, {"auto": choice.device, "why": why,
                   "TRANSLATE_NEWS_DEVICE": os.environ.get("TRANSLATE_NEWS_DEVICE")}


def format_report(r: dict) -> str:
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
              f"model stores: HF cache {r['stores']['hf_cache']}; local {r['stores']['local']}", "", "models:"]
    for preset, rows in r["presets"].items():
        for role, row in rows.items():
            where = ", ".join(f"{i['where']} {i['path']} ({i['mb']} MB)" for i in row["installed"]) or \
                "MISSING (translate-news models pull" + ("" if preset == "fast" else f" --preset {preset}") + ")"
            converted = "; converted for CTranslate2" if row.get("converted") else ""
            lines.append(f"  {preset:8} {role:17} {row['model']}: {where}{converted}")
    lines += ["", f"Arabic display (--rtl auto): {r['rtl_auto']}"]
    return "\n".join(lines) + "\n"
