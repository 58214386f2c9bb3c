"""Hostile text in the interview loop's records: kept exactly, shown harmlessly by every command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storybank.cli.entry import main
from storybank.core.loop import revise_record
from storybank.store.bank import Bank
from tests.conftest import make_story
from tests.loopkit import make_application, make_interview
from tests.reliability.test_hostile_text import CONTROLS, ESC_TITLE, HOSTILE

LINE = "\x1b[31mAcme\x1b[0m [bold]Corp[/] \u202eevil\u202c 🧑‍💻 שלום \x9b2J \x07"
TEXT = f"{HOSTILE['situation']}\n{HOSTILE['result']}"


@pytest.fixture
def hostile_loop(bank_path: Path) -> dict[str, str]:
    bank = Bank(bank_path)
    story = bank.add(make_story(**HOSTILE))
    app = bank.add_application(
        make_application(
            company=LINE,
            role=LINE,
            notes=TEXT,
            research={"mission": TEXT, "why": TEXT},
            job_ad="Responsibilities\n- Lead the team\n" + TEXT,
        )
    )
    interview = bank.add_interview(
        make_interview(
            app,
            round=LINE,
            location=LINE,
            interviewers=[{"name": LINE, "role": LINE}],
            notes=TEXT,
            asked=[{"question": LINE, "story_id": story.id, "story_title": ESC_TITLE}],
            asks_asked=[{"question": LINE, "answer": TEXT}],
        )
    )
    bank.change_application(
        app.id, lambda a: revise_record(a, asks=[{"ask_id": "K01", "text": LINE}])
    )
    return {"app": app.id, "interview": interview.id, "story": story.id}


def test_hostile_loop_text_is_kept_exactly(hostile_loop: dict[str, str], bank_path: Path) -> None:
    bank = Bank(bank_path)
    app = bank.application(hostile_loop["app"])
    interview = bank.interview(hostile_loop["interview"])
    assert app.company == LINE.strip() and app.notes == TEXT.strip()
    assert interview.interviewers[0].name == LINE.strip()
    assert interview.asks_asked[0].answer == TEXT.strip()
    assert interview.asked[0].story_title == ESC_TITLE.strip()


def test_every_loop_command_shows_it_harmlessly(
    hostile_loop: dict[str, str], bank_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app, interview, story = hostile_loop["app"], hostile_loop["interview"], hostile_loop["story"]
    commands = [
        ["job", "list"],
        ["job", "show", app],
        ["interview", "show", interview],
        ["due", "--within", "30"],
        ["due", "--all"],
        ["ask", "list", "--job", app],
        ["prepare", "--interview", interview],
        ["answer", "Tell me about a time you led a team", "--application", app],
        ["show", story],
    ]
    capsys.readouterr()
    for argv in commands:
        assert main([*argv, "--db", str(bank_path)]) == 0, argv
        out, err = capsys.readouterr()
        bad = [c for c in CONTROLS if c in out + err]
        assert bad == [], (argv, bad)
        assert "\u202e" not in out, argv
    # JSON stays exact for jq.
    assert main(["job", "show", app, "--format", "json", "--db", str(bank_path)]) == 0
    out = capsys.readouterr().out
    assert not any(c in out for c in CONTROLS if c != "\x00")
    assert json.loads(out)["company"] == LINE.strip()
