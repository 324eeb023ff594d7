"""Files in and out: atomic writes, file hashes, and stdout that survives `| head`."""
from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import IO

from translate_news.errors import OutputError, UsageError

NAME_MAX = 255  # bytes in one file name on Linux, macOS and Windows filesystems alike
_TEMP_ROOM = len("..") + 8 + len(".tmp")  # what write_atomic adds around a name: mkstemp's 8 characters


def fit_name(name: str, room: int) -> str:
    """`name`, or when it and `room` more bytes would pass NAME_MAX, its start and a hash of the whole.

    Names made from other names (temporaries, records, outputs) must exist whenever the name they
    come from does: a 244-byte article name is legal, its 258-byte temporary would not be.
    """
    raw = os.fsencode(name)
    if len(raw) + room <= NAME_MAX:
        return name
    digest = hashlib.sha256(raw).hexdigest()[:12]
    cut = raw[:NAME_MAX - room - len(digest) - 1]
    try:  # a UTF-8 name stays UTF-8: a character the cut splits is left out whole
        raw.decode("utf-8")
        start = cut.decode("utf-8", "ignore")
    except UnicodeDecodeError:  # already not UTF-8 (os.fsdecode's U+DCxx): keep its bytes as they are
        start = os.fsdecode(cut)
    return start + "~" + digest


def temp_stem(name: str) -> str:
    """What write_atomic's temporaries for `name` are called between their '.' and '.RANDOM.tmp'."""
    return fit_name(name, _TEMP_ROOM)


def check_writable(path: Path) -> None:
    """Fail at once (OutputError, exit 73) when `path` cannot be written, before any work is done.

    Missing folders are not created: a typo in a path should not grow a tree of folders. A
    regular file is proved by making (and removing) a temporary beside it, as write_atomic
    will: that finds read-only and pseudo filesystems (/proc) whatever the permission bits say.
    Of the things that are not files only a character device or a pipe is written into
    (/dev/null, /dev/stdout); a socket or a folder is refused.
    """
    path = Path(path)
    if len(os.fsencode(path.name)) > NAME_MAX:
        raise OutputError(f"cannot write {path}: the file name is longer than {NAME_MAX} bytes")
    try:
        info: os.stat_result | None = path.stat()
    except FileNotFoundError:
        info = None
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"cannot write {path}: it is a folder")
    parent = path.parent
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: the folder {parent} does not exist (create it first)")
    if info is not None and not stat.S_ISREG(info.st_mode):
        if not (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
            raise OutputError(f"cannot write {path}: it is not a file, a pipe or a device")
        if not os.access(path, os.W_OK):
            raise OutputError(f"cannot write {path}: permission denied")
        return
    try:
        fd, probe = tempfile.mkstemp(dir=parent, prefix=f".{temp_stem(path.name)}.", suffix=".tmp")
    except OSError as e:
        raise OutputError(f"cannot write {path}: the folder {parent} is not writable "
                          f"({e.strerror or e})") from None
    os.close(fd)
    os.unlink(probe)


def refuse_same_file(output: Path, input_path: str | None, stdin: IO[bytes] | None = None) -> None:
    """UsageError (exit 2) when `output` is the input itself (the same device and inode: hard and
    symbolic links included), before any work: writing it would replace the Arabic with its English."""
    try:
        out = os.stat(output)
    except OSError:
        return  # not there yet: it cannot be the input
    try:
        if input_path not in (None, "-"):
            src = os.stat(str(input_path))
        elif stdin is not None and stdin.seekable():  # `< article.txt -o article.txt`
            src = os.fstat(stdin.fileno())
        else:
            return
    except (OSError, ValueError):
        return  # an unreadable input is reported when it is read
    if stat.S_ISREG(out.st_mode) and os.path.samestat(src, out):
        raise UsageError(f"the output {output} is the input file: writing it would replace the article; "
                         "choose another -o")


def write_atomic(path: Path, data: str, *, make_parents: bool = True) -> None:
    """Readers see the old file or the whole new one, never a torn file.

    The temporary file sits in the target's folder so os.replace is a same-filesystem
    rename; it is removed on any failure, Ctrl-C included. The new file gets the mode the
    umask gives (an existing file keeps its mode and, where permitted, its owner). A target
    that is not a regular file (a FIFO, /dev/null, a terminal) is written straight into:
    renaming over it would replace the device or pipe with a plain file.
    """
    path = Path(path)
    try:
        info = path.stat()
    except OSError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_into(path, data)
        return
    try:
        if make_parents:
            path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{temp_stem(path.name)}.", suffix=".tmp")
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if info is not None:
            os.chmod(tmp, stat.S_IMODE(info.st_mode))
            with contextlib.suppress(OSError):  # only root may give a file away
                os.chown(tmp, info.st_uid, info.st_gid)
        else:
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600 whatever the umask
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
        raise


def _write_into(path: Path, data: str) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(data)
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None


def _umask() -> int:
    mask = os.umask(0)  # the only portable way to read it is to set it
    os.umask(mask)
    return mask


def sha256_file(path: Path) -> str:
    """The file's sha256, read in blocks (model weights are gigabytes)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class StdoutClosed(Exception):
    """The reader went away (`| head`): stop quietly."""


def write_stdout(data: str) -> None:
    """Write to stdout; a closed pipe is StdoutClosed, a stdout that cannot take it is OutputError."""
    if sys.stdout is None:
        raise OutputError("cannot write the output: stdout is closed")
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
    except (OSError, ValueError) as e:  # /dev/full, a closed descriptor
        _silence_stdout()
        raise OutputError(f"cannot write the output: {getattr(e, 'strerror', None) or e}") from None


def _silence_stdout() -> None:
    """So the interpreter's flush at exit cannot fail a second time."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
