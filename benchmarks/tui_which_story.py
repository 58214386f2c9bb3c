"""How soon the app's "Which story?" shows the ranked stories after Enter, on the sample bank.

    python -m benchmarks.tui_which_story

Headless: open the screen, type the opening words of a question (bank questions match them, so
one of those is highlighted and answered), let it settle, then post Enter as the terminal driver
would and time until the answer to the typed words has replaced it and the next frame is painted.
When the typed words match no bank question, their answer is on screen before Enter (the list
is answered as it is typed); that is counted as "already shown".
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from textual import events
from textual.widgets import Input

from benchmarks.retrieval_set import GENERAL
from storybank.tui.app import create_app
from storybank.tui.screens.questions import QuestionsScreen

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample-bank.json"
FRAME_MS = 1000 / 60
WAIT_S = 0.5


async def measure(bank: Path, questions: list[str]) -> tuple[list[float], int]:
    """Milliseconds from Enter to the painted answer, per question; and how many were shown
    before Enter."""
    app = create_app(bank)
    times: list[float] = []
    before_enter = 0
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("w")
        while not isinstance(app.screen, QuestionsScreen) or app.screen.view is None:
            await asyncio.sleep(0.005)
        screen = app.screen
        box = screen.query_one("#q-input", Input)
        for text in questions:
            box.value = text
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown = screen.answer
            painted = asyncio.Event()
            event = events.Key("enter", None)
            event.set_sender(app)
            started = time.perf_counter()
            app.post_message(event)
            deadline = started + WAIT_S
            while screen.answer is shown and time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)
            if screen.answer is shown:
                before_enter += 1
            else:
                app.call_after_refresh(painted.set)
                await painted.wait()
                times.append((time.perf_counter() - started) * 1000)
            box.focus()
            await pilot.pause()
    return times, before_enter


def main() -> None:
    """Print the Enter-to-frame times over the tuned set's general questions."""
    # The opening words of questions: bank questions match them, so one of those is highlighted
    # until Enter asks the typed words themselves.
    questions = list(dict.fromkeys(" ".join(text.split()[:3]) for text, _ in GENERAL))
    with tempfile.TemporaryDirectory() as folder:
        bank = Path(folder) / "bank.json"
        shutil.copyfile(SAMPLE, bank)
        times, already = asyncio.run(measure(bank, questions))
    times.sort()
    print(f"questions {len(questions)}; answer already shown before Enter: {already}")
    if times:
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(
            f"Enter to painted answer ({len(times)}): p50 {statistics.median(times):.1f} ms, "
            f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms (one frame = {FRAME_MS:.1f} ms)"
        )


if __name__ == "__main__":
    main()
