"""The app on an encrypted bank: a masked passphrase field first, retry or quit, then the bank."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from storybank.store import crypt
from storybank.store.bank import Bank
from storybank.store.crypt import UNLOCKER, Sealing
from storybank.tui.app import StorybankApp, create_app
from storybank.tui.screens.editor import EditorScreen
from storybank.tui.screens.main import MainScreen
from storybank.tui.screens.output import ExportDialog
from storybank.tui.screens.passphrase import PassphraseScreen
from tests.test_crypt import files_beside
from tests.tui.conftest import NoticeLog, sample_stories, settle, write_bank
from tests.tui.test_tui_flows import area, titles
from tests.tui.test_tui_snapshots import SIZES, Snap, no_blink

SIZE = (100, 30)
PASSPHRASE = "a long and private phrase"
SECRET = "Quixotic-Marmalade-42"


@pytest.fixture
def sealed_path(bank_path: Path) -> Path:
    """The sample bank, encrypted with PASSPHRASE (the run then forgets the passphrase)."""
    write_bank(bank_path, sample_stories())
    sealing = Sealing.new(PASSPHRASE)
    Bank(bank_path).encrypt(sealing)
    UNLOCKER.use(None)
    return bank_path


async def asked(pilot: Pilot[Any]) -> PassphraseScreen:
    """Wait until the app asks for the passphrase (the load worker waits for the answer, so
    waiting for every worker to finish would never end)."""
    for _ in range(200):
        await pilot.pause(0.02)
        if isinstance(pilot.app.screen, PassphraseScreen):
            await pilot.pause()
            return pilot.app.screen
    raise AssertionError("the passphrase was never asked for")


async def answer(pilot: Pilot[Any], passphrase: str) -> None:
    screen = await asked(pilot)
    box = screen.query_one("#passphrase", Input)
    box.value = passphrase
    await pilot.press("enter")


async def test_the_passphrase_is_asked_in_a_masked_field_before_the_stories_show(
    sealed_path: Path,
) -> None:
    app = create_app(sealed_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await asked(pilot)
        box = screen.query_one("#passphrase", Input)
        assert box.password and box.has_focus
        assert titles(app) == []  # nothing of the bank is shown before it is opened
        await answer(pilot, PASSPHRASE)
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "Led the on-call rewrite" in titles(app)


async def test_a_wrong_passphrase_asks_again_then_the_right_one_opens(sealed_path: Path) -> None:
    before = sealed_path.read_bytes()
    app = create_app(sealed_path)
    async with app.run_test(size=SIZE) as pilot:
        await answer(pilot, "not it")
        screen = await asked(pilot)
        problem = str(screen.query_one("#passphrase-problem", Static).content)
        assert "does not open the bank" in problem
        assert screen.query_one("#passphrase", Input).value == ""
        assert sealed_path.read_bytes() == before
        await answer(pilot, PASSPHRASE)
        await settle(pilot)
        assert len(titles(app)) == 3
    assert app.bank_error is None


async def test_an_empty_passphrase_is_not_sent(sealed_path: Path) -> None:
    app = create_app(sealed_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await asked(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert "Type the passphrase" in str(screen.query_one("#passphrase-problem", Static).content)
        await answer(pilot, PASSPHRASE)
        await settle(pilot)


async def test_escape_quits_without_an_error_and_changes_nothing(sealed_path: Path) -> None:
    before = sorted((p, p.read_bytes()) for p in files_beside(sealed_path))
    app = create_app(sealed_path)
    async with app.run_test(size=SIZE) as pilot:
        await asked(pilot)
        await pilot.press("escape")
        for _ in range(50):
            await pilot.pause(0.02)
            if not app.is_running:
                break
    assert app.bank_error is None and not app.return_code
    assert sorted((p, p.read_bytes()) for p in files_beside(sealed_path)) == before


async def test_a_passphrase_the_run_was_given_opens_without_asking(sealed_path: Path) -> None:
    app = create_app(sealed_path, preset=lambda _path: PASSPHRASE)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert len(titles(app)) == 3


async def test_a_session_of_edits_leaves_no_story_text_beside_the_bank(
    sealed_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "export.json"
    log = NoticeLog()
    app = create_app(sealed_path, preset=lambda _path: PASSPHRASE)
    async with app.run_test(size=SIZE, message_hook=log) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        await pilot.press(*f"The {SECRET} launch")
        area(app, "situation").load_text(f"Nobody knew about {SECRET}.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert f"The {SECRET} launch" in titles(app)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#export-format", Select).value = "json"
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot, rounds=3)
    warnings = [n for n in log.notifications if n.title == "Not encrypted"]
    assert warnings and "plain text" in warnings[0].message
    assert SECRET.encode() in target.read_bytes()  # the export is the one plain copy asked for
    assert crypt.is_sealed(sealed_path.read_bytes())
    for path in files_beside(sealed_path):
        assert SECRET.encode() not in path.read_bytes(), path
        assert b"on-call rewrite" not in path.read_bytes(), path


def until_asked(*typed: str) -> Any:
    """Before the snapshot: wait for the dialog, submit each of `typed`, stop blinking."""

    async def run(pilot: Pilot[Any]) -> None:
        for passphrase in typed:
            await answer(pilot, passphrase)
        await asked(pilot)
        no_blink(pilot)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    return run


@pytest.mark.parametrize("size", SIZES)
def test_passphrase_dialog(snap_compare: Snap, sealed_path: Path, size: tuple[int, int]) -> None:
    app: StorybankApp = create_app(sealed_path)
    assert snap_compare(app, terminal_size=size, run_before=until_asked())


@pytest.mark.parametrize("size", SIZES)
def test_passphrase_dialog_after_a_wrong_one(
    snap_compare: Snap, sealed_path: Path, size: tuple[int, int]
) -> None:
    app: StorybankApp = create_app(sealed_path)
    assert snap_compare(app, terminal_size=size, run_before=until_asked("wrong"))
