"""Hostile text: escapes, markup, emoji, right-to-left, NULs and long lines are kept exactly and
shown harmlessly."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from storybank.cli.entry import main
from storybank.store.bank import Bank
from tests.conftest import make_story

ESC_TITLE = "\x1b[31mRed\x1b[0m \x1b]0;pwned\x07 [bold red]markup[/] 🧑‍💻 שלום \x00 \x9b2J"
HOSTILE = {
    "title": ESC_TITLE,
    "hook": "\u202eevil\u202c right-to-left override; [link=http://x]click[/link]",
    "situation": "NUL\x00inside, bell\x07, backspace\x08, DEL\x7f, C1\x85\x90\x9d, CR\rhere",
    "task": "مرحبا بالعالم — Arabic, עברית — Hebrew, 👩🏽‍🚀🏳️‍🌈, combining é",
    "action": "x" * 19_000,  # one very long line
    "result": "\x1b[2J\x1b[H cleared the screen? \x1bP+q\x1b\\ DCS; \x1b[6n asks for a reply",
    "reflection": "[red]not markup[/red] {braces} $(rm -rf /) `backticks` \\ \t tab",
    "competencies": ["Léadership 🚀", "[b]bold[/b]"],
    "tags": ["emoji-🧪", "ملصق"],
}
CONTROLS = [chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]]


@pytest.fixture
def hostile_bank(bank_path: Path) -> tuple[Path, str]:
    story = Bank(bank_path).add(make_story(**HOSTILE))
    return bank_path, story.id


def test_hostile_text_round_trips_through_the_store(hostile_bank: tuple[Path, str]) -> None:
    path, story_id = hostile_bank
    story = Bank(path).get(story_id)
    for field, value in HOSTILE.items():
        assert getattr(story, field) == value, field


def test_hostile_text_round_trips_through_export_and_import(
    hostile_bank: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, story_id = hostile_bank
    exported = tmp_path / "export.json"
    assert main(["export", "--db", str(path), "-o", str(exported)]) == 0
    other = tmp_path / "other" / "bank.json"
    assert main(["import", str(exported), "--db", str(other)]) == 0
    assert Bank(other).get(story_id) == Bank(path).get(story_id)
    # JSON on the terminal: escaped so nothing acts, yet the same value for jq.
    capsys.readouterr()
    assert main(["show", story_id, "--format", "json", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert not any(c in out for c in CONTROLS if c != "\x00")
    assert json.loads(out)["title"] == ESC_TITLE


@pytest.mark.parametrize(
    "argv",
    [["show", "{id}"], ["list"], ["search", "Red"], ["search", "-c", "léadership 🚀"]],
    ids=["show", "list", "search", "search-competency"],
)
def test_text_output_neutralizes_control_characters(
    hostile_bank: tuple[Path, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
) -> None:
    path, story_id = hostile_bank
    monkeypatch.setenv("COLUMNS", "200")  # wide enough that list clips no column
    capsys.readouterr()
    code = main([a.format(id=story_id) for a in argv] + ["--db", str(path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    bad = sorted({hex(ord(c)) for c in out + err if c in CONTROLS})
    assert bad == [], f"control characters reached the terminal: {bad}"
    # Markup is printed as typed, never interpreted; escapes are shown as symbols.
    assert "[bold" in out  # as typed (list may clip the rest of the title)
    assert "␛[31mRed" in out
    assert story_id in out


def test_long_lines_are_kept_whole_in_show(
    hostile_bank: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, story_id = hostile_bank
    capsys.readouterr()
    assert main(["show", story_id, "--db", str(path)]) == 0
    assert "x" * 19_000 in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["markdown", "csv"])
def test_export_to_a_terminal_is_neutralized_but_piped_output_is_exact(
    hostile_bank: tuple[Path, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    path, _ = hostile_bank
    capsys.readouterr()
    assert main(["export", "--format", fmt, "--db", str(path)]) == 0
    piped = capsys.readouterr().out
    # Piped, the text is exact (markdown and CSV keep every character of the title).
    assert ESC_TITLE in piped
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["export", "--format", fmt, "--db", str(path)]) == 0
    shown = capsys.readouterr().out
    assert not any(c in shown for c in CONTROLS if c != "\r")
    assert "␛[31mRed" in shown
