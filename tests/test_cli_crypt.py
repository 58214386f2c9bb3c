"""`storybank encrypt|decrypt|passphrase`, the passphrase sources, and every command on an
encrypted bank."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import click
import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError

from storybank.cli import common
from storybank.store.backups import list_backups
from storybank.store.crypt import is_sealed
from storybank.store.index.quickindex import index_path
from tests.conftest import Run, make_story
from tests.test_crypt import SECRET, files_beside, secret_bank

PASSPHRASE = "tr0ub4dor &3"


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in a dict (never the real OS keychain)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.kept.pop((service, username), None) is None:
            raise PasswordDeleteError("not there")


class BrokenKeyring(MemoryKeyring):
    """A keyring whose backend fails, as a locked or missing one does."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringError("no D-Bus session")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("no D-Bus session")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    fake = MemoryKeyring()
    keyring.set_keyring(fake)
    yield fake
    keyring.set_keyring(before)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Pretend a person is at the terminal; they type what the test appends, in order."""
    typed: list[str] = []
    monkeypatch.setattr(common, "can_ask", lambda: True)

    def ask(prompt: str, *, confirm: bool = False) -> str:
        if not typed:
            raise click.exceptions.Abort
        return typed.pop(0)

    monkeypatch.setattr(common, "ask_hidden", ask)
    return typed


@pytest.fixture
def encrypted(run: Run, bank_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bank with two stories, encrypted with PASSPHRASE through the CLI."""
    secret_bank(bank_path)
    monkeypatch.setenv("STORYBANK_PASSPHRASE", PASSPHRASE)
    code, out, err = run("encrypt")
    assert (code, err) == (0, ""), err
    assert "Encrypted" in out and "keep it safe" in out
    monkeypatch.delenv("STORYBANK_PASSPHRASE")
    return bank_path


