"""The first frame: laid out once for the terminal's width, without drawing hidden widgets."""

from __future__ import annotations

from typing import Any

import pytest
from textual import events
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Input

from storybank.tui.app import StorybankApp
from storybank.tui.screens.editor import EditorScreen, widget_id
from storybank.tui.widgets.competency_panel import CompetencyPanel
from storybank.tui.widgets.story_list import StoryList
from tests.tui.conftest import NoticeLog, settle


async def test_a_narrow_start_never_draws_the_hidden_competency_panel(
    app: StorybankApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[int] = []
    original = CompetencyPanel.render_line

    def render_line(self: CompetencyPanel, y: int) -> Strip:
        drawn.append(y)
        return original(self, y)

    monkeypatch.setattr(CompetencyPanel, "render_line", render_line)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-narrow")
        assert not app.screen.query_one(CompetencyPanel).display
    assert drawn == []  # not even in a first layout made before the width was known


def width_classes(screen: Screen[Any]) -> set[str]:
    """The width classes the screen has now."""
    return {name for name in ("-narrow", "-wide") if screen.has_class(name)}


@pytest.mark.parametrize(
    ("width", "expected"), [(60, "-narrow"), (99, "-narrow"), (100, "-wide"), (140, "-wide")]
)
async def test_the_width_classes_are_textuals(app: StorybankApp, width: int, expected: str) -> None:
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        assert width_classes(app.screen) == {expected}
        # Textual sets them itself on a resize: back at this width, it picks the same.
        await pilot.resize_terminal(width + 1 if width < 140 else width - 1, 30)
        await pilot.pause()
        await pilot.resize_terminal(width, 30)
        await pilot.pause()
        assert width_classes(app.screen) == {expected}


async def test_keys_typed_right_after_slash_go_to_the_search_box(app: StorybankApp) -> None:
    # A fast typist (or a busy app) delivers "/" and the letters after it in one burst: the
    # letters must land in the search box, not act on the list ("d" deletes, "e" edits).
    notified = NoticeLog()
    async with app.run_test(size=(120, 30), message_hook=notified) as pilot:
        await settle(pilot)
        send_burst(app, "/deal")
        await settle(pilot)
        search = app.main_screen.query_one("#search", Input)
        assert app.focused is search
        assert search.value == "deal"
        assert not notified.notifications  # nothing was deleted, edited or archived meanwhile
        await pilot.press("slash")  # in the search box, "/" is text
        assert search.value == "deal/"


def send_burst(app: StorybankApp, keys: str) -> None:
    """Keys as a terminal delivers them when typed fast: all queued before any is handled."""
    for key in keys:
        name = {"/": "slash", " ": "space"}.get(key, key)
        event = events.Key(name, key)
        event.set_sender(app)
        app.post_message(event)  # queued at once; none is handled before the last is queued


async def test_a_title_typed_right_after_n_is_kept(app: StorybankApp) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.snapshot is not None
        archived = {s.id for s in app.snapshot.stories if s.archived}
        send_burst(app, "nLed a team")  # "e", "d" and "a" are keys of the list too
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.query_one(f"#{widget_id('title')}", Input).value == "Led a team"
        assert app.snapshot is not None
        assert {s.id for s in app.snapshot.stories if s.archived} == archived  # none on the way


async def test_keys_typed_right_after_e_go_to_the_form(app: StorybankApp) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        current = app.main_screen.query_one(StoryList).current
        assert current is not None
        send_burst(app, "e!")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.original is not None and app.screen.original.id == current.id
        assert app.screen.dirty  # the "!" went into the form, not to the list
        # ...after the title, which it does not replace (nothing of the story is lost).
        title = app.screen.query_one(f"#{widget_id('title')}", Input).value
        assert title == app.screen.original.title + "!"
