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

import pytest

from storybank.store.backups import backup_dir
from storybank.store.bank import Bank

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


@pytest.mark.slow
def test_every_reported_save_survives_kill_9(bank_path: Path) -> None:
    rng = random.Random(20240501)
    model: dict[str, str] = {}
    saves = 0
    uncertain = 0
    strays_seen = 0
    with writer_server(bank_path) as (stdin, stdout):
        for kill in range(KILLS):
            stdin.write(f"{kill}\n".encode())
            tag, pid = stdout.readline().decode().split()
            assert tag == "P"
            # Mostly short delays (opening, backing up, first saves), some longer runs.
            time.sleep(rng.choice([0.0, 0.001, 0.005, 0.01, 0.02, 0.04, 0.08]))
            with contextlib.suppress(ProcessLookupError):  # it may have finished its run
                os.kill(int(pid), signal.SIGKILL)
            pending: list[str] | None = None
            while True:
                line = stdout.readline().decode().rstrip("\n")
                assert line, "the fork server died"
                assert not line.startswith("E "), line
                if line == f"X {pid}":
                    break
                if line.startswith("B "):
                    pending = line.split()[1:]
                elif line == "D":
                    assert pending is not None
                    op, story_id, new = pending
                    if op == "del":
                        model.pop(story_id)
                    else:
                        model[story_id] = new
                    saves += 1
                    pending = None
            strays_seen += bool(stray_temps(bank_path))
            disk = on_disk(bank_path)
            assert stray_temps(bank_path) == [], f"temp files left after kill {kill}"
            if pending is None:
                assert disk == model, f"after kill {kill}"
            else:
                # The save in flight may have landed or not, but nothing else may differ.
                op, story_id, new = pending
                expected_new = None if op == "del" else new
                assert disk.get(story_id) in (model.get(story_id), expected_new)
                others = {k: v for k, v in disk.items() if k != story_id}
                assert others == {k: v for k, v in model.items() if k != story_id}
                uncertain += 1
                model = disk
    # The test is only worth something if kills landed both between and during saves. (How
    # many saves a writer gets through before its kill depends on the machine's load: an idle
    # machine saw 460 in 200 kills, one running two other test suites 100.)
    assert saves > KILLS // 4
    assert uncertain > KILLS // 10
    print(f"saves={saves} in-flight kills={uncertain} kills leaving temp files={strays_seen}")


FIXTURE_V1 = Path(__file__).parent.parent / "fixtures" / "bank-v1.json"


@pytest.mark.slow
def test_an_upgrade_killed_at_any_moment_leaves_v1_or_v2(bank_path: Path) -> None:
    rng = random.Random(7)
    original = FIXTURE_V1.read_bytes()
    bank_path.parent.mkdir(parents=True)
    outcomes = {"v1": 0, "v2": 0}
    with writer_server(bank_path) as (stdin, stdout):
        for kill in range(50):
            bank_path.write_bytes(original)
            stdin.write(b"upgrade\n")
            tag, pid = stdout.readline().decode().split()
            assert tag == "P"
            time.sleep(rng.choice([0.0, 0.002, 0.005, 0.01, 0.02, 0.05]))
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
            reported = False
            while (line := stdout.readline().decode().rstrip("\n")) != f"X {pid}":
                assert line and not line.startswith("E "), line
                reported = reported or line == "D"
            on_disk = bank_path.read_bytes()
            if on_disk == original:
                assert not reported, f"an upgrade reported done was lost (kill {kill})"
                outcomes["v1"] += 1
            else:
                assert b'"schema_version":2' in on_disk
                outcomes["v2"] += 1
            opened = Bank(bank_path)  # the next start: it also finishes an upgrade
            assert sorted(s.id for s in opened) == ["s-1a2b3c", "s-4d5e6f", "s-7a8b9c"]
            assert stray_temps(bank_path) == []
    assert outcomes["v1"] and outcomes["v2"], outcomes
