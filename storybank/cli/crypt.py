"""`storybank encrypt`, `storybank decrypt` and `storybank passphrase remember|forget`."""

from __future__ import annotations

import click

from storybank.cli import common
from storybank.cli.common import (
    NO_PASSPHRASE_HINT,
    bank_path,
    db_option,
    echo_err,
    given_passphrase,
    open_bank,
)
from storybank.core.errors import StorybankError


def _new_passphrase(ctx: click.Context) -> str:
    """The passphrase to encrypt with: given to the run, or typed twice on the terminal."""
    given = given_passphrase(ctx)
    if given is not None:
        return given[0]
    if not common.can_ask():
        raise StorybankError(
            f"No passphrase to encrypt {bank_path(ctx)} with. {NO_PASSPHRASE_HINT}"
        )
    while True:
        passphrase = common.ask_hidden("New passphrase", confirm=True)
        if passphrase:
            return passphrase
        echo_err("The passphrase cannot be empty.")


def _remember(ctx: click.Context, passphrase: str) -> None:
    """Keep the passphrase in the system keyring (the user asked to)."""
    from storybank.store.passphrase import keyring_set

    keyring_set(bank_path(ctx), passphrase)
    click.echo(
        "Kept the passphrase in the system keyring; `storybank passphrase forget` removes it."
    )


@click.command(name="encrypt")
@click.option(
    "--remember", is_flag=True, help="Keep the passphrase in the system keyring (asked no more)."
)
@db_option
@click.pass_context
def encrypt_cmd(ctx: click.Context, remember: bool) -> None:
    """Encrypt the bank and its backups with a passphrase (AES-256-GCM, scrypt)."""
    from storybank.store.crypt import UNLOCKER, Sealing

    bank = open_bank(ctx)
    if bank.encrypted:
        raise StorybankError(f"{bank.path} is already encrypted. Nothing was changed.")
    passphrase = _new_passphrase(ctx)
    sealing = Sealing.new(passphrase)
    UNLOCKER.remember(sealing, passphrase)
    count = bank.encrypt(sealing)
    backups = f" and {count} backup{'s' * (count != 1)}" if count else ""
    click.echo(
        f"Encrypted {bank.path} ({len(bank)} stor{'ies' if len(bank) != 1 else 'y'}){backups}. "
        "Without the passphrase nobody can read them back, you included: keep it safe."
    )
    if remember:
        from storybank.store.passphrase import KeyringUnavailableError

        try:
            _remember(ctx, passphrase)
        except KeyringUnavailableError as error:
            raise StorybankError(
                f"The bank is encrypted, but the passphrase was not kept: {error.message}"
            ) from None


@click.command(name="decrypt")
@db_option
@click.pass_context
def decrypt_cmd(ctx: click.Context) -> None:
    """Write the bank and its backups as plain JSON again (owner-only files)."""
    bank = open_bank(ctx)
    if not bank.encrypted:
        raise StorybankError(f"{bank.path} is not encrypted. Nothing was changed.")
    count = bank.decrypt()
    backups = f" and {count} backup{'s' * (count != 1)}" if count else ""
    click.echo(
        f"Decrypted {bank.path}{backups}: the stories are plain text again, protected by file "
        "modes only."
    )


@click.group(name="passphrase")
def passphrase_group() -> None:
    """Keep an encrypted bank's passphrase in the system keyring, or remove it from there."""


@passphrase_group.command(name="remember")
@db_option
@click.pass_context
def remember_cmd(ctx: click.Context) -> None:
    """Keep the passphrase in the system keyring after checking that it opens the bank."""
    from storybank.store.crypt import UNLOCKER

    bank = open_bank(ctx)  # asks for the passphrase, which proves it
    passphrase = UNLOCKER.known_passphrase()
    if not bank.encrypted or passphrase is None:
        raise StorybankError(f"{bank.path} is not encrypted, so it has no passphrase to keep.")
    _remember(ctx, passphrase)


@passphrase_group.command(name="forget")
@db_option
@click.pass_context
def forget_cmd(ctx: click.Context) -> None:
    """Remove the passphrase kept for the bank from the system keyring."""
    from storybank.store.passphrase import keyring_delete

    path = bank_path(ctx)
    if keyring_delete(path):
        click.echo(f"Removed the passphrase of {path} from the system keyring.")
    else:
        click.echo(f"The system keyring keeps no passphrase for {path}.")