def test_encrypt_with_a_typed_passphrase_asks_twice_and_writes_ciphertext(
    run: Run, bank_path: Path, terminal: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    secret_bank(bank_path)
    confirms: list[bool] = []

    def ask(prompt: str, *, confirm: bool = False) -> str:
        confirms.append(confirm)
        return PASSPHRASE

    monkeypatch.setattr(common, "ask_hidden", ask)
    code, out, _ = run("encrypt")
    assert code == 0, out
    assert confirms == [True]
    assert is_sealed(bank_path.read_bytes())
    assert not index_path(bank_path).exists()
    for path in files_beside(bank_path):
        assert SECRET.encode() not in path.read_bytes(), path
        assert PASSPHRASE.encode() not in path.read_bytes(), path


def test_every_command_works_on_an_encrypted_bank_with_one_question(
    run: Run, encrypted: Path, terminal: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def ask(prompt: str, *, confirm: bool = False) -> str:
        asked.append(prompt)
        return PASSPHRASE

    monkeypatch.setattr(common, "ask_hidden", ask)
    code, out, _ = run("list", "--format", "json")
    assert code == 0 and SECRET in out
    story_id = next(s["id"] for s in json.loads(out) if SECRET in s["title"])
    assert run("show", story_id)[0] == 0
    assert SECRET in run("search", SECRET.split("-")[0])[1]
    assert run("answer", "Tell me about an outage you fixed")[0] == 0
    job = tmp_path / "job.txt"
    job.write_text("We want leadership and ownership.\n")
    assert run("prepare", "--job", str(job))[0] == 0
    code, out, _ = run("add", "--title", f"Added {SECRET}", "--situation", "s")
    assert code == 0, out
    assert run("archive", story_id)[0] == 0
    assert run("edit", story_id, "--title", f"Edited {SECRET}")[0] == 0
    export = tmp_path / "out.json"
    code, _, err = run("export", "-o", str(export))
    assert code == 0 and "plain text" in err
    fresh = tmp_path / "fresh.json"
    assert run("--db", str(fresh), "import", str(export), db=False)[0] == 0
    code, out, _ = run("backup", "list")
    assert code == 0 and "stories" in out
    backups = list_backups(encrypted)
    assert backups and all(is_sealed(b.path.read_bytes()) for b in backups)
    assert run("backup", "restore", backups[-1].id, "--yes")[0] == 0
    assert is_sealed(encrypted.read_bytes())
    # One question per run (each `run` is a run), never one per backup or per save.
    assert len(asked) == 11  # the runs on the encrypted bank (the import went elsewhere)
    for path in files_beside(encrypted):
        assert SECRET.encode() not in path.read_bytes(), path


def test_a_wrong_passphrase_from_the_environment_is_one_line(
    run: Run, encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = encrypted.read_bytes()
    monkeypatch.setenv("STORYBANK_PASSPHRASE", "nope")
    code, out, err = run("list")
    assert code == 1 and out == ""
    assert err == (
        f"storybank: {encrypted}: does not open with $STORYBANK_PASSPHRASE. Nothing was changed.\n"
    )
    assert encrypted.read_bytes() == before


def test_a_passphrase_file_opens_it_and_its_contents_are_never_printed(
    run: Run, encrypted: Path, tmp_path: Path
) -> None:
    secret_file = tmp_path / "pass.txt"
    secret_file.write_text(PASSPHRASE + "\n")
    code, out, _ = run("list", "--format", "json", "--passphrase-file", str(secret_file))
    assert code == 0 and SECRET in out
    secret_file.write_text("wrong\n")
    code, out, err = run(
        "--passphrase-file", str(secret_file), "list", "--db", str(encrypted), db=False
    )
    assert code == 1
    assert "wrong" not in err.replace(str(secret_file), "")
    code, _, err = run("list", "--passphrase-file", str(tmp_path / "missing"))
    assert code == 1 and "Cannot read the passphrase file" in err


def test_without_a_terminal_or_a_passphrase_it_says_how_to_give_one(
    run: Run, encrypted: Path
) -> None:
    code, _, err = run("list")
    assert code == 1
    assert err.count("\n") == 1 and "--passphrase-file" in err and "STORYBANK_PASSPHRASE" in err


def test_three_wrong_typed_passphrases_stop_with_one_line(
    run: Run, encrypted: Path, terminal: list[str]
) -> None:
    terminal.extend(["a", "b", "c", "d"])
    code, _, err = run("list")
    assert code == 1
    assert err.splitlines()[-1] == (
        f"storybank: {encrypted}: was not opened: 3 wrong passphrases. Nothing was changed."
    )
    assert terminal == ["d"]


def test_remember_keeps_it_in_the_keyring_and_forget_removes_it(
    run: Run, encrypted: Path, terminal: list[str], memory_keyring: MemoryKeyring
) -> None:
    terminal.append(PASSPHRASE)
    code, out, _ = run("passphrase", "remember")
    assert code == 0 and "system keyring" in out
    assert list(memory_keyring.kept.values()) == [PASSPHRASE]
    code, out, _ = run("list", "--format", "json")  # nothing typed: the keyring has it
    assert code == 0 and SECRET in out
    assert run("passphrase", "forget")[0] == 0
    assert memory_keyring.kept == {}
    code, out, _ = run("passphrase", "forget")
    assert code == 0 and "keeps no passphrase" in out


def test_encrypt_remember_keeps_the_new_passphrase(
    run: Run, bank_path: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret_bank(bank_path)
    monkeypatch.setenv("STORYBANK_PASSPHRASE", PASSPHRASE)
    assert run("encrypt", "--remember")[0] == 0
    monkeypatch.delenv("STORYBANK_PASSPHRASE")
    assert list(memory_keyring.kept.values()) == [PASSPHRASE]
    assert run("list")[0] == 0


def test_a_failing_keyring_is_one_line_and_the_bank_still_opens_by_other_means(
    run: Run, encrypted: Path, terminal: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring())
    try:
        terminal.append(PASSPHRASE)
        code, _, err = run("passphrase", "remember")
        assert code == 1
        assert err == ("storybank: The system keyring cannot be used here (no D-Bus session)\n")
        terminal.append(PASSPHRASE)
        assert run("list")[0] == 0  # the failing keyring is passed over quietly
    finally:
        keyring.set_keyring(before)


def test_decrypt_gives_a_plain_bank_back(run: Run, encrypted: Path, terminal: list[str]) -> None:
    terminal.append(PASSPHRASE)
    code, out, _ = run("decrypt")
    assert code == 0 and "Decrypted" in out
    assert json.loads(encrypted.read_bytes())["stories"]
    code, out, _ = run("list", "--format", "json")
    assert code == 0 and SECRET in out
    code, _, err = run("decrypt")
    assert code == 1 and "is not encrypted" in err


def test_encrypting_twice_is_refused(run: Run, encrypted: Path, terminal: list[str]) -> None:
    terminal.append(PASSPHRASE)
    before = encrypted.read_bytes()
    code, _, err = run("encrypt")
    assert code == 1 and "already encrypted" in err
    assert encrypted.read_bytes() == before


def test_a_plain_prep_sheet_from_an_encrypted_bank_is_warned_about(
    run: Run, encrypted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYBANK_PASSPHRASE", PASSPHRASE)
    job = tmp_path / "job.txt"
    job.write_text("Leadership.\n")
    code, _, err = run("prepare", "--job", str(job), "--output", str(tmp_path / "prep.md"))
    assert code == 0 and "plain text" in err


def test_a_calendar_and_a_thank_you_from_an_encrypted_bank_are_warned_about(
    run: Run, encrypted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYBANK_PASSPHRASE", PASSPHRASE)
    assert run("job", "add", "Acme")[0] == 0
    code, out, err = run(
        "interview", "add", "acme", "--start", "2026-12-03 14:00", "--format", "json"
    )
    assert code == 0, err
    interview = json.loads(out)["id"]
    code, _, err = run("calendar", "export", str(tmp_path / "loop.ics"))
    assert code == 0 and "loop.ics holds your interviews and follow-ups in plain text" in err
    code, _, err = run("interview", "thanks", interview, "-o", str(tmp_path / "thanks.txt"))
    assert code == 0 and "thanks.txt holds the thank-you draft in plain text" in err
    code, _, err = run("export", "--redact", "--map-file", str(tmp_path / "map.txt"))
    assert code == 0 and "map.txt holds the names it hides in plain text" in err


def test_a_plain_bank_export_says_nothing_about_encryption(run: Run, tmp_path: Path) -> None:
    run("add", "--title", "x")
    code, _, err = run("export", "-o", str(tmp_path / "x.json"))
    assert code == 0 and "plain text" not in err


def test_the_editor_flow_works_on_an_encrypted_bank(
    run: Run, encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYBANK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(common, "is_interactive", lambda: True)

    def editor(filename: str | None = None, **_: object) -> None:
        assert filename is not None
        path = Path(filename)
        path.write_text(path.read_text().replace("Title: ", "Title: Typed in the editor", 1))

    monkeypatch.setattr(click, "edit", editor)
    story = make_story()
    assert story.title
    code, out, err = run("add")
    assert code == 0, err
    assert "Typed in the editor" in out


def test_encrypt_remember_with_a_failing_keyring_still_encrypts_and_says_so(
    run: Run, bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret_bank(bank_path)
    before = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring())
    try:
        monkeypatch.setenv("STORYBANK_PASSPHRASE", PASSPHRASE)
        code, out, err = run("encrypt", "--remember")
    finally:
        keyring.set_keyring(before)
    assert code == 1 and "Encrypted" in out
    assert err == (
        "storybank: The bank is encrypted, but the passphrase was not kept: The system keyring "
        "cannot be used here (no D-Bus session)\n"
    )
    assert is_sealed(bank_path.read_bytes())


def test_without_the_keyring_package_remember_is_one_line(
    run: Run, encrypted: Path, terminal: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "keyring", None)  # `import keyring` now fails
    terminal.append(PASSPHRASE)
    code, _, err = run("passphrase", "remember")
    assert code == 1
    assert err == (
        "storybank: The system keyring cannot be used: the keyring package is not installed\n"
    )
    terminal.append(PASSPHRASE)
    assert run("list")[0] == 0  # the lookup before the prompt passes over it quietly
