"""A corpus of bad bank files: each gets one clear line and exit 1, and is never changed."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from storybank.cli.entry import main
from storybank.store import storage
from storybank.store.bank import Bank
from storybank.store.index.quickindex import index_path
from tests.conftest import make_story, story_doc
from tests.loopkit import make_application, make_interview

BIG = 200 * 1024 * 1024


def valid_bank_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "valid" / "bank.json"
    Bank(path).add_many(
        [
            make_story(title="Café résumé 🚀", action="Sprach mit dem Team. שלום"),
            make_story(title="Second", competencies=["Ownership"], tags=["x"]),
            make_story(title="Third", archived=True),
        ]
    )
    return path.read_bytes()


def _doc(stories: dict[str, object], version: object = 2) -> bytes:
    return orjson.dumps({"meta": {"1": {"schema_version": version}}, "stories": stories})


def corpus(valid: bytes) -> dict[str, bytes | Callable[[Path], None]]:
    """Name -> the file's bytes (or a function that writes a big file)."""
    rng = random.Random(7)
    cases: dict[str, bytes | Callable[[Path], None]] = {"empty file": b"", "only spaces": b"  \n"}
    for offset in sorted({1, 2, 10, 50, 100, *rng.sample(range(1, len(valid)), 20)}):
        cases[f"truncated at {offset}"] = valid[:offset]
    cases["truncated by one byte"] = valid[:-1]
    for i in range(4):
        cases[f"random bytes {i}"] = rng.randbytes(rng.choice([1, 17, 4096, 100_000]))
    cases["random bytes after a brace"] = b"{" + rng.randbytes(5000)
    cases["all NULs"] = b"\0" * 8192
    cases["NUL run inside"] = valid[:200] + b"\0" * 500 + valid[200:]
    cases["NUL run at the end"] = valid + b"\0" * 1000
    cases["invalid UTF-8 in a string"] = valid.replace("Café".encode(), b"Caf\xe9", 1)
    cases["lone continuation byte"] = valid.replace(b"Second", b"Sec\x80ond", 1)
    cases["UTF-16 encoded"] = valid.decode().encode("utf-16")
    cases["trailing garbage"] = valid + b"garbage"
    cases["trailing brace"] = valid + b"}"
    cases["two banks in a row"] = valid + valid
    cases["JSON array"] = b"[]"
    cases["JSON string"] = b'"stories"'
    cases["JSON number"] = b"42"
    cases["JSON null"] = b"null"
    cases["tables as a list"] = b'{"stories": []}'
    cases["story is a number"] = _doc({"1": 5})
    cases["document key not a number"] = _doc({"x": story_doc()})
    cases["other program's data"] = b'{"_default": {"1": {"name": "not a story"}}}'
    cases["stories without a version"] = orjson.dumps({"stories": {"1": story_doc()}})
    cases["version is text"] = _doc({}, "2")
    cases["version is true"] = _doc({}, True)
    cases["version zero"] = _doc({}, 0)
    cases["future schema version"] = _doc({"1": story_doc()}, 99)
    cases["title is a number"] = _doc({"1": story_doc(title=5)})
    cases["title missing"] = _doc({"1": {k: v for k, v in story_doc().items() if k != "title"}})
    cases["competencies is a number"] = _doc({"1": story_doc(competencies=5)})
    cases["archived is text"] = _doc({"1": story_doc(archived="maybe")})
    cases["created_at is not a time"] = _doc({"1": story_doc(created_at="yesterday")})
    cases["source is text"] = _doc({"1": story_doc(source="Acme")})
    cases["unknown field"] = _doc({"1": story_doc(mood="great")})
    cases["bad id"] = _doc({"1": story_doc(id="not-an-id")})
    cases["id is a number"] = _doc({"1": story_doc(id=12)})
    cases["huge control-filled id"] = _doc({"1": story_doc(id="\x1b[2J" * 10_000)})
    cases["duplicate ids"] = _doc({"1": story_doc(id="s-aaaaaa"), "2": story_doc(id="s-aaaaaa")})
    cases["deep nesting"] = b"[" * 100_000 + b"]" * 100_000
    # Files that say two things, or name one thing two ways.
    meta, one = b'{"1":{"schema_version":2}}', orjson.dumps(story_doc())
    fields = one[1:-1]
    cases["two stories tables"] = b'{"meta":%s,"stories":{"1":%s},"stories":{}}' % (meta, one)
    cases["two documents 1"] = b'{"meta":%s,"stories":{"1":%s,"1":%s}}' % (meta, one, one)
    cases["a story field twice"] = b'{"meta":%s,"stories":{"1":{%s,"title":"B"}}}' % (meta, fields)
    cases["a source field twice"] = _doc({"1": story_doc()}).replace(
        b'"kind":"work"', b'"kind":"work","kind":"education"'
    )
    cases["a meta field twice"] = b'{"meta":{"1":{"schema_version":2,"schema_version":2}}}'
    cases["a key twice, escaped"] = b'{"meta":%s,"stories":{"1":{%s,"titl\\u0065":"B"}}}' % (
        meta,
        fields,
    )
    for key in ("01", "0", "\u00b2", "\u0661", "1" * 19):
        cases[f"document key {key}"] = b'{"meta":%s,"stories":{"%s":%s}}' % (
            meta,
            key.encode(),
            one,
        )
    cases["meta is a list"] = b'{"meta":[],"stories":{"1":%s}}' % one
    cases["meta holds a number"] = b'{"meta":{"1":5},"stories":{"1":%s}}' % one
    cases["two meta documents"] = orjson.dumps(
        {
            "meta": {"1": {"schema_version": 1}, "2": {"schema_version": 2}},
            "stories": {"1": story_doc()},
        }
    )
    for generation in (b"18446744073709551615", b"18446744073709551616", b"-1", b"1.5"):
        cases[f"generation {generation.decode()}"] = (
            b'{"meta":{"1":{"schema_version":2,"generation":%s}},"stories":{"1":%s}}'
            % (generation, one)
        )
    cases["changed after 9999 in UTC"] = _doc(
        {"1": story_doc(updated_at="9999-12-31T23:00:00-12:00")}
    )
    cases["created before year 1 in UTC"] = _doc(
        {"1": story_doc(created_at="0001-01-01T00:00:00+01:00")}
    )
    cases["NaN"] = b'{"meta": NaN}'
    # The interview loop's tables (schema 3) are checked as the stories are.
    app = make_application().to_json_dict()
    interview = make_interview(make_application(id=app["id"])).to_json_dict()

    def loop(**tables: object) -> bytes:
        return orjson.dumps(
            {"meta": {"1": {"schema_version": 3}}, "stories": {"1": story_doc()}, **tables}
        )

    cases["applications is a list"] = loop(applications=[])
    cases["an application is a number"] = loop(applications={"1": 5})
    cases["an application without a company"] = loop(applications={"1": {**app, "company": ""}})
    cases["an application whose history disagrees"] = loop(
        applications={"1": {**app, "status": "offer"}}
    )
    cases["an application with an unknown field"] = loop(applications={"1": {**app, "x": 1}})
    cases["two applications with one id"] = loop(applications={"1": app, "2": app})
    cases["an interview ending before it starts"] = loop(
        applications={"1": app},
        interviews={"1": {**interview, "end": "2000-01-01T00:00:00Z"}},
    )
    cases["an interview of no application"] = loop(interviews={"1": interview})
    cases["an interview after 9999 in UTC"] = loop(
        applications={"1": app},
        interviews={"1": {**interview, "start": "9999-12-31T23:00:00-12:00"}},
    )
    cases["a follow-up snoozed without a date"] = loop(
        followups={"1": {"id": "f-123456", "title": "x", "due": "2026-01-01T00:00:00Z",
                         "state": "snoozed"}}
    )  # fmt: skip
    cases["a question to ask with a bad id"] = loop(asks={"1": {"id": "K1", "text": "Why?"}})
    cases["an application field twice"] = loop(applications={"1": app}).replace(
        b'"company":"Acme"', b'"company":"Acme","company":"Evil"'
    )

    def big_sparse(path: Path) -> None:
        with open(path, "wb") as handle:
            handle.truncate(BIG)

    def big_brace(path: Path) -> None:
        # Starts like a bank, so it is read whole; the rest is a hole of NULs.
        with open(path, "wb") as handle:
            handle.write(b'{"stories": ')
            handle.truncate(BIG)

    cases["200 MB of NULs"] = big_sparse
    cases["200 MB starting with a brace"] = big_brace
    return cases


def digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
    return sha.hexdigest()


@pytest.mark.slow
def test_every_bad_bank_is_refused_in_one_line_and_left_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = corpus(valid_bank_bytes(tmp_path))
    assert len(cases) >= 50
    capsys.readouterr()
    for index, (name, content) in enumerate(cases.items()):
        folder = tmp_path / f"case{index}"
        folder.mkdir()
        path = folder / "bank.json"
        if callable(content):
            content(path)
        else:
            path.write_bytes(content)
        before = digest(path)
        for argv in (["list", "--db", str(path)], ["add", "--db", str(path), "--title", "x"]):
            code = main(argv)
            out, err = capsys.readouterr()
            assert code == 1, f"{name}: exit {code}"
            assert out == "", name
            lines = err.splitlines()
            assert len(lines) == 1, f"{name}: {err!r}"
            assert lines[0].startswith(f"storybank: {path}: "), f"{name}: {err!r}"
            assert "Traceback" not in err
            assert len(lines[0]) < 400, f"{name}: the message is too long"
            assert "\x1b" not in err
        assert digest(path) == before, f"{name}: the file was changed"
        # Nothing was written beside it either (no backup, no lock, no temp file).
        assert sorted(p.name for p in folder.iterdir()) == ["bank.json"], name


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_things_that_are_not_files_are_refused_without_reading(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A FIFO would block the read forever, and /dev/zero never ends."""
    path = tmp_path / "bank.json"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path = Path("/dev/zero")
    assert main(["list", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "not a regular file" in err or "is a folder" in err


def run_guarded(*code_and_args: str) -> subprocess.CompletedProcess[str]:
    """Run Python in a child with a time limit: a read that blocks on a FIFO fails the test
    instead of hanging the run."""
    return subprocess.run(
        [sys.executable, *code_and_args], capture_output=True, text=True, timeout=30, check=False
    )


READERS = (
    "import sys; from pathlib import Path; from storybank.store.index.preview import read_preview; "
    "from storybank.store.index.quickindex import recorded; p = Path(sys.argv[1]); "
    "print(read_preview(p), recorded(p))"
)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_a_fifo_in_place_of_the_quick_index_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "bank.json"
    Bank(path).add(make_story(title="Led the rewrite", competencies=["Leadership"]))
    index_path(path).unlink()
    os.mkfifo(index_path(path))
    readers = run_guarded("-c", READERS, str(path))
    assert readers.stdout.split() == ["None", "None"], readers.stderr
    cli = run_guarded("-m", "storybank", "search", "-c", "leadership", "--db", str(path))
    assert cli.returncode == 0, cli.stderr
    assert "Led the rewrite" in cli.stdout
    assert index_path(path).is_file()  # opening the bank wrote a real one in its place


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_a_fifo_in_place_of_a_bank_with_an_index_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bank.json"
    Bank(path).add(make_story(title="Led the rewrite", competencies=["Leadership"]))
    path.unlink()  # the index stays, describing a file that is gone
    os.mkfifo(path)
    readers = run_guarded("-c", READERS, str(path))
    assert readers.stdout.split() == ["None", "None"], readers.stderr
    cli = run_guarded("-m", "storybank", "search", "-c", "leadership", "--db", str(path))
    assert cli.returncode == 1
    assert "not a regular file" in cli.stderr


def test_read_errors_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bank.json"
    path.write_bytes(valid_bank_bytes(tmp_path))

    class Failing(io.FileIO):
        """The real file, whose reads fail as on a dying disk."""

        def read(self, size: int | None = -1) -> bytes:
            raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(storage, "open", lambda name, _mode: Failing(name), raising=False)
    assert main(["list", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"storybank: {path}: cannot be read (Input/output error). Check the path; no backup "
        "of this bank can be restored. The file was not changed."
    ]
