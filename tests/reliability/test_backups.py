"""Backups: rotation, listing, restoring, and the hint that points at the newest good one."""

from __future__ import annotations

import re
import shlex
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from storybank.cli.entry import cli, main
from storybank.store.backups import backup_dir, list_backups, rotate, take_backup
from storybank.store.bank import Bank
from tests.conftest import make_story


def one_run(path: Path, title: str) -> None:
    """What one storybank run does: open, then save (which backs up first)."""
    Bank(path).add(make_story(title=title))


def titles(path: Path) -> set[str]:
    return {s.title for s in Bank(path)}


def test_rotation_keeps_the_configured_number(
    bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYBANK_BACKUPS", "3")
    for i in range(7):
        one_run(bank_path, f"Run {i}")
    backups = list_backups(bank_path)
    assert len(backups) == 3
    # The newest backup is the bank as it was before the last run's save.
    assert {s.title for s in Bank(backups[0].path)} == {f"Run {i}" for i in range(6)}


def test_rotation_never_deletes_the_newest_backup_that_validates(bank_path: Path) -> None:
    one_run(bank_path, "Good")
    one_run(bank_path, "Good too")  # backs up the bank holding "Good"
    good = list_backups(bank_path)[0]
    # Several later runs backed up a damaged bank.
    bank_path.write_bytes(b"{ damaged")
    for _ in range(4):
        assert take_backup(bank_path, keep=100) is not None
    removed = rotate(bank_path, keep=2)
    left = list_backups(bank_path)
    assert good in left
    assert len(left) == 3 and len(removed) == 2  # 5 backups: 2 newest + the good one stay


def test_backups_and_their_folder_are_owner_only(bank_path: Path) -> None:
    one_run(bank_path, "One")
    one_run(bank_path, "Two")
    assert stat.S_IMODE(backup_dir(bank_path).stat().st_mode) == 0o700
    for backup in list_backups(bank_path):
        assert stat.S_IMODE(backup.path.stat().st_mode) == 0o600


def test_backup_list_shows_valid_and_invalid_backups(
    bank_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    one_run(bank_path, "One")
    one_run(bank_path, "Two")
    bank_path.write_bytes(b"garbage")
    take_backup(bank_path)
    capsys.readouterr()
    assert main(["backup", "list", "--db", str(bank_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["ID", "TAKEN", "SIZE", "CONTENTS"]
    assert "invalid: is not a story bank" in out[1]
    assert out[2].endswith("1 story")


def test_unreadable_bank_names_the_newest_good_backup_and_the_command_works(
    bank_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one_run(bank_path, "One")
    one_run(bank_path, "Two")
    one_run(bank_path, "Three")
    good_id = list_backups(bank_path)[0].id
    damaged = bank_path.read_bytes()[:-40]
    bank_path.write_bytes(damaged)
    capsys.readouterr()
    assert main(["list", "--db", str(bank_path)]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert f"The newest good backup is {good_id}" in err
    command = re.search(r"`(storybank backup restore [^`]+)`", err)
    assert command is not None
    argv = shlex.split(command.group(1))[1:]
    assert main([*argv, "--yes"]) == 0
    assert titles(bank_path) == {"One", "Two"}
    # The damaged bank was backed up before it was replaced: nothing is ever thrown away.
    assert any(b.path.read_bytes() == damaged for b in list_backups(bank_path))


def test_restore_asks_first_and_needs_yes_without_a_terminal(
    bank_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one_run(bank_path, "One")
    one_run(bank_path, "Two")
    before = bank_path.read_bytes()
    assert main(["backup", "restore", "--db", str(bank_path)]) == 2
    assert "--yes" in capsys.readouterr().err
    assert bank_path.read_bytes() == before


def test_restore_by_id_prefix_and_refuse_an_invalid_backup(
    bank_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one_run(bank_path, "One")
    one_run(bank_path, "Two")
    one_run(bank_path, "Three")
    oldest = list_backups(bank_path)[-1]
    assert main(["backup", "restore", oldest.id[:-3], "--yes", "--db", str(bank_path)]) == 0
    assert titles(bank_path) == {"One"}
    bad = backup_dir(bank_path) / "20000101T000000.000000Z.json"
    bad.write_bytes(b"[]")
    before = bank_path.read_bytes()
    capsys.readouterr()
    assert main(["backup", "restore", "2000", "--yes", "--db", str(bank_path)]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "cannot be restored" in err
    assert bank_path.read_bytes() == before
    # Without an id the newest *good* backup is used, not the invalid newest one: here the
    # copy of the bank that the first restore took before replacing it.
    assert main(["backup", "restore", "--yes", "--db", str(bank_path)]) == 0
    assert titles(bank_path) == {"One", "Two", "Three"}


def test_restore_keeps_the_rotation_limit(
    bank_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for i in range(5):
        one_run(bank_path, f"Run {i}")
    assert main(["backup", "restore", "--yes", "--keep", "2", "--db", str(bank_path)]) == 0
    assert len(list_backups(bank_path)) == 2


def test_backup_create(bank_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backup", "create", "--db", str(bank_path)]) == 1
    assert "nothing to back up" in capsys.readouterr().err
    assert not bank_path.parent.exists()  # a failed command creates no folders
    one_run(bank_path, "One")
    assert main(["backup", "create", "--db", str(bank_path)]) == 0
    assert list_backups(bank_path)[0].path.read_bytes() == bank_path.read_bytes()


def test_restore_asks_in_a_terminal(bank_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one_run(bank_path, "One")
    one_run(bank_path, "Two")
    monkeypatch.setattr("storybank.cli.common.is_interactive", lambda: True)
    runner = CliRunner()
    said_no = runner.invoke(cli, ["backup", "restore", "--db", str(bank_path)], input="n\n")
    assert said_no.exit_code == 1
    assert "Replace" in said_no.output and "(2 stories) with backup" in said_no.output
    assert titles(bank_path) == {"One", "Two"}
    said_yes = runner.invoke(cli, ["backup", "restore", "--db", str(bank_path)], input="y\n")
    assert said_yes.exit_code == 0, said_yes.output
    assert titles(bank_path) == {"One"}


def test_backup_commands_follow_a_symlinked_bank(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "synced" / "bank.json"
    one_run(target, "One")
    one_run(target, "Two")
    link = tmp_path / "bank.json"
    link.symlink_to(target)
    assert main(["backup", "restore", "--yes", "--db", str(link)]) == 0
    assert link.is_symlink()
    assert titles(target) == {"One"}
