"""`storybank practice`: driven with typed input and a clock that moves as the test says."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storybank.cli import practice as practice_cli
from storybank.practice.records import parse_records
from storybank.store.bank import Bank
from tests.conftest import Run, make_story
from tests.quality_cases import ONCALL, story

START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # noon: the same local date almost everywhere


class Clock:
    """A clock that moves only when the test says (each read can take a set step)."""

    def __init__(self, steps: list[int]) -> None:
        self.now = START
        self.steps: Iterator[int] = iter(steps)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=next(self.steps, 0))
        return self.now


@pytest.fixture
def leader(bank_path: Path) -> str:
    return Bank(bank_path).add(story(ONCALL, competencies=["Leadership"])).id


def test_practice_times_the_answer_splits_it_and_saves_the_rating(
    run: Run, bank_path: Path, leader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reads: deck (0), start (0), situation mark (20), task mark (15), action mark (90),
    # finish (45): 170 s in all.
    monkeypatch.setattr(practice_cli, "CLOCK", Clock([0, 0, 20, 15, 90, 45]))
    typed = "\n" + "\n\n\n\n" + "good\n"
    code, out, err = run("practice", "--deck", "competency:Leadership", "--count", "1", input=typed)
    assert code == 0, err
    assert "Question 1 of 1 (Q" in out
    assert "Time: 2:50 (past 2:00): situation 0:20, task 0:15, action 1:30, result 0:45" in out
    assert "  Situation: " in out and "  Result: " in out  # the cue card
    assert "Saved (good)." in out
    assert "Practised 1 question; every rating is saved." in out
    (record,) = parse_records(Bank(bank_path).practice_docs())
    assert record.story_id == leader
    (answer,) = record.reviews
    assert answer.seconds == 170 and answer.split == (20, 15, 90, 45)
    assert answer.grade.value == "good"
    assert record.due > START  # FSRS put it off


def test_quitting_mid_session_keeps_what_was_rated(
    run: Run, bank_path: Path, leader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(practice_cli, "CLOCK", Clock([0, 0, 60]))
    typed = "\nf\n3\n" + "\nf\nq\n"  # rate the first, quit at the second's rating
    code, out, _ = run("practice", "--deck", "competency:Leadership", input=typed)
    assert code == 0
    assert "Practised 1 question; every rating is saved." in out
    assert len(parse_records(Bank(bank_path).practice_docs())) == 1


def test_the_input_ending_is_a_quit_not_a_crash(
    run: Run, bank_path: Path, leader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(practice_cli, "CLOCK", Clock([]))
    code, out, err = run("practice", "--deck", "competency:Leadership", input="\n")
    assert code == 0 and "Traceback" not in err
    assert "Practised 0 questions" in out


def test_a_rating_comes_back_when_due_and_again_comes_back_sooner(
    run: Run, bank_path: Path, leader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(practice_cli, "CLOCK", Clock([]))
    run("practice", "--deck", "competency:Leadership", "--count", "2", input="\nf\n1\n\nf\n4\n")
    records = {r.question_id: r for r in parse_records(Bank(bank_path).practice_docs())}
    again, easy = sorted(records.values(), key=lambda r: r.reviews[0].grade.value)
    assert again.reviews[0].grade.value == "again" and easy.reviews[0].grade.value == "easy"
    assert again.due < easy.due
    # Nothing is due at the start; once the again card is due, the due deck asks it.
    assert "Nothing is due today" in run("practice", input="")[1]
    monkeypatch.setattr(practice_cli, "CLOCK", lambda: again.due + timedelta(seconds=1))
    code, out, _ = run("practice", input="q\n")
    assert code == 0 and f"({again.question_id})" in out


def test_a_typo_in_the_rating_asks_again(
    run: Run, bank_path: Path, leader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(practice_cli, "CLOCK", Clock([]))
    code, out, _ = run(
        "practice", "--deck", "competency:Leadership", "--count", "1", input="\nf\ngood-ish\ne\n"
    )
    assert code == 0
    assert "Type one of: again, hard, good, easy (or 1–4)." in out
    assert parse_records(Bank(bank_path).practice_docs())[0].reviews[0].grade.value == "easy"


def test_an_unknown_deck_is_one_line(run: Run, bank_path: Path, leader: str) -> None:
    code, out, err = run("practice", "--deck", "favourites")
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and "is not a deck" in err
    code, _, err = run("practice", "--deck", "competency:Knitting")
    assert code == 1 and "No question probes “Knitting”" in err


def test_show_gives_the_practice_history(
    run: Run, bank_path: Path, leader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(practice_cli, "CLOCK", Clock([0, 0, 30, 30, 60, 30]))
    run("practice", "--deck", "competency:Leadership", "--count", "1", input="\n\n\n\n\nhard\n")
    out = run("show", leader)[1]
    assert "Practice:     practised 1×, last 2026-03-02 (hard), about 2:30 an answer" in out
    data = json.loads(run("show", leader, "--format", "json")[1])
    assert data["practice"]["times"] == 1 and data["practice"]["last_rating"] == "hard"
    assert data["practice"]["average_split"] == {
        "situation": 30,
        "task": 30,
        "action": 60,
        "result": 30,
    }


def test_cue_notes_are_the_card_when_written(
    run: Run, bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Bank(bank_path).add(
        make_story(competencies=["Leadership"], cue_notes="Pager noise → 70% fewer pages")
    )
    monkeypatch.setattr(practice_cli, "CLOCK", Clock([]))
    out = run("practice", "--deck", "competency:Leadership", "--count", "1", input="\nf\nq\n")[1]
    assert "  Pager noise → 70% fewer pages" in out
    assert "Hook: " not in out


def test_check_learns_from_the_timed_split(
    run: Run, bank_path: Path, leader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "Out loud" not in run("check", leader)[1]
    monkeypatch.setattr(practice_cli, "CLOCK", Clock([0, 0, 70, 10, 30, 20]))
    run("practice", "--deck", "competency:Leadership", "--count", "1", input="\n\n\n\n\ngood\n")
    out = run("check", leader)[1]
    assert "  * Out loud, your situation took 1:10 (54% of the answer): get to your part" in out
    assert "  * Out loud, your action took 0:30 (23% of the answer)" in out
    (report,) = json.loads(run("check", leader, "--format", "json")[1])
    assert len(report["spoken"]) == 2
