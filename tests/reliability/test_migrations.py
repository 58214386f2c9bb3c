"""Schema migration: committed version-1 and version-2 banks are backed up, upgraded once, and
said so, and keep every story's fields byte for byte."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import orjson
import pytest

from storybank.cli.entry import main
from storybank.core.models import SCHEMA_VERSION
from storybank.store.backups import list_backups
from storybank.store.bank import Bank
from storybank.store.migrations import (
    LATEST,
    MIGRATIONS,
    add_rehearsal,
    migrate,
    v1_to_v2,
    v2_to_v3,
)
from storybank.store.validate import read_bank_file
from tests.loopkit import make_application

FIXTURE = Path(__file__).parent.parent / "fixtures" / "bank-v1.json"
# Schema 2 as it was written: a small bank with odd text, and the sample bank.
FIXTURE_V2 = Path(__file__).parent.parent / "fixtures" / "bank-v2.json"
FIXTURE_V2_SAMPLE = Path(__file__).parent.parent / "fixtures" / "bank-v2-sample.json"


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


@pytest.fixture(params=[FIXTURE_V2, FIXTURE_V2_SAMPLE], ids=["odd-text", "sample"])
def v2_bank(bank_path: Path, request: pytest.FixtureRequest) -> Path:
    bank_path.parent.mkdir(parents=True)
    shutil.copyfile(request.param, bank_path)
    bank_path.chmod(0o600)
    return bank_path


def test_v2_to_v3_adds_the_empty_loop_tables_and_nothing_else() -> None:
    raw = orjson.loads(FIXTURE_V2.read_bytes())
    original = copy.deepcopy(raw)
    out = v2_to_v3(raw)
    assert raw == original  # pure
    assert out["meta"]["1"]["schema_version"] == 3
    for name in ("applications", "interviews", "followups", "asks"):
        assert out[name] == {}
    assert out["stories"] == original["stories"]
    assert out["settings"] == original["settings"]


# Rehearsal (silenced rules, cue notes, the practice and pitch tables) ----------------------------


def test_add_rehearsal_on_the_fixture_is_pure_and_adds_only_defaults() -> None:
    raw = v2_to_v3(orjson.loads(FIXTURE_V2_SAMPLE.read_bytes()))
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
    raw = v2_to_v3(orjson.loads(FIXTURE_V2_SAMPLE.read_bytes()))
    raw["practice"] = {"1": {"question": "q1"}}
    assert add_rehearsal(raw)["practice"] == {"1": {"question": "q1"}}


def test_opening_a_v2_bank_backs_up_and_keeps_every_story_byte_for_byte(v2_bank: Path) -> None:
    original = v2_bank.read_bytes()
    before = orjson.loads(original)
    bank = Bank(v2_bank)
    assert bank.migrated_from == 2
    assert bank.last_backup is not None and bank.last_backup.path.read_bytes() == original
    after = orjson.loads(v2_bank.read_bytes())
    assert after["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert after["applications"] == after["interviews"] == after["followups"] == {}
    assert after["practice"] == after["pitch"] == {}
    assert after["stories"].keys() == before["stories"].keys()
    for key, doc in before["stories"].items():
        stored = after["stories"][key]
        # Every field written before keeps its bytes; the new ones hold their defaults.
        for field, value in doc.items():
            assert orjson.dumps(stored[field]) == orjson.dumps(value), (key, field)
        assert stored["silenced"] == [] and stored["cue_notes"] == ""
    assert after.get("settings") == before.get("settings")
    again = Bank(v2_bank)
    assert again.migrated_from is None and again.all() == bank.all()


def test_a_v2_bank_takes_loop_records_after_the_upgrade(v2_bank: Path) -> None:
    bank = Bank(v2_bank)
    count = len(bank)
    bank.add_application(make_application())
    assert len(Bank(v2_bank).applications()) == 1
    assert len(Bank(v2_bank)) == count
