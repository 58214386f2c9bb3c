"""Label-only searches and competency counts answered from the quick index: the same answers as
from the whole bank, and a fall back to the whole bank whenever the index cannot be trusted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from storybank.cli import stories as cli
from storybank.store.bank import Bank
from storybank.store.index.quickindex import QuickIndex, read_index
from storybank.store.settings import update_settings
from tests.conftest import Run, make_story

QUERIES = [
    ["search", "-c", "leadership"],
    ["search", "-c", "Leadership", "-c", "ownership", "--any"],
    ["search", "-c", "dive deep"],  # an alias in the Amazon taxonomy
    ["search", "-t", "oncall"],
    ["search", "--kind", "education"],
    ["search", "--org", "acme"],
    ["search", "-c", "leadership", "--all"],
    ["search", "-c", "leadership", "--limit", "2"],
    ["search", "-c", "nothing like this"],
    ["competencies"],
    ["competencies", "--all"],
]


@pytest.fixture
def filled(bank_path: Path) -> Bank:
    bank = Bank(bank_path)
    update_settings(bank, lambda s: s.model_copy(update={"active_taxonomies": ["amazon"]}))
    bank.add_many(
        [
            make_story(title="On-call rewrite"),
            make_story(title="Ran the budget", competencies=["Ownership", "leadership"]),
            make_story(
                title="Thesis", competencies=["Dive Deep"], tags=["research"], task="",
                source={"kind": "education", "organization": "Uni", "role": "", "when": ""},
            ),
            make_story(title="Old one", archived=True),
            make_story(title="Mentored juniors", competencies=["Hire and Develop"], tags=[]),
        ]
    )  # fmt: skip
    assert read_index(bank_path) is not None
    return bank


@pytest.mark.parametrize("fmt", ["json", "text"])
@pytest.mark.parametrize("args", QUERIES, ids=[" ".join(q) for q in QUERIES])
def test_the_index_answers_as_the_whole_bank_does(
    run: Run, filled: Bank, args: list[str], fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = run(*args, "--format", fmt)
    reads: list[Path] = []
    monkeypatch.setattr(cli, "read_index", lambda p: reads.append(p))  # as if there were none
    full = run(*args, "--format", fmt)
    assert reads  # the index was asked for, found wanting, and the whole bank read
    assert quick == full
    assert quick[0] == (1 if "nothing" in args[-1] and fmt == "text" else 0)


def test_a_search_with_words_reads_the_whole_bank(
    run: Run, filled: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "read_index", lambda p: pytest.fail("words need the text"))
    code, out, _ = run("search", "budget", "-c", "leadership", "--format", "json")
    assert code == 0 and '"Ran the budget"' in out and "“budget” in title" in out


def test_the_quick_path_leaves_the_models_unimported(filled: Bank) -> None:
    code = (
        "import sys\n"
        "from storybank.cli.entry import main\n"
        f"main(['search', '-c', 'leadership', '--format', 'json', '--db', r'{filled.path}'])\n"
        "sys.stderr.write(str(sorted(m for m in ('pydantic', 'tinydb') if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip() == "[]"
    assert '"On-call rewrite"' in done.stdout


def test_an_exposed_bank_is_warned_about_once(run: Run, filled: Bank) -> None:
    filled.path.chmod(0o644)
    code, _, err = run("search", "-c", "leadership")
    assert code == 0
    assert err.count("can be read by other users") == 1


def test_a_bank_changed_after_the_index_was_read_is_read_in_full(
    run: Run, filled: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    def changed_meanwhile(self: QuickIndex, stories: object) -> None:
        Bank(self.bank_path).add(make_story(title="Added meanwhile"))
        return None

    monkeypatch.setattr(QuickIndex, "documents", changed_meanwhile)
    code, out, err = run("search", "-c", "leadership", "--format", "json")
    assert code == 0, err
    assert '"Added meanwhile"' in out  # the answer comes from the bank as it is now


def test_a_stale_index_is_not_trusted(run: Run, filled: Bank) -> None:
    # Another program (one that keeps no index) rewrites the bank: the index names the old file.
    raw = filled.path.read_bytes().replace(b'"On-call rewrite"', b'"On-call redone!"')
    filled.path.write_bytes(raw)
    code, out, _ = run("search", "-c", "leadership")
    assert code == 0
    assert "On-call redone!" in out and "On-call rewrite" not in out
