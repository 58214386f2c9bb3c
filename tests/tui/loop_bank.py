"""A sample bank with an interview loop at fixed dates (all past, so nothing on screen drifts)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest.mock import patch

import pytest

from storybank.core.loop import Application, AppStatus, Interview
from storybank.store.bank import Bank
from tests.loopkit import make_application, make_interview
from tests.tui.conftest import sample_stories, write_bank


def past(day: int, hour: int = 10) -> datetime:
    """A fixed time in March 2024."""
    return datetime(2024, 3, day, hour, 0, tzinfo=UTC)


class CountingIds:
    """Stands in for `secrets` in the loop's models: ids `…-00000001`, `…-00000002`, …"""

    def __init__(self) -> None:
        self.count = 0

    def token_hex(self, nbytes: int) -> str:
        self.count += 1
        return f"{self.count:0{nbytes * 2}x}"


def loop_bank(path: Path) -> tuple[Application, Interview, Interview]:
    """The sample stories, and Acme (screening) with two interviews: the first logged with
    one story told, the second not logged yet; Globex, only interested. Every id is fixed."""
    with patch("storybank.core.loop.secrets", CountingIds()):
        return _loop_bank(path)


def _loop_bank(path: Path) -> tuple[Application, Interview, Interview]:
    write_bank(path, sample_stories())
    bank = Bank(path)
    acme = bank.add_application(
        make_application(
            company="Acme",
            role="Site reliability engineer",
            status="applied",
            source="Referral",
            link="https://acme.example/jobs/42",
            notes="Met [bold]Sam[/bold] at the meetup.",
            research={"mission": "Keep the lights on.", "why": "On-call that works."},
            created_at=past(1),
            updated_at=past(1),
        )
    )
    acme = bank.set_status(acme.id, AppStatus.SCREENING, at=past(4))
    first = bank.add_interview(
        make_interview(
            acme,
            start=past(6),
            round="recruiter screen",
            format="phone",
            interviewers=[{"name": "Dana Ortiz", "role": "Recruiter"}],
            asked=[
                {
                    "question": "Tell me about a time you led a team.",
                    "question_id": "Q2",
                    "story_id": "s-000001",
                    "story_title": "Led the on-call rewrite",
                }
            ],
            rating=4,
            notes="Talked about the pager.",
            outcome="advanced",
        )
    )
    second = bank.add_interview(
        make_interview(
            acme,
            start=past(12, 14),
            end=past(12, 15),
            round="technical",
            format="video",
            interviewers=[{"name": "Lee Park", "role": "Staff engineer"}],
        )
    )
    bank.add_application(
        make_application(
            company="Globex",
            role="Support lead",
            status="interested",
            created_at=past(2),
            updated_at=past(2),
        )
    )
    return acme, first, second


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC, so the times on screen are known."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def day_after(moment: datetime) -> datetime:
    """A day later."""
    return moment + timedelta(days=1)
