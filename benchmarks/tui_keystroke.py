"""How soon the app's story list follows a key typed in its search box, as a person sees it.

    python -m benchmarks.tui_keystroke BANK [--rounds N] [--wait SECONDS]

The real app runs in a pseudo-terminal of 120×40 (see `ptyapp`). After the bank has loaded
(and `--wait` more seconds, for the word index the app builds in the background), `/` opens
the search box and the words below are typed one key at a time, then erased with Backspace.
Each key is timed from the byte it writes to the end of the frame that shows the new list:
the frame whose count reads "N of M stories" with N the number of stories the core's own
search finds for what the box holds then. A key that leaves the count as it was (a space, a
word whose next letter matches the same stories) cannot be told apart on screen and is not
timed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.ptyapp import FRAME_MS, Terminal, frame_showing
from benchmarks.stats import percentile
from storybank.core.vocab import counted
from storybank.search.engine import SearchIndex, parse_query
from storybank.store.bank import Bank
from storybank.store.settings import load_resolver

TYPED = "leadership budget"


def labels(bank_path: Path, texts: list[str]) -> list[str]:
    """The count line the app shows for each search box text, from the core's search."""
    bank = Bank(bank_path)
    index = SearchIndex(bank.all(), load_resolver(bank))
    total = counted(index.count(), "story", "stories")
    return [f"{len(index.search(parse_query(t)).stories())} of {total}" for t in texts]


def measure(
    bank: Path, home: Path, rounds: int, wait: float, python: str = sys.executable
) -> tuple[list[float], list[int]]:
    """Key-to-list times and frame counts, over `rounds` of typing and erasing TYPED, with
    the app run by `python` (whose environment has storybank installed)."""
    boxes = [TYPED[:n] for n in range(len(TYPED) + 1)]
    shown = labels(bank, boxes)
    term = Terminal(bank, home, python)
    times: list[float] = []
    frames: list[int] = []
    try:
        term.settle()  # the first frame, then the loaded bank
        time.sleep(wait)
        term.settle()
        term.write(b"/")
        term.settle()
        for _ in range(rounds):
            steps = [(key.encode(), n + 1) for n, key in enumerate(TYPED)]
            steps += [(b"\x7f", n) for n in range(len(TYPED) - 1, -1, -1)]  # Backspace
            for key, after in steps:
                before = shown[after - 1] if key != b"\x7f" else shown[after + 1]
                started = time.perf_counter()
                term.write(key)
                if shown[after] != before:
                    elapsed, count = frame_showing(term, started, shown[after])
                    times.append(elapsed)
                    frames.append(count)
                term.settle()
    finally:
        term.close()
    return times, frames


def main() -> None:
    """Print the key-to-list times for one bank."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bank", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--wait", type=float, default=3.0, help="seconds after the load")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        bank = home / "bank.json"
        shutil.copyfile(args.bank, bank)
        bank.chmod(0o600)
        times, frames = measure(bank, home, args.rounds, args.wait)
    first = sum(1 for n in frames if n == 1)
    print(
        f"keys timed {len(times)}: p50 {statistics.median(times):.1f} ms, p95 "
        f"{percentile(times, 95):.1f} ms, max {max(times):.1f} ms (one frame = "
        f"{FRAME_MS:.1f} ms); the new list in the first frame after the key: "
        f"{first} of {len(frames)}"
    )


if __name__ == "__main__":
    main()
