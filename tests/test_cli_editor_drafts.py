"""Text written in $EDITOR for `add` and `edit` is never lost: kept in a private draft file
when nothing is saved, ctrl+c included, and the one line says where."""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path

import click
import pytest

from storybank.cli import common
from tests.conftest import Run


@pytest.fixture
def drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder for draft files, at a terminal."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setattr(common, "is_interactive", lambda: True)
    return folder


def kept_file(err: str) -> Path:
    return Path(err.split("Your text is kept in ")[1].split()[0])


def test_ctrl_c_while_the_editor_is_open_keeps_what_was_saved_there(
    run: Run, bank_path: Path, drafts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(filename: str, **_kwargs: object) -> None:
        path = Path(filename)
        path.write_text(path.read_text().replace("## Action\n", "## Action\nMy only copy.\n"))
        raise KeyboardInterrupt

    monkeypatch.setattr(click, "edit", interrupted)
    code, out, err = run("add")
    assert (code, out) == (130, "")
    assert err.startswith("storybank: Interrupted: nothing was saved. Your text is kept in ")
    assert err.count("\n") == 1
    kept = kept_file(err)
    assert kept.parent == drafts
    assert "My only copy." in kept.read_text()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert not bank_path.exists()


def test_ctrl_c_at_the_edit_again_question_keeps_the_text(
    run: Run, bank_path: Path, drafts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def write_a_bad_date(filename: str, **_kwargs: object) -> None:
        path = Path(filename)
        text = path.read_text().replace("Title: \n", "Title: Fine\n")
        path.write_text(text.replace("When: \n", "When: soon\n"))

    def ctrl_c(*_args: object, **_kwargs: object) -> bool:
        raise click.exceptions.Abort

    monkeypatch.setattr(click, "edit", write_a_bad_date)
    monkeypatch.setattr(click, "confirm", ctrl_c)
    code, _, err = run("add")
    assert code == 1
    assert "source.when: When must be a year" in err
    assert "Interrupted: nothing was saved. Your text is kept in" in err
    assert "Title: Fine" in kept_file(err).read_text()
    assert not bank_path.exists()


def test_leaving_the_editor_without_a_change_leaves_no_draft_behind(
    run: Run, drafts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(click, "edit", lambda filename, **_k: None)
    code, _, err = run("add")
    assert code == 1
    assert "Cancelled: nothing was saved." in err
    assert list(drafts.iterdir()) == []


def test_ctrl_c_before_anything_was_written_leaves_no_draft_behind(
    run: Run, drafts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(filename: str, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(click, "edit", interrupted)
    code, _, err = run("add")
    assert code == 130
    assert err == "storybank: Interrupted: nothing was saved.\n"
    assert list(drafts.iterdir()) == []
