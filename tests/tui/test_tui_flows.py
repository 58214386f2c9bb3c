"""Pilot tests: drive the real app and check both the screen and the bank file."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, Static, TextArea

from storybank.core.errors import BankLockedError, BankWriteError
from storybank.core.models import Story
from storybank.search.engine import SearchIndex
from storybank.store.bank import Bank
from storybank.tui.app import StorybankApp, create_app
from storybank.tui.screens import main as main_module
from storybank.tui.screens.confirm import ConfirmScreen, UnsavedScreen
from storybank.tui.screens.editor import EditorScreen, error_id, widget_id
from storybank.tui.screens.help import HelpScreen
from storybank.tui.screens.main import MainScreen
from storybank.tui.widgets.competency_panel import CompetencyPanel
from storybank.tui.widgets.story_detail import StoryDetail
from storybank.tui.widgets.story_list import StoryList
from tests.tui.conftest import NoticeLog, settle

SIZE = (100, 30)
Reader = Callable[[Path], dict[str, Story]]


def titles(app: StorybankApp) -> list[str]:
    """The titles the story list shows, in order."""
    return [story.title for story in app.main_screen.query_one(StoryList).stories]


def count_text(app: StorybankApp) -> str:
    """The "N of M stories" label."""
    return str(app.main_screen.query_one("#count", Static).content)


def field(app: StorybankApp, name: str) -> Input:
    return app.screen.query_one(f"#{widget_id(name)}", Input)


def area(app: StorybankApp, name: str) -> TextArea:
    return app.screen.query_one(f"#{widget_id(name)}", TextArea)


def error_text(app: StorybankApp, name: str) -> str:
    return str(app.screen.query_one(f"#{error_id(name)}", Static).content)


async def test_empty_bank_shows_how_to_start(empty_app: StorybankApp, bank_path: Path) -> None:
    async with empty_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        welcome = str(empty_app.main_screen.query_one("#empty", Static).content)
        assert "Press n to write your first story" in welcome
        assert empty_app.main_screen.has_class("-empty")
    assert not bank_path.exists()  # opening an empty bank writes nothing


async def test_create_a_story(read_bank: Reader, empty_app: StorybankApp, bank_path: Path) -> None:
    async with empty_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(empty_app.screen, EditorScreen)
        await pilot.press(*"Fixed the flaky deploy")
        area(empty_app, "situation").load_text("Deploys failed one time in five.")
        area(empty_app, "action").load_text("I traced the race and added a lock.")
        field(empty_app, "competencies").value = "Problem solving, Ownership"
        field(empty_app, "source.when").value = "2023-04"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not empty_app.screen.dirty
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(empty_app.screen, MainScreen)
        assert titles(empty_app) == ["Fixed the flaky deploy"]
        assert count_text(empty_app) == "1 of 1 story"
        assert not empty_app.main_screen.has_class("-empty")
    [saved] = read_bank(bank_path).values()
    assert saved.title == "Fixed the flaky deploy"
    assert saved.competencies == ["Problem solving", "Initiative"]  # stored under its name
    assert saved.source.when == "2023-04"
    assert saved.status.value == "draft"
    assert saved.missing_parts == ["task", "result"]


async def test_edit_a_story(read_bank: Reader, app: StorybankApp, filled_path: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.main_screen.query_one(StoryList).current.id == "s-000002"  # type: ignore[union-attr]
        await pilot.press("e")
        await settle(pilot)
        assert field(app, "title").value == "Calmed a [bold]difficult[/bold] customer"
        area(app, "result").load_text("They renewed for two years and doubled the contract.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        detail = app.main_screen.query_one(StoryDetail).text.plain
        assert "doubled the contract" in detail
    story = read_bank(filled_path)["s-000002"]
    assert story.result == "They renewed for two years and doubled the contract."
    assert story.created_at.day == 2  # kept
    assert story.updated_at.year > 2024  # stamped by the save


async def test_validation_error_blocks_saving(app: StorybankApp, filled_path: Path) -> None:
    before = filled_path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        field(app, "title").value = "   "
        field(app, "source.when").value = "last spring"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert error_text(app, "title") == "⚠ Title is required"
        assert "When must be a year" in error_text(app, "source.when")
        assert field(app, "title").has_class("-invalid")
        # Fixing a field clears its message as you type.
        field(app, "title").value = "Calmed a customer"
        await settle(pilot)
        assert error_text(app, "title") == ""
        assert "When must be a year" in error_text(app, "source.when")
    assert filled_path.read_bytes() == before


async def test_unsaved_changes_guard(
    read_bank: Reader, app: StorybankApp, filled_path: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        field(app, "hook").value = "A new opening line."
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, UnsavedScreen)
        await pilot.press("k")  # keep editing
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert field(app, "hook").value == "A new opening line."
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")  # discard
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert read_bank(filled_path)["s-000002"].hook.startswith("A customer threatened")
        await pilot.press("e")
        await settle(pilot)
        field(app, "hook").value = "Saved from the question."
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("s")  # save, then leave
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert read_bank(filled_path)["s-000002"].hook == "Saved from the question."


async def test_failed_save_keeps_every_word(
    app: StorybankApp, filled_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Bank, story: Story, **_: object) -> Story:
        raise BankWriteError("Could not write: No space left on device. Nothing was changed.")

    monkeypatch.setattr(Bank, "update", broken)
    before = filled_path.read_bytes()
    notified = NoticeLog()
    async with app.run_test(size=SIZE, message_hook=notified) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        area(app, "reflection").load_text("Call early; silence makes it worse.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert area(app, "reflection").text == "Call early; silence makes it worse."
        assert field(app, "title").value == "Calmed a [bold]difficult[/bold] customer"
        assert app.screen.dirty
        assert "No space left on device" in error_text(app, "story")
        assert any("No space left" in n.message for n in notified.notifications)
    assert filled_path.read_bytes() == before


async def test_search_filters_as_you_type(app: StorybankApp, filled_path: Path) -> None:
    before = filled_path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert count_text(app) == "3 of 3 stories"
        await pilot.press("slash", *"hackathon")
        await settle(pilot)
        assert titles(app) == ["Organized the hackathon"]
        assert count_text(app) == "1 of 3 stories"
        app.main_screen.query_one("#search", Input).value = "c:leadership #oncall"
        await settle(pilot)
        assert titles(app) == ["Led the on-call rewrite"]
        await pilot.press("escape")
        await settle(pilot)
        assert app.main_screen.query_one("#search", Input).value == ""
        assert count_text(app) == "3 of 3 stories"
    assert filled_path.read_bytes() == before  # searching never writes


async def test_a_change_in_the_search_box_shows_its_list_at_once(app: StorybankApp) -> None:
    """On a small bank the search runs from the change itself, so the list the key asked
    for is painted in the same frame as the key."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.main_screen.query_one("#search", Input).value = "hackathon"
        # No await: nothing else has run since the change.
        assert titles(app) == ["Organized the hackathon"]
        assert count_text(app) == "1 of 3 stories"


