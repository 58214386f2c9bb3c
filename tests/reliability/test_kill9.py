"""kill -9 a writer at random moments: the bank must open, and every reported save must be there."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import orjson
import pytest

from storybank.core.models import SCHEMA_VERSION
from storybank.store.backups import backup_dir
from storybank.store.bank import Bank
from storybank.store.index.quickindex import index_path

from ._fork_writer import digest

WRITER = Path(__file__).with_name("_fork_writer.py")
KILLS = 200
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")


def stray_temps(bank: Path) -> list[Path]:
    found = list(bank.parent.glob(f".{bank.name}.*.tmp"))
    found += list(backup_dir(bank).glob(".*.tmp"))
    return found


def on_disk(bank: Path) -> dict[str, str]:
    """Open the bank as the next start would, and digest each story."""
    opened = Bank(bank)
    return {s.id: digest(s.title, s.action) for s in opened}


@contextlib.contextmanager
def writer_server(bank: Path) -> Iterator[tuple[IO[bytes], IO[bytes]]]:
    """Start _fork_writer.py on `bank`; yield its stdin and stdout, and stop it afterwards."""
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(bank)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        bufsize=0,
        start_new_session=True,  # so a failing test can stop the server and its writer
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        yield proc.stdin, proc.stdout
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


class Reports:
    """What the writer has reported so far: the saves it finished and the one under way."""

    def __init__(self, stdout: IO[bytes]) -> None:
        self.stdout = stdout
        self.model: dict[str, str] = {}
        self.pending: list[str] | None = None
        self.saves = 0

    def read(self, until: str) -> None:
        """Take the writer's lines until the line `until` (after it was killed, `X <pid>`)."""
        while True:
            line = self.stdout.readline().decode().rstrip("\n")
            assert line, "the fork server died"
            assert not line.startswith("E "), line
            if line.startswith("B "):
                self.pending = line.split()[1:]
            elif line == "D":
                assert self.pending is not None
                op, story_id, new = self.pending
                if op == "del":
                    self.model.pop(story_id)
                else:
                    self.model[story_id] = new
                self.saves += 1
                self.pending = None
            if line == until:
                return

    def check(self, disk: dict[str, str], kill: int) -> bool:
        """Hold the bank read after `kill` against what was reported; True when a save was in
        flight (it may have landed or not, but nothing else may differ)."""
        if self.pending is None:
            assert disk == self.model, f"after kill {kill}"
            return False
        op, story_id, new = self.pending
        expected_new = None if op == "del" else new
        assert disk.get(story_id) in (self.model.get(story_id), expected_new)
        others = {k: v for k, v in disk.items() if k != story_id}
        assert others == {k: v for k, v in self.model.items() if k != story_id}
        self.model = disk
        self.pending = None
        return True


@pytest.mark.slow
def test_every_reported_save_survives_kill_9(bank_path: Path) -> None:
    rng = random.Random(20240501)
    uncertain = 0
    strays_seen = 0
    with writer_server(bank_path) as (stdin, stdout):
        reports = Reports(stdout)
        for kill in range(KILLS):
            stdin.write(f"{kill}\n".encode())
            tag, pid = stdout.readline().decode().split()
            assert tag == "P"
            # Most kills wait for a save or two to finish first, so kills land between and
            # during saves however busy the machine is; the delay then picks the moment:
            # mostly short (opening, backing up, the next save's start), some longer runs.
            for _ in range(rng.choice([0, 1, 1, 2, 3])):
                reports.read(until="D")
            time.sleep(rng.choice([0.0, 0.001, 0.005, 0.01, 0.02, 0.04, 0.08]))
            with contextlib.suppress(ProcessLookupError):  # it may have finished its run
                os.kill(int(pid), signal.SIGKILL)
            reports.read(until=f"X {pid}")
            strays_seen += bool(stray_temps(bank_path))
            disk = on_disk(bank_path)
            assert stray_temps(bank_path) == [], f"temp files left after kill {kill}"
            uncertain += reports.check(disk, kill)
    # The test is only worth something if kills landed both between and during saves.
    assert reports.saves > KILLS
    assert uncertain > KILLS // 10
    print(f"saves={reports.saves} in-flight kills={uncertain} temp files left={strays_seen}")


FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.mark.slow
@pytest.mark.parametrize("fixture", ["bank-v1.json", "bank-v2.json"])
def test_an_upgrade_killed_at_any_moment_leaves_the_old_or_the_new(
    bank_path: Path, fixture: str
) -> None:
    rng = random.Random(7)
    original = (FIXTURES / fixture).read_bytes()
    ids = sorted(doc["id"] for doc in orjson.loads(original)["stories"].values())
    bank_path.parent.mkdir(parents=True)
    outcomes = {"old": 0, "new": 0}
    with writer_server(bank_path) as (stdin, stdout):
        for kill in range(50):
            bank_path.write_bytes(original)
            index_path(bank_path).unlink(missing_ok=True)
            stdin.write(b"upgrade\n")
            tag, pid = stdout.readline().decode().split()
            assert tag == "P"
            # Every tenth upgrade is left to finish, so both outcomes are seen however busy
            # the machine is; the others are killed at a random moment.
            if kill % 10 != 9:
                time.sleep(rng.choice([0.0, 0.002, 0.005, 0.01, 0.02, 0.05, 0.2]))
                with contextlib.suppress(ProcessLookupError):
                    os.kill(int(pid), signal.SIGKILL)
            reported = False
            while (line := stdout.readline().decode().rstrip("\n")) != f"X {pid}":
                assert line and not line.startswith("E "), line
                reported = reported or line == "D"
            on_disk = bank_path.read_bytes()
            if on_disk == original:
                assert not reported, f"an upgrade reported done was lost (kill {kill})"
                outcomes["old"] += 1
            else:
                assert f'"schema_version":{SCHEMA_VERSION}'.encode() in on_disk
                outcomes["new"] += 1
            opened = Bank(bank_path)  # the next start: it also finishes an upgrade
            assert sorted(s.id for s in opened) == ids
            assert stray_temps(bank_path) == []
    assert outcomes["old"] and outcomes["new"], outcomes
