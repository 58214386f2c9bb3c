"""Another local user plants symlinks, folders and files beside a bank: none of them is trusted.

Another user is simulated by giving a file to `nobody` with chown, which needs root; elsewhere
these tests are skipped.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import orjson
import pytest

from storybank.cli.entry import main
from storybank.core.errors import BankError, BankWriteError
from storybank.store.bank import Bank
from storybank.store.index import quickindex
from storybank.store.locking import lock_path
from storybank.store.savecounter import bank_digest
from tests.conftest import make_story
from tests.indexview import read_index

NOBODY = 65534
needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root"
)


def shared_folder(tmp_path: Path) -> Path:
    """A folder every user may add files to, as /tmp is (sticky and world-writable)."""
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o1777)
    return folder


def own_bank(tmp_path: Path, title: str = "Mine") -> Path:
    """A bank of ours, with one story, in a private folder."""
    path = tmp_path / "private" / "bank.json"
    Bank(path).add(make_story(title=title))
    return path


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    """What the CLI said on stderr, checked to be one line and no traceback."""
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    return err


# Symlinks --------------------------------------------------------------------------------------


@needs_root
def test_a_symlink_another_user_planted_in_a_shared_folder_is_not_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = own_bank(tmp_path)
    before = target.read_bytes()
    link = shared_folder(tmp_path) / "bank.json"
    link.symlink_to(target)
    os.lchown(link, NOBODY, NOBODY)
    with pytest.raises(BankError, match="another user"):
        Bank(link)
    for argv in (["list"], ["search", "--competency", "Leadership"], ["backup", "list"]):
        assert main([*argv, "--db", str(link)]) == 1
        assert "another user" in one_line_error(capsys)
    assert target.read_bytes() == before


@needs_root
def test_a_chain_through_a_planted_symlink_is_not_followed(tmp_path: Path) -> None:
    target = own_bank(tmp_path)
    planted = shared_folder(tmp_path) / "planted.json"
    planted.symlink_to(target)
    os.lchown(planted, NOBODY, NOBODY)
    mine = tmp_path / "bank.json"
    mine.symlink_to(planted)
    with pytest.raises(BankError, match="another user"):
        Bank(mine)


def test_our_own_symlink_in_a_shared_folder_is_followed(tmp_path: Path) -> None:
    target = own_bank(tmp_path)
    link = shared_folder(tmp_path) / "bank.json"
    link.symlink_to(target)
    Bank(link).add(make_story(title="Through the link"))
    assert link.is_symlink()
    assert {s.title for s in Bank(target)} == {"Mine", "Through the link"}


def test_a_dangling_symlink_is_refused_and_nothing_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nowhere = tmp_path / "nowhere" / "deeper" / "bank.json"
    link = tmp_path / "bank.json"
    link.symlink_to(nowhere)
    with pytest.raises(BankError, match="does not exist"):
        Bank(link)
    argv = ["add", "--title", "T", "--db", str(link)]
    assert main(argv) == 1
    assert "does not exist" in one_line_error(capsys)
    assert main(["backup", "create", "--db", str(link)]) == 1
    one_line_error(capsys)
    assert not (tmp_path / "nowhere").exists()
    assert link.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["bank.json"]


async def test_the_app_shows_a_dangling_symlink_as_a_bank_error(tmp_path: Path) -> None:
    from storybank.tui.app import create_app
    from storybank.tui.screens.error import BankErrorScreen
    from tests.tui.conftest import settle
    from tests.tui.test_tui_flows import SIZE

    link = tmp_path / "bank.json"
    link.symlink_to(tmp_path / "nowhere" / "bank.json")
    app = create_app(link)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BankErrorScreen)
        assert "does not exist" in app.screen.error.problem
    assert not (tmp_path / "nowhere").exists()


def test_a_symlink_loop_is_refused(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.symlink_to(second)
    second.symlink_to(first)
    with pytest.raises(BankError):
        Bank(first)


# The lock --------------------------------------------------------------------------------------


def test_a_symlink_put_in_place_of_the_lock_is_not_used(tmp_path: Path) -> None:
    bank = own_bank(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    before = bank.read_bytes()
    opened = Bank(bank)
    lock_path(bank).unlink()
    lock_path(bank).symlink_to(victim)
    with pytest.raises(BankWriteError, match="lock"):
        opened.add(make_story(title="Not saved"))
    assert victim.read_text() == "keep me"
    assert bank.read_bytes() == before


@needs_root
def test_a_lock_file_another_user_owns_is_refused(tmp_path: Path) -> None:
    bank = own_bank(tmp_path)
    before = bank.read_bytes()
    opened = Bank(bank)
    os.chown(lock_path(bank), NOBODY, NOBODY)
    with pytest.raises(BankWriteError, match="another user"):
        opened.add(make_story(title="Not saved"))
    assert bank.read_bytes() == before


# Backups ---------------------------------------------------------------------------------------

FUTURE_ID = "29990101T000000.000000Z"


def plant_backup(folder: Path, data: bytes, backup_id: str = FUTURE_ID) -> Path:
    """A file in `folder` named like a backup, holding `data`."""
    planted = folder / f"{backup_id}.json"
    planted.write_bytes(data)
    planted.chmod(0o600)
    return planted


def forged_bank(tmp_path: Path) -> bytes:
    """The bytes of a valid bank that holds a story the user never wrote."""
    other = tmp_path / "forged" / "bank.json"
    Bank(other).add(make_story(title="Planted"))
    return other.read_bytes()


@needs_root
def test_a_backups_folder_another_user_made_is_not_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = shared_folder(tmp_path) / "bank.json"
    bank.write_bytes(own_bank(tmp_path).read_bytes())
    before = bank.read_bytes()
    planted_folder = bank.parent / "bank.json.backups"  # made by the attacker, before us
    planted_folder.mkdir()
    planted = plant_backup(planted_folder, forged_bank(tmp_path))
    os.chown(planted, NOBODY, NOBODY)
    os.chown(planted_folder, NOBODY, NOBODY)
    planted_folder.chmod(0o755)

    assert main(["backup", "list", "--db", str(bank)]) == 0
    err = capsys.readouterr().err
    assert f"ignored the backups folder {planted_folder}: it is owned by another user" in err
    assert main(["backup", "restore", "--yes", "--db", str(bank)]) == 1
    assert "owned by another user" in one_line_error(capsys)
    # A save refuses to back up into it rather than write there, and changes nothing.
    with pytest.raises(BankWriteError, match="not used"):
        Bank(bank).add(make_story(title="Not saved"))
    assert bank.read_bytes() == before
    assert [p.name for p in planted_folder.iterdir()] == [planted.name]


def test_a_backup_dated_in_the_future_is_ignored_and_never_restored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = tmp_path / "bank.json"
    Bank(bank).add(make_story(title="One"))
    Bank(bank).add(make_story(title="Two"))  # backs up the bank holding "One"
    plant_backup(bank.parent / "bank.json.backups", forged_bank(tmp_path))

    assert main(["backup", "list", "--db", str(bank)]) == 0
    captured = capsys.readouterr()
    assert "ignored 1 backup in" in captured.err and "dated in the future" in captured.err
    assert FUTURE_ID not in captured.out
    assert main(["backup", "restore", FUTURE_ID, "--yes", "--db", str(bank)]) == 1
    assert "ignored: dated in the future" in one_line_error(capsys)
    assert main(["backup", "restore", "--yes", "--db", str(bank)]) == 0
    capsys.readouterr()
    assert {s.title for s in Bank(bank)} == {"One"}


@needs_root
def test_a_backup_file_another_user_owns_is_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = tmp_path / "bank.json"
    Bank(bank).add(make_story(title="One"))
    Bank(bank).add(make_story(title="Two"))
    planted = plant_backup(bank.parent / "bank.json.backups", forged_bank(tmp_path), "2")
    planted = planted.rename(planted.with_name("20990101T000000.000000Z.json"))
    os.chown(planted, NOBODY, NOBODY)
    from storybank.store.backups import scan_backups

    scan = scan_backups(bank)
    assert [i.reason for i in scan.ignored] == ["owned by another user"]
    assert planted not in [b.path for b in scan.backups]
    assert main(["backup", "restore", "--yes", "--db", str(bank)]) == 0
    capsys.readouterr()
    assert {s.title for s in Bank(bank)} == {"One"}


@pytest.mark.parametrize("kind", ["group-writable file", "symlink", "open folder"])
def test_backups_others_could_change_are_ignored(tmp_path: Path, kind: str) -> None:
    from storybank.store.backups import list_backups, scan_backups

    bank = tmp_path / "bank.json"
    Bank(bank).add(make_story(title="One"))
    Bank(bank).add(make_story(title="Two"))
    folder = bank.parent / "bank.json.backups"
    (real,) = list_backups(bank)
    if kind == "group-writable file":
        real.path.chmod(0o620)
    elif kind == "symlink":
        elsewhere = tmp_path / "elsewhere.json"
        real.path.rename(elsewhere)
        real.path.symlink_to(elsewhere)
    else:
        folder.chmod(0o777)
    scan = scan_backups(bank)
    assert scan.backups == [] and len(scan.ignored) == 1
    if kind == "open folder":
        with pytest.raises(BankWriteError, match="writable by other users"):
            Bank(bank).add(make_story(title="Not saved"))
        assert {s.title for s in Bank(bank)} == {"One", "Two"}


# The quick index -------------------------------------------------------------------------------


def bank_of(path: Path, *titles: str) -> Bank:
    """A bank at `path` holding a story for each title, saved in one write."""
    bank = Bank(path)
    bank.add_many([make_story(title=title) for title in titles])
    return bank


def forge_index(bank: Bank, titles: dict[str, str], key: bytes, drop: int = 0) -> None:
    """Write an index beside `bank` naming it exactly (inode, size, time, save counter) whose
    rows give these stories other titles and leave out the last `drop` stories."""
    from storybank.core.settings import parse_settings
    from storybank.store.fileid import file_signature

    raw = orjson.loads(bank.path.read_bytes())
    docs = list(raw["stories"].values())
    docs = docs[: len(docs) - drop]
    rows = [quickindex.index_row({**d, "title": titles.get(d["title"], d["title"])}) for d in docs]
    resolver = parse_settings({}).catalog().resolver
    body = quickindex.index_body(rows, resolver, bank_digest(key, bank.path.read_bytes()))
    signature = file_signature(bank.path)
    assert signature is not None
    quickindex.write_index(bank.path, signature, raw["meta"]["1"]["generation"], body, key)


def bank_key(path: Path) -> bytes:
    """The key the bank at `path` signs its quick index with."""
    key = orjson.loads(path.read_bytes())["meta"]["1"]["index_key"]
    assert isinstance(key, str)
    return key.encode()


def index_titles(path: Path) -> list[str] | None:
    """The titles the quick paths would show, or None when they read the bank instead."""
    index = read_index(path)
    return None if index is None else sorted(s.title for s in index.stories)


def search_titles(path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The titles `storybank search --competency` prints, as JSON."""
    capsys.readouterr()
    assert (
        main(["search", "--competency", "Leadership", "--format", "json", "--db", str(path)]) == 0
    )
    return sorted(hit["title"] for hit in orjson.loads(capsys.readouterr().out))


