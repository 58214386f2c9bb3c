"""kill -9 during encrypt, decrypt and saves of an encrypted bank: the bank opens with the old or
the new content, never a mix, and no plain text is left on disk beside an encrypted bank."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from storybank.store.atomicfile import stray_temps
from storybank.store.bank import Bank
from storybank.store.crypt import UNLOCKER, Sealing, is_sealed
from tests.conftest import make_story

from ._crypt_writer import PASSPHRASE
from ._fork_writer import digest
from .test_kill9 import Reports

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")
# What any plain copy of a bank holds, whatever its stories say.
PLAIN_MARKS = (b'"schema_version"', b'"situation"', b"Quokka-Ledger")


@contextlib.contextmanager
def server(bank: Path) -> Iterator[tuple[IO[bytes], IO[bytes]]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability._crypt_writer", str(bank)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        bufsize=0,
        start_new_session=True,
        cwd=Path(__file__).parent.parent.parent,
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


def plain_files(bank: Path) -> list[Path]:
    """Files in the bank's folder (backups, temp files, index, lock) holding plain bank text."""
    found = []
    for path in bank.parent.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(mark in data for mark in PLAIN_MARKS):
                found.append(path)
    return found


def open_bank(bank: Path) -> dict[str, str]:
    UNLOCKER.use(lambda _p, problem: PASSPHRASE)
    return {s.id: s.to_json_dict()["title"] + s.situation for s in Bank(bank)}


def kill_after(stdin: IO[bytes], stdout: IO[bytes], job: str, delay: float | None) -> bool:
    """Run `job` in a child, kill it after `delay` s (None: once it says it is done); True if
    it reported done first."""
    stdin.write(f"{job}\n".encode())
    tag, pid = stdout.readline().decode().split()
    assert tag == "P"
    done = False
    if delay is None:
        # However busy the machine, some runs must finish, so both outcomes are seen.
        while (line := stdout.readline().decode().rstrip("\n")) != "D":
            assert line and not line.startswith(("E ", "X ")), line
        done = True
    else:
        time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):
        os.kill(int(pid), signal.SIGKILL)
    while (line := stdout.readline().decode().rstrip("\n")) != f"X {pid}":
        assert line and not line.startswith("E "), line
        done = done or line == "D"
    return done


def seed_bank(bank: Path) -> dict[str, str]:
    """A bank of 40 stories with a few backups (plain), and its contents."""
    opened = Bank(bank)
    opened.add_many(
        [make_story(title=f"Quokka-Ledger {n}", situation="x" * (n * 500)) for n in range(40)]
    )
    for _ in range(3):
        opened._backed_up = False  # a backup per "run", as three runs would leave
        opened.add(make_story(title="Quokka-Ledger extra"))
    return open_bank(bank)


@pytest.mark.slow
@pytest.mark.parametrize("job", ["encrypt", "decrypt"])
def test_encrypt_or_decrypt_killed_at_any_moment_leaves_one_whole_bank(
    tmp_path: Path, job: str
) -> None:
    rng = random.Random(18)
    master = tmp_path / "master" / "bank.json"
    stories = seed_bank(master)
    if job == "decrypt":
        Bank(master).encrypt(Sealing.new(PASSPHRASE))
        assert plain_files(master) == []
    outcomes = {"old": 0, "new": 0}
    bank = tmp_path / "work" / "bank.json"
    for kill in range(40):
        shutil.rmtree(bank.parent, ignore_errors=True)
        shutil.copytree(master.parent, bank.parent)
        with server(bank) as (stdin, stdout):
            delay = rng.choice([0.0, 0.01, 0.03, 0.06, 0.1, 0.2, None])
            done = kill_after(stdin, stdout, job, delay)
        sealed = is_sealed(bank.read_bytes())
        became = "new" if sealed == (job == "encrypt") else "old"
        assert not (done and became == "old"), f"a reported {job} was lost (kill {kill})"
        outcomes[became] += 1
        if sealed and job == "encrypt":
            assert plain_files(bank) == [], f"plain text beside an encrypted bank (kill {kill})"
        # A decrypt killed before its rename leaves the plain bank it was writing in its temp
        # file (the plain text it was asked to write); the next start removes it.
        assert open_bank(bank) == stories, f"kill {kill}"
        assert stray_temps(bank) == []
        if sealed:
            assert plain_files(bank) == [], f"plain text beside an encrypted bank (kill {kill})"
    assert outcomes["old"] and outcomes["new"], outcomes


@pytest.mark.slow
def test_saves_of_an_encrypted_bank_killed_at_any_moment(bank_path: Path) -> None:
    rng = random.Random(9)
    Bank(bank_path).encrypt(Sealing.new(PASSPHRASE))
    UNLOCKER.use(None)
    uncertain = 0
    with server(bank_path) as (stdin, stdout):
        reports = Reports(stdout)
        for kill in range(60):
            stdin.write(f"{kill}\n".encode())
            tag, pid = stdout.readline().decode().split()
            assert tag == "P"
            for _ in range(rng.choice([0, 1, 1, 2, 3])):
                reports.read(until="D")
            time.sleep(rng.choice([0.0, 0.002, 0.01, 0.03, 0.08]))
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
            reports.read(until=f"X {pid}")
            assert is_sealed(bank_path.read_bytes())
            assert plain_files(bank_path) == [], f"plain text on disk after kill {kill}"
            UNLOCKER.use(lambda _p, problem: PASSPHRASE)
            disk = {s.id: digest(s.title, s.action) for s in Bank(bank_path)}
            uncertain += reports.check(disk, kill)
    assert reports.saves > 60
    assert uncertain > 5
