"""Shared fixtures: every test gets its own bank in tmp_path and never touches real user data."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from storybank.cli.entry import main
from storybank.core.models import Story, validate_story
from storybank.store.bank import Bank


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the default bank and the user data folders into tmp_path."""
    monkeypatch.setenv("STORYBANK_DB", str(tmp_path / "default" / "bank.json"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("STORYBANK_LOCK_TIMEOUT", "5")
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Encrypt with a cheap scrypt cost (the header records it, so reading needs no change),
    start each test with no passphrase known, and never read a real passphrase source (the
    system keyring included: a test that needs one brings its own)."""
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    from storybank.store import crypt

    monkeypatch.setattr(crypt, "DEFAULT_KDF", crypt.KdfParams(10, 8, 1))
    monkeypatch.delenv("STORYBANK_PASSPHRASE", raising=False)
    crypt.UNLOCKER.use(None)
    before = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())  # type: ignore[no-untyped-call]
    yield
    keyring.set_keyring(before)
    crypt.UNLOCKER.use(None)


@pytest.fixture
def bank_path(tmp_path: Path) -> Path:
    """A path for a bank that does not exist yet."""
    return tmp_path / "banks" / "bank.json"


@pytest.fixture
def bank(bank_path: Path) -> Bank:
    """An empty bank."""
    return Bank(bank_path)


Run = Callable[..., tuple[int, str, str]]
T = TypeVar("T")


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], bank_path: Path) -> Run:
    """Run `storybank ARGS --db <bank_path>` in-process; return (exit code, stdout, stderr).

    With db=False the arguments are passed as they are.
    """

    def _run(*args: str, db: bool = True, input: str | None = None) -> tuple[int, str, str]:
        argv = [*args, "--db", str(bank_path)] if db else list(args)
        stdin = sys.stdin
        if input is not None:
            sys.stdin = io.StringIO(input)  # what a person types, line by line
        try:
            code = main(argv)
        finally:
            sys.stdin = stdin
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def make_story(**fields: object) -> Story:
    """A valid story; any field can be overridden."""
    data: dict[str, object] = {
        "title": "Led the on-call rewrite",
        "situation": "Our pager fired forty times a week.",
        "task": "I had to cut the noise without losing real alerts.",
        "action": "I grouped alerts by cause and rewrote the rules with the team.",
        "result": "Pages fell by 70% in a month.",
        "competencies": ["Leadership"],
        "tags": ["oncall"],
        "source": {"kind": "work", "organization": "Acme", "role": "SRE", "when": "2023"},
    }
    data.update(fields)
    return validate_story(data)


def story_doc(**changes: object) -> dict[str, object]:
    """A valid story's stored form (as in a bank file), with some fields changed."""
    data = make_story(title="Fine story").to_json_dict()
    data.update(changes)
    return data


def within(seconds: float, call: Callable[[], T]) -> T:
    """`call()`'s result, failing the test if it has not returned within `seconds` (for calls
    that would hang on a pipe; the thread is left behind as a daemon)."""
    import threading

    done: list[T] = []
    worker = threading.Thread(target=lambda: done.append(call()), daemon=True)
    worker.start()
    worker.join(timeout=seconds)
    assert done, f"still waiting after {seconds:g} s"
    return done[0]
