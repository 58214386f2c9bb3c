"""A long session must not keep what it closed: screens are collected once they are gone."""

from __future__ import annotations

import gc
import weakref

from textual.widgets import Input

from storybank.tui.app import StorybankApp
from storybank.tui.screens.editor import EditorScreen, widget_id
from tests.tui.conftest import settle

SIZE = (120, 30)


async def test_an_editor_closed_after_a_save_is_collected(app: StorybankApp) -> None:
    # Each save builds a new snapshot; nothing done for it (such as freezing the collector's
    # view of memory) may pin the editor that was open at the time.
    closed: list[weakref.ref[EditorScreen]] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for round_number in range(3):
            await pilot.press("e")
            await settle(pilot)
            editor = app.screen
            assert isinstance(editor, EditorScreen)
            closed.append(weakref.ref(editor))
            editor.query_one(f"#{widget_id('hook')}", Input).value = f"Hook {round_number}"
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            assert not isinstance(app.screen, EditorScreen)
            del editor
        # Another change after the last close, so no finished save still holds its callbacks.
        await pilot.press("a")
        await settle(pilot)
        gc.collect()
        assert [ref() for ref in closed] == [None, None, None]


async def test_pinning_the_bank_never_pins_a_screen(app: StorybankApp) -> None:
    # The app moves what it holds for good out of the collector's passes once it is quiet on
    # the story list; an editor open at the time, or closed before, must still be collected.
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        closed = weakref.ref(editor)
        frozen = gc.get_freeze_count()
        app.pin()  # another screen is open: nothing is pinned
        assert gc.get_freeze_count() == frozen
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, EditorScreen)
        del editor
        # Back on the list: what was pinned is released, collected, pinned again. The closed
        # screen's own message task may still be winding down for a moment (it holds the
        # screen until it ends): a pin after that must not keep it.
        for _ in range(50):
            app.pin()
            if closed() is None:
                break
            await pilot.pause(0.02)
        assert closed() is None
        assert gc.get_freeze_count() > 0
