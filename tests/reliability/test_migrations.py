"""Schema migration: committed version-1 and version-2 banks are backed up, upgraded once, and
said so, and keep every story's fields byte for byte."""

from __future__ import annotations

import copy
import errno
import shutil
from pathlib import Path

import orjson
import pytest

from storybank.cli.entry import main
from storybank.core.models import SCHEMA_VERSION
from storybank.store import bank as store
from storybank.store.backups import list_backups
from storybank.store.bank import Bank
from storybank.store.migrations import LATEST, MIGRATIONS, add_rehearsal, migrate, v1_to_v2
from storybank.store.validate import read_bank_file

FIXTURE = Path(__file__).parent.parent / "fixtures" / "bank-v1.json"
# Today's format before rehearsal: the sample bank as schema 2 wrote it.
FIXTURE_V2 = Path(__file__).parent.parent / "fixtures" / "bank-v2.json"


@pytest.fixture
def v1_bank(bank_path: Path) -> Path:
    bank_path.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURE, bank_path)
    bank_path.chmod(0o600)
    return bank_path


def test_the_chain_reaches_the_current_schema() -> None:
    assert LATEST == SCHEMA_VERSION
    assert sorted(MIGRATIONS) == list(range(1, LATEST))


def test_v1_to_v2_on_the_fixture() -> None:
    raw = orjson.loads(FIXTURE.read_bytes())
    original = copy.deepcopy(raw)
    out = v1_to_v2(raw)
    assert raw == original  # pure: the input is not touched
    assert out["meta"]["1"] == {"schema_version": 2, "app": "storybank"}
    second = out["stories"]["2"]
    assert second["reflection"] == "" and second["archived"] is False
    assert second["tags"] == [] and second["hook"] == ""
    # Nothing that was written is changed.
    for key, doc in original["stories"].items():
        assert {k: out["stories"][key][k] for k in doc} == doc


def test_migrate_refuses_unknown_versions() -> None:
    with pytest.raises(ValueError):
        migrate({}, LATEST + 1)
    with pytest.raises(ValueError):
        migrate({}, 0)


def test_opening_a_v1_bank_backs_up_upgrades_and_keeps_every_story(v1_bank: Path) -> None:
    original = v1_bank.read_bytes()
    bank = Bank(v1_bank)
    assert bank.migrated_from == 1
    assert bank.last_backup is not None
    assert bank.last_backup.path.read_bytes() == original
    assert list_backups(v1_bank)[0].path.read_bytes() == original
    assert sorted(s.id for s in bank) == ["s-1a2b3c", "s-4d5e6f", "s-7a8b9c"]
    on_disk = orjson.loads(v1_bank.read_bytes())
    assert on_disk["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    # The upgraded file holds the same stories, as read by the current schema.
    assert read_bank_file(v1_bank).stories == bank._stories
    assert read_bank_file(v1_bank).version == SCHEMA_VERSION
    again = Bank(v1_bank)
    assert again.migrated_from is None
    assert again.all() == bank.all()


def test_the_cli_says_so_once(v1_bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--db", str(v1_bank)]) == 0
    err = capsys.readouterr().err.splitlines()
    backup = list_backups(v1_bank)[0].path
    assert err == [
        f"storybank: Upgraded bank.json from schema 1 to {SCHEMA_VERSION}; "
        f"a backup was kept: {backup}"
    ]
    assert main(["list", "--db", str(v1_bank)]) == 0
    assert capsys.readouterr().err == ""


def test_a_newer_bank_is_refused_and_never_rewritten(
    bank_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank_path.parent.mkdir(parents=True)
    newer = {"meta": {"1": {"schema_version": SCHEMA_VERSION + 1}}, "stories": {}}
    bank_path.write_bytes(orjson.dumps(newer))
    before = bank_path.read_bytes()
    for argv in (["list"], ["add", "--title", "x", "--no-edit"], ["backup", "list"]):
        main([*argv, "--db", str(bank_path)])
    assert bank_path.read_bytes() == before
    assert "newer storybank" in capsys.readouterr().err


def test_a_restored_v1_backup_is_upgraded_on_the_next_open(
    v1_bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Bank(v1_bank)
    v1_id = list_backups(v1_bank)[0].id
    assert main(["backup", "restore", v1_id, "--yes", "--db", str(v1_bank)]) == 0
    assert v1_bank.read_bytes() == FIXTURE.read_bytes()
    assert Bank(v1_bank).migrated_from == 1


def test_a_v1_bank_that_cannot_be_written_is_still_read(
    v1_bank: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def read_only(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(store, "take_backup", read_only)
    assert main(["list", "--all", "--db", str(v1_bank)]) == 0
    out, err = capsys.readouterr()
    assert "s-1a2b3c" in out and "s-7a8b9c" in out
    assert err.splitlines() == [
        f"storybank: Could not upgrade bank.json to schema {SCHEMA_VERSION}, so it was read "
        "as it is: Could not "
        f"back up {v1_bank} before saving: Read-only file system. Nothing was changed."
    ]
    assert v1_bank.read_bytes() == FIXTURE.read_bytes()


# Rehearsal (silenced rules, cue notes, the practice table) -------------------------------------


@pytest.fixture
def v2_bank(bank_path: Path) -> Path:
    bank_path.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURE_V2, bank_path)
    bank_path.chmod(0o600)
    return bank_path


def test_add_rehearsal_on_the_fixture_is_pure_and_adds_only_defaults() -> None:
    raw = orjson.loads(FIXTURE_V2.read_bytes())
    original = copy.deepcopy(raw)
    out = add_rehearsal(raw)
    assert raw == original
    assert out["practice"] == {} and out["pitch"] == {}
    for key, doc in original["stories"].items():
        upgraded = out["stories"][key]
        assert upgraded["silenced"] == [] and upgraded["cue_notes"] == ""
        assert {k: upgraded[k] for k in doc} == doc
        assert set(upgraded) - set(doc) == {"silenced", "cue_notes"}


def test_add_rehearsal_keeps_a_practice_table_already_there() -> None:
    raw = orjson.loads(FIXTURE_V2.read_bytes())
    raw["practice"] = {"1": {"question": "q1"}}
    assert add_rehearsal(raw)["practice"] == {"1": {"question": "q1"}}


def test_opening_a_v2_bank_backs_up_upgrades_and_keeps_every_story_byte_for_byte(
    v2_bank: Path,
) -> None:
    original = v2_bank.read_bytes()
    before = orjson.loads(original)["stories"]
    bank = Bank(v2_bank)
    assert bank.migrated_from == 2
    assert bank.last_backup is not None and bank.last_backup.path.read_bytes() == original
    on_disk = orjson.loads(v2_bank.read_bytes())
    assert on_disk["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert on_disk["practice"] == {} and on_disk["pitch"] == {}
    assert on_disk["stories"].keys() == before.keys()
    for key, doc in before.items():
        stored = on_disk["stories"][key]
        # Every field written before is the same bytes; the new ones are their defaults.
        for field, value in doc.items():
            assert orjson.dumps(stored[field]) == orjson.dumps(value), (key, field)
        assert stored["silenced"] == [] and stored["cue_notes"] == ""
    assert Bank(v2_bank).migrated_from is None
    assert len(Bank(v2_bank)) == len(before)
