"""Writing results: atomic files, and stdout that survives `| head`."""
from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from translate_news.errors import OutputError


def write_atomic(path: Path, data: str) -> None:
    """Readers see the old file or the whole new one, never a torn file.

    The temporary file sits in the target's folder so os.replace is a same-filesystem
    rename; it is removed on any failure, Ctrl-C included.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
        raise


class StdoutClosed(Exception):
    """The reader went away (`| head`): stop quietly."""


def write_stdout(data: str) -> None:
    if not sys.stdout.isatty() and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")  # a redirect may default to a legacy code page
    try:
        sys.stdout.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at /dev/null so the interpreter's final flush cannot complain.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise StdoutClosed from None
