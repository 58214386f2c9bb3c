"""The base of storybank's full screens: the app, typed, and the width classes set early."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from storybank.tui.app import StorybankApp


class StorybankScreen(Screen[None]):
    """A screen of the storybank app, with the app typed as what it is."""

    @property
    def storybank(self) -> StorybankApp:
        """The app, typed."""
        from storybank.tui.app import StorybankApp  # app.py imports the screens

        assert isinstance(self.app, StorybankApp)
        return self.app

    def take_width_classes(self) -> None:
        """Set the width classes (`-narrow`, `-wide`) for the app's width now, before the
        first layout. Textual sets them on a resize, after laying the screen out once
        without them, and then restyles and lays out every widget again."""
        breakpoints = self.HORIZONTAL_BREAKPOINTS or self.app.HORIZONTAL_BREAKPOINTS or []
        width = self.app.size.width
        # As Textual picks: the widest breakpoint the width reaches.
        chosen = next(
            (name for edge, name in sorted(breakpoints, reverse=True) if width >= edge), None
        )
        self.update_classes({name: name == chosen for _, name in breakpoints}, update=False)
