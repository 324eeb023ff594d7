"""How well the article is taken out of a web page: article paragraphs recovered, junk kept, time per page.

    python scripts/page_extraction.py [FOLDER] [--repeat N]

FOLDER holds saved pages and an expected.json that names, per page, the article's paragraphs
and junk strings (menus, share bars, related links, comments, cookie banners, scripts); the
default is tests/data/pages, the test suite's own pages. For each page, and for the article
extraction and --no-extract (all visible text): paragraphs recovered whole, junk strings still
in the text, and milliseconds per page (decoding, trafilatura and segmentation, the median of N
runs after one warm-up; trafilatura's import is not counted).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from translate_news.pages import page_source  # noqa: E402  (after the path is set)
from translate_news.segment import segment  # noqa: E402


def measure(path: Path, want: dict, *, extract: bool, repeat: int) -> tuple[int, int, float]:
    data = path.read_bytes()
    timings = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        doc = segment(page_source(data, name=path.name, encoding=None, extract=extract))
        timings.append(time.perf_counter() - started)
    paragraphs = {p.source for p in doc.paragraphs}
    recovered = sum(1 for a in want["article"] if a in paragraphs)
    junk = sum(1 for j in want["junk"] if j in doc.text)
    return recovered, junk, statistics.median(timings[1:]) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "tests" / "data" / "pages")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    expected = json.loads((args.folder / "expected.json").read_text(encoding="utf-8"))
    import trafilatura  # noqa: F401  (imported once, before the clock starts)

    totals = {True: [0, 0, 0.0], False: [0, 0, 0.0]}
    articles = sum(len(w["article"]) for w in expected.values())
    junk = sum(len(w["junk"]) for w in expected.values())
    print(f"{'page':<22} {'mode':<10} {'article':>9} {'junk kept':>10} {'ms/page':>8}")
    for name, want in sorted(expected.items()):
        for extract in (True, False):
            got, kept, ms = measure(args.folder / name, want, extract=extract, repeat=args.repeat)
            totals[extract][0] += got
            totals[extract][1] += kept
            totals[extract][2] += ms
            print(f"{name:<22} {'article' if extract else 'all text':<10} {got:>4}/{len(want['article']):<4} "
                  f"{kept:>4}/{len(want['junk']):<5} {ms:>8.1f}")
    for extract in (True, False):
        got, kept, ms = totals[extract]
        print(f"{'all ' + str(len(expected)) + ' pages':<22} {'article' if extract else 'all text':<10} "
              f"{got:>4}/{articles:<4} {kept:>4}/{junk:<5} {ms / len(expected):>8.1f}")


if __name__ == "__main__":
    main()
