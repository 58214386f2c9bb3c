"""The encrypted bank file: round trips, a wrong passphrase, tampering, and what lies beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from storybank.core.errors import BankError, BankWriteError
from storybank.core.models import Story
from storybank.store import crypt
from storybank.store.backups import backup_dir, list_backups
from storybank.store.bank import Bank
from storybank.store.crypt import (
    HEADER_SIZE,
    MAGIC,
    SALT_SIZE,
    UNLOCKER,
    PassphraseNeededError,
    Sealing,
    is_sealed,
)
from storybank.store.index.quickindex import index_path

from .conftest import make_story
from .strategies import stories

PASSPHRASE = "correct horse battery staple"
SECRET = "Zanzibar-outage-7731"


def use(passphrase: str | None) -> list[str | None]:
    """Answer every passphrase question with `passphrase`; returns the problems asked with."""
    asked: list[str | None] = []

    def ask(_path: Path, problem: str | None) -> str:
        asked.append(problem)
        if passphrase is None or len(asked) > 3:
            raise PassphraseNeededError(_path, "is encrypted", "No passphrase.")
        return passphrase

    UNLOCKER.use(ask)
    return asked


def encrypt(path: Path, passphrase: str = PASSPHRASE) -> Bank:
    """Encrypt the bank at `path` as `storybank encrypt` does."""
    bank = Bank(path)
    sealing = Sealing.new(passphrase)
    UNLOCKER.remember(sealing, passphrase)
    bank.encrypt(sealing)
    return bank


def files_beside(bank: Path) -> list[Path]:
    """Every file in the bank's folder (backups, index, temp files and lock included)."""
    return [p for p in bank.parent.rglob("*") if p.is_file()]


def secret_bank(path: Path) -> Bank:
    bank = Bank(path)
    bank.add(make_story(title=f"The {SECRET} story", action=f"I fixed {SECRET}"))
    bank.add(make_story(title="Another", result="Saved 40%"))
    return bank


def test_an_encrypted_bank_holds_no_plain_text_and_opens_with_the_passphrase(
    bank_path: Path,
) -> None:
    before = {s.id: s.to_json_dict() for s in secret_bank(bank_path)}
    assert index_path(bank_path).exists()
    bank = encrypt(bank_path)
    assert bank.encrypted
    assert is_sealed(bank_path.read_bytes())
    assert not index_path(bank_path).exists()  # the quick index names titles: removed
    for path in files_beside(bank_path):
        assert SECRET.encode() not in path.read_bytes(), path
    use(PASSPHRASE)
    reopened = Bank(bank_path)
    assert reopened.encrypted
    assert {s.id: s.to_json_dict() for s in reopened} == before


def test_saves_of_an_encrypted_bank_stay_encrypted_and_write_no_index(bank_path: Path) -> None:
    secret_bank(bank_path)
    encrypt(bank_path)
    use(PASSPHRASE)
    bank = Bank(bank_path)
    story = bank.add(make_story(title=f"New {SECRET}"))
    bank.update(story.model_copy(update={"situation": f"More {SECRET}"}))
    bank.delete(bank.all()[-1].id)
    bank.save_settings(lambda doc: {**doc, "taxonomy": "general"})
    assert not index_path(bank_path).exists()
    for path in files_beside(bank_path):
        assert SECRET.encode() not in path.read_bytes(), path
    assert Bank(bank_path).get(story.id).situation == f"More {SECRET}"


def test_the_passphrase_is_asked_once_per_run_for_the_bank_and_its_backups(
    bank_path: Path,
) -> None:
    secret_bank(bank_path)
    encrypt(bank_path)
    asked = use(PASSPHRASE)
    bank = Bank(bank_path)
    bank.add(make_story(title="one more"))
    bank.add(make_story(title="and another"))
    assert all(is_sealed(b.path.read_bytes()) for b in list_backups(bank_path))
    from storybank.store.backups import is_good

    assert all(is_good(b) for b in list_backups(bank_path))
    assert asked == [None]


