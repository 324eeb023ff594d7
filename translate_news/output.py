"""Writing results: atomic files, and stdout that survives `| head`."""
from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: str) -> None:
    """Readers see the old file or the whole new one, never a torn file.

    The temporary file sits in the target's folder so os.replace is a same-filesystem
    rename; it is removed on any failure, Ctrl-C included.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


class StdoutClosed(Exception):
    """The reader went away (`| head`): stop quietly."""


def write_stdout(data: str) -> None:
    try:
        sys.stdout.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at /dev/null so the interpreter's final flush cannot complain.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise StdoutClosed from None
