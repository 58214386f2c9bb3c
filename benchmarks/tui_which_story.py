"""How soon the app's "Which story?" shows the ranked stories after Enter, on the sample bank.

    python -m benchmarks.tui_which_story

The real app runs in a pseudo-terminal of 120×40, as a person's terminal runs it, and the time
is taken from the byte that Enter writes to the moment the terminal has received the whole
frame that shows the answer ("Your question: …"). Each frame Textual writes is wrapped in the
synchronized-output marks (the app is told the terminal has them), so the frames between
Enter and the answer can be counted: 1 means
the answer is in the first frame painted after Enter.

The questions are the opening words of the labelled set's general questions. Where those words
match bank questions, one of those is highlighted and answered as they are typed, and Enter asks
the words themselves; where they match none, the words are answered as typed (nothing is left
for Enter to do), which is counted as "already shown". The focus stays in the box throughout,
as it does for a person typing.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.ptyapp import FRAME_MS, Terminal, frame_showing, plain
from benchmarks.retrieval_set import GENERAL
from benchmarks.stats import percentile

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample-bank.json"
ROUNDS = 3  # each question is asked this many times, for more than a handful of times


def shown(frame: bytes, text: str) -> bool:
    """True when `frame` draws the answer to typed `text` (its title, without the styles)."""
    return f"Your question: {text}" in plain(frame)


def answer_after_enter(term: Terminal, text: str) -> tuple[float, int]:
    """Milliseconds from Enter to the end of the frame that shows the answer to `text`, and
    how many frames were written up to and including it."""
    started = time.perf_counter()
    term.write(b"\r")
    return frame_showing(term, started, f"Your question: {text}")


def measure(bank: Path, home: Path, questions: list[str]) -> tuple[list[float], list[int], int]:
    """Enter-to-answer times and frame counts per question, and how many were answered as
    typed (before Enter)."""
    term = Terminal(bank, home)
    times: list[float] = []
    frames: list[int] = []
    already = 0
    try:
        term.settle()  # the first frame, the bank loaded
        term.write(b"w")
        term.settle()
        for text in questions:
            term.write(b"\x15")  # ctrl+u: empty the box
            term.settle()
            term.write(text.encode())
            if shown(term.settle(), text):  # answered as typed
                already += 1
                continue
            elapsed, count = answer_after_enter(term, text)
            times.append(elapsed)
            frames.append(count)
            term.settle()
    finally:
        term.close()
    return times, frames, already


def main() -> None:
    """Print the Enter-to-frame times over the labelled set's general questions."""
    questions = list(dict.fromkeys(" ".join(text.split()[:3]) for text, _ in GENERAL)) * ROUNDS
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        bank = home / "bank.json"
        shutil.copyfile(SAMPLE, bank)
        bank.chmod(0o600)
        times, frames, already = measure(bank, home, questions)
    print(f"questions {len(questions)}; answered as typed, before Enter: {already}")
    if times:
        ordered = sorted(times)
        p95 = percentile(times, 95)
        first = sum(1 for n in frames if n == 1)
        print(
            f"Enter to the frame with the answer ({len(times)}): p50 "
            f"{statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms "
            f"(one frame = {FRAME_MS:.1f} ms); in the first frame after Enter: "
            f"{first} of {len(frames)}"
        )


if __name__ == "__main__":
    main()
