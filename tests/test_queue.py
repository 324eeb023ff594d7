"""The CTranslate2 job queue: at most `workers` jobs running, the urgent ones first."""
from translate_news.backends.queue import URGENT, Job, JobQueue


class Result:
    """Stands for one of CTranslate2's asynchronous results; the test decides when it is done."""

    def __init__(self):
        self.finished = False

    def done(self):
        return self.finished


def job(name, started):
    results = [Result()]

    def start():
        started.append(name)
        return results

    return Job(start), results


def test_an_urgent_job_asked_for_later_starts_before_the_waiting_ones():
    started = []
    queue = JobQueue(workers=2)
    jobs = {name: job(name, started) for name in ("a", "b", "c", "d", "repair")}
    for name in "abcd":
        queue.add(jobs[name][0])
    assert started == ["a", "b"]  # no more than the workers can run at once
    queue.add(jobs["repair"][0], URGENT)
    assert started == ["a", "b"]
    jobs["a"][1][0].finished = True
    queue.add(job("e", started)[0])  # any call feeds the workers
    assert started == ["a", "b", "repair"]  # ahead of c, d and e, asked for before it
    jobs["b"][1][0].finished = True
    jobs["repair"][1][0].finished = True
    assert queue.wait(jobs["repair"][0]) is jobs["repair"][1]
    jobs["c"][1][0].finished = True
    assert queue.wait(jobs["c"][0]) is jobs["c"][1]
    assert started == ["a", "b", "repair", "c", "d"]


def test_jobs_nobody_waits_for_any_more_are_never_started():
    started = []
    queue = JobQueue(workers=1)
    first, results = job("first", started)
    queue.add(first)
    left = [job(name, started)[0] for name in ("x", "y")]
    for j in left:
        queue.add(j)
    queue.drop(left)
    results[0].finished = True
    queue.wait(first)
    after, after_results = job("after", started)
    queue.add(after)
    after_results[0].finished = True
    queue.wait(after)
    assert started == ["first", "after"]
