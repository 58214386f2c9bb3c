"""The command palette provider: every storybank action by name, such as "story: New"."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (title, help, screen action); each runs on the main screen.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("story: New", "Write a new story (n)", "new_story"),
    ("story: Edit", "Edit the highlighted story (e)", "edit_story"),
    ("story: Duplicate", "Save a copy of the highlighted story", "duplicate_story"),
    ("story: Archive / unarchive", "Hide the story, or bring it back (a)", "archive_story"),
    ("story: Delete", "Delete the highlighted story, after asking (d)", "delete_story"),
    ("view: Search", "Focus the search box (/)", "focus_search"),
    ("view: Competencies", "Filter by competency (c)", "competencies"),
    ("view: Show or hide archived", "Toggle archived stories (A)", "toggle_archived"),
    ("view: Clear filters", "Clear the search and the competency filter (esc)", "clear"),
    ("help: Keys", "List every key (?)", "app.help"),
)


class StoryCommands(Provider):
    """Story and view commands for the palette."""

    def _runner(self, action: str) -> Callable[[], Awaitable[None]]:
        return partial(self._run, action)

    async def _run(self, action: str) -> None:
        from storybank.tui.screens.editor import EditorScreen

        app = self.app
        if action.startswith("app."):
            await app.run_action(action)
            return
        if any(isinstance(screen, EditorScreen) for screen in app.screen_stack):
            app.notify("Close the editor first (esc).", severity="warning")
            return
        await app.run_action(action, default_namespace=app.screen_stack[0])

    async def discover(self) -> Hits:
        for title, help_text, action in COMMANDS:
            yield DiscoveryHit(title, self._runner(action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in COMMANDS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), self._runner(action), help=help_text)