def test_an_encrypted_bank_written_by_storybank_loads_trusted(bank_path: Path) -> None:
    secret_bank(bank_path)
    encrypt(bank_path)
    use(PASSPHRASE)
    assert Bank(bank_path)._storage.trusted  # the header vouches: no full validation


def test_a_wrong_passphrase_is_one_line_and_changes_nothing(bank_path: Path) -> None:
    secret_bank(bank_path)
    encrypt(bank_path)
    before = sorted((p, p.read_bytes()) for p in files_beside(bank_path))
    asked = use("not the passphrase")
    with pytest.raises(PassphraseNeededError) as caught:
        Bank(bank_path)
    assert asked == [None, crypt.WRONG, crypt.WRONG, crypt.WRONG]
    assert "\n" not in str(caught.value)
    assert "not the passphrase" not in str(caught.value)
    assert sorted((p, p.read_bytes()) for p in files_beside(bank_path)) == before


def test_a_wrong_then_right_passphrase_opens(bank_path: Path) -> None:
    secret_bank(bank_path)
    encrypt(bank_path)
    answers = iter(["wrong", PASSPHRASE])
    asked: list[str | None] = []

    def ask(_path: Path, problem: str | None) -> str:
        asked.append(problem)
        return next(answers)

    UNLOCKER.use(ask)
    assert len(Bank(bank_path)) == 2
    assert asked == [None, crypt.WRONG]


def test_without_any_way_to_ask_an_encrypted_bank_is_refused(bank_path: Path) -> None:
    secret_bank(bank_path)
    encrypt(bank_path)
    UNLOCKER.use(None)
    with pytest.raises(PassphraseNeededError, match="is encrypted"):
        Bank(bank_path)


def _tampered(data: bytes, how: str) -> bytes:
    if how == "flipped byte in the ciphertext":
        at = HEADER_SIZE + (len(data) - HEADER_SIZE) // 2
        return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]
    if how == "flipped tag":
        return data[:-1] + bytes([data[-1] ^ 0x80])
    if how == "flipped flags":
        at = HEADER_SIZE - crypt.NONCE_SIZE - 1
        return data[:at] + bytes([data[at] ^ crypt.FLAG_VALIDATED]) + data[at + 1 :]
    if how == "truncated":
        return data[: len(data) - 100]
    if how == "cut inside the header":
        return data[: HEADER_SIZE - 3]
    if how == "swapped salt":
        at = len(MAGIC) + 5
        return data[:at] + bytes(SALT_SIZE) + data[at + SALT_SIZE :]
    if how == "newer format":
        return data[: len(MAGIC)] + bytes([crypt.FORMAT + 1]) + data[len(MAGIC) + 1 :]
    if how == "format 0":
        return data[: len(MAGIC)] + b"\x00" + data[len(MAGIC) + 1 :]
    if how == "unknown key settings":
        at = len(MAGIC) + 2
        return data[:at] + b"\x40" + data[at + 1 :]
    raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    [
        "flipped byte in the ciphertext",
        "flipped tag",
        "flipped flags",
        "truncated",
        "cut inside the header",
        "swapped salt",
        "newer format",
        "format 0",
        "unknown key settings",
    ],
)
def test_a_tampered_encrypted_bank_is_refused_in_one_line_and_left_alone(
    bank_path: Path, how: str
) -> None:
    secret_bank(bank_path)
    encrypt(bank_path)
    bad = _tampered(bank_path.read_bytes(), how)
    bank_path.write_bytes(bad)
    # A swapped salt derives another key: to the reader that is a passphrase that does not
    # open it, so it is asked again and then refused.
    use(PASSPHRASE)
    with pytest.raises(BankError) as caught:
        Bank(bank_path)
    message = str(caught.value)
    assert "\n" not in message and PASSPHRASE not in message
    if how == "newer format":
        assert "newer storybank" in message
    assert bank_path.read_bytes() == bad


