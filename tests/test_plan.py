"""How CTranslate2 jobs are cut: every sentence once, few padded steps, workers kept busy."""
import random

import pytest

from translate_news.backends.plan import CPU_STEP_COST, plan_chunks


def cost(job, lengths):
    return max(lengths[i] for i in job) * (CPU_STEP_COST + len(job))


def finish(jobs, lengths, workers):
    """When the last worker is done, each worker taking the next job (in the given order) when free."""
    loads = [0.0] * workers
    for job in jobs:
        loads[loads.index(min(loads))] += cost(job, lengths)
    return max(loads)


def fixed(lengths, size):
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    return sorted((order[k:k + size] for k in range(0, len(order), size)), key=lambda j: -cost(j, lengths))


@pytest.mark.parametrize("seed", range(6))
def test_every_item_once_in_length_neighbourhoods(seed):
    rng = random.Random(seed)
    n = rng.randint(1, 120)
    lengths = [rng.randint(3, 90) for _ in range(n)]
    groups = [rng.choice([32, 64, 128]) for _ in range(n)]
    size = rng.choice([1, 4, 16])
    jobs = plan_chunks(lengths, groups, workers=2, max_size=size)
    assert sorted(i for job in jobs for i in job) == list(range(n))
    assert all(1 <= len(job) <= size for job in jobs)
    assert all(len({groups[i] for i in job}) == 1 for job in jobs)  # caps never mixed
    for a in jobs:  # within a group, jobs hold neighbours in length order: no interleaving
        for b in jobs:
            if a is not b and groups[a[0]] == groups[b[0]]:
                la, lb = sorted(lengths[i] for i in a), sorted(lengths[i] for i in b)
                assert la[-1] <= lb[0] or lb[-1] <= la[0]
    costs = [cost(job, lengths) for job in jobs]
    assert costs == sorted(costs, reverse=True)  # costliest first, so no worker is left alone at the end


@pytest.mark.parametrize("seed", range(6))
def test_beats_fixed_jobs_of_eight(seed):
    rng = random.Random(seed)
    lengths = [rng.randint(6, 93) for _ in range(rng.randint(10, 60))]
    planned = plan_chunks(lengths, [0] * len(lengths), workers=2, max_size=16)
    assert finish(planned, lengths, 2) <= finish(fixed(lengths, 8), lengths, 2)


def test_small_inputs_use_every_worker_and_one_worker_gets_full_jobs():
    assert len(plan_chunks([30, 28], [0, 0], workers=2, max_size=16)) == 2  # one sentence per core
    assert plan_chunks([30], [0], workers=2, max_size=16) == [[0]]
    assert plan_chunks([], [], workers=2, max_size=16) == []
    jobs = plan_chunks([40] * 32, [0] * 32, workers=1, max_size=16)  # nothing to balance, nothing to pad
    assert sorted(map(len, jobs)) == [16, 16]
