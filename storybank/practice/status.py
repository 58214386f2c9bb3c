"""What the title bar says about practice: how many answers are due today, and the streak."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from storybank.practice.records import Record, streak


@dataclass(frozen=True)
class PracticeStatus:
    """Due today and the streak of days, at one moment."""

    due_today: int
    streak: int
    practised: bool  # anything practised at all (a bank that never did shows nothing)

    def label(self) -> str:
        """`3 to practise · 2-day streak`, or "" before anything was practised."""
        if not self.practised:
            return ""
        days = f"{self.streak}-day streak" if self.streak else "no streak"
        return f"{self.due_today} to practise · {days}"


def practice_status(records: Sequence[Record], now: datetime) -> PracticeStatus:
    """How many records are due by the end of today (local time), and the streak up to now."""
    local = now.astimezone()
    end_of_day = datetime.combine(local.date() + timedelta(days=1), time(), local.tzinfo)
    due = sum(1 for r in records if r.due < end_of_day)
    return PracticeStatus(due, streak(records, local.date()), bool(records))
