"""Files that are not what they seem: each is refused in one line, or read as it is."""

from __future__ import annotations

import hashlib
from pathlib import Path

import orjson
import pytest

from storybank.bankfile import is_document_key
from storybank.cli import main
from storybank.errors import BankError
from storybank.migrations import meta_document
from storybank.savecounter import GENERATION_MAX, read_generation
from storybank.store import Bank
from tests.conftest import make_story


def story_doc(**changes: object) -> dict[str, object]:
    """A valid story's stored form, with some fields changed."""
    data = make_story(title="Fine story").to_json_dict()
    data.update(changes)
    return data


def write_bank(path: Path, text: str) -> str:
    """Write a bank file from its exact text; returns its digest."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode())
    return hashlib.sha256(path.read_bytes()).hexdigest()


def story_text(**changes: object) -> str:
    return orjson.dumps(story_doc(**changes)).decode()


def assert_refused(path: Path, digest: str, words: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI refuses the bank in one line naming the problem; nothing on disk changes."""
    capsys.readouterr()
    for argv in (["list", "--db", str(path)], ["add", "--db", str(path), "--title", "x"]):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1, err
        assert words in err, err
        assert "Traceback" not in err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


# One meta document ---------------------------------------------------------------------


def test_the_meta_document_is_the_only_one_or_none() -> None:
    assert meta_document({"meta": {"1": {"schema_version": 2}}}) == {"schema_version": 2}
    assert meta_document({"meta": {}}) is None
    assert meta_document({"meta": {"1": {}, "2": {}}}) is None
    assert meta_document({"meta": {"1": 5}}) is None
    assert meta_document({"meta": []}) is None
    assert meta_document({}) is None


@pytest.mark.parametrize(
    "meta",
    [
        '{"1": {"schema_version": 1}, "2": {"schema_version": 2}}',
        '{"1": {"schema_version": 2}, "2": {"schema_version": 1}}',
        '{"1": {"schema_version": 2}, "2": {"schema_version": 2}}',
    ],
)
def test_a_bank_with_two_meta_documents_is_refused_not_upgraded_forever(
    tmp_path: Path, meta: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bank.json"
    digest = write_bank(path, f'{{"meta": {meta}, "stories": {{"1": {story_text()}}}}}')
    with pytest.raises(BankError, match="has 2 meta documents"):
        Bank(path)
    assert_refused(path, digest, "has 2 meta documents", capsys)


@pytest.mark.parametrize(
    ("meta", "words"),
    [("[]", "“meta” is not an object"), ('{"1": 5}', "“meta” has a bad entry")],
)
def test_meta_that_is_not_an_object_of_objects_is_refused(
    tmp_path: Path, meta: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bank.json"
    digest = write_bank(path, f'{{"meta": {meta}, "stories": {{"1": {story_text()}}}}}')
    assert_refused(path, digest, words, capsys)


# The save counter ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "generation",
    ["18446744073709551616", "18446744073709551615", "1" + "0" * 40, "-1", '"7"', "1.5"],
    ids=["2**64", "2**64-1", "10**40", "negative", "text", "fraction"],
)
def test_a_save_counter_out_of_range_is_refused_in_one_line(
    tmp_path: Path, generation: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bank.json"
    meta = f'{{"1": {{"schema_version": 2, "generation": {generation}}}}}'
    digest = write_bank(path, f'{{"meta": {meta}, "stories": {{"1": {story_text()}}}}}')
    assert_refused(path, digest, "damaged save counter", capsys)


def test_the_save_counter_starts_again_past_the_largest_a_reader_takes(tmp_path: Path) -> None:
    path = tmp_path / "bank.json"
    meta = f'{{"1": {{"schema_version": 2, "generation": {GENERATION_MAX}}}}}'
    write_bank(path, f'{{"meta": {meta}, "stories": {{"1": {story_text()}}}}}')
    Bank(path).add(make_story(title="Next"))
    assert read_generation(path.read_bytes()) == 1
    assert len(Bank(path)) == 2


def test_a_counter_too_long_for_the_head_is_no_counter() -> None:
    assert read_generation(b'{"meta":{"1":{"generation":' + b"9" * 5000 + b"}}}") is None
    assert read_generation(b'{"meta":{"1":{"generation":1e5}}}') is None
    assert read_generation(b'{"meta":{"1":{"generation":12}}}') == 12


# Document keys -------------------------------------------------------------------------


def test_only_canonical_document_keys_are_document_keys() -> None:
    assert all(map(is_document_key, ["1", "9", "10", "123456789012345678"]))
    bad = ["", "0", "01", "-1", "+1", " 1", "1 ", "1.0", "²", "١", "１", "1234567890123456789"]
    for key in bad:
        assert not is_document_key(key), key


@pytest.mark.parametrize("key", ["01", "\u0661", "\u00b2", "\uff11", "0", "1" * 19])
def test_a_bank_with_a_non_canonical_document_key_is_refused(
    tmp_path: Path, key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "01" would be a second name for "1"; "²" and "١" pass `str.isdigit` but not int()."""
    path = tmp_path / "bank.json"
    meta = '{"1": {"schema_version": 2}}'
    digest = write_bank(path, f'{{"meta": {meta}, "stories": {{"{key}": {story_text()}}}}}')
    assert_refused(path, digest, "“stories” has a bad entry", capsys)
