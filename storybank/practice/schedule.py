"""Spaced repetition with FSRS (the `fsrs` package): when a question and story come back."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from fsrs import Card, Rating, Scheduler

# Without fuzzing the schedule is the same on every run: tests and users can predict it.
_SCHEDULER = Scheduler(enable_fuzzing=False)


class Grade(StrEnum):
    """How the answer went, in Anki's four words."""

    AGAIN = "again"
    HARD = "hard"
    GOOD = "good"
    EASY = "easy"


GRADES = tuple(Grade)
_RATINGS = {
    Grade.AGAIN: Rating.Again,
    Grade.HARD: Rating.Hard,
    Grade.GOOD: Rating.Good,
    Grade.EASY: Rating.Easy,
}


def grade_of(text: str) -> Grade | None:
    """A grade from what was typed: its word, its first letter or its number (1–4)."""
    typed = text.strip().casefold()
    for number, grade in enumerate(GRADES, 1):
        if typed in (grade.value, grade.value[0], str(number)):
            return grade
    return None


def new_card(now: datetime) -> dict[str, Any]:
    """A card never reviewed, due now, as stored."""
    card = Card(card_id=int(now.timestamp() * 1000), due=now)
    return dict(card.to_dict())


def review(card: dict[str, Any] | None, grade: Grade, now: datetime) -> dict[str, Any]:
    """The stored card after a review graded `grade` at `now` (a new card when None)."""
    current = Card.from_dict(card) if card else Card.from_dict(new_card(now))  # type: ignore[arg-type]
    reviewed, _log = _SCHEDULER.review_card(current, _RATINGS[grade], now)
    return dict(reviewed.to_dict())


def due_at(card: dict[str, Any]) -> datetime:
    """When a stored card is due."""
    return datetime.fromisoformat(str(card["due"]))
