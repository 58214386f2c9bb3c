"""Files that are not what they seem: each is refused in one line, or read as it is."""

from __future__ import annotations

import hashlib
import io
import os
import re
import resource
import stat
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from storybank.cli.entry import main
from storybank.core.errors import BankError, BankWriteError
from storybank.core.vocab import SCHEMA_VERSION
from storybank.interchange import importing
from storybank.store import reader as bankjson, storage
from storybank.store.bank import Bank
from storybank.store.locking import DEFAULT_LOCK_TIMEOUT, lock_timeout_from_env
from storybank.store.migrations import meta_document
from storybank.store.savecounter import SAVE_COUNTER_MAX, read_save_counter
from storybank.store.validate import is_document_key
from tests.conftest import make_story, story_doc


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
    "save_counter",
    ["18446744073709551616", "18446744073709551615", "1" + "0" * 40, "-1", '"7"', "1.5"],
    ids=["2**64", "2**64-1", "10**40", "negative", "text", "fraction"],
)
def test_a_save_counter_out_of_range_is_refused_in_one_line(
    tmp_path: Path, save_counter: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bank.json"
    meta = f'{{"1": {{"schema_version": {SCHEMA_VERSION}, "generation": {save_counter}}}}}'
    digest = write_bank(path, f'{{"meta": {meta}, "stories": {{"1": {story_text()}}}}}')
    assert_refused(path, digest, "damaged save counter", capsys)


def test_the_save_counter_starts_again_past_the_largest_a_reader_takes(tmp_path: Path) -> None:
    path = tmp_path / "bank.json"
    meta = f'{{"1": {{"schema_version": {SCHEMA_VERSION}, "generation": {SAVE_COUNTER_MAX}}}}}'
    write_bank(path, f'{{"meta": {meta}, "stories": {{"1": {story_text()}}}}}')
    Bank(path).add(make_story(title="Next"))
    assert read_save_counter(path.read_bytes()) == 1
    assert len(Bank(path)) == 2


def test_a_counter_too_long_for_the_head_is_no_counter() -> None:
    assert read_save_counter(b'{"meta":{"1":{"generation":' + b"9" * 5000 + b"}}}") is None
    assert read_save_counter(b'{"meta":{"1":{"generation":1e5}}}') is None
    assert read_save_counter(b'{"meta":{"1":{"generation":12}}}') == 12


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
    meta = '{"1": {"schema_version": 3}}'
    digest = write_bank(path, f'{{"meta": {meta}, "stories": {{"{key}": {story_text()}}}}}')
    assert_refused(path, digest, "“stories” has a bad entry", capsys)


# Duplicate keys ------------------------------------------------------------------------

FIELDS = story_text()[1:-1]  # a story's fields, without the braces
SOURCE = orjson.dumps(story_doc()["source"]).decode()[1:-1]
META = '"meta": {"1": {"schema_version": 3}}'
FIELDS_SOURCE_TWICE = story_text().replace(SOURCE, SOURCE + ',"kind":"education"')
TWICE = {
    "table": f'{{{META}, "stories": {{"1": {story_text()}}}, "stories": {{}}}}',
    "table first": f'{{{META}, "stories": {{}}, "stories": {{"1": {story_text()}}}}}',
    "document": f'{{{META}, "stories": {{"1": {story_text()}, "1": {story_text(id="s-bbbbbb")}}}}}',
    "field": f'{{{META}, "stories": {{"1": {{{FIELDS}, "title": "Other"}}}}}}',
    "field, escaped": f'{{{META}, "stories": {{"1": {{{FIELDS}, "titl\\u0065": "Other"}}}}}}',
    "field, spaced": f'{{{META}, "stories": {{"1": {{"title" : "Other", {FIELDS}}}}}}}',
    "source field": f'{{{META}, "stories": {{"1": {FIELDS_SOURCE_TWICE}}}}}',
    "meta field": ('{"meta": {"1": {"schema_version": 3, "schema_version": 3}}, "stories": {}}'),
    "settings field": f'{{{META}, "stories": {{}}, "settings": {{"1": {{"a": 1, "a": 2}}}}}}',
    "deep": f'{{{META}, "stories": {{}}, "x": {{"1": {{"a": [{{"b": {{"c": 1, "c": 1}}}}]}}}}}}',
}


@pytest.mark.parametrize("where", list(TWICE))
@pytest.mark.parametrize("whole", [False, True], ids=["by document", "whole file"])
def test_a_key_written_twice_anywhere_refuses_the_bank(
    tmp_path: Path,
    where: str,
    whole: bool,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """orjson keeps the last of two equal keys without a word: the file says two things."""
    if whole:  # the path taken by any file the document reader leaves to a whole parse
        monkeypatch.setattr(storage, "read_tables", lambda *_args, **_kwargs: None)
    path = tmp_path / "bank.json"
    digest = write_bank(path, TWICE[where])
    with pytest.raises(BankError, match="twice"):
        Bank(path)
    assert_refused(path, digest, "twice", capsys)


def test_a_bank_as_storybank_writes_it_is_cleared_without_a_second_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bank.json"
    Bank(path).add_many(
        [make_story(title=f"Story {n}", action='She said "no": twice. \\": {}') for n in range(50)]
    )
    slow: list[int] = []
    real = bankjson.check_unique_keys

    def counted(text: bytes, start: int, end: int, keys: int) -> None:
        slow.append(end - start)
        real(text, start, end, keys)

    monkeypatch.setattr(bankjson, "check_unique_keys", counted)
    assert len(Bank(path)) == 50
    assert slow == []


def test_a_bank_in_another_layout_is_still_read(tmp_path: Path) -> None:
    """Spaces, escapes and a `\\":` in text only send a document to the careful check."""
    path = tmp_path / "bank.json"
    Bank(path).add(make_story(title='Said "no": then "yes" : later', action="\\"))
    doc = orjson.loads(path.read_bytes())
    import json

    path.write_text(json.dumps(doc, indent=2, ensure_ascii=True, separators=(",", " : ")))
    assert Bank(path).all()[0].title == 'Said "no": then "yes" : later'


def test_the_document_reader_names_where_a_key_is_twice() -> None:
    cases = {
        b'{"a":{"1":{}}, "a":{}}': ("a", ""),
        b'{"a":{"1":{},"1":{}}}': ("1", "table “a”"),
        b'{"a":{"7":{"x":1,"y":{"z":1,"z":2}}}}': ("z", "document 7 of table “a”"),
    }
    for data, (key, where) in cases.items():
        with pytest.raises(bankjson.DuplicateKeyError) as raised:
            bankjson.read_tables(io.BytesIO(b""), data)
        assert (raised.value.key, raised.value.where) == (key, where)


# One huge key --------------------------------------------------------------------------


class _Scans:
    """A stand-in for a compiled pattern that adds up how many bytes each match may scan."""

    def __init__(self, pattern: re.Pattern[bytes]) -> None:
        self.pattern = pattern
        self.scanned = 0

    def match(self, buf: bytes, pos: int = 0) -> re.Match[bytes] | None:
        self.scanned += len(buf) - pos
        return self.pattern.match(buf, pos)

    def search(self, buf: bytes, pos: int = 0) -> re.Match[bytes] | None:
        self.scanned += len(buf) - pos
        return self.pattern.search(buf, pos)


@pytest.mark.parametrize("where", ["table name", "document key", "document"])
def test_one_huge_key_or_document_is_read_in_linear_work(
    where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 24 MB key took ~25 s: each 1 MiB read copied the window and scanned it again."""
    huge = "k" * (24 << 20)
    data = {
        "table name": f'{{"{huge}": {{}}}}',
        "document key": f'{{"t": {{"{huge}": {{}}}}}}',
        "document": f'{{"t": {{"1": {{"x": "{huge}"}}}}}}',
    }[where].encode()
    keys, ends = _Scans(bankjson._KEY_RE), _Scans(bankjson._DOC_END_RE)
    monkeypatch.setattr(bankjson, "_KEY_RE", keys)
    monkeypatch.setattr(bankjson, "_DOC_END_RE", ends)
    copied = 0
    more = bankjson._Reader.more

    def counted(reader: bankjson._Reader) -> None:
        nonlocal copied
        more(reader)
        copied += len(reader.buf)

    monkeypatch.setattr(bankjson._Reader, "more", counted)
    handle = io.BytesIO(data)
    tables = bankjson.read_tables(handle, handle.read(64 * 1024))
    assert tables is not None and len(str(tables)) > len(huge)
    assert copied <= 4 * len(data)
    assert keys.scanned + ends.scanned <= 4 * len(data)


# A read-only bank ----------------------------------------------------------------------

V1_FIXTURE = Path(__file__).parent.parent / "fixtures" / "bank-v1.json"


@pytest.mark.parametrize("mode", [0o400, 0o500], ids=["400", "500"])
def test_a_read_only_bank_is_read_but_never_written(
    tmp_path: Path, mode: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tests run as root here, where the bits stop no write: the bits themselves decide."""
    path = tmp_path / "bank.json"
    Bank(path).add(make_story(title="Kept as it is"))
    path.chmod(mode)
    before = path.read_bytes()
    bank = Bank(path)
    assert [s.title for s in bank.all()] == ["Kept as it is"]
    with pytest.raises(BankWriteError, match=rf"is read-only \(mode {mode:o}\)"):
        bank.add(make_story(title="Not saved"))
    with pytest.raises(BankWriteError, match="read-only"):
        bank.update(bank.all()[0].model_copy(update={"title": "Changed"}))
    assert [s.title for s in bank.all()] == ["Kept as it is"]
    capsys.readouterr()
    assert main(["add", "--db", str(path), "--title", "Not saved either"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"storybank: {path} is read-only (mode {mode:o}); make it writable with "
        f"`chmod 600 {path}` to save. Nothing was changed."
    ]
    assert main(["list", "--db", str(path)]) == 0
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert not (tmp_path / "bank.json.backups").exists()  # no backup for a save that is refused


def test_an_old_read_only_bank_is_read_as_it_is_without_an_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "bank.json"
    path.write_bytes(V1_FIXTURE.read_bytes())
    path.chmod(0o400)
    bank = Bank(path)
    assert len(bank) > 0
    assert bank.migrated_from is None
    assert bank.upgrade_error is not None and "read-only (mode 400)" in bank.upgrade_error
    assert path.read_bytes() == V1_FIXTURE.read_bytes()
    assert not (tmp_path / "bank.json.backups").exists()


# The lock's timeout --------------------------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "-1", "-0.5", "1e999", "soon", ""])
def test_a_lock_timeout_that_is_no_number_of_seconds_falls_back_to_the_default(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """float() takes "nan" and "inf", and filelock waits forever on a negative timeout."""
    monkeypatch.setenv("STORYBANK_LOCK_TIMEOUT", value)
    assert lock_timeout_from_env() == DEFAULT_LOCK_TIMEOUT


@pytest.mark.parametrize(("value", "seconds"), [("0", 0.0), ("0.25", 0.25), ("30", 30.0)])
def test_a_lock_timeout_in_seconds_is_taken(
    value: str, seconds: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYBANK_LOCK_TIMEOUT", value)
    assert lock_timeout_from_env() == seconds


# What `storybank import` reads ---------------------------------------------------------


def import_guarded(source: str, bank: Path) -> subprocess.CompletedProcess[str]:
    """`storybank import` in a child with a time and memory limit: a read that blocks or never
    ends fails the test instead of hanging or exhausting the machine."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run(
        [sys.executable, "-m", "storybank", "import", source, "--db", str(bank)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        preexec_fn=limit,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_import_refuses_what_is_not_a_regular_file_without_reading_it(
    tmp_path: Path, kind: str
) -> None:
    source = tmp_path / "stories.json"
    if kind == "fifo":
        os.mkfifo(source)  # no writer: a plain open would wait forever
    else:
        source = Path("/dev/zero")  # never ends
    bank = tmp_path / "bank.json"
    done = import_guarded(str(source), bank)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"storybank: {source} is not a regular file, so there is nothing to import"
    ]
    assert not bank.exists()


def test_import_refuses_a_file_too_large_to_be_an_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(importing, "MAX_IMPORT_BYTES", 1 << 20)
    source = tmp_path / "stories.json"
    source.write_bytes(b"[" + b" " * (1 << 20) + b"]")
    bank = tmp_path / "bank.json"
    assert main(["import", str(source), "--db", str(bank)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"storybank: {source} is larger than 1 MiB, too large to be an export of stories, so "
        "nothing was imported"
    ]
    assert not bank.exists()


# Dates at the calendar's edge ----------------------------------------------------------


@pytest.mark.parametrize(
    "when", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"], ids=["after", "before"]
)
def test_a_date_outside_the_years_1_to_9999_in_utc_refuses_the_bank(
    tmp_path: Path, when: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Python holds such a time but cannot turn it into UTC or local time (every list does)."""
    path = tmp_path / "bank.json"
    meta = '{"1": {"schema_version": 3}}'
    text = story_text(updated_at=when)
    digest = write_bank(path, f'{{"meta": {meta}, "stories": {{"1": {text}}}}}')
    assert_refused(path, digest, "Updated must fall within the years 1 to 9999 in UTC", capsys)


@pytest.mark.parametrize(
    "when", ["9999-12-31T23:59:59Z", "9999-12-31T20:00:00+03:00", "0001-01-01T00:00:00Z"]
)
def test_a_story_dated_at_the_calendars_edge_opens_and_saves(tmp_path: Path, when: str) -> None:
    path = tmp_path / "bank.json"
    meta = '{"1": {"schema_version": 3}}'
    write_bank(path, f'{{"meta": {meta}, "stories": {{"1": {story_text(created_at=when)}}}}}')
    bank = Bank(path)
    story = bank.all()[0]
    bank.update(story.model_copy(update={"title": "Still here"}))
    assert Bank(path).all()[0].title == "Still here"
    assert main(["list", "--db", str(path)]) == 0
