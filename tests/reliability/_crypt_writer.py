"""A fork server for the kill -9 tests of an encrypted bank: each line on stdin forks one child.

`encrypt` and `decrypt` turn the bank into an encrypted one and back; a number starts the
writer of _fork_writer.py on it. The protocol is _fork_writer.py's: `P <pid>`, the writer's
`B`/`D` lines, then `X <pid>`.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from storybank.store import crypt
from storybank.store.bank import Bank
from storybank.store.crypt import UNLOCKER, PassphraseNeededError, Sealing
from tests.reliability._fork_writer import say, writer

PASSPHRASE = "kill nine times"


def ask(path: Path, problem: str | None) -> str:
    if problem is not None:
        raise PassphraseNeededError(path, "is encrypted", "Wrong passphrase.")
    return PASSPHRASE


def main() -> None:
    path = Path(sys.argv[1])
    crypt.DEFAULT_KDF = crypt.KdfParams(10, 8, 1)  # banks made here open fast in the parent
    for line in sys.stdin:
        job = line.strip()
        go_read, go_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                os.close(go_write)
                os.read(go_read, 1)
                UNLOCKER.use(ask)
                if job == "encrypt":
                    Bank(path).encrypt(Sealing.new(PASSPHRASE))
                    say("D")
                elif job == "decrypt":
                    Bank(path).decrypt()
                    say("D")
                else:
                    writer(path, int(job))
            except BaseException as error:
                say(f"E {type(error).__name__}: {error}")
                code = 1
            os._exit(code)
        os.close(go_read)
        say(f"P {pid}")
        with contextlib.suppress(BrokenPipeError):
            os.write(go_write, b"!")
        os.close(go_write)
        os.waitpid(pid, 0)
        say(f"X {pid}")


if __name__ == "__main__":
    main()
