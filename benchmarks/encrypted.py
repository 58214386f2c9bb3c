"""An encrypted bank against the same plain one: opening, saving, the CLI and the app.

    python -m benchmarks.encrypted [--stories 10000] [--runs 7]

Targets (issue 18): an encrypted bank opens within 1.5× the plain bank's time, the KDF (once
per run) excluded; a save stays within 2× the atomic-write floor plus the encryption itself.
Every number is a median. The CLI and the app run as fresh processes on this interpreter.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PASSPHRASE = "benchmark passphrase"


def median_seconds(func: Callable[[], object], runs: int) -> float:
    """The median wall time of `runs` calls of `func`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def child_seconds(argv: list[str], env: dict[str, str], runs: int) -> float:
    """The median wall time of `runs` runs of a command in a fresh process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def app_loaded(path: Path) -> None:
    """In a child: run the app headless until the bank is loaded; print the seconds taken."""
    start = time.perf_counter()
    from storybank.tui.app import StorybankApp, create_app

    app = create_app(path, preset=lambda _bank: os.environ.get("STORYBANK_PASSPHRASE"))

    async def wait() -> None:
        while app.snapshot is None:
            await asyncio.sleep(0.005)
        print(f"{time.perf_counter() - start:.6f}", flush=True)
        app.exit()

    original = StorybankApp.on_mount

    def on_mount(self: StorybankApp) -> None:
        original(self)
        asyncio.get_running_loop().create_task(wait())

    StorybankApp.on_mount = on_mount  # type: ignore[method-assign]
    app.run(headless=True, size=(120, 40))


def app_seconds(path: Path, env: dict[str, str], runs: int) -> float:
    """The median time from a fresh process's start to the app's loaded bank."""
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.encrypted", "--app", str(path)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        times.append(float(out.split()[-1]))
    return statistics.median(times)


def measure(n: int, runs: int) -> dict[str, Any]:
    from benchmarks.generate import write_bank
    from benchmarks.run import machine
    from storybank.store import crypt
    from storybank.store.atomicfile import write_atomic
    from storybank.store.bank import Bank
    from storybank.store.crypt import UNLOCKER, Sealing

    folder = Path(tempfile.mkdtemp(prefix="storybank-enc-"))
    try:
        plain = write_bank(folder / "plain" / "bank.json", n)
        sealed = folder / "sealed" / "bank.json"
        shutil.copytree(plain.parent, sealed.parent)
        Bank(plain)  # leaves its quick index in place, as any save does

        kdf = median_seconds(
            lambda: crypt.derive_key(PASSPHRASE, os.urandom(16), crypt.DEFAULT_KDF), 5
        )
        sealing = Sealing.new(PASSPHRASE)
        UNLOCKER.use(None)
        UNLOCKER.remember(sealing, PASSPHRASE)
        Bank(sealed).encrypt(sealing)
        Bank(sealed)  # a first open by this run (the key is known from now on)

        # Alternated, so a burst of load from other work on the machine hits both alike.
        opens: dict[Path, list[float]] = {plain: [], sealed: []}
        for _ in range(runs):
            for path in (plain, sealed):
                opens[path].append(median_seconds(lambda: Bank(path), 1))  # noqa: B023
        open_plain, open_sealed = (statistics.median(opens[p]) for p in (plain, sealed))
        data = sealed.read_bytes()
        header = crypt.read_header(sealed, data)
        decrypt = median_seconds(lambda: sealing.open(sealed, data, header), runs)

        def saver(path: Path) -> Callable[[], object]:
            bank = Bank(path)
            story = bank.all()[0]
            counter = iter(range(1_000_000))

            def save() -> None:
                bank.update(story.model_copy(update={"hook": f"v{next(counter)}"}))

            save()  # the run's first save also takes the backup: not what is measured
            return save

        save_plain = median_seconds(saver(plain), runs)
        save_sealed = median_seconds(saver(sealed), runs)
        payload = plain.read_bytes()
        floor_target = folder / "floor.json"
        floor = median_seconds(lambda: write_atomic(floor_target, payload), runs)
        encryption = median_seconds(lambda: sealing.seal(payload, validated=True), runs)

        env = dict(os.environ)
        env.pop("STORYBANK_PASSPHRASE", None)
        cli = [sys.executable, "-m", "storybank", "list", "--db"]
        sealed_env = env | {"STORYBANK_PASSPHRASE": PASSPHRASE}
        cli_times: tuple[list[float], list[float]] = ([], [])
        app_times: tuple[list[float], list[float]] = ([], [])
        for _ in range(runs):  # alternated, as the opens above
            cli_times[0].append(child_seconds([*cli, str(plain)], env, 1))
            cli_times[1].append(child_seconds([*cli, str(sealed)], sealed_env, 1))
            app_times[0].append(app_seconds(plain, env, 1))
            app_times[1].append(app_seconds(sealed, sealed_env, 1))
        cli_plain, cli_sealed = map(statistics.median, cli_times)
        app_plain, app_sealed = map(statistics.median, app_times)
        return {
            "machine": machine(),
            "stories": n,
            "bank_bytes": payload.__len__(),
            "kdf": {"params": vars(crypt.DEFAULT_KDF), "seconds": kdf},
            "open": {"plain": open_plain, "encrypted": open_sealed, "decrypt": decrypt},
            "save": {
                "plain": save_plain,
                "encrypted": save_sealed,
                "atomic_write_floor": floor,
                "encryption": encryption,
                "allowance": 2 * floor + encryption,
            },
            "cli_list": {"plain": cli_plain, "encrypted": cli_sealed},
            "app_loaded": {"plain": app_plain, "encrypted": app_sealed},
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def report(result: dict[str, Any]) -> str:
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:,.0f} ms"

    kdf = result["kdf"]["seconds"]
    o, s = result["open"], result["save"]
    c, a = result["cli_list"], result["app_loaded"]
    lines = [
        f"machine: {json.dumps(result['machine'])}, load average {os.getloadavg()[0]:.1f}",
        f"{result['stories']:,} stories, {result['bank_bytes'] / 1e6:.1f} MB",
        f"KDF {result['kdf']['params']}: {ms(kdf)} (once per run)",
        f"open (in process, key known): plain {ms(o['plain'])}, encrypted {ms(o['encrypted'])}"
        f" ({o['encrypted'] / o['plain']:.2f}×; target ≤ 1.5×); of which decryption alone "
        f"{ms(o['decrypt'])}",
        f"save one story: plain {ms(s['plain'])}, encrypted {ms(s['encrypted'])}; floor "
        f"{ms(s['atomic_write_floor'])}, encryption {ms(s['encryption'])}, allowance "
        f"{ms(s['allowance'])} ({'within' if s['encrypted'] <= s['allowance'] else 'OVER'})",
        f"`storybank list`: plain {ms(c['plain'])}, encrypted {ms(c['encrypted'])}, "
        f"less the KDF {ms(c['encrypted'] - kdf)} ({(c['encrypted'] - kdf) / c['plain']:.2f}×)",
        f"app to the loaded bank: plain {ms(a['plain'])}, encrypted {ms(a['encrypted'])}, less "
        f"the KDF {ms(a['encrypted'] - kdf)} ({(a['encrypted'] - kdf) / a['plain']:.2f}×)",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--app", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.app is not None:
        app_loaded(args.app)
        return
    print(report(measure(args.stories, args.runs)))


if __name__ == "__main__":
    main()
