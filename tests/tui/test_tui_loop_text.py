"""How the app's loop forms write dates, people and answers, and read them back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storybank.core.errors import LoopValidationError
from storybank.core.loop import AskAnswer, Interviewer, PickedAsk
from storybank.tui.loop_text import (
    asks_text,
    interviewers_text,
    parse_asks,
    parse_interviewers,
    parse_when,
    when_text,
)
from tests.tui.loop_bank import utc

__all__ = ["utc"]
pytestmark = pytest.mark.usefixtures("utc")

PICKED = [
    PickedAsk(ask_id="K03", text="What does success look like in 90 days?"),
    PickedAsk(ask_id="K10", text="How does the team disagree?"),
]


def test_a_time_alone_is_on_the_start_day() -> None:
    start = datetime(2024, 3, 12, 14, 0, tzinfo=UTC)
    assert parse_when("15:30", "end", day=start) == datetime(2024, 3, 12, 15, 30, tzinfo=UTC)
    assert parse_when("", "end", day=start) is None
    assert when_text(parse_when("2024-03-12 09:05", "start")) == "2024-03-12 09:05"


def test_an_unreadable_time_names_its_field() -> None:
    with pytest.raises(LoopValidationError) as caught:
        parse_when("25:99", "end", day=datetime(2024, 3, 12, tzinfo=UTC))
    assert caught.value.problems[0].field == "end"
    assert "is not one I can read" in caught.value.problems[0].message


def test_interviewers_round_trip_one_a_line() -> None:
    people = [Interviewer(name="Ana Lima", role="VP, Engineering"), Interviewer(name="Bo")]
    text = interviewers_text(people)
    assert text == "Ana Lima, VP, Engineering\nBo"
    assert parse_interviewers(text + "\n\n") == [
        {"name": "Ana Lima", "role": "VP, Engineering"},
        {"name": "Bo", "role": ""},
    ]


def test_picked_questions_are_offered_and_unanswered_picks_left_out() -> None:
    asked = [AskAnswer(question="Why is the role open?", answer="Growth.")]
    text = asks_text(asked, PICKED)
    assert text.startswith("Q: Why is the role open?\nA: Growth.\n\nQ: What does success")
    filled = text.replace("in 90 days?\nA:", "in 90 days?\nA: Owning alerts.\nAnd the pager.")
    assert parse_asks(filled, PICKED) == [
        {"question": "Why is the role open?", "answer": "Growth.", "ask_id": ""},
        {
            "question": "What does success look like in 90 days?",
            "answer": "Owning alerts.\nAnd the pager.",
            "ask_id": "K03",
        },
    ]


def test_a_typed_question_without_an_answer_is_kept() -> None:
    assert parse_asks("Q: Can I meet the team?", PICKED) == [
        {"question": "Can I meet the team?", "answer": "", "ask_id": ""}
    ]


def test_the_title_bar_counts_follow_ups_apart_from_practice() -> None:
    from storybank.tui.loop_state import due_label

    assert due_label(0) == ""
    assert due_label(1) == "1 follow-up due"
    assert due_label(3) == "3 follow-ups due"
