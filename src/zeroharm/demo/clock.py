"""The demo's clock: every step runs at the moment it happened.

A record's life is a generator that yields the moment of its next step; the timeline resumes it then, with the
process clock moved there (time-machine), so the services stamp their rows, history and notifications with that
moment. Lives of all records and the nightly scans are interleaved in time order, so a scan sees what existed
that night. Steps at or after the end (the build date's midnight) are not taken: that part of a life has not
happened yet.
"""

from __future__ import annotations

import datetime
import heapq
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager

import time_machine
from django.utils import timezone

__all__ = ["Timeline", "Life", "midnight", "at"]

Life = Generator[datetime.datetime, None, None]


def midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


@contextmanager
def at(moment: datetime.datetime):
    """Run a block with the clock stopped at `moment` (the set-up steps before the timeline runs)."""
    with time_machine.travel(moment, tick=False):
        yield


class Timeline:
    """A queue of lives ordered by the moment of their next step (then by the order they were added)."""

    def __init__(self, end: datetime.datetime):
        self.end = end
        self._queue: list[tuple[datetime.datetime, int, Iterator]] = []
        self._seq = 0
        self.steps = 0
        self.now: datetime.datetime | None = None  # the moment of the step being taken

    def add(self, life: Life) -> None:
        """Start a life: it runs up to its first yield now (no step may come before that)."""
        self._push(life)

    def at(self, moment: datetime.datetime, step: Callable[[], object]) -> None:
        """A single step at `moment`."""

        def once():
            yield moment
            step()

        self.add(once())

    def _push(self, life: Iterator) -> None:
        moment = next(life, None)
        if moment is not None and self.now is not None and moment < self.now:
            moment = self.now  # a life never goes back in time: a step planned too early happens now
        if moment is not None and moment < self.end:
            self._seq += 1
            heapq.heappush(self._queue, (moment, self._seq, life))

    def run(self) -> None:
        """Take every step before the end, in time order, each with the clock at its moment."""
        if not self._queue:
            return
        traveller = time_machine.travel(self._queue[0][0], tick=False)
        coordinates = traveller.start()
        try:
            while self._queue:
                moment, _seq, life = heapq.heappop(self._queue)
                coordinates.move_to(moment)
                self.now = moment
                self.steps += 1
                self._push(life)
        finally:
            traveller.stop()
