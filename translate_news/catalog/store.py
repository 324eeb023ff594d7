"""Where models live, fetching them for offline use, and checking them.

Two places: the standard Hugging Face cache, and a plain local store (default `./models`,
or TRANSLATE_NEWS_MODELS_DIR) that can be copied to an air-gapped machine. Looking up
what is installed never touches the network or imports torch.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate_news.catalog import layout
from translate_news.catalog.hub import cached_snapshot, hub_unreachable, offline_mode
from translate_news.catalog.registry import ModelEntry, find
from translate_news.errors import ModelUnavailable
from translate_news.output import sha256_file, write_atomic

LOCK_FILE = "models.lock.json"


@dataclass(frozen=True)
class Installed:
    where: str  # "local" or "hf-cache"
    path: Path
    size_bytes: int


def local_store() -> Path:
    return Path(os.environ.get("TRANSLATE_NEWS_MODELS_DIR") or "models")


def find_installed(entry: ModelEntry, *, store: Path | None = None, cache_dir: str | None = None) -> list[Installed]:
    """Every installed copy of `entry`, local store first."""
    found = []
    local = (store or local_store()) / entry.name
    if layout.has_model(local):
        found.append(Installed("local", local, folder_size(local)))
    snapshot = cached_snapshot(entry.hub_id, entry.pinned, cache_dir=cache_dir)
    if snapshot is not None:
        found.append(Installed("hf-cache", snapshot, folder_size(snapshot)))
    return found


def resolve(name: str, *, store: Path | None = None) -> str:
    """The local store's copy of a registry model when there is one, else `name` unchanged."""
    entry = find(name)
    if entry is not None:
        local = (store or local_store()) / entry.name
        if layout.has_model(local):
            return str(local)
    return name


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())  # follows cache symlinks


class HubUnreachable(ModelUnavailable):
    """No model can be fetched: offline mode, or no connection to the hub."""


def _hub_list_files(repo_id: str, revision: str | None) -> tuple[str, list[str]]:
    """The commit `revision` points at now, and the files in it."""
    from huggingface_hub import HfApi

    problem = "offline mode is on (HF_HUB_OFFLINE)" if offline_mode() else hub_unreachable()
    if problem:
        raise HubUnreachable(f"the model hub cannot be reached ({problem}); connect to the network, or copy "
                             "a models/ folder pulled elsewhere (translate-news models pull --to models/)")

    info = HfApi().model_info(repo_id, revision=revision)
    if not info.sha:
        raise ModelUnavailable(f"the hub gave no commit for {repo_id}@{revision or 'main'}")
    return info.sha, [s.rfilename for s in info.siblings or []]


def _hub_download(repo_id: str, filename: str, revision: str | None, local_dir: Path | None) -> str:
    from huggingface_hub import hf_hub_download

    return hf_hub_download(repo_id, filename, revision=revision, local_dir=local_dir)


def pull(entry: ModelEntry, *, to: Path | None = None,
         list_files: Callable[[str, str | None], tuple[str, list[str]]] | None = None,
         download: Callable[[str, str, str | None, Path | None], str] | None = None) -> Path:
    """Fetch exactly the files `entry` needs, at its revision; return the folder holding them.

    The revision is resolved to one commit first and every file is fetched at that commit,
    so a branch that moves mid-download cannot mix two versions. Into the HF cache by
    default, or into `to/<name>` (a plain folder to copy elsewhere), whose models.lock.json
    then records the commit and each file's sha256.
    """
    list_files, download = list_files or _hub_list_files, download or _hub_download
    commit, repo_files = list_files(entry.hub_id, entry.pinned)
    files = layout.needed_files(repo_files, ctranslate2=entry.native)
    missing = layout.problems(files, ctranslate2=entry.native)
    if missing:
        raise ValueError(f"{entry.hub_id} does not look like a {entry.format} model repository: {'; '.join(missing)}")
    target = None if to is None else Path(to) / entry.name
    paths = [Path(download(entry.hub_id, f, commit, target)) for f in files]
    folder = paths[0].parent
    if to is not None:
        _write_lock(Path(to), entry, commit, {f: sha256_file(p) for f, p in zip(files, paths, strict=True)})
    return folder


def _read_lock(store: Path) -> dict[str, Any]:
    try:
        lock: dict[str, Any] = json.loads((store / LOCK_FILE).read_text(encoding="utf-8"))
        return lock
    except (OSError, ValueError):
        return {}


def _write_lock(store: Path, entry: ModelEntry, commit: str, hashes: dict[str, str]) -> None:
    lock = _read_lock(store)
    lock[entry.name] = {"hub_id": entry.hub_id, "revision": entry.revision, "commit": commit, "files": hashes}
    write_atomic(store / LOCK_FILE, json.dumps(lock, indent=2, sort_keys=True) + "\n")


def verify(installed: Installed, entry: ModelEntry, *, store: Path | None = None) -> list[str]:
    """Problems with an installed copy (empty when it is sound).

    Every expected file of the entry's layout must be present (and match its recorded sha256
    in a local store). Whether the model loads and translates is the backends' question
    (`backends.hf.load_problem`, `backends.canary`).
    """
    present = [p.name for p in installed.path.iterdir() if p.is_file()]
    problems = layout.problems(present, ctranslate2=entry.native)
    if installed.where == "local":
        recorded = _read_lock(store or installed.path.parent).get(entry.name, {}).get("files", {})
        for name, digest in recorded.items():
            path = installed.path / name
            if not path.is_file():
                problems.append(f"{name} is missing")
            elif sha256_file(path) != digest:
                problems.append(f"{name} does not match its recorded sha256")
    return problems
