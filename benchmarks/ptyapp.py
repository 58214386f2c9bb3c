"""The real app in a pseudo-terminal, for benchmarks that time what a person sees.

The app runs as `python -m storybank --db BANK` in a terminal of 120×40 with a private home.
Every frame Textual writes is wrapped in the synchronized-output marks (the app asks whether
the terminal has them, and is told yes), so a benchmark can split the output into frames and
time the one that shows what it waits for.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import struct
import sys
import termios
import time
from pathlib import Path

FRAME_MS = 1000 / 60
SYNC_END = b"\x1b[?2026l"
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_SUPPORTED = b"\x1b[?2026;2$y"
ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]")
QUIET_S = 0.4  # no output for this long: the screen has settled
LIMIT_S = 20.0


class Terminal:
    """The app in a pseudo-terminal: keys in, bytes out, with the time each chunk arrived."""

    def __init__(self, bank: Path, home: Path, python: str = sys.executable) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: a terminal of 120×40, a private home, the app on the bank
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
            env = dict(os.environ, TERM="xterm-256color", HOME=str(home))
            env.update(XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"))
            os.execve(python, [python, "-m", "storybank", "--db", str(bank)], env)
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


def plain(frame: bytes) -> str:
    """The text of `frame` without its escape sequences."""
    return ESCAPES.sub(b"", frame).decode(errors="replace")


def frame_showing(term: Terminal, started: float, wanted: str) -> tuple[float, int]:
    """Milliseconds from `started` to the end of the first frame whose text holds `wanted`,
    and how many frames were written up to and including it."""
    out = bytearray()
    done = 0  # the end of the last whole frame looked at
    frames = 0
    deadline = started + LIMIT_S
    while time.perf_counter() < deadline:
        out += term.read(LIMIT_S)
        while (end := out.find(SYNC_END, done)) >= 0:
            frames += 1
            frame, done = bytes(out[done:end]), end + len(SYNC_END)
            if wanted in plain(frame):
                return (time.perf_counter() - started) * 1000, frames
    raise RuntimeError(f"no frame showed {wanted!r}")