def test_an_index_forged_without_the_banks_key_is_not_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bank.json"
    bank = bank_of(path, "Real one", "Real two")
    forge_index(bank, {"Real one": "Planted"}, key=b"0" * 64)
    assert index_titles(path) is None
    assert search_titles(path, capsys) == ["Real one", "Real two"]
    # The same file signed with the bank's own key would be used: only the key tells them apart.
    forge_index(bank, {"Real one": "Planted"}, key=bank_key(path))
    assert index_titles(path) == ["Planted", "Real two"]


def test_rows_of_a_forged_index_never_survive_a_save(tmp_path: Path) -> None:
    path = tmp_path / "bank.json"
    bank = bank_of(path, "Real one", "Real two")
    forge_index(bank, {"Real one": "Planted"}, key=b"0" * 64)
    Bank(path).add(make_story(title="Real three"))
    assert index_titles(path) == ["Real one", "Real three", "Real two"]


def test_an_index_that_leaves_out_stories_is_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "bank.json"
    bank = bank_of(path, "Real one", "Real two")
    forge_index(bank, {}, key=bank_key(path), drop=1)
    Bank(path)  # the bank holds two stories: an index of one does not describe it
    assert index_titles(path) == ["Real one", "Real two"]


@pytest.mark.parametrize("kind", ["readable by others", "symlink"])
def test_an_index_others_could_read_or_redirect_is_ignored_and_replaced(
    tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "bank.json"
    bank_of(path, "Real one")
    index = quickindex.index_path(path)
    if kind == "readable by others":
        index.chmod(0o644)
    else:
        elsewhere = tmp_path / "elsewhere.index"
        index.rename(elsewhere)
        index.symlink_to(elsewhere)
    assert index_titles(path) is None
    from storybank.store.index.preview import read_preview

    assert read_preview(path) is None
    Bank(path)  # reading the bank writes a private index in its place
    assert not index.is_symlink() and stat.S_IMODE(index.stat().st_mode) == 0o600
    assert index_titles(path) == ["Real one"]


@needs_root
def test_an_index_another_user_owns_is_ignored_and_never_fails_a_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = shared_folder(tmp_path) / "bank.json"
    bank = bank_of(path, "Real one", "Real two")
    forge_index(bank, {"Real one": "Planted"}, key=bank_key(path))
    index = quickindex.index_path(path)
    os.chown(index, NOBODY, NOBODY)
    # In a sticky folder it cannot be replaced by us (root could, so the refusal is played).
    real_replace = os.replace

    def sticky_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == index:
            raise PermissionError(1, "Operation not permitted")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", sticky_replace)
    assert index_titles(path) is None
    assert search_titles(path, capsys) == ["Real one", "Real two"]
    Bank(path).add(make_story(title="Real three"))
    assert index.stat().st_uid == NOBODY
    assert index_titles(path) is None
    assert search_titles(path, capsys) == ["Real one", "Real three", "Real two"]


def test_a_bank_saved_before_it_had_a_key_gets_one_on_its_next_save(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bank.json"
    bank_of(path, "Real one")
    raw = orjson.loads(path.read_bytes())
    del raw["meta"]["1"]["index_key"]
    path.write_bytes(orjson.dumps(raw))
    quickindex.index_path(path).unlink()
    Bank(path)  # reading never writes the bank, so there is no key to sign an index with yet
    assert index_titles(path) is None
    assert search_titles(path, capsys) == ["Real one"]
    Bank(path).add(make_story(title="Real two"))
    assert len(bank_key(path)) == 64
    Bank(path)  # the next open signs and writes the index
    assert index_titles(path) == ["Real one", "Real two"]
