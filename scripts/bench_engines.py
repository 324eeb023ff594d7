"""Articles per minute and peak memory of `translate-news batch` on each engine, on this machine.

    python scripts/bench_engines.py [--articles 40] [--shapes tiny|full] [--no-summary] [--json FILE]

The corpus is N copies of examples/article.txt, each with one number changed (2500 troops
becomes 2500+i), so every file is its own input. Each engine setting runs as the command a
user types, in a fresh process and a fresh output folder, twice: on one article (what a run
costs before its first article: start-up, model loads, and for Ray its own start) and on all N.
Settings: local; ray with 1 worker holding every core; ray with one worker per core (Ray started
on this machine by the command, as without --address).

- seconds: wall time of the whole command, start to exit;
- articles/min: N over that time; "after start-up": (N - 1) over (time for N - time for 1),
  the rate once everything is loaded;
- load_before: the 1-minute load average as each run started (other work on the machine slows it);
- peak memory: the largest sum of PSS (shared pages split between their users) over the
  command's process tree, sampled every 0.2 s: the driver and, for Ray, its GCS, raylet, agents
  and every worker; so a worker's own copy of the models is counted once per worker.

Also: `ray.init()` + `ray.shutdown()` alone, in a fresh process (Ray's own fixed cost).
Models: --shapes tiny, the tiny random-weight test models; --shapes full, random weights of
the default preset's real shapes (translate_news.bench builds them once). Random weights do
not stop where a real model would (the pipeline's length caps stop them), so those figures
bound the real work from above and say nothing about quality.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ARTICLE = ROOT / "examples" / "article.txt"


def make_corpus(folder: Path, n: int) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    assert "2500" in text, "the example article changed: pick another number to vary"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"article-{i:04d}.txt").write_text(text.replace("2500", str(2500 + i)), encoding="utf-8")


def tree_pss_kb(root: int) -> int:
    """PSS of `root` and all its descendants, in kB."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="utf-8") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])  # the name in (...) may hold spaces
        children.setdefault(ppid, []).append(int(name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return total


def measure(cmd: list[str], cwd: Path) -> dict[str, float]:
    """Wall seconds and peak tree PSS (MiB) of one command; fails loudly if the command does."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    env.pop("RAY_ADDRESS", None)  # a Ray of its own, started by the command
    load = os.getloadavg()[0]
    started = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    while p.poll() is None:
        peak = max(peak, tree_pss_kb(p.pid))
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    err = p.stderr.read() if p.stderr else ""
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {p.returncode}:\n{err[-3000:]}")
    return {"seconds": round(seconds, 2), "peak_mib": round(peak / 1024), "load": round(load, 2)}


def ray_alone(cores: int, cwd: Path) -> dict[str, float]:
    code = ("import time, logging; t = time.perf_counter(); import ray, ray.data; i = time.perf_counter(); "
            f"ray.init(address='local', num_cpus={cores}, include_dashboard=False, log_to_driver=False, "
            "logging_level=logging.ERROR); s = time.perf_counter(); ray.shutdown(); e = time.perf_counter(); "
            "print(round(i - t, 2), round(s - i, 2), round(e - s, 2))")
    out = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True,
                         env={k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"})
    imp, init, down = map(float, out.stdout.split())
    return {"import_s": imp, "init_s": init, "shutdown_s": down}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--shapes", choices=("tiny", "full"), default="tiny")
    parser.add_argument("--no-summary", action="store_true", help="translation only")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if args.json:
        args.json = args.json.resolve()  # before the chdir below

    from translate_news.backends.devices import usable_cores

    cores = usable_cores()
    work = Path(tempfile.mkdtemp(prefix="tn-bench-engines-"))
    # Away from the checkout: a ./models folder there would become the model store (and hold the builds).
    os.chdir(work)
    from translate_news.bench import bench_models

    models = bench_models(tiny=args.shapes == "tiny")
    base = [sys.executable, "-m", "translate_news", "batch", "--offline", "-q",
            "--mt-model", models.translation, "--summary-model", models.summary, "--back-model", models.back]
    if args.no_summary:
        base.append("--no-summary")
    make_corpus(work / "one", 1)
    make_corpus(work / "all", args.articles)
    settings = {"local": []}
    for workers in sorted({1, cores}):
        settings[f"ray, {workers} worker(s) x {cores // workers} CPU"] = [
            "--engine", "ray", "--workers", str(workers), "--cpus-per-worker", str(cores // workers)]
    measure([*base, str(work / "one"), "-o", str(work / "warm-up")], work)  # converts the models once
    rows = []
    for i, (name, extra) in enumerate(settings.items()):
        one = measure([*base, *extra, str(work / "one"), "-o", str(work / f"one-{i}")], work)
        full = measure([*base, *extra, str(work / "all"), "-o", str(work / f"all-{i}")], work)
        n = args.articles
        steady = (n - 1) / (full["seconds"] - one["seconds"]) * 60 if full["seconds"] > one["seconds"] else None
        rows.append({"engine": name, "one_article_s": one["seconds"], "seconds": full["seconds"],
                     "articles_per_min": round(n / full["seconds"] * 60, 1),
                     "articles_per_min_after_start": steady and round(steady, 1),
                     "peak_mib": full["peak_mib"], "one_article_peak_mib": one["peak_mib"],
                     "load_before": [one["load"], full["load"]]})
        print(json.dumps(rows[-1]), flush=True)
    result = {"machine": {"cores": cores, "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
                                                               / 2**30, 1),
                          "platform": platform.platform(), "python": platform.python_version()},
              "shapes": args.shapes, "random_weights": models.random, "summary": not args.no_summary,
              "articles": args.articles, "ray_alone": ray_alone(cores, work), "runs": rows}
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
