"""The app keeps every word: full disks, other writers, bad or vanished files, open-time notices."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from storybank.core.models import Story
from storybank.core.textsafe import for_terminal, one_line
from storybank.store import atomicfile
from storybank.store.atomicfile import temp_prefix
from storybank.store.bank import Bank
from storybank.tui.app import StorybankApp, create_app
from storybank.tui.screens.editor import EditorScreen
from storybank.tui.screens.error import BankErrorScreen
from storybank.tui.screens.main import MainScreen
from storybank.tui.widgets.story_detail import StoryDetail
from storybank.tui.widgets.story_list import StoryList
from tests.conftest import make_story
from tests.reliability.test_hostile_text import CONTROLS as C0_C1_CONTROLS, HOSTILE
from tests.reliability.test_malformed_banks import corpus, valid_bank_bytes
from tests.tui.conftest import NoticeLog, drawn_lines, fixed, settle, write_bank
from tests.tui.test_tui_flows import SIZE, Reader, area, error_text, field, titles

BACKUP_ID = "20250301T091500.123456Z"
# What must never reach the terminal: C0, DEL, C1, and the bidi embeddings and overrides.
CONTROLS = [*C0_C1_CONTROLS, *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]


class FullDiskOS:
    """Stands in for `os` in storybank.store.atomicfile: writes to the bank's temp files fail."""

    def __init__(self, bank: Path, *, everything: bool = False) -> None:
        self.prefix = temp_prefix(bank)
        self.everything = everything
        self.full_fds: set[int] = set()
        self.refused = 0

    def open(self, path: Any, flags: int, mode: int = 0o777) -> int:
        fd = os.open(path, flags, mode)
        if self.everything or Path(path).name.startswith(self.prefix):
            self.full_fds.add(fd)
        return fd

    def write(self, fd: int, data: Any) -> int:
        if fd in self.full_fds:
            self.refused += 1
            raise OSError(errno.ENOSPC, "No space left on device")
        return os.write(fd, data)

    def close(self, fd: int) -> None:
        self.full_fds.discard(fd)
        os.close(fd)

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)


def notices(notified: NoticeLog) -> list[tuple[str, str, str]]:
    """Every notification shown so far: (title, message, severity)."""
    return [(n.title, n.message, n.severity) for n in notified.notifications]


def leftovers(path: Path) -> list[str]:
    """Temp files of the bank left in its folder."""
    return [p.name for p in path.parent.iterdir() if p.name.startswith(temp_prefix(path))]


# 1. A full disk --------------------------------------------------------------------------


