"""Floor measurements run in a child process: an empty Textual app to its first frame."""

from __future__ import annotations

import sys
import time

START = time.perf_counter()


def empty_textual_app() -> None:
    """Start an empty Textual app headless and exit right after its first frame."""
    from textual.app import App

    class Empty(App[None]):
        def on_mount(self) -> None:
            self.call_after_refresh(self._done)

        def _done(self) -> None:
            print(f"first_frame {time.perf_counter() - START:.6f}", flush=True)
            self.exit()

    Empty().run(headless=True)


if __name__ == "__main__":
    {"empty-textual": empty_textual_app}[sys.argv[1]]()
