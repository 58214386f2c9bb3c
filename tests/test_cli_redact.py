"""`storybank redact` and the --redact flags of `export` and `show`, with their error paths."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from storybank.store.bank import Bank
from tests.conftest import Run, make_story

SECRET_STORY = {
    "title": "Calmed Initech after Jane Smith's outage",
    "situation": "Jane Smith (jane@globex.example, +1 415 555 0134) ran the service at Globex.",
    "task": "Keep Initech, who paid $2.1M a year.",
    "action": "I called Initech with Jane and wrote up https://wiki.globex.example/postmortem.",
    "result": "Initech renewed; errors fell by 40%.",
    "source": {"kind": "work", "organization": "Globex Corp", "role": "Staff Engineer"},
}
SECRETS = (
    "Jane",
    "Initech",
    "Globex",
    "jane@globex.example",
    "415 555 0134",
    "wiki.globex",
    "Staff Engineer",
)
KEPT = ("Calmed", "outage", "ran the service", "who paid", "I called", "renewed; errors fell by")


@pytest.fixture
def secret_bank(bank_path: Path, run: Run) -> str:
    """A bank with one story full of names, and Jane and Initech listed; returns its id."""
    story = make_story(**SECRET_STORY)
    Bank(bank_path).add(story)
    assert run("redact", "add", "colleague", "Jane Smith", "--alias", "Jane")[0] == 0
    assert run("redact", "add", "client", "Initech")[0] == 0
    return story.id


def assert_redacted(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret
    for kept in KEPT:
        assert kept in text, kept


# storybank redact -------------------------------------------------------------------------


def test_redact_lists_adds_and_removes_names(run: Run, bank_path: Path) -> None:
    code, out, _ = run("redact")
    assert code == 0 and "No names listed yet" in out
    code, out, _ = run("redact", "add", "colleague", "  Jane   Smith ", "--alias", "Jane")
    assert code == 0 and out == "Listed the colleague “Jane Smith” (also Jane): --redact hides it\n"
    assert run("redact", "add", "place", "Lisbon")[0] == 0
    code, out, _ = run("redact")
    assert out == "colleague:\n  Jane Smith (also Jane)\nplace:\n  Lisbon\n"
    code, out, _ = run("redact", "--format", "json")
    assert json.loads(out)["colleague"] == [{"name": "Jane Smith", "aliases": ["Jane"]}]
    code, out, _ = run("redact", "remove", "JANE")  # an alias, any case, names the entry
    assert code == 0 and out == "Removed the colleague “Jane Smith” from the names to redact\n"
    stored = json.loads(bank_path.read_text())["settings"]
    names = next(iter(stored.values()))["redact_names"]
    assert names["colleague"] == [] and names["place"] == [{"name": "Lisbon", "aliases": []}]


def test_a_name_listed_twice_is_refused_and_nothing_changes(run: Run, bank_path: Path) -> None:
    run("redact", "add", "client", "Acme")
    before = bank_path.read_bytes()
    code, out, err = run("redact", "add", "product", "ACME")
    assert code == 1 and out == ""
    assert err == (
        "storybank: “ACME” is already listed (as the client “Acme”); remove it first to list it "
        "again\n"
    )
    assert bank_path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("redact", "add", "friend", "Jo"), "'friend' is not one of"),
        (("redact", "add", "colleague", "   "), "more than spaces"),
        (("redact", "add", "colleague", "Jo", "--alias", "!!"), "a letter or a digit"),
        (("redact", "remove", "Nobody"), "“Nobody” is not listed"),
    ],
)
def test_redact_errors_are_one_line(run: Run, args: tuple[str, ...], words: str) -> None:
    code, out, err = run(*args)
    assert code != 0 and out == ""
    assert words in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_bank_with_no_names_listed_stores_no_list(run: Run, bank_path: Path) -> None:
    run("redact", "add", "place", "Lisbon")
    run("redact", "remove", "Lisbon")
    stored = json.loads(bank_path.read_text())["settings"]
    assert "redact_names" not in next(iter(stored.values()))


# export --redact ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "markdown", "csv"])
def test_export_redact_hides_names_in_every_format(run: Run, secret_bank: str, fmt: str) -> None:
    code, out, err = run("export", "--redact", "--format", fmt)
    assert code == 0 and err == ""
    assert_redacted(out)
    assert "[colleague 1]" in out and "[client 1]" in out and "[organization 1]" in out
    assert "$2.1M" in out and "40%" in out  # figures stay unless asked
    if fmt == "json":
        doc = json.loads(out)
        assert doc["redacted"] is True
        assert doc["stories"][0]["source"]["role"] == "[role 1]"
    if fmt == "csv":
        [row] = list(csv.DictReader(io.StringIO(out)))
        assert row["organization"] == "[organization 1]" and row["id"] == secret_bank


def test_export_redact_figures_hides_amounts_and_percentages(run: Run, secret_bank: str) -> None:
    code, out, _ = run("export", "--redact", "--redact-figures", "--format", "markdown")
    assert code == 0
    assert "$2.1M" not in out and "40%" not in out
    assert "$[amount]" in out and "[percent]" in out
    assert out.startswith("# Interview stories (redacted)\n")


def test_export_without_redact_is_unchanged(run: Run, secret_bank: str) -> None:
    code, out, _ = run("export", "--format", "markdown")
    assert code == 0 and "Jane Smith" in out and "redacted" not in out


def test_show_map_goes_to_stderr_only(run: Run, secret_bank: str) -> None:
    code, out, err = run("export", "--redact", "--show-map")
    assert code == 0
    assert_redacted(out)
    lines = [" ".join(line.split()) for line in err.splitlines()]
    assert "[colleague 1] Jane Smith (also Jane)" in lines
    assert "[organization 1] Globex Corp (also Globex)" in lines
    assert "[email 1] jane@globex.example" in lines


def test_export_redact_to_a_file_with_a_map_file(
    run: Run, secret_bank: str, tmp_path: Path
) -> None:
    target, mapped = tmp_path / "shared.md", tmp_path / "map.txt"
    code, out, err = run(
        "export", "--redact", "--format", "markdown", "-o", str(target), "--map-file", str(mapped)
    )
    assert code == 0 and out == ""
    assert "Exported 1 redacted stories" in err and "map of placeholders" in err
    assert "Jane Smith" not in err  # the map itself is only in the file
    assert_redacted(target.read_text())
    assert "Jane Smith" in mapped.read_text()
    assert target.stat().st_mode & 0o777 == 0o600
    assert mapped.stat().st_mode & 0o777 == 0o600


def test_the_same_bank_gives_the_same_placeholders_each_time(run: Run, secret_bank: str) -> None:
    assert (
        run("export", "--redact")[1].split('"stories"')[1]
        == run("export", "--redact")[1].split('"stories"')[1]
    )


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("export", "--show-map"), "--show-map works only with --redact."),
        (("export", "--redact-figures"), "--redact-figures works only with --redact."),
        (("export", "--map-file", "m.txt"), "--map-file works only with --redact."),
        (("show", "s-000001", "--show-map"), "--show-map works only with --redact."),
    ],
)
def test_redaction_flags_without_redact_say_so_in_one_line(
    run: Run, secret_bank: str, args: tuple[str, ...], line: str
) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err.startswith(f"storybank: {line} See `storybank ")
    assert err.count("\n") == 1


def test_map_file_and_output_cannot_be_the_same_file(
    run: Run, secret_bank: str, tmp_path: Path
) -> None:
    same = tmp_path / "out.json"
    code, _, err = run("export", "--redact", "-o", str(same), "--map-file", str(same))
    assert code == 2 and "name the same file" in err and err.count("\n") == 1
    assert not same.exists()


def test_map_file_is_never_the_bank(run: Run, secret_bank: str, bank_path: Path) -> None:
    before = bank_path.read_bytes()
    code, _, err = run("export", "--redact", "--map-file", str(bank_path))
    assert code == 1 and "the bank itself" in err
    assert bank_path.read_bytes() == before


# show --redact -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_show_redact_in_every_format(run: Run, secret_bank: str, fmt: str) -> None:
    code, out, err = run("show", secret_bank, "--redact", "--format", fmt)
    assert code == 0 and err == ""
    assert_redacted(out)
    assert "[colleague 1]" in out


def test_show_markdown_without_redact_is_the_whole_story(run: Run, secret_bank: str) -> None:
    code, out, _ = run("show", secret_bank, "--format", "markdown")
    assert code == 0
    assert out.startswith("## Calmed Initech after Jane Smith's outage\n")
    assert "- **Source:** work · Globex Corp · Staff Engineer" in out


def test_show_redact_with_map_and_figures(run: Run, secret_bank: str) -> None:
    code, out, err = run(
        "show", secret_bank, "--redact", "--redact-figures", "--show-map", "--format", "markdown"
    )
    assert code == 0
    assert "$[amount]" in out and "[percent]" in out
    assert "Jane Smith" in err and "Jane Smith" not in out


def test_a_redacted_export_is_not_imported(
    run: Run, secret_bank: str, tmp_path: Path, bank_path: Path
) -> None:
    shared = tmp_path / "shared.json"
    assert run("export", "--redact", "-o", str(shared))[0] == 0
    before = bank_path.read_bytes()
    code, out, err = run("import", str(shared))
    assert code == 1 and out == ""
    assert "is a redacted export" in err and err.count("\n") == 1
    assert bank_path.read_bytes() == before
