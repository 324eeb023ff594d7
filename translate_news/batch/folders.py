"""The folders of a batch run: which inputs SRC holds, and holding OUT for one run at a time."""
from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import logging
import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from translate_news.batch.records import DEFAULT_GLOBS, REPORT_NAME, SPARE_INDEX_NAME, Request, outputs_for
from translate_news.errors import ExitCode, InputNotFound, OutputError, TranslateNewsError, UsageError
from translate_news.notes import note
from translate_news.output import temp_stem

log = logging.getLogger(__name__)
LOCK_NAME = ".translate-news.lock"
TEMPORARY = re.compile(r"\.(.+)\.[a-z0-9_]{8}\.tmp\Z")  # write_atomic's: mkstemp adds 8 of these characters


class OutputBusy(TranslateNewsError):
    exit_code = ExitCode.BUSY


class OutputLost(OutputError):
    """The output folder was removed or replaced while a run held it (exit 73)."""


class Holding:
    """A run's hold on its output folder: `check()` stops the run when the folder it locked is gone.

    `rm -rf OUT` during a run takes the lock file with it; the run's next write would make a
    new OUT that nothing locks, and a second batch could start there beside this one.
    """

    def __init__(self, out: Path, fd: int):
        self.out, self.fd = out, fd

    def check(self) -> None:
        try:
            same = os.path.samestat(os.stat(self.out / LOCK_NAME), os.fstat(self.fd))
        except OSError:
            same = False
        if not same:
            raise OutputLost(f"the output folder {self.out} was removed or replaced during the run; stopped, so "
                             "that no other batch can write beside this one (finished outputs are kept; run the "
                             "same command again to resume)")


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A '/'-path glob: '**/' spans folders (or none), '*' and '?' stay inside one name."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def discover(src: Path, globs: tuple[str, ...] = DEFAULT_GLOBS) -> list[str]:
    """Relative paths of the input files, sorted.

    Hidden files and folders are skipped; symlinked folders are not followed (no loops, no
    escaping the tree); symlinked files are listed, whatever they point at (see link_problem).
    """
    patterns = [glob_regex(g) for g in globs]
    found = []

    def unreadable(e: OSError) -> None:  # os.walk would pass over it in silence
        if os.path.abspath(e.filename or src) == os.path.abspath(src):
            raise InputNotFound(f"{src}: cannot read the folder ({e.strerror or e})")
        note(log, f"cannot read the folder {e.filename} ({e.strerror or e}); its files are left out")

    for folder, dirs, files in os.walk(src, onerror=unreadable, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith("."):
                continue
            rel = Path(folder, name).relative_to(src).as_posix()
            if any(p.match(rel) for p in patterns) and (Path(folder, name).is_file()
                                                       or Path(folder, name).is_symlink()):
                found.append(rel)
    return sorted(found)


def link_problem(src: Path, rel: str, follow: bool) -> str | None:
    """Why a symbolic link is not translated; None for a plain file or a link that may be followed."""
    path = src / rel
    if not path.is_symlink():
        return None
    try:
        info = os.stat(path)
    except OSError as e:
        return "a symbolic link loop" if e.errno == errno.ELOOP else "a broken symbolic link"
    if not stat.S_ISREG(info.st_mode):
        return "a symbolic link to something that is not a file"
    base = os.path.realpath(src)
    if not follow and os.path.commonpath([base, os.path.realpath(path)]) != base:
        return "a symbolic link to outside the input folder; --follow-symlinks translates it"
    return None


def takes_a_reserved_name(rel: str, formats: tuple[str, ...]) -> str | None:
    """Why an output (or the folder holding it) would overwrite a run's report or its spare index; None if not.

    The index is index.html, or _index.html when an article's page is index.html: so with html
    pages _index.html is never an article's, whatever else the folder holds.
    """
    tops = {p.parts[0] for p in outputs_for(Path(), rel, formats)}
    if any(REPORT_NAME.match(top) for top in tops):
        return "its output would overwrite the batch report; rename it"
    if "html" in formats and SPARE_INDEX_NAME in tops:
        return f"its page would overwrite the batch index ({SPARE_INDEX_NAME}, the index's name when an " \
               "article's page is index.html); rename it"
    return None


def colliding(files: list[str]) -> dict[str, str]:
    """Files whose outputs would overwrite an earlier file's (a/b.txt and a/b.md), to the earlier one."""
    first: dict[str, str] = {}
    clashes = {}
    for rel in files:
        stem = Path(rel).with_suffix("").as_posix()
        if stem in first:
            clashes[rel] = first[stem]
        else:
            first[stem] = rel
    return clashes


def shard_of(rel: str, n: int) -> int:
    """1..n, from the path alone, so every machine splits a corpus the same way."""
    return int(hashlib.sha256(rel.encode("utf-8", "surrogateescape")).hexdigest(), 16) % n + 1


def parse_shard(value: str) -> tuple[int, int]:
    k, sep, n = value.partition("/")
    if sep and k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n):
        return int(k), int(n)
    raise UsageError(f"--shard must be K/N with 1 <= K <= N, not '{value}'")