@pytest.mark.parametrize("everything", [False, True], ids=["bank-write", "backup-too"])
async def test_full_disk_while_saving_an_edit_keeps_every_word(
    app: StorybankApp, filled_path: Path, monkeypatch: pytest.MonkeyPatch, everything: bool
) -> None:
    disk = FullDiskOS(filled_path, everything=everything)
    monkeypatch.setattr(atomicfile, "os", disk)
    before = filled_path.read_bytes()
    notified = NoticeLog()
    async with app.run_test(size=SIZE, message_hook=notified) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        editor: EditorScreen = app.screen
        form_before = editor._form()
        field(app, "title").value = "Won back a customer 🚀 שלום"
        area(app, "reflection").load_text("Call early;\nsilence makes it worse.")
        area(app, "action").load_text("I called them the same day.\n\nThen I wrote a plan.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert disk.refused >= 1
        current: object = app.screen
        assert current is editor
        assert editor.dirty
        assert field(app, "title").value == "Won back a customer 🚀 שלום"
        assert area(app, "reflection").text == "Call early;\nsilence makes it worse."
        assert area(app, "action").text == "I called them the same day.\n\nThen I wrote a plan."
        for name in ("hook", "situation", "task", "result", "tags", "competencies"):
            assert editor._form()[name] == form_before[name], name
        shown = error_text(app, "story")
        assert "the disk is full" in shown
        assert "\n" not in shown
        [(title, message, severity)] = [n for n in notices(notified) if "disk is full" in n[1]]
        assert severity == "error" and "\n" not in message and title == "Could not save"
    assert filled_path.read_bytes() == before
    assert leftovers(filled_path) == []


async def test_full_disk_while_saving_a_new_story_keeps_every_word(
    app: StorybankApp, filled_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = FullDiskOS(filled_path)
    monkeypatch.setattr(atomicfile, "os", disk)
    before = filled_path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        field(app, "title").value = "Mentored a new hire"
        field(app, "tags").value = "mentoring, people"
        area(app, "situation").load_text("A new hire was lost in week one.")
        area(app, "action").load_text("I paired with her every morning for a month.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert disk.refused >= 1
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.original is None  # still a new story: saving again adds it once
        assert field(app, "title").value == "Mentored a new hire"
        assert field(app, "tags").value == "mentoring, people"
        assert area(app, "situation").text == "A new hire was lost in week one."
        assert area(app, "action").text == "I paired with her every morning for a month."
        assert "the disk is full" in error_text(app, "story")
        assert "Mentored a new hire" not in titles(app)
        # Space is freed: the same form now saves, once.
        monkeypatch.setattr(atomicfile, "os", os)
        assert filled_path.read_bytes() == before
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.screen.dirty
    saved = [s for s in Bank(filled_path) if s.title == "Mentored a new hire"]
    assert len(saved) == 1 and saved[0].action == "I paired with her every morning for a month."


# 2. Another storybank writes while the app is open ----------------------------------------


async def test_another_writer_adds_and_edits_while_the_editor_is_open(
    read_bank: Reader, app: StorybankApp, filled_path: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen) and editor.original is not None
        editing = editor.original.id
        area(app, "result").load_text("My result, typed before the other save.")
        other = Bank(filled_path)
        other.add(make_story(id="s-0000aa", title="Shipped the billing migration"))
        other.update(other.get(editing).model_copy(update={"task": "Their task."}))
        app.check_disk()
        await settle(pilot)
        # The disk check shows the other writer's story behind the editor...
        assert "Shipped the billing migration" in titles(app)
        # ...and leaves the form alone.
        assert app.screen is editor
        assert area(app, "result").text == "My result, typed before the other save."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor and editor.dirty
        assert area(app, "result").text == "My result, typed before the other save."
        assert "changed by another storybank" in error_text(app, "story")
    on_disk = read_bank(filled_path)
    assert on_disk[editing].task == "Their task."
    assert on_disk[editing].result != "My result, typed before the other save."
    assert on_disk["s-0000aa"].title == "Shipped the billing migration"


async def test_saving_after_another_writer_added_a_story_keeps_both(
    read_bank: Reader, app: StorybankApp, filled_path: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen) and editor.original is not None
        editing = editor.original.id
        Bank(filled_path).add(make_story(id="s-0000aa", title="Shipped the billing migration"))
        # No disk check first: the save itself catches up with the other writer.
        area(app, "result").load_text("Pages fell by 80%.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not editor.dirty
        assert "Shipped the billing migration" in titles(app)
    on_disk = read_bank(filled_path)
    assert on_disk[editing].result == "Pages fell by 80%."
    assert on_disk["s-0000aa"].title == "Shipped the billing migration"
    assert len(on_disk) == 5


async def test_a_bank_moved_away_while_open_keeps_the_stories_and_refuses_to_save(
    app: StorybankApp, filled_path: Path, tmp_path: Path
) -> None:
    moved = tmp_path / "moved.json"
    notified = NoticeLog()
    async with app.run_test(size=SIZE, message_hook=notified) as pilot:
        await settle(pilot)
        shown = titles(app)
        await pilot.press("e")
        await settle(pilot)
        area(app, "result").load_text("Words that must survive.")
        filled_path.rename(moved)
        for _ in range(3):  # the check runs every few seconds and on focus: say it once
            app.check_disk()
            await settle(pilot)
        said = [n for n in notices(notified) if n[0] == "Cannot re-read the bank"]
        assert len(said) == 1
        assert "moved or deleted" in said[0][1] and "\n" not in said[0][1]
        assert "not saving" in app.sub_title
        assert titles(app) == shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert area(app, "result").text == "Words that must survive."
        assert "moved or deleted" in error_text(app, "story")
        assert not filled_path.exists()  # no new, nearly empty bank in its place
        # Put back, it is read again and the same save goes through.
        moved.rename(filled_path)
        app.check_disk()
        await settle(pilot)
        assert app.disk_problem is None and app.sub_title == filled_path.name
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.screen.dirty
    assert any(s.result == "Words that must survive." for s in Bank(filled_path))


async def test_a_bank_damaged_by_another_program_while_open_is_not_written(
    app: StorybankApp, filled_path: Path
) -> None:
    notified = NoticeLog()
    async with app.run_test(size=SIZE, message_hook=notified) as pilot:
        await settle(pilot)
        shown = titles(app)
        filled_path.write_bytes(b'{"stories": {"1": ')
        app.check_disk()
        await settle(pilot)
        app.check_disk()
        await settle(pilot)
        said = [n for n in notices(notified) if n[0] == "Cannot re-read the bank"]
        assert len(said) == 1 and "not valid JSON" in said[0][1]
        assert titles(app) == shown
        await pilot.press("e")
        await settle(pilot)
        area(app, "result").load_text("Kept.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert area(app, "result").text == "Kept."
        assert "not valid JSON" in error_text(app, "story")
    assert filled_path.read_bytes() == b'{"stories": {"1": '


# 3. Bad bank files -----------------------------------------------------------------------

BAD_CASES = [
    "truncated at 50",
    "random bytes 1",
    "JSON array",
    "tables as a list",
    "future schema version",
    "empty file",
]


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The chosen cases of the reliability corpus, and a valid bank to back up."""
    folder = tmp_path_factory.mktemp("corpus")
    valid = valid_bank_bytes(folder)
    cases = corpus(valid)
    chosen: dict[str, bytes] = {"valid": valid}
    for name in BAD_CASES:
        content = cases[name]
        assert isinstance(content, bytes)
        chosen[name] = content
    return chosen


def put_backup(bank: Path, content: bytes) -> None:
    """A good backup with a fixed id, as `storybank backup create` would leave it."""
    folder = bank.parent / f"{bank.name}.backups"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{BACKUP_ID}.json").write_bytes(content)


@pytest.mark.parametrize("with_backup", [True, False], ids=["backup", "no-backup"])
@pytest.mark.parametrize("case", BAD_CASES)
async def test_a_bad_bank_shows_the_error_screen_and_is_left_alone(
    bank_path: Path, bad_files: dict[str, bytes], case: str, with_backup: bool
) -> None:
    bank_path.parent.mkdir(parents=True)
    bank_path.write_bytes(bad_files[case])
    if with_backup:
        put_backup(bank_path, bad_files["valid"])
    backups_before = sorted(p.name for p in bank_path.parent.rglob("*"))
    app = create_app(bank_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BankErrorScreen)
        text = str(app.screen.query_one("#error-text", Static).content)
        assert "Cannot open the bank" in text
        assert app.screen.error.problem in text
        hint = app.screen.error.hint
        assert hint.removesuffix(" The file was not changed.") in text
        # Said once, not twice.
        assert text.count("not change") + text.count("not changed") == 1
        assert "did not change the file" in text
        if not with_backup and case != "future schema version":
            assert "backup list" not in text  # there is nothing it could restore
            assert "no backup of this bank can be restored" in text
        assert "Traceback" not in text
        if with_backup and case != "future schema version":
            assert f"storybank backup restore {BACKUP_ID}" in text
            assert "2025-03-01 09:15 UTC" in text
        if case == "future schema version":
            assert "newer storybank" in text and "Upgrade storybank" in text
        # Keys meant for the main screen do nothing here.
        for key in ("n", "e", "d", "ctrl+s"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, BankErrorScreen)
        await pilot.press("q")
        await settle(pilot)
    assert not app.is_running
    assert app.return_code == 1  # as the CLI's exit code for a bank it cannot open
    assert bank_path.read_bytes() == bad_files[case]
    assert sorted(p.name for p in bank_path.parent.rglob("*")) == backups_before


# 4. Notices on opening -------------------------------------------------------------------


async def test_a_normal_bank_opens_without_notices(app: StorybankApp) -> None:
    notified = NoticeLog()
    async with app.run_test(size=SIZE, message_hook=notified) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert notices(notified) == []


async def test_an_upgraded_bank_is_announced_once(bank_path: Path) -> None:
    fixture = Path(__file__).parent.parent / "fixtures" / "bank-v1.json"
    bank_path.parent.mkdir(parents=True)
    bank_path.write_bytes(fixture.read_bytes())
    app = create_app(bank_path)
    notified = NoticeLog()
    async with app.run_test(size=SIZE, message_hook=notified) as pilot:
        await settle(pilot)
        app.check_disk()
        await settle(pilot)
        backups = sorted((bank_path.parent / "bank.json.backups").iterdir())
        assert len(backups) == 1 and backups[0].read_bytes() == fixture.read_bytes()
        assert notices(notified) == [
            (
                "Bank upgraded",
                f"Upgraded bank.json from schema 1 to 3; a backup was kept: {backups[0]}",
                "information",
            )
        ]
        assert app.snapshot is not None and len(app.snapshot.stories) == 3


async def test_a_bank_that_cannot_be_upgraded_is_read_and_said_so(
    bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storybank.store import bank as store

    def read_only(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(store, "take_backup", read_only)
    fixture = Path(__file__).parent.parent / "fixtures" / "bank-v1.json"
    bank_path.parent.mkdir(parents=True)
    bank_path.write_bytes(fixture.read_bytes())
    bank_path.chmod(0o600)
    app = create_app(bank_path)
    notified = NoticeLog()
    async with app.run_test(size=SIZE, message_hook=notified) as pilot:
        await settle(pilot)
        [(title, message, severity)] = notices(notified)
        assert title == "Bank not upgraded" and severity == "warning"
        assert message.startswith("Could not upgrade bank.json to schema 3, so it was read as it")
        assert "Read-only file system" in message
        assert app.snapshot is not None and len(app.snapshot.stories) == 3
    assert bank_path.read_bytes() == fixture.read_bytes()


@pytest.mark.skipif(os.name != "posix", reason="file modes mean little on Windows")
async def test_a_bank_others_can_read_gets_the_same_warning_as_the_cli(
    filled_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from storybank.cli.entry import main

    filled_path.chmod(0o644)
    assert main(["list", "--db", str(filled_path)]) == 0
    cli_warning = capsys.readouterr().err.strip().removeprefix("storybank: warning: ")
    app = create_app(filled_path)
    notified = NoticeLog()
    async with app.run_test(size=SIZE, message_hook=notified) as pilot:
        await settle(pilot)
        assert notices(notified) == [("Others can read the bank", cli_warning, "warning")]
        assert "chmod 600" in cli_warning
    assert filled_path.stat().st_mode & 0o777 == 0o644  # warned, never changed behind your back


# Helpers shared with the snapshot tests --------------------------------------------------


def bad_bank_with_backup(folder: Path) -> Callable[[], StorybankApp]:
    """A truncated bank named `bank.json` (relative, so the screen is the same on every run)."""
    valid = valid_bank_bytes(folder / "corpus")
    bank = Path("bank.json")
    (folder / bank).write_bytes(valid[:50])
    put_backup(folder / bank, valid)
    return lambda: create_app(bank)


# 5. Hostile text -------------------------------------------------------------------------


def hostile_story() -> Story:
    """One story whose every field holds escapes, markup, emoji, RTL text, NULs or a long line."""
    return make_story(id="s-0000bb", **HOSTILE, created_at=fixed(1), updated_at=fixed(9))


def hostile_bank(path: Path) -> Path:
    """A bank with the hostile story and one plain story beside it."""
    plain = make_story(
        id="s-0000cc", title="A plain story", created_at=fixed(1), updated_at=fixed(3)
    )
    return write_bank(path, [hostile_story(), plain])


def screen_text(app: StorybankApp) -> str:
    """Every character the widgets on the current screen draw, as sent to the terminal."""
    strips = [
        strip
        for widget in app.screen.query("*")
        if widget.region  # laid out and on the screen
        for strip in drawn_lines(widget)
    ]
    for strip in strips:
        for segment in strip:
            assert segment.control is None, "the app sent a raw control code"
    return "\n".join(strip.text for strip in strips)


async def test_hostile_text_is_shown_literally_and_never_reaches_the_terminal(
    bank_path: Path,
) -> None:
    hostile_bank(bank_path)
    before = bank_path.read_bytes()
    story = hostile_story()
    app = create_app(bank_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # The list and the detail pane.
        current = app.main_screen.query_one(StoryList).current
        assert current is not None and current.id == story.id
        on_screen = screen_text(app)
        assert not [c for c in CONTROLS if c in on_screen]
        assert "␛[31mRed␛[0m ␛]0;pwned␇ [bold red]markup[/]" in on_screen  # list and detail
        detail = app.main_screen.query_one(StoryDetail).text.plain
        assert one_line(story.title) in detail
        assert one_line(story.hook) in detail
        for part in ("situation", "task", "action", "result", "reflection"):
            assert for_terminal(getattr(story, part)) in detail, part
        assert "[red]not markup[/red]" in detail and "שלום" in detail and "👩🏽‍🚀" in detail
        assert "Léadership 🚀, [b]bold[/b]" in detail
        # The editor shows the same characters, made visible, and the long line whole.
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert field(app, "title").value == for_terminal(story.title)
        assert field(app, "hook").value == for_terminal(story.hook)
        assert field(app, "hook").value.startswith("<U+202E>evil<U+202C> right-to-left")
        assert area(app, "situation").text == for_terminal(story.situation)
        assert area(app, "action").text == "x" * 19_000
        assert area(app, "result").text == for_terminal(story.result)
        assert field(app, "competencies").value == "Léadership 🚀, [b]bold[/b]"
        on_screen = screen_text(app)
        assert not [c for c in CONTROLS if c in on_screen]
        assert not app.screen.dirty
        # Saving without touching a field keeps the original characters, not the symbols.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.screen.dirty
    saved = Bank(bank_path).get(story.id)
    assert saved.model_dump(exclude={"updated_at"}) == story.model_dump(exclude={"updated_at"})
    assert before != bank_path.read_bytes()  # it was saved (a new change time), not skipped


async def test_editing_one_field_keeps_every_other_field_byte_for_byte(bank_path: Path) -> None:
    # Labels with control and bidi characters are shown as symbols (␛, <U+202E>), and a
    # part with Windows and old-Mac line endings may be normalized by the text area: none of
    # that may be written back when the user changed only the hook.
    story = make_story(
        id="s-0000dd",
        title="Labels\x1b[31m with escapes",
        competencies=["Lead\x1bership", "\u202eTeamwork\u202c"],
        tags=["bell\x07", "tab\there"],
        situation="line one\r\nline two\rline three",
        created_at=fixed(1),
        updated_at=fixed(2),
    )
    write_bank(bank_path, [story])
    app = create_app(bank_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert field(app, "competencies").value == "Lead␛ership, <U+202E>Teamwork<U+202C>"
        field(app, "hook").value = "A new hook"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.screen.dirty
    saved = Bank(bank_path).get(story.id)
    assert saved.hook == "A new hook"
    assert saved.competencies == story.competencies
    assert saved.tags == story.tags
    assert saved.title == story.title
    assert saved.situation == story.situation


async def test_a_label_list_that_was_changed_is_saved_as_typed(bank_path: Path) -> None:
    story = make_story(
        id="s-0000ee",
        competencies=["Lead\x1bership", "Teamwork"],
        created_at=fixed(1),
        updated_at=fixed(2),
    )
    write_bank(bank_path, [story])
    app = create_app(bank_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        field(app, "competencies").value = "Teamwork, Communication"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert Bank(bank_path).get(story.id).competencies == ["Teamwork", "Communication"]
