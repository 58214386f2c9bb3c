"""The command palette provider: every storybank action by name, such as "story: New"."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

# (title, help, action, where): "main" and "editor" actions run on that screen, "app" anywhere.
COMMANDS: tuple[tuple[str, str, str, str], ...] = (
    ("story: New", "Write a new story (n)", "new_story", "main"),
    ("story: Edit", "Edit the highlighted story (e)", "edit_story", "main"),
    ("story: Duplicate", "Save a copy of the highlighted story (D)", "duplicate_story", "main"),
    ("story: Archive / unarchive", "Hide the story, or bring it back (a)", "archive_story", "main"),
    ("story: Delete", "Delete the highlighted story, after asking (d)", "delete_story", "main"),
    ("view: Search", "Focus the search box (/)", "focus_search", "main"),
    ("view: Competencies", "Filter by competency (c)", "competencies", "main"),
    ("view: Coverage", "Competencies × stories: gaps and thin spots (g)", "coverage", "main"),
    ("view: Questions", "Which story for a question? (w)", "questions", "main"),
    ("view: Show or hide archived", "Toggle archived stories (A)", "toggle_archived", "main"),
    ("bank: Export", "Every story as JSON, Markdown or CSV, to a file (x)", "export", "main"),
    ("view: Prep sheet", "A story for each competency a job ad asks for (p)", "prepare", "main"),
    ("view: Clear filters", "Clear the search and the competency filter (esc)", "clear", "main"),
    ("editor: Save", "Save the story (ctrl+s)", "save", "editor"),
    ("editor: Save as a new story", "Keep the original as it is", "save_as_new", "editor"),
    ("editor: Open in $EDITOR", "The focused field (ctrl+e)", "external_editor", "editor"),
    ("editor: Close", "Back to the list; asks if unsaved (esc)", "close", "editor"),
    ("help: Keys", "List every key (?)", "help", "app"),
    ("help: Dismiss messages", "Close the messages (ctrl+l)", "dismiss_messages", "app"),
)  # fmt: skip


class StoryCommands(Provider):
    """Story, view and editor commands for the palette, offered where they apply."""

    def _where(self) -> str:
        from storybank.tui.screens.editor import EditorScreen
        from storybank.tui.screens.main import MainScreen

        if isinstance(self.screen, MainScreen):
            return "main"
        if isinstance(self.screen, EditorScreen):
            return "editor"
        return ""

    def _commands(self) -> list[tuple[str, str, str, str]]:
        where = self._where()
        return [c for c in COMMANDS if c[3] in (where, "app")]

    def _runner(self, action: str, where: str) -> Callable[[], Awaitable[None]]:
        target: Screen[Any] | None = None if where == "app" else self.screen
        return partial(self._run, action, target)

    async def _run(self, action: str, target: Screen[Any] | None) -> None:
        if target is None:
            await self.app.run_action(action)
        elif target.is_attached:
            await self.app.run_action(action, default_namespace=target)

    async def discover(self) -> Hits:
        for title, help_text, action, where in self._commands():
            yield DiscoveryHit(title, self._runner(action, where), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action, where in self._commands():
            score = matcher.match(title)
            if score > 0:
                hit = self._runner(action, where)
                yield Hit(score, matcher.highlight(title), hit, help=help_text)