def check_folders(src: Path, out: Path) -> None:
    if not src.exists():
        raise InputNotFound(f"{src}: no such folder")
    if not src.is_dir():
        raise UsageError(f"{src} is a file; batch takes a folder (translate one file with 'translate-news {src}')")
    a, b = src.resolve(), out.resolve()
    if a == b or a in b.parents or b in a.parents:
        raise UsageError(f"the input folder {src} and the output folder {out} overlap; "
                              "choose an output folder outside the input")


@contextlib.contextmanager
def locked(r: Request) -> Iterator[Holding]:
    """Hold the output folder for one run (see the module docstring), creating it if need be.

    Raises OutputError (exit 73) when it cannot be created or written, OutputBusy (75) when
    another run holds it; both before any model loads.
    """
    if not r.urls:  # batch --urls: src is the list file, already read
        check_folders(r.src, r.out)
    if r.out.exists() and not r.out.is_dir():
        raise OutputError(f"cannot write to {r.out}: it is a file, not a folder")
    try:
        r.out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"cannot create the output folder {r.out}: {e.strerror or e}") from None
    if not os.access(r.out, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write to the output folder {r.out}: permission denied or read-only")
    k, n = r.shard
    with contextlib.ExitStack() as held:
        fd = held.enter_context(_flock(r.out / LOCK_NAME, exclusive=n == 1, wait=r.wait))
        if n > 1:
            held.enter_context(_flock(r.out / f".translate-news.shard-{k}-of-{n}.lock", exclusive=True, wait=r.wait))
        yield Holding(r.out, fd)


@contextlib.contextmanager
def _flock(path: Path, *, exclusive: bool, wait: bool) -> Iterator[int]:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)  # not O_TRUNC: the holder's PID is in it
    except OSError as e:
        raise OutputError(f"cannot write to the output folder {path.parent}: {e.strerror or e}") from None
    try:
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()  # empty: shards hold it
            who = f"another batch ({holder})" if holder else "another batch"
            if not wait:
                raise OutputBusy(f"{who} holds the output folder {path.parent}; "
                                 "try again later, or use --wait") from None
            note(log, f"waiting for {who} to finish with {path.parent}")
            fcntl.flock(fd, mode)
        except OSError as e:  # a filesystem without locks: run, as before there were locks
            note(log, f"cannot lock {path} ({e.strerror or e}); make sure no other batch writes there")
        os.ftruncate(fd, 0)  # safe: any earlier holder is gone, and shards (shared) write nothing
        if exclusive:
            os.write(fd, f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode())
        yield fd
    finally:
        os.close(fd)  # drops the lock


def remove_stale_temporaries(out: Path, owned: set[Path] | None) -> None:
    """Temporaries a killed run left anywhere under OUT; only those of `owned` targets when it is not None
    (shards sharing the folder: another may be writing its own right now)."""
    stems = {t.parent / temp_stem(t.name) for t in owned or ()}  # a long name's temporaries carry a hash
    for folder, _dirs, names in os.walk(out):
        for name in names:
            m = TEMPORARY.match(name)
            if m and (owned is None or Path(folder, m[1]) in stems):
                Path(folder, name).unlink(missing_ok=True)


