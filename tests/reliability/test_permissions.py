"""What storybank writes is owner-only: the bank, its lock, backups, exports, and their folders."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from storybank.cli.entry import main
from storybank.store.backups import backup_dir, list_backups
from storybank.store.bank import Bank
from tests.conftest import make_story

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most permissive umask, so only storybank's own modes can keep files private."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.usefixtures("open_umask")
def test_everything_written_is_owner_only(
    bank_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = Bank(bank_path)
    bank.add(make_story(title="One"))
    Bank(bank_path).add(make_story(title="Two"))
    assert mode(bank_path.parent) == 0o700
    assert mode(bank_path) == 0o600
    assert mode(bank_path.parent / "bank.json.lock") == 0o600
    assert mode(backup_dir(bank_path)) == 0o700
    assert [mode(b.path) for b in list_backups(bank_path)] == [0o600]
    out = tmp_path / "exports" / "stories.json"
    assert main(["export", "--db", str(bank_path), "-o", str(out)]) == 0
    assert mode(out) == 0o600
    assert mode(out.parent) == 0o700


def test_a_save_makes_an_exposed_bank_private_again(bank_path: Path) -> None:
    Bank(bank_path).add(make_story(title="One"))
    bank_path.chmod(0o644)
    Bank(bank_path).add(make_story(title="Two"))
    assert mode(bank_path) == 0o600


def test_a_bank_others_can_read_gets_a_one_line_warning(
    bank_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Bank(bank_path).add(make_story(title="One"))
    capsys.readouterr()
    assert main(["list", "--db", str(bank_path)]) == 0
    assert capsys.readouterr().err == ""
    bank_path.chmod(0o644)
    assert main(["list", "--db", str(bank_path)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"storybank: warning: {bank_path} can be read by other users; "
        f"fix it with: chmod 600 {bank_path}"
    ]


@pytest.mark.usefixtures("open_umask")
def test_missing_parent_folders_are_owner_only_too(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "c" / "bank.json"
    Bank(path).add(make_story(title="Deep"))
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
        assert mode(folder) == 0o700, folder


def test_a_bank_behind_a_symlink_stays_behind_it(tmp_path: Path) -> None:
    """A bank linked into a synced folder keeps being written there, not beside the link."""
    target = tmp_path / "synced" / "bank.json"
    Bank(target).add(make_story(title="One"))
    link = tmp_path / "home" / "bank.json"
    link.parent.mkdir()
    link.symlink_to(target)
    Bank(link).add(make_story(title="Two"))
    assert link.is_symlink()
    assert {s.title for s in Bank(target)} == {"One", "Two"}
    assert not backup_dir(link).exists() and backup_dir(target).exists()
