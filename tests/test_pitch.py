"""The pitch: its parts' length and content advice, the CLI that writes it, and its practice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storybank.cli import practice as practice_cli
from storybank.core.pitch import pitch_advice, pitch_kind, pitch_seconds
from storybank.practice.records import parse_records
from storybank.store.bank import Bank
from tests.conftest import Run
from tests.test_cli_practice import START

MINUTE = " ".join(["word"] * 140)  # one minute spoken


def test_length_is_checked_against_each_parts_range() -> None:
    about = pitch_kind("About")
    assert pitch_seconds(MINUTE) == 60
    assert pitch_advice(about, MINUTE + " and next I want to lead a team") == []
    assert pitch_advice(about, "I build things and next I want more.")[0].startswith("Say more")
    assert pitch_advice(about, MINUTE * 2 + " next")[0].startswith("Cut it: it takes about 2:0")
    assert pitch_advice(about, "")[0].startswith("Write it: About a minute")


def test_a_weakness_needs_the_growth_and_about_needs_the_future() -> None:
    weakness = pitch_kind("weakness")
    assert "Say what you are doing about it" in pitch_advice(weakness, MINUTE)[-1]
    assert pitch_advice(weakness, MINUTE + " so I am working on it") == []
    assert "End with what you want next" in pitch_advice(pitch_kind("about"), MINUTE)[-1]


def test_pitch_edit_saves_and_reports_length_and_advice(run: Run, bank_path: Path) -> None:
    code, out, err = run("pitch", "edit", "weakness", "--text", "I over-prepare.")
    assert code == 0, err
    assert out.splitlines()[0] == "Saved weakness (about 0:01 to say)."
    assert "  - Say what you are doing about it: interviewers listen for growth." in out
    assert run("pitch", "show", "weakness")[1].splitlines()[1] == "I over-prepare."
    data = json.loads(run("pitch", "--format", "json")[1])
    assert [part["kind"] for part in data] == ["about", "strengths", "weakness", "why", "goals"]
    assert data[2]["text"] == "I over-prepare." and data[0]["text"] == ""
    # Stored in the bank's pitch table; no story is touched.
    assert len(Bank(bank_path).pitch_docs()) == 1 and len(Bank(bank_path)) == 0
    run("pitch", "edit", "weakness", "--text", "I over-prepare, so I now timebox it.")
    assert len(Bank(bank_path).pitch_docs()) == 1


def test_pitch_refuses_an_unknown_part_and_a_missing_text_off_a_terminal(run: Run) -> None:
    code, _, err = run("pitch", "edit", "hobbies", "--text", "x")
    assert code == 2 and "hobbies" in err and len(err.splitlines()) == 1
    code, _, err = run("pitch", "edit", "about")
    assert code == 2 and "Give --text" in err


def test_the_pitch_is_practised_and_comes_back_when_due(
    run: Run, bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "No part of the pitch is written yet" in run("practice", "--deck", "pitch")[2]
    run("pitch", "edit", "about", "--text", MINUTE + " next I want to lead")
    monkeypatch.setattr(practice_cli, "CLOCK", lambda: START)
    code, out, _ = run("practice", "--deck", "pitch", input="\nf\nagain\n")
    assert code == 0 and "Question 1 of 1 (P-about): Tell me about yourself." in out
    assert "Your pitch:" in out
    (record,) = parse_records(Bank(bank_path).practice_docs())
    assert record.story_id == "pitch:about" and record.question_id == "P-about"
    monkeypatch.setattr(practice_cli, "CLOCK", lambda: record.due)
    assert "(P-about)" in run("practice", input="q\n")[1]
