"""Loading a bank a document at a time gives exactly what parsing it whole gives."""

from __future__ import annotations

import io
from pathlib import Path

import orjson
import pytest

import storybank.store.reader as bankjson
from storybank.core.errors import BankError
from storybank.core.models import revise
from storybank.store.bank import Bank
from storybank.store.reader import read_tables
from storybank.store.storage import AtomicJSONStorage
from storybank.store.validate import read_bank_file
from tests.conftest import make_story


def _read(data: bytes, head: int = 64 * 1024) -> dict[str, object] | None:
    handle = io.BytesIO(data)
    return read_tables(handle, handle.read(head))


def _bank_bytes(n: int) -> bytes:
    stories = {
        str(i + 1): make_story(
            id=f"s-{i:06x}",
            title=f'Story {i} with a }} brace, a \\ and a quote " in it',
            competencies=["Leadership", "Influence without authority"][: 1 + i % 2],
            tags=["oncall", "budget"][: i % 3],
        ).to_json_dict()
        for i in range(n)
    }
    return orjson.dumps({"meta": {"1": {"schema_version": 2, "generation": 3}}, "stories": stories})


@pytest.mark.parametrize("chunk", [1, 7, 64, 1 << 20])
@pytest.mark.parametrize("head", [1, 5, 100, 64 * 1024])
def test_documents_parse_the_same_as_the_whole_file_at_any_chunk_boundary(
    monkeypatch: pytest.MonkeyPatch, chunk: int, head: int
) -> None:
    monkeypatch.setattr(bankjson, "_CHUNK", chunk)
    data = _bank_bytes(12)
    got = _read(data, head)
    assert got == orjson.loads(data)
    assert got is not None and list(got["stories"]) == list(orjson.loads(data)["stories"])  # type: ignore[call-overload]


@pytest.mark.parametrize(
    "data",
    [
        b"{}",
        b' \n{ "a" : { } , "b":{"1":{"x":"}},\\"2\\":{"}}} \n',
        b'{"meta":{"1":{"a":{"b":{}}}},"stories":{"1":{"s":{"k":"v"}},"2":{"t":"}"}}}',
        b'{\n  "stories": {\n    "1": {\n      "id": "s-1",\n'
        b'      "source": {"k": "v"}\n    }\n  }\n}\n',
        b'{"\\u0041":{"1":{"x":"\\u00e9"}}}',
        # A document holding an object and then a key that looks like the next document's.
        b'{"t":{"1":{"s":{"k":"v"},"2":{"x":1}},"2":{}}}',
    ],
)
def test_other_layouts_of_good_json_read_the_same(data: bytes) -> None:
    assert _read(data) == orjson.loads(data)


@pytest.mark.parametrize(
    "data",
    [
        b'{"a":{"1":{"x":1}}}x',  # trailing garbage
        b'{"a":{"1":{"x":1}}',  # truncated
        b'{"a":{"1":{"x":1},}}',  # trailing comma
        b'{"a":{"1":{"x":NaN}}}',
        b'{"a":{"1":{"x":"\xff"}}}',  # not UTF-8
        b'{"a":{"1":[1]}}',  # a document that is not an object: left to the whole parse
        b"[1, 2]",
    ],
)
def test_anything_else_is_left_to_the_whole_file_parse(data: bytes) -> None:
    assert _read(data) is None


def test_a_document_with_many_inner_objects_is_left_to_the_whole_file_parse(
    tmp_path: Path,
) -> None:
    inner = ",".join(f'"{i}":{{"k":{i}}}' for i in range(1, 20))
    data = b'{"t":{"1":{' + inner.encode() + b"}}}"
    assert _read(data) is None
    path = tmp_path / "bank.json"
    path.write_bytes(data)
    assert AtomicJSONStorage.parse(path) == orjson.loads(data)


def test_bad_files_get_the_same_messages_as_before(tmp_path: Path) -> None:
    path = tmp_path / "bank.json"
    path.write_bytes(_bank_bytes(3)[:-40])
    with pytest.raises(BankError, match="is not valid JSON"):
        AtomicJSONStorage.parse(path)
    path.write_bytes(_bank_bytes(3).replace(b"Story 1", b"Story \xff"))
    with pytest.raises(BankError, match="is not valid UTF-8"):
        AtomicJSONStorage.parse(path)


def test_stories_loaded_together_share_equal_parts_and_keep_their_values(tmp_path: Path) -> None:
    path = tmp_path / "bank.json"
    path.write_bytes(_bank_bytes(6))
    contents = read_bank_file(path)
    stories = list(contents.stories.values())
    assert stories[0].source is stories[1].source
    assert stories[1].competencies is stories[3].competencies
    raw = contents.raw["stories"]
    assert raw["1"]["source"] is raw["2"]["source"]
    # Each story is what validating its document on its own gives.
    for key, story in zip(raw, stories, strict=True):
        assert story == make_story(**raw[key])
        assert story.model_dump(mode="json") == raw[key]


def test_saving_one_story_leaves_the_others_that_shared_its_parts_unchanged(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bank.json"
    path.write_bytes(_bank_bytes(6))
    before = orjson.loads(path.read_bytes())["stories"]
    bank = Bank(path)
    first = bank.get("s-000000")
    changed = revise(
        first,
        competencies=["Ownership"],
        tags=["new"],
        source={"kind": "personal", "organization": "Elsewhere", "role": "", "when": ""},
    )
    bank.update(changed)
    after = orjson.loads(path.read_bytes())["stories"]
    assert after["1"]["competencies"] == ["Ownership"]
    assert after["1"]["source"]["organization"] == "Elsewhere"
    for key in ("2", "3", "4", "5", "6"):
        assert after[key] == before[key]
    assert Bank(path).get("s-000002") == bank.get("s-000002")
