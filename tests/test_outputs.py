"""Exports and prep sheets never land on the bank or its companions; nodes are written in place."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from storybank.core.errors import StorybankError
from storybank.store.bank import Bank
from storybank.store.outputs import bank_part, write_output
from tests.conftest import Run, make_story, within

JOB = "We need someone to lead a team and mentor junior engineers.\n"


@pytest.fixture
def bank(bank_path: Path) -> Path:
    stored = Bank(bank_path)
    stored.add(make_story(title="Led the on-call rewrite", competencies=["Leadership"]))
    stored.add(make_story(title="Mentored a new hire", competencies=["Mentoring"]))
    return bank_path


def targets(bank: Path) -> dict[str, Path]:
    """Every name under which a careless -o would hit the bank or a file beside it."""
    link = bank.parent / "link-to-bank.json"
    link.symlink_to(bank)
    hard = bank.parent / "hard-link.json"
    os.link(bank, hard)
    return {
        "the bank itself": bank,
        "a relative spelling": bank.parent / "." / bank.name,
        "a symlink": link,
        "a hard link": hard,
        "the lock": bank.with_name(bank.name + ".lock"),
        "the index": bank.with_name(bank.name + ".index"),
        "a backup": bank.with_name(bank.name + ".backups") / "20250101T000000.000000Z.json",
        "a temp file": bank.parent / f".{bank.name}.123.0badc0de.tmp",
    }


@pytest.mark.parametrize("command", ["export", "prepare"])
def test_an_output_onto_the_bank_or_beside_it_is_refused(
    run: Run, bank: Path, tmp_path: Path, command: str
) -> None:
    job = tmp_path / "job.txt"
    job.write_text(JOB, encoding="utf-8")
    for what, target in targets(bank).items():
        before = bank.read_bytes()
        existed = target.exists()
        args = ["export", "--format", "markdown"] if command == "export" else ["prepare"]
        extra = [] if command == "export" else ["--job", str(job)]
        code, _, err = run(*args, *extra, "-o", str(target))
        assert code == 1, what
        assert err.count("\n") == 1 and "Nothing was written" in err, (what, err)
        assert bank.read_bytes() == before, what
        assert target.exists() == existed, what
    assert len(Bank(bank)) == 2


def test_bank_part_names_what_a_path_is(bank: Path) -> None:
    assert bank_part(bank, bank) == "the bank itself"
    assert bank_part(bank.with_name(bank.name + ".lock"), bank) == "the bank's lock file"
    assert bank_part(bank.with_name(bank.name + ".md"), bank) is None
    assert bank_part(bank.parent / f".{bank.name}.md", bank) is None  # not a temp file's name
    assert bank_part(bank.parent / "other" / bank.name, bank) is None


def test_an_export_to_a_fifo_is_written_into_it(run: Run, bank: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # A reader is there before the export opens the pipe (as with `-o >(cat)`); the export,
    # a few kilobytes, fits in the pipe's buffer.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        code, _, err = run("export", "--format", "markdown", "-o", str(fifo))
        received = os.read(reader, 1 << 16)
    finally:
        os.close(reader)
    assert code == 0, err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still the pipe, not a file in its place
    assert b"Led the on-call rewrite" in received


def test_an_output_to_a_folder_is_refused(bank: Path, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(StorybankError, match="is a folder"):
        write_output(folder, b"text", bank=bank)
    assert list(folder.iterdir()) == []


def test_an_export_to_a_new_file_is_private(run: Run, bank: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    code, _, err = run("export", "--format", "csv", "-o", str(target))
    assert code == 0, err
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert "Mentored a new hire" in target.read_text(encoding="utf-8")


def test_an_export_to_a_fifo_nobody_reads_is_refused_at_once(
    run: Run, bank: Path, tmp_path: Path
) -> None:
    # Waiting for a reader would hang the command (and, in the app, every save behind it).
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = within(10, lambda: run("export", "-o", str(fifo)))
    assert code == 1 and "no program is reading" in err and err.count("\n") == 1
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
