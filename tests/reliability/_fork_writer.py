"""A fork server for the kill -9 tests: each line on stdin forks one child.

A seed starts a writer; `upgrade` just opens the bank (which upgrades an older one).

The writer saves stories in a loop and reports each save on stdout: `B <op> <id> <digest>`
before it starts and `D` once it has returned. The parent kills the child at a random moment;
this process reaps it and prints `X <pid>`, so the parent knows every report has arrived.
Forking a process that has already imported storybank keeps each of the many runs cheap.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import sys
from pathlib import Path

import filelock  # noqa: F401  (a writer's lock: the store imports it only when writing)

from storybank.core.models import new_story_id, validate_story
from storybank.store.bank import Bank


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def digest(title: str, action: str) -> str:
    return hashlib.sha1(f"{title}\0{action}".encode()).hexdigest()[:16]


def text(rng: random.Random) -> str:
    # Sizes jump between tiny and large so the file grows and shrinks across saves.
    size = rng.choice([0, 10, 200, 3_000, 12_000, 19_000])
    return "".join(rng.choice("abcdefghij klmnop\n") for _ in range(size)).strip()


def writer(path: Path, seed: int) -> None:
    rng = random.Random(seed)
    bank = Bank(path, lock_timeout=30)
    for step in range(100_000):
        ids = sorted(s.id for s in bank)
        roll = rng.random()
        if not ids or roll < 0.4:
            story_id = new_story_id()
            while story_id in ids:
                story_id = new_story_id()
            title = f"story {seed}-{step}"
            action = text(rng)
            story = validate_story({"id": story_id, "title": title, "action": action})
            say(f"B add {story_id} {digest(title, action)}")
            saved = bank.add(story)
            assert saved.id == story_id
        elif roll < 0.8:
            current = bank.get(rng.choice(ids))
            action = text(rng)
            say(f"B edit {current.id} {digest(current.title, action)}")
            bank.update(current.model_copy(update={"action": action}))
        else:
            story_id = rng.choice(ids)
            say(f"B del {story_id} -")
            bank.delete(story_id)
        say("D")


def main() -> None:
    path = Path(sys.argv[1])
    for line in sys.stdin:
        job = line.strip()
        go_read, go_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                os.close(go_write)
                os.read(go_read, 1)  # wait until `P <pid>` is out, so it is the first line
                if job == "upgrade":
                    Bank(path)  # opening an older bank upgrades it
                    say("D")
                else:
                    writer(path, int(job))
            except BaseException as error:  # report, so the parent fails loudly
                say(f"E {type(error).__name__}: {error}")
                code = 1
            os._exit(code)
        os.close(go_read)
        say(f"P {pid}")
        with contextlib.suppress(BrokenPipeError):  # the parent may have killed it already
            os.write(go_write, b"!")
        os.close(go_write)
        os.waitpid(pid, 0)
        say(f"X {pid}")


if __name__ == "__main__":
    main()