async def test_a_large_bank_searches_in_a_worker_until_its_index_is_built(
    app: StorybankApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_module, "INLINE_STORIES", 2)  # the sample bank counts as large
    monkeypatch.setattr(SearchIndex, "warm", lambda self: None)  # never built
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        snapshot = app.main_screen.session.snapshot
        assert snapshot is not None and not snapshot.index.is_warm
        app.main_screen.query_one("#search", Input).value = "hackathon"
        assert len(titles(app)) == 3  # the scan runs off the event loop
        await settle(pilot)
        assert titles(app) == ["Organized the hackathon"]
        assert count_text(app) == "1 of 3 stories"


async def test_competency_filter_narrows_with_each_choice(
    app: StorybankApp, filled_path: Path
) -> None:
    before = filled_path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.main_screen.query_one(CompetencyPanel)
        shown = {str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)}
        assert "2 Leadership" in shown
        assert not any("Teamwork" in s for s in shown)  # only in an archived story
        await pilot.press("c")
        panel.select("leadership")
        await settle(pilot)
        assert sorted(titles(app)) == ["Led the on-call rewrite", "Organized the hackathon"]
        panel.select("initiative")
        await settle(pilot)
        assert titles(app) == ["Organized the hackathon"]
        assert count_text(app) == "1 of 3 stories · 2 competencies"
    assert filled_path.read_bytes() == before