def test_decrypt_gives_back_every_story_byte_for_byte_and_decrypts_backups(
    bank_path: Path,
) -> None:
    secret_bank(bank_path)
    plain = Bank(bank_path)
    before = {s.id: s.to_json_dict() for s in plain}
    encrypt(bank_path)
    use(PASSPHRASE)
    bank = Bank(bank_path)
    bank.decrypt()
    assert not bank.encrypted
    assert bank_path.read_bytes().startswith(b"{")
    assert not any(is_sealed(b.path.read_bytes()) for b in list_backups(bank_path))
    UNLOCKER.use(None)  # a plain bank needs no passphrase
    reopened = Bank(bank_path)
    assert {s.id: s.to_json_dict() for s in reopened} == before
    assert index_path(bank_path).exists()  # a plain bank gets its quick index back


def test_encrypting_twice_or_decrypting_a_plain_bank_is_refused(bank_path: Path) -> None:
    secret_bank(bank_path)
    with pytest.raises(BankWriteError, match="is not encrypted"):
        Bank(bank_path).decrypt()
    bank = encrypt(bank_path)
    with pytest.raises(BankWriteError, match="already encrypted"):
        bank.encrypt(Sealing.new("another"))


def test_another_process_encrypting_meanwhile_is_seen_by_the_next_save(bank_path: Path) -> None:
    secret_bank(bank_path)
    open_here = Bank(bank_path)
    encrypt(bank_path)  # "another process"
    open_here.add(make_story(title="after"))
    assert is_sealed(bank_path.read_bytes())
    assert len(Bank(bank_path)) == 3


def test_a_plain_index_left_beside_an_encrypted_bank_is_removed_on_open(bank_path: Path) -> None:
    secret_bank(bank_path)
    saved_index = index_path(bank_path).read_bytes()
    encrypt(bank_path)
    index_path(bank_path).write_bytes(saved_index)  # as a restore of an old file might leave
    use(PASSPHRASE)
    Bank(bank_path)
    assert not index_path(bank_path).exists()


def test_the_kdf_settings_are_read_from_the_header(bank_path: Path) -> None:
    """A bank encrypted at one cost opens after the default is raised (old banks keep theirs)."""
    secret_bank(bank_path)
    encrypt(bank_path)
    header = crypt.read_header(bank_path, bank_path.read_bytes())
    assert header.params == crypt.KdfParams(10, 8, 1)
    crypt.DEFAULT_KDF = crypt.KdfParams(11, 8, 1)  # restored by the conftest fixture
    use(PASSPHRASE)
    bank = Bank(bank_path)
    bank.add(make_story(title="saved again"))
    assert crypt.read_header(bank_path, bank_path.read_bytes()).params == header.params


def test_an_empty_bank_can_start_encrypted(bank_path: Path) -> None:
    bank = Bank(bank_path)
    sealing = Sealing.new(PASSPHRASE)
    bank.encrypt(sealing)
    assert is_sealed(bank_path.read_bytes())
    use(PASSPHRASE)
    assert len(Bank(bank_path)) == 0


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(stories(), max_size=6, unique_by=lambda s: s.id))
def test_any_bank_survives_encrypt_use_decrypt_byte_for_byte(
    tmp_path_factory: pytest.TempPathFactory, batch: list[Story]
) -> None:
    path = tmp_path_factory.mktemp("prop") / "bank.json"
    bank = Bank(path)
    saved = bank.add_many(batch)
    before = {s.id: s.to_json_dict() for s in saved}
    sealing = Sealing.new(PASSPHRASE)
    UNLOCKER.use(None)
    UNLOCKER.remember(sealing, PASSPHRASE)
    bank.encrypt(sealing)
    opened = Bank(path)
    assert {s.id: s.to_json_dict() for s in opened} == before
    opened.add(make_story(title="used while encrypted"))
    extra = {s.id for s in opened} - before.keys()
    opened.decrypt()
    UNLOCKER.use(None)
    final = Bank(path)
    assert {s.id: s.to_json_dict() for s in final if s.id not in extra} == before
    assert not is_sealed(path.read_bytes())
    assert backup_dir(path).is_dir()
