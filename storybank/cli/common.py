"""What every command shares: the --db and --format options, opening the bank, output."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
import orjson

from storybank.core.textsafe import json_for_terminal, one_line
from storybank.store.notices import open_notices
from storybank.store.paths import resolve_bank_path

# The models (Pydantic) and the store are imported where they are used: a quick filter
# answered from the bank's index pays for neither.
if TYPE_CHECKING:
    from storybank.store.bank import Bank

F = TypeVar("F", bound=Callable[..., Any])


def _db_callback(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value:
        ctx.ensure_object(dict)["db"] = value
    return value


def _passphrase_file_callback(
    ctx: click.Context, _param: click.Parameter, value: str | None
) -> str | None:
    if value:
        ctx.find_root().ensure_object(dict)["passphrase_file"] = value
    return value


def db_option(func: F) -> F:
    """`--db PATH` (and `--passphrase-file FILE`, for an encrypted bank) on the group and on
    every command (the command's wins)."""
    func = click.option(
        "--passphrase-file",
        metavar="FILE",
        expose_value=False,
        callback=_passphrase_file_callback,
        help="Read an encrypted bank's passphrase from the first line of FILE.",
    )(func)
    return click.option(
        "--db",
        metavar="PATH",
        expose_value=False,
        callback=_db_callback,
        help="Bank file to use (default: $STORYBANK_DB or the user data folder).",
    )(func)


def given_passphrase(ctx: click.Context) -> tuple[str, str] | None:
    """The passphrase the run was given (--passphrase-file, then $STORYBANK_PASSPHRASE) and
    where it came from; None when neither was given."""
    from storybank.store.passphrase import ENV_PASSPHRASE, from_env, from_file

    name = ctx.find_root().ensure_object(dict).get("passphrase_file")
    if name:
        return from_file(Path(name)), f"the passphrase in {name}"
    value = from_env()
    return None if value is None else (value, f"${ENV_PASSPHRASE}")


def can_ask() -> bool:
    """True when a passphrase can be asked for (a person at the keyboard)."""
    return sys.stdin.isatty()


def ask_hidden(prompt: str, *, confirm: bool = False) -> str:
    """Ask for a secret on the terminal without echo (twice when `confirm`)."""
    value = click.prompt(
        prompt,
        hide_input=True,
        confirmation_prompt="Repeat it to confirm" if confirm else False,
        err=True,
    )
    return str(value)


MAX_TRIES = 3
NO_PASSPHRASE_HINT = (
    "Give its passphrase with --passphrase-file FILE or $STORYBANK_PASSPHRASE, or run "
    "storybank in a terminal to type it. Nothing was changed."
)


def use_passphrase_sources(ctx: click.Context) -> None:
    """For this run, get an encrypted bank's passphrase from --passphrase-file, then
    $STORYBANK_PASSPHRASE, then the system keyring, then the terminal (asked once)."""
    from storybank.store.crypt import UNLOCKER, PassphraseNeededError, WrongPassphraseError
    from storybank.store.passphrase import keyring_get

    tried: list[str] = []

    def ask(path: Path, problem: str | None) -> str:
        given = given_passphrase(ctx)
        if given is not None:
            if problem is not None:
                raise WrongPassphraseError(
                    path, f"does not open with {given[1]}", "Nothing was changed."
                )
            return given[0]
        if "keyring" not in tried:
            tried.append("keyring")
            kept = keyring_get(path)
            if kept is not None:
                return kept
        if not can_ask():
            if problem is not None:  # the keyring's passphrase is out of date
                raise WrongPassphraseError(
                    path,
                    "does not open with the passphrase kept in the system keyring",
                    "Run `storybank passphrase remember` in a terminal. Nothing was changed.",
                )
            raise PassphraseNeededError(path, "is encrypted", NO_PASSPHRASE_HINT)
        if problem is not None:
            kept_was_wrong = tried[-1] == "keyring"
            echo_err(
                "The passphrase kept in the system keyring does not open it; type it."
                if kept_was_wrong
                else f"{problem}; try again."
            )
        tried.append("terminal")
        if tried.count("terminal") > MAX_TRIES:
            raise WrongPassphraseError(
                path, f"was not opened: {MAX_TRIES} wrong passphrases", "Nothing was changed."
            )
        return ask_hidden(f"Passphrase for {path}")

    UNLOCKER.use(ask)


def format_option(func: F) -> F:
    """`--format text|json`."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="json prints machine-readable output for jq.",
    )(func)


def bank_path(ctx: click.Context) -> Path:
    """The bank path chosen by --db, $STORYBANK_DB or the default."""
    return resolve_bank_path(ctx.find_root().ensure_object(dict).get("db"))


def open_bank(ctx: click.Context) -> Bank:
    """Open (and fully validate) the chosen bank, and say once if it was upgraded or exposed."""
    from storybank.store.bank import Bank

    # A command keeps the bank it loaded until it ends: collection passes triggered by what
    # it makes next (rows to print, a matcher) would only walk the bank's objects, again and
    # again (0.1-0.15 s at 10,000 stories). They are frozen before the collector runs again,
    # so not even the first pass after the load walks them. `main` unfreezes them.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        bank = Bank(bank_path(ctx))
        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()
    for notice in open_notices(bank):
        echo_err(f"warning: {notice.message}" if notice.is_warning else notice.message)
    return bank


def width() -> int:
    """The terminal width, or 100 when output is not a terminal."""
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


def is_interactive() -> bool:
    """True when a person is at a terminal (so we may open an editor or ask a question)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def echo_json(data: Any) -> None:
    """Print JSON with C1 controls escaped, so it is safe on a terminal and exact for jq."""
    write_stdout(json_for_terminal(orjson.dumps(data, option=orjson.OPT_INDENT_2)) + b"\n")


def write_stdout(data: bytes) -> None:
    """Write bytes to stdout as they are (UTF-8 JSON needs no decoding and encoding again)."""
    sys.stdout.flush()  # anything printed as text before goes first
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # a stdout with no bytes underneath (some embedding hosts)
        click.echo(data.decode(), nl=False, color=True)
        return
    stream.write(data)
    stream.flush()


def echo_err(message: str) -> None:
    """One line to stderr."""
    click.echo(f"storybank: {one_line(message)}", err=True)
