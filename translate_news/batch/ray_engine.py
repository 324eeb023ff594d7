"""The batch on a Ray cluster (--engine ray): the same plan, waves and records, on a pool of workers.

The driver (the `translate-news batch` process) plans as the local engine does (runner.plan_folder)
and holds the output folder's lock; the files to translate become a Ray Data dataset of relative
paths, and `map_batches` hands waves of them to a fixed pool of actors (BatchWorker). Each actor
builds its own Job from the same Settings (its models load once, when it starts) and runs
wave.translate_wave, so reading, translating, summarizing, rendering, the atomic writes and the
records are the local engine's, byte for byte. The driver streams the results back and builds
the same report.

Every node writes straight into OUT, so SRC and OUT must be on storage every node shares; each
actor proves it before loading a model (a marker the driver wrote must be readable there, and
OUT writable) and otherwise the run stops with a clear error (exit 73, or 66 for SRC).

A worker that dies (killed for memory, its node lost) is started again by Ray and its wave
retried: Ray Data gives actor pools max_restarts=-1 and max_task_retries=-1 unless told
otherwise (and ray_remote_args, the way to tell it, is deprecated from Ray 2.51). A retried wave
rewrites whole files (atomic writes) and their records; the driver counts each file once.
"""
from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import re
import secrets
import socket
import tempfile
from collections.abc import Generator, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from translate_news.batch.folders import remove_stale_temporaries
from translate_news.batch.records import FileResult, FileStatus, Request, outputs_for, record_path
from translate_news.batch.wave import WAVE_FILES, translate_wave
from translate_news.errors import (
    ExitCode,
    InputNotFound,
    OutputError,
    TranslateNewsError,
    UsageError,
    one_line,
)
from translate_news.normalize import safe_text
from translate_news.notes import note
from translate_news.output import write_atomic
from translate_news.settings import Settings

log = logging.getLogger(__name__)
EXTRA = "pip install 'translate-news[ray]'"
MIN_RAY = (2, 51)  # map_batches(compute=ActorPoolStrategy(...)) undeprecated, `concurrency` deprecated
MARKER_PREFIX = ".translate-news.ray-"  # hidden, like every file of the tool's own in OUT
CONNECT_TIMEOUT = 5.0  # seconds to reach a cluster's address before Ray's own retries (minutes) begin


class RayUnavailable(TranslateNewsError):
    exit_code = ExitCode.UNAVAILABLE


class WorkerFailed(TranslateNewsError):
    """A worker could not start (models, storage), or the cluster failed: the job stops with its code."""

    def __init__(self, message: str, code: int = ExitCode.UNAVAILABLE):
        super().__init__(message)
        self.exit_code = ExitCode(code)


@dataclass(frozen=True)
class RayOptions:
    address: str | None = None  # None: start a Ray on this machine for this run
    workers: int = 1  # actors in the pool, each with its own models
    cpus_per_worker: float = 1.0
    gpus_per_worker: float = 0.0
    verbose: bool = False  # Ray's own logs and the workers' output on stderr


