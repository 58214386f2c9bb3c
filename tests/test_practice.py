"""The practice core: FSRS reviews, records as stored, streaks, histories and cue cards."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from storybank.practice.attempt import Attempt, mark_note
from storybank.practice.outline import outline
from storybank.practice.records import (
    Review,
    parse_record,
    parse_records,
    reviewed,
    story_history,
    streak,
)
from storybank.practice.schedule import Grade, grade_of
from tests.conftest import make_story

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def answer(grade: Grade, at: datetime = NOON, seconds: int = 120) -> Review:
    return Review(at, grade, seconds, (10, 20, 70, 20))


def test_grades_are_read_by_word_letter_or_number() -> None:
    assert [grade_of(t) for t in ("again", "H", "3", " easy ")] == list(Grade)
    assert grade_of("great") is None and grade_of("5") is None


def test_a_review_round_trips_and_again_comes_back_before_easy() -> None:
    again = parse_record(reviewed(None, "Q1", "s-000001", answer(Grade.AGAIN)))
    easy = parse_record(reviewed(None, "Q1", "s-000001", answer(Grade.EASY)))
    assert again is not None and easy is not None
    assert NOON < again.due < easy.due
    second = parse_record(reviewed(again.to_json(), "Q1", "s-000001", answer(Grade.GOOD)))
    assert second is not None and [r.grade for r in second.reviews] == [Grade.AGAIN, Grade.GOOD]


def test_a_document_this_version_cannot_read_is_left_out() -> None:
    good = reviewed(None, "Q1", "s-000001", answer(Grade.GOOD))
    assert parse_records([good, {"question": "Q2"}, {**good, "card": "x"}]) == [parse_record(good)]


def test_streak_counts_days_in_a_row_up_to_today_or_yesterday() -> None:
    days = [NOON - timedelta(days=n) for n in (1, 2, 3, 5)]
    docs = [reviewed(None, f"Q{n}", "s-000001", answer(Grade.GOOD, d)) for n, d in enumerate(days)]
    records = parse_records(docs)
    today = NOON.astimezone().date()
    assert streak(records, today) == 3  # yesterday and the two before; today still to do
    assert streak(records, today + timedelta(days=2)) == 0
    assert streak([], date(2026, 1, 1)) == 0


def test_story_history_adds_up_every_question_it_answered() -> None:
    docs = [
        reviewed(None, "Q1", "s-000001", answer(Grade.GOOD, NOON, 100)),
        reviewed(None, "Q2", "s-000001", answer(Grade.HARD, NOON + timedelta(hours=1), 140)),
        reviewed(None, "Q2", "s-000002", answer(Grade.EASY)),
    ]
    history = story_history(parse_records(docs), "s-000001")
    assert history.times == 2 and history.last_grade is Grade.HARD
    assert history.average_seconds == 120 and history.average_split == (10, 20, 70, 20)
    assert story_history([], "s-000001").summary() == "not practised yet"


def test_attempt_splits_the_time_by_the_marks() -> None:
    attempt = Attempt(NOON)
    assert attempt.part == "situation"
    for seconds in (15, 30, 120):
        attempt.mark(NOON + timedelta(seconds=seconds))
    assert attempt.last_part and attempt.part == "result"
    attempt.mark(NOON + timedelta(seconds=150))  # no fifth part
    assert attempt.split(NOON + timedelta(seconds=170)) == (15, 15, 90, 50)
    assert Attempt(NOON).split(NOON + timedelta(seconds=60)) == ()


def test_the_clock_marks_two_and_three_minutes() -> None:
    assert mark_note(119) == ""
    assert mark_note(120).startswith("past 2:00")
    assert mark_note(180).startswith("past 3:00")


def test_outline_is_the_cue_notes_or_the_hook_and_a_line_per_part() -> None:
    story = make_story(hook="Pages fell by 70%", result="")
    card = outline(story)
    assert card[0] == "Hook: Pages fell by 70%"
    assert card[1].startswith("Situation: Our pager fired")
    assert card[-1] == "Result: (not written)"
    assert outline(make_story(cue_notes="one\ntwo")) == ["one", "two"]
