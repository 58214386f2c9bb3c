"""Build a bank of many stories and time the app on it: first frame and each filter keystroke.

Usage: python benchmarks/tui_big_bank.py BANK_PATH [COUNT]
The bank is created only if it does not exist yet, so the same file can be opened in a terminal.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storybank.core.models import SourceKind, Story
from storybank.store.bank import Bank
from storybank.tui.app import create_app
from storybank.tui.widgets.story_list import StoryList

COMPETENCIES = [
    "Leadership", "Teamwork", "Communication", "Conflict resolution", "Problem solving",
    "Adaptability", "Ownership", "Failure and learning", "Influence", "Customer focus",
    "Prioritization", "Decision making", "Mentoring", "Delivering results", "Innovation",
]  # fmt: skip
WORDS = [
    "team", "customer", "launch", "deadline", "outage", "budget", "migration", "review",
    "mentor", "conflict", "data", "release", "audit", "vendor", "pipeline", "feedback",
    "metric", "roadmap", "hiring", "incident", "design",
]  # fmt: skip


def make_stories(count: int, seed: int = 7) -> list[Story]:
    """`count` varied stories with fixed timestamps."""
    rng = random.Random(seed)
    start = datetime(2020, 1, 1, tzinfo=UTC)

    def words(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."

    stories = []
    for number in range(count):
        when = start + timedelta(hours=number)
        stories.append(
            Story(
                id=f"s-{number:06x}",
                title=f"{words(5)[:-1]} #{number}",
                situation=words(30),
                task=words(20),
                action=words(80),
                result=words(25) if number % 5 else "",
                competencies=rng.sample(COMPETENCIES, 2),
                tags=[rng.choice(WORDS)],
                source={
                    "kind": rng.choice(list(SourceKind)),
                    "organization": "Org " + str(number % 40),
                },
                created_at=when,
                updated_at=when,
            )
        )
    return stories


async def measure(path: Path) -> None:
    """Print time to the first filled frame and the time of each filter keystroke."""
    started = time.perf_counter()
    app = create_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        print(f"first frame with {len(app.main_screen.query_one(StoryList).stories)} rows: "
              f"{time.perf_counter() - started:.2f} s")  # fmt: skip
        await pilot.press("slash")
        before = time.perf_counter()
        await pilot.press("x")
        await pilot.press("backspace")
        await app.workers.wait_for_complete()
        await pilot.pause()
        print(
            f"  baseline (type and erase one key): {1000 * (time.perf_counter() - before):.0f} ms"
        )
        for key in "leadership audit":
            before = time.perf_counter()
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown = len(app.main_screen.query_one(StoryList).stories)
            print(f"  typed {key!r}: {1000 * (time.perf_counter() - before):.0f} ms, {shown} rows")


def main() -> None:
    path = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    if not path.exists():
        before = time.perf_counter()
        Bank(path).add_many(make_stories(count))
        print(f"wrote {count} stories in {time.perf_counter() - before:.1f} s")
    asyncio.run(measure(path))


if __name__ == "__main__":
    main()
