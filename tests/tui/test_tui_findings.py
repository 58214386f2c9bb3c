"""The editor's live check: findings follow the typing, name the part, and a rule can be
silenced for the story with a key; story lists show each story's score."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from storybank.tui.app import StorybankApp
from storybank.tui.screens.editor import CHECK_DELAY, EditorScreen, widget_id
from storybank.tui.widgets.findings_list import FindingsList
from storybank.tui.widgets.story_list import StoryList
from tests.tui.conftest import drawn_text, settle
from tests.tui.test_tui_flows import SIZE, Reader
from tests.tui.test_tui_snapshots import SIZES, Snap, no_blink


def findings(app: StorybankApp) -> list[str]:
    """The findings list's lines as shown."""
    box = app.screen.query_one(FindingsList)
    return [str(box.get_option_at_index(i).prompt) for i in range(box.option_count)]


async def test_findings_follow_the_typing_once_it_pauses(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        before = findings(app)
        assert not any("basically" in line for line in before)
        area = app.screen.query_one(f"#{widget_id('action')}", TextArea)
        area.focus()
        await pilot.press("end", *" basically")
        # Typing never waits for the check: it runs only once the keys pause.
        assert findings(app) == before
        await pilot.pause(CHECK_DELAY + 0.2)
        lines = findings(app)
        assert any(line.startswith("action: Cut “basically”") for line in lines)
        title = app.screen.query_one(FindingsList).border_title or ""
        assert title.startswith("Check: ") and "/100" in title


async def test_s_silences_a_rule_for_the_story_and_saving_keeps_it(
    read_bank: Reader, app: StorybankApp, filled_path: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        editing = editor.original
        assert editing is not None
        area = editor.query_one(f"#{widget_id('action')}", TextArea)
        area.focus()
        await pilot.press("end", *" basically")
        await pilot.press("f2")
        await settle(pilot)
        box = editor.query_one(FindingsList)
        assert box.has_focus
        place = next(i for i, line in enumerate(findings(app)) if "basically" in line)
        box.highlighted = place
        await pilot.press("s")
        await settle(pilot)
        assert editor.silenced == ["filler"]
        assert not any("basically" in line for line in findings(app))
        assert "silenced: filler (s brings it back)" in findings(app)
        assert editor.dirty
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert read_bank(filled_path)[editing.id].silenced == ["filler"]


async def test_s_on_a_silenced_rule_brings_it_back(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        editor.silenced = ["thin-part"]
        editor.run_check()
        await pilot.press("f2")
        box = editor.query_one(FindingsList)
        box.highlighted = findings(app).index("silenced: thin-part (s brings it back)")
        await pilot.press("s")
        await settle(pilot)
        assert editor.silenced == []
        assert not editor.dirty  # back to the story as loaded


async def test_enter_on_a_finding_goes_to_its_part(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        area = editor.query_one(f"#{widget_id('situation')}", TextArea)
        area.load_text(area.text + " It was kind of hard.")
        await pilot.press("f2")
        box = editor.query_one(FindingsList)
        box.highlighted = next(i for i, f in enumerate(findings(app)) if "kind of" in f)
        await pilot.press("enter")
        await settle(pilot)
        assert editor.focused is area


async def test_the_story_list_shows_each_score_and_marks_weak_ones(app: StorybankApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        stories = app.screen.query_one(StoryList)
        text = drawn_text(stories)
        assert "Score" in text.splitlines()[1]
        # The hackathon story has no result: weak, so its score carries a mark.
        hackathon = next(line for line in text.splitlines() if "hackathon" in line)
        assert "!" in hackathon


@pytest.mark.parametrize("size", SIZES)
def test_editor_live_findings_snapshot(
    snap_compare: Snap, app: StorybankApp, size: tuple[int, int]
) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        area = pilot.app.screen.query_one(f"#{widget_id('action')}", TextArea)
        area.load_text(area.text + " We basically kind of fixed it, FYI.")
        await pilot.press("f2")
        await settle(pilot)
        no_blink(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run)


async def test_f2_then_enter_goes_to_the_first_findings_part(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        await pilot.press("f2", "enter")
        await settle(pilot)
        assert editor.report is not None and editor.report.findings
        part = editor.report.findings[0].part
        assert editor.focused is editor.query_one(f"#{widget_id(part)}")