async def test_delete_asks_first(read_bank: Reader, app: StorybankApp, filled_path: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert "s-000002" in read_bank(filled_path)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "Calmed a [bold]difficult[/bold] customer" not in titles(app)
        assert count_text(app) == "2 of 2 stories"
    assert set(read_bank(filled_path)) == {"s-000001", "s-000003", "s-000004"}


async def test_archive_hides_and_toggle_shows(
    read_bank: Reader, app: StorybankApp, filled_path: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert read_bank(filled_path)["s-000002"].archived
        assert "Calmed a [bold]difficult[/bold] customer" not in titles(app)
        assert count_text(app) == "2 of 2 stories"
        await pilot.press("A")
        await settle(pilot)
        assert len(titles(app)) == 4
        assert "Old internship story" in titles(app)
        assert count_text(app) == "4 of 4 stories (with archived)"


async def test_help_lists_every_key(app: StorybankApp, filled_path: Path) -> None:
    before = filled_path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        lines = app.screen.text.splitlines()
        for key, what in [
            ("n", "Write a new story"),
            ("ctrl+s", "Save the story"),
            ("ctrl+e", "Edit the focused field in $EDITOR"),
            ("/", "Search"),
            ("A", "Show or hide archived stories"),
            ("q", "Quit"),
        ]:
            assert any(line.split()[:1] == [key] and what in line for line in lines), key
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert filled_path.read_bytes() == before


async def test_palette_duplicates_a_story(
    read_bank: Reader, app: StorybankApp, filled_path: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"duplicate")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    copies = [s for s in read_bank(filled_path).values() if s.title.endswith("(copy)")]
    assert [c.title for c in copies] == ["Calmed a [bold]difficult[/bold] customer (copy)"]


async def test_bad_bank_shows_what_is_wrong(bank_path: Path) -> None:
    bank_path.parent.mkdir(parents=True)
    bank_path.write_bytes(b'{"stories": {"1": {"title": ')
    app = create_app(bank_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = str(app.screen.query_one("#error-text", Static).content)
        assert "Cannot open the bank" in text
        assert "did not change the file" in text
        await pilot.press("q")
    assert bank_path.read_bytes() == b'{"stories": {"1": {"title": '


async def test_change_by_another_process_is_not_overwritten(
    read_bank: Reader, app: StorybankApp, filled_path: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        other = Bank(filled_path)
        other.update(other.get("s-000002").model_copy(update={"task": "Changed elsewhere."}))
        area(app, "task").load_text("Changed here.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert area(app, "task").text == "Changed here."
        assert "changed by another storybank" in error_text(app, "story")
        assert read_bank(filled_path)["s-000002"].task == "Changed elsewhere."
        # The way out keeps both versions.
        await pilot.press("ctrl+p", *"save as a new")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert not app.screen.dirty
    stories = read_bank(filled_path)
    assert stories["s-000002"].task == "Changed elsewhere."
    [copy] = [s for s in stories.values() if s.task == "Changed here."]
    assert copy.id != "s-000002"


async def test_quit_with_unsaved_story_asks_first(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        field(app, "title").value = "Half a thought"
        await app.run_action("quit")
        await settle(pilot)
        assert isinstance(app.screen, UnsavedScreen)
        await pilot.press("k")
        await settle(pilot)
        assert field(app, "title").value == "Half a thought"
        assert app.is_running


async def test_ctrl_e_round_trips_through_the_editor(
    app: StorybankApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    handed: list[str] = []

    def fake_edit(text: str, **_: object) -> str:
        handed.append(text)
        return text + " Then I wrote the runbook.\n"

    monkeypatch.setattr("click.edit", fake_edit)
    monkeypatch.setattr(StorybankApp, "suspend", lambda self: contextlib.nullcontext())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        area(app, "action").focus()
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert handed == ["I called them the same day and agreed a plan."]
        assert area(app, "action").text.endswith("Then I wrote the runbook.")
        assert app.screen.dirty  # type: ignore[attr-defined]


async def test_story_text_is_shown_exactly_and_controls_are_defused(
    bank_path: Path, read_bank: Reader, new_story: Callable[..., Story]
) -> None:
    story = new_story(id="s-00000a", title="Red \x1b[31malert[/] [b]x[/b]", action="I\x07 acted.")
    Bank(bank_path).add(story)
    app = create_app(bank_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = app.main_screen.query_one(StoryDetail).text.plain
        assert "Red ␛[31malert[/] [b]x[/b]" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        # Editing and saving without touching a field keeps its original characters.
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert read_bank(bank_path)["s-00000a"].title == "Red \x1b[31malert[/] [b]x[/b]"
    assert read_bank(bank_path)["s-00000a"].action == "I\x07 acted."


async def test_changes_from_another_process_appear(app: StorybankApp, filled_path: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        other = Bank(filled_path)
        other.delete("s-000003")
        app.check_disk()
        await settle(pilot)
        assert "Organized the hackathon" not in titles(app)
        assert count_text(app) == "2 of 2 stories"


async def test_delete_refuses_a_story_changed_elsewhere(
    read_bank: Reader, app: StorybankApp, filled_path: Path
) -> None:
    notified = NoticeLog()
    async with app.run_test(size=SIZE, message_hook=notified) as pilot:
        await settle(pilot)
        other = Bank(filled_path)
        other.update(other.get("s-000002").model_copy(update={"task": "Newer words."}))
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert any("not deleted" in n.message for n in notified.notifications)
    assert read_bank(filled_path)["s-000002"].task == "Newer words."


async def test_mouse_click_selects_a_row(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click(StoryList, offset=(5, 3))  # border, header, then the second story
        await settle(pilot)
        current = app.main_screen.query_one(StoryList).current
        assert current is not None and current.id == "s-000001"
        assert app.main_screen.query_one(StoryDetail).text.plain.startswith("Led the on-call")


async def test_palette_saves_from_the_editor(
    read_bank: Reader, app: StorybankApp, filled_path: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        field(app, "hook").value = "Saved through the palette."
        await pilot.press("ctrl+p", *"editor: save")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert not app.screen.dirty
    assert read_bank(filled_path)["s-000002"].hook == "Saved through the palette."


async def test_new_story_kept_when_the_bank_is_locked(
    read_bank: Reader, app: StorybankApp, filled_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(self: Bank, stories: object) -> list[Story]:
        raise BankLockedError(f"{filled_path} is busy: another storybank has held it for 5 s.")

    monkeypatch.setattr(Bank, "add_many", locked)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        field(app, "title").value = "Mentored a new hire"
        area(app, "action").load_text("I paired with her every morning for a month.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert field(app, "title").value == "Mentored a new hire"
        assert area(app, "action").text == "I paired with her every morning for a month."
        assert "is busy" in error_text(app, "story")
        await pilot.press("escape")  # leaving still guards the unsaved text
        await settle(pilot)
        assert isinstance(app.screen, UnsavedScreen)
    assert len(read_bank(filled_path)) == 4


async def test_competencies_are_suggested_from_the_taxonomy_in_an_empty_bank(
    empty_app: StorybankApp,
) -> None:
    async with empty_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        box = field(empty_app, "competencies")
        box.focus()
        await pilot.press(*"Leadership, conf")
        await settle(pilot)
        assert box._suggestion == "Leadership, Conflict resolution"
        await pilot.press("right")
        assert box.value == "Leadership, Conflict resolution"
