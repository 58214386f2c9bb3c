"""One answer out loud: the timer, its 2- and 3-minute marks, and the split per STAR part."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from storybank.core.timing import format_duration
from storybank.practice.records import SPLIT_PARTS

# PRODUCT: an answer runs about 2 minutes; past 3 the interviewer stops listening.
AIM_SECONDS = 120
LONGEST_SECONDS = 180


def mark_note(seconds: float) -> str:
    """What the clock says about the answer's length so far."""
    if seconds >= LONGEST_SECONDS:
        return "past 3:00: wrap up now"
    if seconds >= AIM_SECONDS:
        return "past 2:00: head for the result"
    return ""


@dataclass
class Attempt:
    """An answer being timed: started at `started`, with a mark each time the speaker moved
    on to the next STAR part."""

    started: datetime
    marks: list[datetime] = field(default_factory=list)

    def elapsed(self, now: datetime) -> float:
        """Seconds since the start."""
        return max(0.0, (now - self.started).total_seconds())

    @property
    def part(self) -> str:
        """The STAR part being told now."""
        return SPLIT_PARTS[min(len(self.marks), len(SPLIT_PARTS) - 1)]

    @property
    def last_part(self) -> bool:
        """True while telling the result (a mark now would end the answer)."""
        return len(self.marks) >= len(SPLIT_PARTS) - 1

    def mark(self, now: datetime) -> None:
        """The speaker moved on to the next part."""
        if not self.last_part:
            self.marks.append(now)

    def split(self, end: datetime) -> tuple[int, ...]:
        """Seconds per part marked, the last part running to `end`; () when none was marked."""
        if not self.marks:
            return ()
        points = [self.started, *self.marks, end]
        return tuple(round((b - a).total_seconds()) for a, b in pairwise(points))

    def describe(self, end: datetime) -> str:
        """The answer's length and where its time went, in one line."""
        seconds = round(self.elapsed(end))
        line = f"{format_duration(seconds)}"
        if seconds >= LONGEST_SECONDS:
            line += " (past 3:00)"
        elif seconds >= AIM_SECONDS:
            line += " (past 2:00)"
        split = self.split(end)
        if split:
            parts = zip(SPLIT_PARTS, split, strict=False)
            line += ": " + ", ".join(f"{part} {format_duration(s)}" for part, s in parts)
        return line
