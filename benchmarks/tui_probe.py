"""Headless TUI measurements in a child process: time to the first frame that shows the list,
and the peak memory of the loaded app.

    python benchmarks/tui_probe.py start BANK
    python benchmarks/tui_probe.py loaded BANK

A key's time to the updated list is measured as a person sees it, in a pseudo-terminal:
`benchmarks/tui_keystroke.py`.

`loaded` is what the memory target is judged on: the real app with the bank fully loaded, the
background word index built and a search typed and shown, so its peak RSS is a working app's.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import asyncio  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from textual import events  # noqa: E402
from textual.widgets import Input  # noqa: E402

from storybank.tui.app import StorybankApp, create_app  # noqa: E402
from storybank.tui.screens.main import MainScreen  # noqa: E402
from storybank.tui.widgets.story_list import StoryList  # noqa: E402

TYPED = "leadership budget"


def first_frame(path: Path) -> None:
    """Run the real app headless; report when a frame first shows the story list filled."""
    app = create_app(path)

    def check() -> None:
        stories = app.main_screen.query_one(StoryList)
        if stories.stories:
            # The list has rows: wait for the frame that paints them, then stop the clock.
            timer.stop()
            app.call_after_refresh(done)

    def done() -> None:
        print(f"first_frame {time.perf_counter() - START:.6f}", flush=True)
        app.exit()

    async def on_ready() -> None:
        nonlocal timer
        timer = app.set_interval(0.002, check)

    timer: Any = None
    original_mount = MainScreen.on_mount

    def on_mount(self: MainScreen) -> None:
        original_mount(self)
        if self.query_one(StoryList).stories:
            # Filled while mounting (from the quick index): the next frame is the first to
            # show it, as an empty app's next frame is its first.
            app.call_after_refresh(done)
        else:
            app.call_later(on_ready)  # filled later, by the load worker: watch for it

    MainScreen.on_mount = on_mount  # type: ignore[method-assign]
    app.run(headless=True)


def loaded(path: Path) -> None:
    """Run the real app headless (no test harness): load the bank, wait for the word index,
    type a search into the search box, wait for its list, and exit."""
    app = create_app(path)

    async def drive() -> None:
        # The load worker starts the warm-up worker when it hands over the snapshot: wait for
        # both (and anything they start) until no worker is left running.
        while app.snapshot is None or len(app.workers):
            await app.workers.wait_for_complete()
            await asyncio.sleep(0.01)
        index = app.snapshot.index
        assert index.has_words, "the word index was not built"
        stories = app.main_screen.query_one(StoryList)
        search = app.main_screen.query_one("#search", Input)
        search.focus()
        while app.focused is not search:
            await asyncio.sleep(0.005)
        shown = stories.stories
        for key in TYPED:
            # Sent as the terminal driver would send a keypress.
            event = events.Key("space" if key == " " else key, key)
            event.set_sender(app)
            app.post_message(event)
            await asyncio.sleep(0.005)
        for _ in range(1000):
            if search.value == TYPED:
                break
            await asyncio.sleep(0.005)
        else:
            print(f"typed {search.value!r}", file=sys.stderr, flush=True)
        while stories.stories is shown or len(app.workers):
            await app.workers.wait_for_complete()
            await asyncio.sleep(0.01)
        painted = asyncio.Event()
        app.call_after_refresh(painted.set)
        await painted.wait()
        print(f"loaded_stories {len(app.snapshot.stories)}")
        print(f"loaded_found {len(stories.stories)}")
        print(f"loaded_seconds {time.perf_counter() - START:.6f}", flush=True)
        app.exit()

    original_mount = StorybankApp.on_mount
    tasks = []

    def on_mount(self: StorybankApp) -> None:
        original_mount(self)
        # A plain task, not a worker: it waits for the app's own workers to finish.
        tasks.append(asyncio.get_running_loop().create_task(drive()))

    StorybankApp.on_mount = on_mount  # type: ignore[method-assign]
    app.run(headless=True, size=(120, 40))


if __name__ == "__main__":
    mode, bank = sys.argv[1], Path(sys.argv[2])
    if mode == "start":
        first_frame(bank)
    else:
        loaded(bank)
