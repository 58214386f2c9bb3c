"""SVG snapshots of the screens that guard the bank: the error screen and hostile story text."""

from __future__ import annotations

from pathlib import Path

import pytest

from storybank.tui.app import create_app
from tests.tui.test_tui_safety import bad_bank_with_backup, hostile_bank
from tests.tui.test_tui_snapshots import Snap, after


def test_bad_bank_error_screen(
    snap_compare: Snap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A relative bank path and a backup with a fixed name keep the screen the same on every run.
    monkeypatch.chdir(tmp_path)
    app = bad_bank_with_backup(tmp_path)()
    assert snap_compare(app, terminal_size=(80, 24), run_before=after())


def test_hostile_story_in_the_list(snap_compare: Snap, bank_path: Path) -> None:
    app = create_app(hostile_bank(bank_path))
    assert snap_compare(app, terminal_size=(80, 24), run_before=after())


def test_hostile_story_in_the_editor(snap_compare: Snap, bank_path: Path) -> None:
    app = create_app(hostile_bank(bank_path))
    assert snap_compare(app, terminal_size=(80, 24), run_before=after("e"))
