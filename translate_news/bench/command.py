"""The real command, timed from outside, each run a fresh process started here:

- a pipe: `translate-news ARTICLE -f text --no-summary`; the first byte on stdout is the first
  translated paragraph (text prints nothing before it);
- a terminal: the same in the rich view, stdout and stderr on one pseudo-terminal as a shell
  has them (`--rtl logical`, so that Arabic arrives as written); its first row is where a
  word of the first paragraph with something to translate appears after the model loaded
  (the header, and rows set aside as boilerplate, come earlier, without a model); the run is
  then interrupted (Ctrl-C), its job done;
- a file: the same with -o FILE, written at the end: the total without streaming.

When the translation model finished loading is read off the run's own `-v` line about it,
so "after the model loaded" is the command's own figure too.
"""
from __future__ import annotations

import fcntl
import os
import pty
import re
import selectors
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LOADED = b"input limit"  # in the -v line that follows the translation model's load
_ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
_WORD = re.compile(r"[\u0621-\u064a]{4,}")  # Arabic letters only, no diacritics or punctuation


@dataclass
class Run:
    """Seconds from the process start: to the model's load, to the first paragraph, to the end."""
    loaded_s: float | None
    first_s: float | None
    total_s: float


def command_line(article: Path, model: str, *, device: str, fast: bool, fmt: str) -> list[str]:
    return [sys.executable, "-m", "translate_news", str(article), "--mt-model", model, "--no-summary", "-f", fmt,
            "--device", device, "--offline", "-v", *(["--fast"] if fast else [])]


def marker_word(first_paragraph: str) -> bytes | None:
    """A word of the first paragraph to translate, to find its row on the screen (the longest, so
    it is not also in the header); None when it has no word of four Arabic letters."""
    words = _WORD.findall(first_paragraph)
    return max(words, key=len).encode("utf-8") if words else None


def watch(fds: dict[int, str], tests: dict[str, Callable[[dict[str, bytes]], bool]], started: float,
           found: Callable[[str], None] = lambda name: None) -> tuple[dict[str, float], dict[str, bytes]]:
    """Read every fd to its end; when each test first held (seconds from `started`), and what was read."""
    selector = selectors.DefaultSelector()
    for fd in fds:
        selector.register(fd, selectors.EVENT_READ)
    read = dict.fromkeys(fds.values(), b"")
    seen: dict[str, float] = {}
    while selector.get_map():
        for key, _ in selector.select():
            try:
                chunk = os.read(key.fd, 65536)
            except OSError:  # a pseudo-terminal reads EIO once the process has gone
                chunk = b""
            if not chunk:
                selector.unregister(key.fd)
                continue
            read[fds[key.fd]] += chunk
            now = time.monotonic() - started
            for name, test in tests.items():
                if name not in seen and test(read):
                    seen[name] = round(now, 3)
                    found(name)
    return seen, read


def _failed(args: list[str], code: int, said: bytes) -> RuntimeError:
    lines = plain(said).decode("utf-8", "replace").strip().splitlines()
    return RuntimeError(f"exit {code} from {' '.join(args[1:])}: {lines[-1] if lines else 'nothing on stderr'}")


def run_piped(args: list[str]) -> Run:
    """stdout and stderr on pipes; the first byte on stdout."""
    started = time.monotonic()
    p = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None
    assert p.stderr is not None
    seen, read = watch({p.stdout.fileno(): "out", p.stderr.fileno(): "err"},
                        {"loaded": lambda r: LOADED in r["err"], "first": lambda r: bool(r["out"])}, started)
    code = p.wait()
    total = round(time.monotonic() - started, 3)
    if code != 0:
        raise _failed(args, code, read["err"])
    return Run(seen.get("loaded"), seen.get("first"), total)


def on_terminal(args: list[str], *, columns: int = 200) -> tuple[subprocess.Popen[bytes], int]:
    """Start `args` with stdout and stderr on one new pseudo-terminal; the process and the
    terminal's other end, to read from (and close)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env["TERM"] = "xterm-256color"
    p = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    return p, leader


def run_on_terminal(args: list[str], word: bytes) -> Run:
    """The rich view on a pseudo-terminal; the first row is `word` after the load line.
    Interrupted once the row is there."""
    started = time.monotonic()
    p, leader = on_terminal([*args, "--rtl", "logical"])

    def row(read: dict[str, bytes]) -> bool:
        at = read["tty"].find(LOADED)
        return at >= 0 and word in plain(read["tty"][at:])

    def interrupt(name: str) -> None:
        if name == "first":
            p.send_signal(signal.SIGINT)

    try:
        seen, read = watch({leader: "tty"}, {"loaded": lambda r: LOADED in r["tty"], "first": row}, started,
                           interrupt)
    finally:
        os.close(leader)
    code = p.wait()
    if "first" not in seen:  # once it is there, how the interrupted run ends is no figure of ours
        raise _failed(args, code, read["tty"])
    return Run(seen.get("loaded"), seen["first"], round(time.monotonic() - started, 3))


def plain(screen: bytes) -> bytes:
    """What a terminal was sent, without its escape sequences (colours, cursor moves)."""
    return _ESCAPES.sub(b"", screen)


def run_to_file(args: list[str]) -> Run:
    """-o FILE: everything written at the end."""
    with tempfile.TemporaryDirectory() as folder:
        out = run_piped([*args, "-o", str(Path(folder) / "out.txt")])
    return Run(out.loaded_s, None, out.total_s)


def time_command(article: Path, model: str, first_paragraph: str, *, device: str, fast: bool,
                 runs: int) -> dict[str, Any]:
    """The figures of `runs` rounds (pipe, terminal, file in turn, so a busy moment costs each alike)."""
    word = marker_word(first_paragraph)
    text = command_line(article, model, device=device, fast=fast, fmt="text")
    rich = command_line(article, model, device=device, fast=fast, fmt="rich")
    piped, screen, filed = [], [], []
    for _ in range(runs):
        piped.append(run_piped(text))
        if word is not None:  # else the first row cannot be told from the rest: not timed
            screen.append(run_on_terminal(rich, word))
        filed.append(run_to_file(text))

    def median(values: list[float | None]) -> float | None:
        known = [v for v in values if v is not None]
        return round(statistics.median(known), 3) if known else None

    def after(r: Run) -> float | None:
        return None if r.first_s is None or r.loaded_s is None else round(r.first_s - r.loaded_s, 3)

    streamed, whole = median([r.total_s for r in piped]), median([r.total_s for r in filed])
    return {"command": f"translate-news ARTICLE --mt-model MODEL --no-summary -f text|rich [-o FILE]"
                       f"{' --fast' if fast else ''}",
            "runs": runs, "loaded_s": median([r.loaded_s for r in piped]),
            "first_paragraph_s": median([r.first_s for r in piped]),
            "paragraph_after_load_s": median([after(r) for r in piped]),
            "first_row_s": median([r.first_s for r in screen]),
            "row_after_load_s": median([after(r) for r in screen]),
            "streamed_total_s": streamed, "file_total_s": whole,
            "streaming_cost_pct": round(100 * (streamed / whole - 1), 1) if streamed and whole else None,
            "samples": {"pipe": [vars(r) for r in piped], "terminal": [vars(r) for r in screen],
                        "file": [vars(r) for r in filed]}}
