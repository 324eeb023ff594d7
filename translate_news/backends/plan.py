"""Cutting sentences into the jobs CTranslate2's workers share, so that they finish together.

A job (sentences decoded together) runs as many steps as its longest sentence needs, and a
step costs a fixed part (the 62k-word output layer is read once per step, however many
sentences share it) plus a part per sentence. Measured on one core with the opus-mt-ar-en
shape, int8, beam 4: about 7.5 ms per step plus 2.4 ms per sentence, so the fixed part
weighs about three sentences (CPU_STEP_COST). Big jobs pay for the padding of their short
sentences, small jobs pay the fixed part more often, and with several workers the last job
to finish decides when the article is done. `plan_chunks` weighs all three. On 2 cores,
through the pipeline, the example article translated in 3.17 s against 3.29 s with fixed
jobs of 8 (medians of 6, random weights of the real shape), and a two-sentence paragraph
now takes both cores.
"""
from __future__ import annotations

from collections.abc import Sequence

CPU_STEP_COST = 3.0
GRID = 24  # job-cost limits tried; each one is a least-total-cost split of its own


def plan_chunks(lengths: Sequence[int], groups: Sequence[int], *, workers: int, max_size: int,
                step_cost: float = CPU_STEP_COST) -> list[list[int]]:
    """Split items 0..n-1 into jobs; return them costliest first, the order to submit them in.

    lengths: each item's expected output length; groups: items of different groups never
    share a job (e.g. different generation caps). A job holds at most max_size items, and
    only neighbours in length order, so it pads little. Among the splits that keep every
    job under some cost limit, the one with the least total cost is found exactly; the
    limit that lets `workers` workers, each taking the next job when free, finish first wins.
    """
    order = sorted(range(len(lengths)), key=lambda i: (groups[i], -lengths[i]))
    n = len(order)

    def cost(i: int, j: int) -> float:  # order[i:j] as one job; order[i] is its longest item
        return lengths[order[i]] * (step_cost + j - i)

    def cheapest(limit: float) -> list[tuple[int, int]] | None:
        best = [0.0] + [float("inf")] * n  # best[j]: least total cost of order[:j]
        start = [0] * (n + 1)
        for j in range(1, n + 1):
            for i in range(j - 1, max(0, j - max_size) - 1, -1):
                if groups[order[i]] != groups[order[j - 1]]:
                    break
                c = cost(i, j)
                if c <= limit and best[i] + c < best[j]:
                    best[j], start[j] = best[i] + c, i
        if best[n] == float("inf"):
            return None
        spans, j = [], n
        while j:
            spans.append((start[j], j))
            j = start[j]
        return spans

    def finish(spans: list[tuple[int, int]]) -> float:
        loads = [0.0] * max(1, workers)
        for c in sorted((cost(i, j) for i, j in spans), reverse=True):
            loads[loads.index(min(loads))] += c
        return max(loads)

    if not n:
        return []
    total, longest = sum(cost(i, i + 1) for i in range(n)), max(cost(i, i + 1) for i in range(n))
    plans = [cheapest(max(longest, total * k / GRID)) for k in range(1, GRID + 1)]
    spans = min((p for p in plans if p), key=finish)
    return [order[i:j] for i, j in sorted(spans, key=lambda s: -cost(*s))]
