"""Other processes: two writers at once, and a writer that runs out of room (RLIMIT_FSIZE)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from storybank.store.bank import Bank
from tests.conftest import make_story

ADD_200 = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from storybank.core.models import validate_story
    from storybank.store.bank import Bank

    path, name, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    while not go.exists():  # start together, so the two really overlap
        time.sleep(0.001)
    bank = Bank(path)
    for i in range(200):
        bank.add(validate_story({"title": f"{name} {i}", "situation": name * 50}))
    print("done")
    """
)


def run_left_and_right(script: str, bank_path: Path, go: Path, timeout: float) -> None:
    """Run `script` as two processes ("left" and "right") on one bank, started together when
    `go` appears, and wait for both to print "done"."""
    env = {**os.environ, "STORYBANK_LOCK_TIMEOUT": "60"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(bank_path), name, str(go)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("left", "right")
    ]
    go.touch()
    for proc in procs:
        out, err = proc.communicate(timeout=timeout)
        assert proc.returncode == 0, err
        assert out.strip() == "done"


@pytest.mark.slow
def test_two_processes_adding_at_once_lose_nothing(bank_path: Path, tmp_path: Path) -> None:
    run_left_and_right(ADD_200, bank_path, tmp_path / "go", timeout=120)
    titles = sorted(s.title for s in Bank(bank_path))
    expected = sorted(f"{name} {i}" for name in ("left", "right") for i in range(200))
    assert titles == expected


FILL_AND_SAVE = textwrap.dedent(
    """
    import resource, signal, sys
    from storybank.cli.entry import main

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    limit = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    sys.exit(main(sys.argv[2:]))
    """
)


def _run_limited(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", FILL_AND_SAVE, str(limit), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def full_bank(bank_path: Path) -> Path:
    bank = Bank(bank_path)
    bank.add_many(make_story(title=f"Story {i}", action="a" * 2_000) for i in range(20))
    return bank_path


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
@pytest.mark.parametrize("room", ["backup fits, save does not", "nothing fits"])
def test_disk_full_mid_save_leaves_the_bank_intact(full_bank: Path, room: str) -> None:
    before = full_bank.read_bytes()
    # Enough for the backup copy (the same size as the bank) but not the bigger new bank,
    # or not even for the backup.
    limit = len(before) + 5_000 if room.startswith("backup") else len(before) // 2
    result = _run_limited(
        limit,
        "add",
        "--db",
        str(full_bank),
        "--title",
        "Too big to fit",
        "--situation",
        "s" * 19_000,
        "--no-edit",
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("storybank: Could not")
    assert "File too large" in lines[0]
    assert "Traceback" not in result.stderr
    assert full_bank.read_bytes() == before
    assert list(full_bank.parent.glob(".*.tmp")) == []
    assert len(Bank(full_bank)) == 20
