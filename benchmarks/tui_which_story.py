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

import contextlib
import fcntl
import os
import pty
import re
import select
import shutil
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

from benchmarks.retrieval_set import GENERAL

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample-bank.json"
FRAME_MS = 1000 / 60
SYNC_END = b"\x1b[?2026l"
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_SUPPORTED = b"\x1b[?2026;2$y"
ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]")
QUIET_S = 0.4  # no output for this long: the screen has settled
LIMIT_S = 20.0
ROUNDS = 3  # each question is asked this many times, for more than a handful of times


class Terminal:
    """The app in a pseudo-terminal: keys in, bytes out, with the time each chunk arrived."""

    def __init__(self, bank: Path, home: Path) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: a terminal of 120×40, a private home, the app on the bank
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
            env = dict(os.environ, TERM="xterm-256color", HOME=str(home))
            env.update(XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"))
            os.execve(sys.executable, [sys.executable, "-m", "storybank", "--db", str(bank)], env)
        self.pid = pid
        self.fd = fd

    def read(self, timeout: float) -> bytes:
        """What the app wrote within `timeout` seconds (empty when nothing)."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return b""
        try:
            chunk = os.read(self.fd, 1 << 16)
        except OSError:  # the app has gone
            return b""
        if SYNC_QUERY in chunk:
            # Answer as a terminal with synchronized output does, so every frame is marked.
            os.write(self.fd, SYNC_SUPPORTED)
        return chunk

    def settle(self) -> bytes:
        """Everything written until the app has been quiet for a while."""
        out = bytearray()
        deadline = time.monotonic() + LIMIT_S
        while time.monotonic() < deadline:
            chunk = self.read(QUIET_S)
            if not chunk:
                break
            out += chunk
        return bytes(out)

    def write(self, keys: bytes) -> None:
        """Type `keys`."""
        os.write(self.fd, keys)

    def close(self) -> None:
        """Quit the app and reap it."""
        self.write(b"\x1b")  # out of the screen
        self.settle()
        self.write(b"q")
        self.settle()
        with contextlib.suppress(ProcessLookupError):  # it quit on `q`
            os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def shown(frame: bytes, text: str) -> bool:
    """True when `frame` draws the answer to typed `text` (its title, without the styles)."""
    plain = ESCAPES.sub(b"", frame).decode(errors="replace")
    return f"Your question: {text}" in plain


def answer_after_enter(term: Terminal, text: str) -> tuple[float, int]:
    """Milliseconds from Enter to the end of the frame that shows the answer to `text`, and
    how many frames were written up to and including it."""
    started = time.perf_counter()
    term.write(b"\r")
    out = bytearray()
    done = 0  # the end of the last whole frame looked at
    frames = 0
    deadline = started + LIMIT_S
    while time.perf_counter() < deadline:
        out += term.read(LIMIT_S)
        while (end := out.find(SYNC_END, done)) >= 0:
            frames += 1
            frame, done = bytes(out[done:end]), end + len(SYNC_END)
            if shown(frame, text):
                return (time.perf_counter() - started) * 1000, frames
    raise RuntimeError("the answer never came")


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
        p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
        first = sum(1 for n in frames if n == 1)
        print(
            f"Enter to the frame with the answer ({len(times)}): p50 "
            f"{statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms "
            f"(one frame = {FRAME_MS:.1f} ms); in the first frame after Enter: "
            f"{first} of {len(frames)}"
        )


if __name__ == "__main__":
    main()
