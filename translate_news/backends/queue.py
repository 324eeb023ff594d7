"""The jobs one CTranslate2 model runs, handed to its workers by priority.

CTranslate2 runs the jobs it is given in the order they come. Handing it every job of a call
at once keeps its workers busy, but a job asked for later (the repair of the first paragraph,
which a reader is waiting for) would then wait behind all of them. So the queue keeps the
jobs itself and gives the workers only as many as they can run at once, the most urgent
first: an urgent job waits for at most one running job to end, and a worker that an urgent
job leaves free takes the next job at once. Whoever waits for a result keeps the workers fed
(there is no thread of our own: a Ctrl-C reaches the waiting code as usual).
"""
from __future__ import annotations

import heapq
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

URGENT, NORMAL = 0, 1
POLL_S = 0.002  # how often a waiting caller looks for a free worker; jobs take 0.1 s and more


@dataclass(eq=False)
class Job:
    """Sentences decoded together. `results` is CTranslate2's (one per sentence) once started."""
    start: Callable[[], list[Any]]  # hands the job to CTranslate2 (asynchronously)
    results: list[Any] | None = None

    def done(self) -> bool:
        return self.results is not None and all(r.done() for r in self.results)


@dataclass
class JobQueue:
    workers: int
    _waiting: list[tuple[int, int, Job]] = field(default_factory=list)  # a heap: (priority, order, job)
    _running: list[Job] = field(default_factory=list)
    _order: Any = field(default_factory=itertools.count)

    def add(self, job: Job, priority: int = NORMAL) -> None:
        heapq.heappush(self._waiting, (priority, next(self._order), job))
        self._feed()

    def drop(self, jobs: list[Job]) -> None:
        """Forget jobs not started yet (their caller stopped waiting for them)."""
        gone = set(map(id, jobs))
        self._waiting = [entry for entry in self._waiting if id(entry[2]) not in gone]
        heapq.heapify(self._waiting)

    def wait(self, job: Job) -> list[Any]:
        """The job's results, once every one of them is there."""
        while not job.done():
            self._feed()
            if not job.done():
                time.sleep(POLL_S)
        assert job.results is not None
        return job.results

    def _feed(self) -> None:
        self._running = [j for j in self._running if not j.done()]
        while self._waiting and len(self._running) < self.workers:
            _, _, job = heapq.heappop(self._waiting)
            job.results = job.start()
            self._running.append(job)