def import_ray() -> Any:
    """The ray module, or RayUnavailable (exit 69) that names the extra."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise RayUnavailable(f"--engine ray needs Ray, which is not installed: {EXTRA}") from None
    version = tuple(int(p) for p in ray.__version__.split(".")[:2] if p.isdigit())
    if version < MIN_RAY:
        raise RayUnavailable(f"--engine ray needs Ray {'.'.join(map(str, MIN_RAY))} or newer, not "
                             f"{ray.__version__}: {EXTRA}")
    return ray


class RayEngine:
    """runner.Engine on Ray: a pool of BatchWorker actors, fed waves of files through Ray Data."""

    name = "ray"

    def __init__(self, settings: Settings, options: RayOptions):
        self.settings, self.options = settings, options
        import_ray()  # fail at once, before the output folder is touched

    @contextlib.contextmanager
    def open(self, request: Request, todo: list[str], key: str) -> Iterator[Iterator[FileResult]]:
        ray = import_ray()
        o = self.options
        started_here = not ray.is_initialized()  # a library caller's own Ray session is used and left running
        context = ray.data.DataContext.get_current()
        bars = context.enable_progress_bars
        marker = request.out / f"{MARKER_PREFIX}{_host()}-{os.getpid()}-{secrets.token_hex(4)}"
        remove_stale_markers(request.out, every=request.shard[1] == 1)
        try:
            if started_here:
                _start(ray, o)
            context.enable_progress_bars = False  # the CLI draws its own, fed by the rows that come back
            _check_resources(ray, o, local=started_here and o.address is None)
            write_atomic(marker, marker.name)
            absolute = replace(request, src=request.src.absolute(), out=request.out.absolute())
            wave = max(1, min(WAVE_FILES, math.ceil(len(todo) / o.workers)))  # every worker gets work
            # ensure_ascii: a non-UTF-8 file name's \udcXX survives Arrow, which takes UTF-8 only
            ds = ray.data.from_items([{"file": json.dumps(f)} for f in todo])
            ds = ds.map_batches(
                BatchWorker, batch_size=wave, compute=ray.data.ActorPoolStrategy(size=o.workers),
                num_cpus=o.cpus_per_worker, num_gpus=o.gpus_per_worker or None,
                fn_constructor_kwargs={"settings": self.settings, "request": absolute, "key": key,
                                       "marker": str(marker.absolute()), "cwd": os.getcwd()})
            rows = _results(ds)
            try:
                yield rows
            finally:
                rows.close()  # stops the execution while Ray is up (after shutdown Ray Data would start a new Ray)
        finally:
            context.enable_progress_bars = bars
            if started_here and ray.is_initialized():
                ray.shutdown()  # stops every worker of this run, on Ctrl-C too
            marker.unlink(missing_ok=True)
            # a worker killed while writing leaves a temporary file beside its target: this run's are removed
            remove_stale_temporaries(request.out, {t for f in todo for t in [
                *outputs_for(request.out, f, request.formats), record_path(request.out, f)]})


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9.]", "_", socket.gethostname())[:64] or "host"


def remove_stale_markers(out: Path, *, every: bool) -> None:
    """Markers a driver killed outright (SIGKILL) left in OUT: all of them when this run holds OUT alone
    (`every`), else those of this machine whose process is gone (shards may be running elsewhere)."""
    for path in out.glob(f"{MARKER_PREFIX}*"):
        host, _, rest = path.name[len(MARKER_PREFIX):].rpartition("-")[0].rpartition("-")
        if every or (host == _host() and rest.isdigit() and not _alive(int(rest))):
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process
        return True
    return True


def check_reachable(address: str) -> None:
    """WorkerFailed (69) within CONNECT_TIMEOUT when nothing answers at a cluster's HOST:PORT: ray.init
    would retry for many minutes, holding the output folder's lock. 'auto' and 'local' are Ray's to find."""
    if address in ("auto", "local") or ("://" in address and not address.startswith("ray://")):
        return
    hostport = address.removeprefix("ray://")
    host, sep, port = hostport.rpartition(":")
    if not sep:
        host, port = hostport, "10001" if address.startswith("ray://") else "6379"
    if not port.isdigit() or not host:
        return  # Ray says what is wrong with it
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT).close()
    except OSError as e:
        raise WorkerFailed(f"cannot reach the Ray cluster at {address}: {e.strerror or e} "
                           f"(nothing answered within {CONNECT_TIMEOUT:g} s)") from None


class _Inert(logging.Filter):
    """Ray's own log lines quote what they were given (an address): their controls are made visible."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = safe_text(record.getMessage()), None
        return True


def _inert_ray_logs() -> None:
    for name in ("ray", "ray.data"):
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, _Inert) for f in handler.filters):
                handler.addFilter(_Inert())


def _start(ray: Any, o: RayOptions) -> None:
    from translate_news.backends.devices import usable_cores

    level = logging.WARNING if o.verbose else logging.ERROR
    _inert_ray_logs()
    if o.address is not None:
        check_reachable(o.address)
    try:
        if o.address is None:  # "local": a new Ray for this run, whatever RAY_ADDRESS says
            ray.init(address="local", num_cpus=usable_cores(), include_dashboard=False,
                     log_to_driver=o.verbose, logging_level=level)
        else:
            ray.init(address=o.address, log_to_driver=o.verbose, logging_level=level)
    except (ConnectionError, RuntimeError, ValueError) as e:
        where = f"the Ray cluster at {o.address}" if o.address else "a local Ray"
        raise WorkerFailed(f"cannot start {where}: {one_line(e)}") from None
    _inert_ray_logs()  # Ray Data's handlers come with the session
    if not o.verbose:  # Ray Data logs each execution's plan on the console; its log files keep it
        for handler in logging.getLogger("ray.data").handlers:
            if isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
                handler.setLevel(logging.ERROR)


