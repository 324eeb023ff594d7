"""Time to the first translated paragraph through the real command, and the total with and
without streaming (stdout vs -o FILE), each run in a fresh process.

    python scripts/bench_stream.py MODEL_FOLDER [ARTICLE] [RUNS]

MODEL_FOLDER: a translation model (a real one, or the random-weight opus-mt-ar-en shape that
`translate-news bench` builds under ~/.cache/translate-news/bench-models/). Random weights say
nothing of quality, and their outputs run to arbitrary lengths (many hit the length cap and are
decoded again by the trust repair), so such totals are an upper bound of the real ones.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str]) -> tuple[float, float]:
    """(seconds to the first byte on stdout, seconds to the end), from the process start."""
    started = time.monotonic()
    p = subprocess.Popen([sys.executable, "-m", "translate_news", *args], cwd=ROOT, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert p.stdout is not None
    first = os.read(p.stdout.fileno(), 1)
    first_at = time.monotonic() - started
    p.stdout.read()
    code = p.wait()
    if code not in (0, 5):
        raise SystemExit(f"exit {code}: {' '.join(args)}")
    return (first_at if first else float("nan")), time.monotonic() - started


def main() -> None:
    model = sys.argv[1]
    article = sys.argv[2] if len(sys.argv) > 2 else str(ROOT / "examples" / "article.txt")
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    common = [article, "--mt-model", model, "--no-summary", "-f", "text"]
    firsts, streamed, whole = [], [], []
    out = Path(tempfile.mkdtemp()) / "out.txt"
    for _ in range(runs):  # interleaved, so a busy moment costs both alike
        first, total = run(common)
        firsts.append(first)
        streamed.append(total)
        whole.append(run([*common, "-o", str(out)])[1])
    med = statistics.median
    print(f"model {model}; article {article}; {runs} runs each, medians (min-max)")
    print(f"first paragraph on stdout, s from process start: {med(firsts):.2f} ({min(firsts):.2f}-{max(firsts):.2f})")
    print(f"total, streamed to a pipe, s: {med(streamed):.2f} ({min(streamed):.2f}-{max(streamed):.2f})")
    print(f"total, -o FILE (written at the end), s: {med(whole):.2f} ({min(whole):.2f}-{max(whole):.2f})")


if __name__ == "__main__":
    main()
