"""Practice as stored: one record per question and story, with its card and its reviews, and
what they add up to (due today, a streak of days, each story's history)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from storybank.practice.schedule import Grade, due_at, review

# The STAR parts a split names, in the order the answer moves through them.
SPLIT_PARTS = ("situation", "task", "action", "result")


@dataclass(frozen=True)
class Review:
    """One answer given out loud: when, how it went, how long it took and where the time went."""

    at: datetime
    grade: Grade
    seconds: int
    split: tuple[int, ...] = ()  # seconds per STAR part, as far as the user marked them

    def to_json(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "at": self.at.isoformat(),
            "rating": self.grade.value,
            "seconds": self.seconds,
            "split": list(self.split),
        }


@dataclass(frozen=True)
class Record:
    """A question practised with a story: its spaced-repetition card and its reviews."""

    question_id: str
    story_id: str
    card: dict[str, Any]
    reviews: tuple[Review, ...] = field(default=())

    @property
    def due(self) -> datetime:
        """When this question and story come back."""
        return due_at(self.card)

    def to_json(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "question": self.question_id,
            "story": self.story_id,
            "card": self.card,
            "reviews": [r.to_json() for r in self.reviews],
        }


def parse_record(doc: Mapping[str, Any]) -> Record | None:
    """A stored practice document as a record; None when it is not one this version reads
    (it is then left as it is in the bank, never rewritten)."""
    try:
        reviews = tuple(
            Review(
                at=datetime.fromisoformat(r["at"]),
                grade=Grade(r["rating"]),
                seconds=int(r["seconds"]),
                split=tuple(int(s) for s in r.get("split", ())),
            )
            for r in doc.get("reviews", ())
        )
        record = Record(str(doc["question"]), str(doc["story"]), dict(doc["card"]), reviews)
        _ = record.due
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return record


def parse_records(docs: Iterable[Mapping[str, Any]]) -> list[Record]:
    """Every stored practice document this version reads."""
    return [r for r in map(parse_record, docs) if r is not None]


def reviewed(
    doc: Mapping[str, Any] | None,
    question_id: str,
    story_id: str,
    answer: Review,
) -> dict[str, Any]:
    """The stored document after one more answer (a new one when `doc` is None)."""
    before = parse_record(doc) if doc is not None else None
    card = review(before.card if before else None, answer.grade, answer.at)
    reviews = (*(before.reviews if before else ()), answer)
    return Record(question_id, story_id, card, reviews).to_json()


def due_records(records: Iterable[Record], now: datetime) -> list[Record]:
    """The records due by `now`, the longest overdue first."""
    return sorted((r for r in records if r.due <= now), key=lambda r: r.due)


def streak(records: Iterable[Record], today: date) -> int:
    """Days in a row, up to today (or yesterday, while today is still to do), with practice."""
    days = {review.at.astimezone().date() for r in records for review in r.reviews}
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


@dataclass(frozen=True)
class StoryHistory:
    """How often a story was practised, how the last time went and how long it takes."""

    times: int
    last_grade: Grade | None
    last_at: datetime | None
    average_seconds: int
    average_split: tuple[int, ...]

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types for `--format json`."""
        return {
            "times": self.times,
            "last_rating": self.last_grade.value if self.last_grade else None,
            "last_at": self.last_at.isoformat() if self.last_at else None,
            "average_seconds": self.average_seconds,
            "average_split": dict(zip(SPLIT_PARTS, self.average_split, strict=False)),
        }

    def summary(self) -> str:
        """One line for `show` and the story's detail."""
        if not self.times:
            return "not practised yet"
        from storybank.core.timing import format_duration

        when = self.last_at.astimezone().date().isoformat() if self.last_at else "?"
        last = self.last_grade.value if self.last_grade else "?"
        line = (
            f"practised {self.times}×, last {when} ({last}), "
            f"about {format_duration(self.average_seconds)} an answer"
        )
        if self.average_split:
            parts = zip(SPLIT_PARTS, self.average_split, strict=False)
            line += "; " + ", ".join(f"{part} {format_duration(s)}" for part, s in parts)
        return line


# PRODUCT: Situation ~10–15%, Action ~50–60% of an answer. Flagged well past those, as the check
# flags the written story, so an answer told a little differently is not.
SITUATION_MOST = 0.25
ACTION_LEAST = 0.40


def split_advice(history: StoryHistory) -> list[str]:
    """What the timed answers say about where the minutes go (the written story may differ)."""
    split = history.average_split
    if len(split) < len(SPLIT_PARTS) or sum(split) == 0:
        return []
    from storybank.core.timing import format_duration

    total = sum(split)
    situation, action = split[0], split[2]
    advice = []
    if situation / total > SITUATION_MOST:
        advice.append(
            f"Out loud, your situation took {format_duration(situation)} "
            f"({round(100 * situation / total)}% of the answer): get to your part sooner."
        )
    if action / total < ACTION_LEAST:
        advice.append(
            f"Out loud, your action took {format_duration(action)} "
            f"({round(100 * action / total)}% of the answer): spend more of it on what you did."
        )
    return advice


def story_history(records: Iterable[Record], story_id: str) -> StoryHistory:
    """The practice history of one story, over every question it answered."""
    reviews = sorted(
        (review for r in records if r.story_id == story_id for review in r.reviews),
        key=lambda review: review.at,
    )
    if not reviews:
        return StoryHistory(0, None, None, 0, ())
    average = round(sum(r.seconds for r in reviews) / len(reviews))
    return StoryHistory(
        len(reviews), reviews[-1].grade, reviews[-1].at, average, _average_split(reviews)
    )


def _average_split(reviews: Sequence[Review]) -> tuple[int, ...]:
    """Each part's average time over the answers that marked it."""
    out = []
    for index in range(len(SPLIT_PARTS)):
        marked = [r.split[index] for r in reviews if len(r.split) > index]
        if not marked:
            break
        out.append(round(sum(marked) / len(marked)))
    return tuple(out)
