"""Which torch device to run on: a GPU only when it actually works."""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from typing import Any

from translate_news.errors import DeviceUnavailable, UsageError

MAX_THREADS = 64  # workers x threads; more is a typo, not a machine


@dataclass(frozen=True)
class DeviceChoice:
    device: str  # a torch device string: cpu, cuda:0, mps
    note: str | None = None  # why auto fell back to the CPU, for one stderr line


@functools.cache  # once per process, however many models load
def resolve_device(requested: str) -> DeviceChoice:
    """Turn --device into a working torch device.

    `auto` tries CUDA, then falls back to the CPU (with a note when a GPU was present but
    failed its warm-up). An explicit device that does not work raises DeviceUnavailable.
    """
    import torch

    if requested == "cpu":
        return DeviceChoice("cpu")
    if requested == "auto":
        if not torch.cuda.is_available():
            return DeviceChoice("cpu")  # no GPU at all: nothing to report
        try:
            return DeviceChoice(_warm_up(torch, "cuda:0"))
        except Exception as e:  # a broken driver or library: degrade, do not die
            return DeviceChoice("cpu", f"GPU found but unusable ({_first_line(e)}); using the CPU")
    try:
        if requested.startswith("cuda"):
            if not torch.cuda.is_available():
                raise RuntimeError("this torch build has no CUDA or no GPU is visible")
            index = int(requested.partition(":")[2] or 0)
            if index >= torch.cuda.device_count():
                raise RuntimeError(f"only {torch.cuda.device_count()} CUDA device(s) visible")
            return DeviceChoice(_warm_up(torch, f"cuda:{index}"))
        if requested == "mps":
            if not torch.backends.mps.is_available():
                raise RuntimeError("MPS is not available on this machine")
            return DeviceChoice(_warm_up(torch, "mps"))
    except (RuntimeError, AssertionError, ValueError) as e:
        # AssertionError: "Torch not compiled with CUDA enabled" on CPU-only builds.
        raise DeviceUnavailable(
            f"device '{requested}' is unusable: {_first_line(e)}; use --device cpu or auto") from None
    raise DeviceUnavailable(f"unknown device '{requested}'; use auto, cpu, cuda, cuda:N or mps")


def _warm_up(torch: Any, device: str) -> str:
    x = torch.ones((8, 8), device=device)
    (x @ x).sum().item()  # forces a kernel launch and a copy back
    return device


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__


def describe_auto() -> tuple[dict[str, Any], dict[str, Any]]:
    """(the torch build, what --device auto picks and why), for doctor."""
    try:
        import torch
    except ImportError as e:
        return {"error": str(e)}, {"auto": None, "why": "torch does not import"}
    build = {"version": torch.__version__, "cuda": torch.version.cuda,
             "mps_built": bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_built())}
    choice = resolve_device("auto")
    if choice.note:
        why = choice.note
    elif choice.device == "cpu":
        why = ("this torch build has no CUDA" if torch.version.cuda is None else "no CUDA device is visible")
    else:
        why = f"{torch.cuda.get_device_name(choice.device)} passed a warm-up"
    return build, {"auto": choice.device, "why": why, "TRANSLATE_NEWS_DEVICE": os.environ.get("TRANSLATE_NEWS_DEVICE")}


def usable_cores() -> int:
    """Cores this process may run on (its affinity, which containers and taskset narrow)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def cpu_threads(kind: str) -> tuple[int, int]:
    """(workers, threads per worker) for the CPU.

    Translation runs many independent batches, so on a small machine one single-threaded
    worker per core beats one worker using every core (measured 1.45x on 2 cores); a summary
    is one long input, so it gets one worker with every core. TRANSLATE_NEWS_THREADS=WxT
    (e.g. 2x1) overrides the translation split.
    """
    cores = usable_cores()
    if kind == "summary":
        return 1, cores
    override = os.environ.get("TRANSLATE_NEWS_THREADS", "")
    if override:
        w_text, _, t_text = override.lower().partition("x")
        try:
            w, t = int(w_text), int(t_text or 1)
        except ValueError:
            w = t = 0
        if not (w >= 1 and t >= 1 and w * t <= MAX_THREADS):
            raise UsageError(f"TRANSLATE_NEWS_THREADS='{override}': use WORKERSxTHREADS, at most {MAX_THREADS} "
                             "threads in all, e.g. 2x1")
        return w, t
    return split_cores(cores)


def split_cores(cores: int) -> tuple[int, int]:
    """(workers, threads per worker) for translation on `cores` cores: a single-threaded worker
    per core, up to 4 workers, which share what is left."""
    workers = min(cores, 4)
    return workers, max(1, cores // workers)


def torch_threads() -> int:
    """Threads for torch's one worker: TRANSLATE_NEWS_THREADS's total, else half the cores.

    Not torch's default (every core): when anything else runs, threads that wait for each
    other at every step lose far more than one core brings. Translating 16 sentences with the
    opus-mt-ar-en shape (random weights, beam 4) on 2 cores took 51, 69 and 33 s with one
    thread against 247, 134 and 34 s with two (three runs, the machine busy, busy, idle).
    """
    if os.environ.get("TRANSLATE_NEWS_THREADS"):
        workers, threads = cpu_threads("translation")
        return workers * threads
    return max(1, usable_cores() // 2)
