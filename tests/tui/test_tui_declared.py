"""Help and the command palette are built from what each screen declares."""

from __future__ import annotations

import pytest

from storybank.tui.app import StorybankApp
from storybank.tui.declared import Declared
from storybank.tui.screens.coverage import CoverageScreen
from storybank.tui.screens.due import DueScreen
from storybank.tui.screens.editor import EditorScreen
from storybank.tui.screens.interview_log import InterviewLogScreen
from storybank.tui.screens.jobs import JobsScreen
from storybank.tui.screens.main import MainScreen
from storybank.tui.screens.questions import QuestionsScreen
from tests.tui.conftest import settle

DECLARED: list[type[Declared]] = [
    StorybankApp,
    MainScreen,
    EditorScreen,
    CoverageScreen,
    QuestionsScreen,
    JobsScreen,
    InterviewLogScreen,
    DueScreen,
]


@pytest.mark.parametrize("declared", DECLARED, ids=lambda cls: cls.__name__)
def test_every_palette_command_runs_an_action_of_its_screen(declared: type[Declared]) -> None:
    for command in declared.PALETTE:
        assert callable(getattr(declared, f"action_{command.action}", None)), command.title


async def test_the_palette_offers_the_commands_of_the_screen_it_opens_on(
    app: StorybankApp,
) -> None:
    from storybank.tui.commands import StoryCommands

    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        provider = StoryCommands(app.screen)
        titles = [hit.text async for hit in provider.discover()]
        assert titles == [c.title for c in (*EditorScreen.PALETTE, *StorybankApp.PALETTE)]


def test_the_help_lists_every_screen_that_declares_keys(app: StorybankApp) -> None:
    titles = [section.title for section in app.key_help()]
    assert titles == [
        "Everywhere",
        "Story list",
        "Moving in the list",
        "Editing a story",
        "Coverage (g)",
        "Which story? (w)",
        "Jobs (J)",
        "Application form",
        "Interview form",
        "Logging an interview (l)",
        "Due follow-ups (u)",
        "Dialogs",  # the confirmation, the unsaved-changes question and the status, joined
    ]


def test_every_main_screen_key_with_an_action_is_in_the_palette() -> None:
    # A key the list offers is reachable by name too (export, prep sheet, duplicate...).
    actions = {command.action for command in (*MainScreen.PALETTE, *StorybankApp.PALETTE)}
    for wanted in (
        "export",
        "prepare",
        "duplicate_story",
        "dismiss_messages",
        "new_story",
        "jobs",
        "due",
    ):
        assert wanted in actions, wanted
