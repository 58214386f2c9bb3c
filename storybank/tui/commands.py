"""The command palette provider: what the screen and the app declare, such as "story: New"."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from storybank.tui.declared import Declared, PaletteCommand


class StoryCommands(Provider):
    """The active screen's commands, then the app's, offered where they apply."""

    def _commands(self) -> list[tuple[PaletteCommand, DOMNode | None]]:
        """Each command with the screen it runs on (None: the app's, run anywhere)."""
        commands: list[tuple[PaletteCommand, DOMNode | None]] = []
        if isinstance(self.screen, Declared):
            commands.extend((command, self.screen) for command in self.screen.PALETTE)
        if isinstance(self.app, Declared):
            commands.extend((command, None) for command in self.app.PALETTE)
        return commands

    def _runner(self, action: str, target: DOMNode | None) -> Callable[[], Awaitable[None]]:
        return partial(self._run, action, target)

    async def _run(self, action: str, target: DOMNode | None) -> None:
        if target is None:
            await self.app.run_action(action)
        elif target.is_attached:
            await self.app.run_action(action, default_namespace=target)

    async def discover(self) -> Hits:
        for command, target in self._commands():
            yield DiscoveryHit(
                command.title, self._runner(command.action, target), help=command.help
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, target in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                hit = self._runner(command.action, target)
                yield Hit(score, matcher.highlight(command.title), hit, help=command.help)
