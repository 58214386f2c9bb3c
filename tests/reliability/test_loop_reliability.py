"""The interview loop's records under the same trials as stories: every failing file operation,
kill -9 mid-save, and two processes writing at once."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from storybank.core.errors import BankWriteError
from storybank.core.loop import AppStatus, FollowUpKind
from storybank.store import atomicfile
from storybank.store.bank import Bank
from tests.conftest import make_story
from tests.loopkit import make_application, make_interview
from tests.reliability.test_fault_injection import FaultyOS, temps
from tests.reliability.test_processes import run_left_and_right


def seeded(path: Path) -> None:
    bank = Bank(path)
    bank.add_many(make_story(title=f"Story {i}", action="x" * 3_000) for i in range(3))
    app = bank.add_application(make_application(company="Seeded"))
    bank.add_interview(make_interview(app))


def _state(bank: Bank) -> tuple[object, ...]:
    """Everything the loop holds, comparable."""
    return (
        sorted(a.to_json_dict()["id"] for a in bank.applications()),
        sorted((i.id, i.start) for i in bank.interviews()),
        sorted((f.id, f.kind, f.state, f.due) for f in bank.followups()),
        sorted(s.id for s in bank),
    )


LoopSave = Callable[[Bank], object]
LOOP_SAVES: dict[str, LoopSave] = {
    "add an application": lambda bank: bank.add_application(make_application(company="New")),
    "add an interview": lambda bank: bank.add_interview(
        make_interview(bank.applications()[0], round="panel")
    ),
    "change a status": lambda bank: bank.set_status(bank.applications()[0].id, AppStatus.REJECTED),
    "delete an application": lambda bank: bank.delete_application(bank.applications()[0].id),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(LOOP_SAVES))
def test_every_failing_operation_of_a_loop_save_leaves_old_bytes_or_a_whole_save(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = tmp_path / "probe" / "bank.json"
    seeded(probe)
    counter = FaultyOS(fail_at=0)
    monkeypatch.setattr(atomicfile, "os", counter)
    LOOP_SAVES[name](Bank(probe))
    monkeypatch.undo()
    total = len(counter.calls)
    saved_after = {"failed": 0, "saved": 0}
    for k in range(1, total + 1):
        path = tmp_path / f"k{k}" / "bank.json"
        seeded(path)
        before_bytes = path.read_bytes()
        bank = Bank(path)
        before = _state(bank)
        monkeypatch.setattr(atomicfile, "os", FaultyOS(fail_at=k))
        try:
            LOOP_SAVES[name](bank)
        except BankWriteError as error:
            monkeypatch.undo()
            saved_after["failed"] += 1
            assert "Input/output error" in error.message
            assert path.read_bytes() == before_bytes, f"k={k}"
            assert _state(bank) == before, f"memory out of step, k={k}"
        else:
            monkeypatch.undo()
            saved_after["saved"] += 1
            assert _state(Bank(path)) == _state(bank), f"k={k}"
        assert temps(path) == [], f"temp file left, k={k}"
        reopened = Bank(path)
        assert _state(reopened) == _state(bank)
        # An interview and its thank-you are saved together or not at all.
        for interview in reopened.interviews():
            kinds = [f.kind for f in reopened.followups() if f.interview_id == interview.id]
            assert kinds == [FollowUpKind.THANK_YOU], f"k={k}"
    assert saved_after["failed"] > 0 and saved_after["saved"] > 0


WRITER = textwrap.dedent(
    """
    import random, sys
    from datetime import UTC, datetime, timedelta
    from pathlib import Path
    from storybank.core.loop import Application, Interview, validate_record
    from storybank.store.bank import Bank

    path, seed = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    bank = Bank(path, lock_timeout=30)
    start = datetime(2026, 12, 1, tzinfo=UTC)
    for step in range(100_000):
        apps = bank.applications()
        if not apps or rng.random() < 0.3:
            app = validate_record(
                Application, {"company": f"Co {seed}-{step}", "status": "applied",
                              "notes": "n" * rng.choice([0, 100, 20_000])}
            )
            print(f"B app {app.id}", flush=True)
            bank.add_application(app)
        else:
            app = rng.choice(apps)
            interview = validate_record(
                Interview, {"application_id": app.id, "start": start + timedelta(hours=step)}
            )
            print(f"B interview {interview.id}", flush=True)
            bank.add_interview(interview)
        print("D", flush=True)
    """
)


@pytest.mark.slow
def test_every_reported_loop_save_survives_kill_9(bank_path: Path) -> None:
    rng = random.Random(11)
    bank_path.parent.mkdir(parents=True)
    reported: set[str] = set()
    for run in range(12):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(bank_path), str(run)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()  # it is writing once it has begun its first save
        assert first.startswith("B "), first
        time.sleep(rng.choice([0.01, 0.05, 0.1, 0.3, 0.6]))
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
        pending = first.split()[2]
        for line in out.splitlines():
            if line.startswith("B "):
                pending = line.split()[2]
            elif line == "D":
                reported.add(pending)
        bank = Bank(bank_path)  # opens, whatever the moment of the kill
        held = {a.id for a in bank.applications()} | {i.id for i in bank.interviews()}
        assert reported <= held, f"a save reported done was lost (run {run})"
        for interview in bank.interviews():
            kinds = [f.kind for f in bank.followups() if f.interview_id == interview.id]
            assert kinds == [FollowUpKind.THANK_YOU]
        assert list(bank_path.parent.glob(".*.tmp")) == []
    assert len(reported) > 12


ADD_LOOP = textwrap.dedent(
    """
    import sys, time
    from datetime import UTC, datetime
    from pathlib import Path
    from storybank.core.loop import Application, Interview, validate_record
    from storybank.store.bank import Bank

    path, name, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    while not go.exists():
        time.sleep(0.001)
    bank = Bank(path)
    for i in range(40):
        app = bank.add_application(
            validate_record(Application, {"company": f"{name} {i}", "status": "applied"})
        )
        bank.add_interview(
            validate_record(Interview, {"application_id": app.id,
                                        "start": datetime(2026, 12, 1, tzinfo=UTC)})
        )
    print("done")
    """
)


@pytest.mark.slow
def test_two_processes_adding_loop_records_at_once_lose_nothing(
    bank_path: Path, tmp_path: Path
) -> None:
    run_left_and_right(ADD_LOOP, bank_path, tmp_path / "go", timeout=180)
    bank = Bank(bank_path)
    companies = sorted(a.company for a in bank.applications())
    assert companies == sorted(f"{n} {i}" for n in ("left", "right") for i in range(40))
    assert len(bank.interviews()) == 80
    kinds = sorted(f.kind.value for f in bank.followups())
    assert kinds == ["check-in"] * 80 + ["thank-you"] * 80


def test_a_loop_change_waits_for_the_lock_and_builds_on_the_other_writers_save(
    bank_path: Path,
) -> None:
    mine = Bank(bank_path)
    app = mine.add_application(make_application())
    # Another process changes the notes while this one still holds the old application.
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from storybank.store.bank import Bank; "
            "from storybank.core.loop import revise_record; b = Bank(sys.argv[1]); "
            "b.change_application(sys.argv[2], lambda a: revise_record(a, notes='theirs'))",
            str(bank_path),
            app.id,
        ],
        check=True,
    )
    saved = mine.set_status(app.id, AppStatus.SCREENING)
    assert saved.notes == "theirs" and saved.status == AppStatus.SCREENING
    assert Bank(bank_path).application(app.id).notes == "theirs"