def _check_resources(ray: Any, o: RayOptions, *, local: bool) -> None:
    """A pool that cannot fit would wait for ever: on this machine that is an error, on a cluster a note
    (an autoscaler may add nodes)."""
    total = ray.cluster_resources()
    short = [f"{need:g} {what} (--workers {o.workers} x --{flag}-per-worker {per:g}), the cluster has "
             f"{total.get(what, 0):g}"
             for what, flag, per in (("CPU", "cpus", o.cpus_per_worker), ("GPU", "gpus", o.gpus_per_worker))
             if per and (need := o.workers * per) > total.get(what, 0) + 1e-9]
    if short and local:
        raise UsageError(f"the worker pool needs {'; '.join(short)}: use fewer or smaller workers")
    if short:
        note(log, f"the worker pool needs {'; '.join(short)}; the run waits until Ray has them")


def _results(ds: Any) -> Generator[FileResult, None, None]:
    """Each file's result as its worker recorded it; a worker that could not start stops the run."""
    rows = iter(ds.iter_rows())
    try:
        for row in rows:
            d = json.loads(row["result"])
            if "fatal" in d:
                raise WorkerFailed(d["fatal"], d["code"])
            yield FileResult(**{**d, "status": FileStatus(d["status"])})
    except TranslateNewsError:
        raise
    except Exception as e:  # the cluster itself failed (nodes lost for good, Ray Data gave up)
        raise WorkerFailed(f"the Ray job failed: {one_line(e)}; finished outputs are complete, run the same "
                           "command again to resume") from None
    finally:
        getattr(rows, "close", lambda: None)()


class BatchWorker:
    """One actor of the pool: checks the shared storage, loads the models once, then translates waves.

    The constructor never raises (Ray Data would start it again and again): a failure is kept and
    every file sent to this worker comes back with it, which stops the run with that error's code.
    """

    def __init__(self, *, settings: Settings, request: Request, key: str, marker: str, cwd: str):
        from translate_news.job import Job

        self.request, self.key = request, key
        self.fatal: tuple[str, int] | None = None
        try:
            _check_storage(request, Path(marker), cwd)
            _set_threads()
            self.job = Job(settings)
            self.job.load_all()
        except TranslateNewsError as e:
            self.fatal = (f"a Ray worker on {socket.gethostname()}: {e}", int(e.exit_code))
        except Exception as e:  # a worker that cannot start must say why, not be restarted for ever
            self.fatal = (f"a Ray worker on {socket.gethostname()} could not start: {one_line(e)}",
                          int(ExitCode.UNAVAILABLE))

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        rels = [json.loads(str(f)) for f in batch["file"]]
        rows: list[dict[str, Any]] = []
        if self.fatal is not None:
            rows = [{"fatal": self.fatal[0], "code": self.fatal[1]} for _ in rels]
        else:
            try:
                rows += [asdict(r) for r in translate_wave(self.request, rels, self.job, self.key)]
            except Exception as e:  # whatever went wrong costs this wave's unfinished files, never the job
                done = {row["path"] for row in rows}
                rows += [asdict(FileResult(rel, FileStatus.FAILED, one_line(e))) for rel in rels if rel not in done]
        return {"result": np.array([json.dumps(row) for row in rows], dtype=object)}


def _check_storage(r: Request, marker: Path, cwd: str) -> None:
    """SRC and OUT must be the driver's own folders, seen through shared storage, and OUT writable."""
    if Path(cwd).is_dir():
        os.chdir(cwd)  # a relative model folder means here what it means on the driver
    shared = "--engine ray needs SRC and OUT on storage every node shares (NFS, a cluster filesystem)"
    if not r.src.is_dir():
        raise InputNotFound(f"cannot see the input folder {r.src}; {shared}")
    try:
        seen = marker.read_text(encoding="utf-8")
    except OSError:
        seen = None
    if seen != marker.name:
        raise OutputError(f"the output folder {r.out} here is not the driver's (its marker {marker.name} is "
                          f"missing); {shared}")
    try:
        fd, probe = tempfile.mkstemp(dir=r.out, prefix=".translate-news.probe.", suffix=".tmp")
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise OutputError(f"cannot write to the output folder {r.out}: {e.strerror or e}; {shared}") from None


def _set_threads() -> None:
    """CPU threads from this worker's share of the node (--cpus-per-worker): workers sharing a node must
    not each take every core. A worker given the whole node splits it as a local run does."""
    import ray

    from translate_news.backends.devices import MAX_THREADS, split_cores, usable_cores

    cpus = max(1, int(ray.get_runtime_context().get_assigned_resources().get("CPU", 1)))
    if os.environ.get("TRANSLATE_NEWS_THREADS") or cpus >= usable_cores():
        return
    workers, threads = split_cores(cpus)
    os.environ["TRANSLATE_NEWS_THREADS"] = f"{workers}x{min(threads, MAX_THREADS // workers)}"
