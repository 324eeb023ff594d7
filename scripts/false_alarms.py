"""How often translate_news.trust.checks flags human translations: every flag here is a false alarm
or a real fault in the reference.

    python scripts/false_alarms.py PATH [--show CODE|all] [--limit N]

PATH is one of:
- a TMX file, plain or zipped, with Arabic and English variants (TICO-19's all.en-ar.tmx.zip);
- a folder holding Quran_Arabic.csv and Quran_English.csv (the TheQuranModule package on PyPI,
  installed under site-packages/Quran_Module);
- a TSV of Arabic<TAB>English lines, '#' lines ignored (tests/data/tico19-sample.tsv).
Prints the number of pairs, the source, the rate per code and overall, and microseconds per
check_pair call.
"""
from __future__ import annotations

import argparse
import csv
import html
import re
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from translate_news.trust.checks import CODES, check_pair

_TU = re.compile(r"<tu\b.*?</tu>", re.S)
_TUV = re.compile(r'<tuv xml:lang="([A-Za-z-]+)">\s*<seg>(.*?)</seg>', re.S)


def load(path: Path) -> tuple[list[tuple[str, str, str]], str]:
    """(id, arabic, english) triples and a line saying what they are."""
    if path.is_dir():
        def verses(name):
            with open(path / name, encoding="utf-8-sig", newline="") as f:
                return {(r["SuraID"], r["VerseID"]): r["AyahText"] for r in csv.DictReader(f)}
        ar, en = verses("Quran_Arabic.csv"), verses("Quran_English.csv")
        pairs = [(f"{s}:{v}", ar[s, v], en[s, v]) for s, v in ar if (s, v) in en]
        return pairs, f"{path} (TheQuranModule: Quran verses, Yusuf Ali's English)"
    if path.suffix == ".tsv":
        rows = [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
        return [(r[0], r[1], r[2]) if len(r) == 3 else (str(i), r[0], r[1]) for i, r in enumerate(rows)], str(path)
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as z:
            text = z.read(next(n for n in z.namelist() if n.endswith(".tmx"))).decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    pairs = []
    for i, tu in enumerate(_TU.findall(text)):
        segs = {lang.split("-")[0].lower(): html.unescape(seg) for lang, seg in _TUV.findall(tu)}
        tuid = re.search(r'tuid="([^"]*)"', tu)
        if "ar" in segs and "en" in segs:
            pairs.append((tuid.group(1) if tuid else str(i), segs["ar"], segs["en"]))
    return pairs, f"{path} (TMX)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--show", help="print the pairs flagged with this code ('all' for every code)")
    ap.add_argument("--limit", type=int, default=20, help="how many pairs --show prints")
    args = ap.parse_args()
    pairs, what = load(args.path)
    results = [check_pair(ar, en) for _, ar, en in pairs]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _, ar, en in pairs:
            check_pair(ar, en)
        best = min(best, time.perf_counter() - start)
    per_code = Counter(f.code for flags in results for f in {f.code: f for f in flags}.values())
    flagged = sum(bool(flags) for flags in results)
    n = len(pairs)
    print(f"pairs: {n}\nsource: {what}")
    for code in CODES:
        print(f"  {code:15} {per_code[code]:5}  {100 * per_code[code] / max(n, 1):5.2f}%")
    print(f"  {'any flag':15} {flagged:5}  {100 * flagged / max(n, 1):5.2f}%")
    print(f"check_pair: {1e6 * best / max(n, 1):.0f} µs per pair (best of 3 passes)")
    if args.show:
        shown = 0
        for (pid, ar, en), flags in zip(pairs, results, strict=True):
            hits = [f for f in flags if args.show in ("all", f.code)]
            if hits and shown < args.limit:
                shown += 1
                print(f"\n[{pid}] " + "; ".join(f"{f.code}: {f.reason}" for f in hits))
                print(f"  ar: {ar}\n  en: {en}")


if __name__ == "__main__":
    main()
