"""Measure storybank at 100 → 100,000 stories, beside jrnl and the floors; print and save JSON.

Every read command of the CLI is timed (each a fresh process, as a user runs it), beside jrnl's
nearest equivalents and the floors (Python's start-up, and Python with the modules every command
imports), with the app's first frame, keystroke, save and memory.

python -m benchmarks.run                 # 100, 1,000, 10,000 stories
python -m benchmarks.run --sizes 100000  # one size
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from benchmarks.generate import generate, write_bank
from benchmarks.stats import percentile
from benchmarks.tui_keystroke import measure as keystroke_times
from storybank.core.models import revise
from storybank.search.engine import SearchIndex, parse_query
from storybank.store.atomicfile import write_atomic
from storybank.store.bank import Bank
from storybank.store.index.quickindex import index_path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
RESULTS = HERE / "results"
JRNL_VENV = WORK / "jrnl-venv"
# storybank installed from this checkout as a user installs it (not editable), in its own venv:
# the CLI, the app probes and the floors all run on its Python.
SB_VENV = WORK / "storybank-venv"
ROOT = HERE.parent
PYTHON = Path(sys.executable)  # replaced by the venv's in main()
QUERIES = [
    "c:leadership", "#oncall", "leader", "budget", "rebuilt billing", "c:teamwork c:ownership",
    "kind:education mentor", "the", "deadline team", "#launch c:initiative", "conflict",
    "migration data pipeline", "l", "le", "lea", "lead",
]  # fmt: skip


# What every read command imports before it opens the bank: the floor its time is judged by.
IMPORTS = "import storybank.cli.entry, storybank.store.bank, storybank.cli.render"


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpu": model or platform.processor(),
        "cores": os.cpu_count(),
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
    }


class Spawner:
    """Runs commands from a small helper process (see spawn.py) so peak RSS is the child's own."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[str] | None = None

    def run(self, argv: list[str]) -> tuple[float, int, str]:
        """Wall time (s), peak RSS (bytes) and stdout of one command."""
        if self._proc is None:
            self._proc = subprocess.Popen(
                [sys.executable, "-S", str(HERE / "spawn.py")],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(json.dumps(argv) + "\n")
        self._proc.stdin.flush()
        reply = json.loads(self._proc.stdout.readline())
        if reply["code"] != 0:
            raise RuntimeError(f"{argv[:3]} exited {reply['code']}")
        return reply["wall"], reply["rss"], reply["out"]


SPAWNER = Spawner()


def run_child(argv: list[str]) -> tuple[float, int, str]:
    """Run a command; its wall time (s), peak RSS (bytes) and stdout."""
    return SPAWNER.run(argv)


def median_child(argv: list[str], runs: int) -> dict[str, float]:
    """Median wall time and peak RSS of `runs` runs of a command."""
    walls, rss = [], []
    for _ in range(runs):
        wall, peak, _ = run_child(argv)
        walls.append(wall)
        rss.append(peak)
    return {"seconds": statistics.median(walls), "rss": statistics.median(rss)}


def timed(func: Callable[[], object], runs: int) -> list[float]:
    """Wall times of `runs` calls."""
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        out.append(time.perf_counter() - start)
    return out


# jrnl ---------------------------------------------------------------------------------------


def ensure_jrnl() -> Path | None:
    """jrnl from the package index in the benchmark's own environment (None if unavailable)."""
    exe = JRNL_VENV / "bin" / "jrnl"
    if exe.exists():
        return exe
    try:
        subprocess.run([sys.executable, "-m", "venv", str(JRNL_VENV)], check=True)
        subprocess.run(
            [str(JRNL_VENV / "bin" / "pip"), "install", "-q", "jrnl"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except (subprocess.CalledProcessError, OSError):
        return None
    return exe if exe.exists() else None


def ensure_storybank() -> Path:
    """The Python of a venv with storybank installed from this checkout (refreshed each run)."""
    python = SB_VENV / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "-q"]
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(SB_VENV)], check=True)
    # Any dependency added since the venv was made (installed ones are left as they are)...
    subprocess.run([*pip, str(ROOT)], check=True, capture_output=True)
    # ...and the code of this checkout as it is now, without touching the dependencies.
    subprocess.run(
        [*pip, "--no-deps", "--force-reinstall", str(ROOT)], check=True, capture_output=True
    )
    return python


def write_jrnl(n: int, folder: Path) -> Path:
    """The same stories as a jrnl journal, competencies as @tags; returns the config file."""
    journal = folder / f"journal-{n}.txt"
    lines = []
    for story in sorted(generate(n), key=lambda s: s.created_at):
        tags = " ".join("@" + c.lower().replace(" ", "_") for c in story.competencies)
        when = story.created_at.strftime("%Y-%m-%d %H:%M")
        body = "\n\n".join(
            p for p in (story.situation, story.task, story.action, story.result) if p
        )
        lines.append(f"[{when}] {story.title}\n{body}\n{tags}\n")
    journal.write_text("\n".join(lines))
    config = folder / f"jrnl-{n}.yaml"
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal}\n"
        "linewrap: 79\ntagsymbols: '@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\n"
        "version: v4.6\n"
    )
    return config


# Measurements -------------------------------------------------------------------------------


def tui_probe(path: Path, mode: str) -> dict[str, float] | None:
    """The TUI's first frame or its memory, from a headless child process."""
    probe = HERE / "tui_probe.py"
    if not probe.exists():
        return None
    wall, rss, out = run_child([str(PYTHON), str(probe), mode, str(path)])
    values = dict(line.split() for line in out.splitlines() if line.strip())
    return {k: float(v) for k, v in values.items()} | {"wall": wall, "rss": rss}


def tui_keystroke(path: Path, n: int, runs: int) -> dict[str, float]:
    """A key in the app's search box to the frame with the new list, in a pseudo-terminal
    (seconds at p50 and p95, and the share of keys whose list came in the first frame)."""
    # The word index is built in the background after the load: about 1-2 s at 10,000.
    wait = 1.0 + n / 2500
    with tempfile.TemporaryDirectory() as folder:
        times, frames = keystroke_times(path, Path(folder), runs, wait, str(PYTHON))
    return {
        "keystroke_p50": statistics.median(times) / 1000,
        "keystroke_p95": percentile(times, 95) / 1000,
        "first_frame_share": sum(1 for f in frames if f == 1) / len(frames),
    }


def tui_loaded(path: Path, runs: int) -> dict[str, float] | None:
    """The TUI's peak RSS, fully loaded (word index built) with a search typed (median of runs).

    The memory target is judged on this, not on the first frame: a process that exits before
    the bank is loaded and indexed has not yet paid for it.
    """
    measured = [tui_probe(path, "loaded") for _ in range(runs)]
    done = [m for m in measured if m is not None]
    if not done:
        return None
    return {key: statistics.median(m[key] for m in done) for key in done[0]}


def memory_allowance(bank_bytes: int, floors: dict[str, Any]) -> float:
    """The memory target: 3× the bank's size on disk plus an empty Textual app's peak RSS."""
    return 3 * bank_bytes + float(floors["textual"]["rss"])


JOB_AD = (
    "We are hiring a senior engineer who leads projects end to end, mentors others, resolves "
    "conflict calmly, takes ownership of outcomes, and communicates clearly with stakeholders "
    "under tight deadlines.\n"
)
# Each read command, with the jrnl command nearest to it (None when jrnl has none): every
# entry a line each beside `list`, the newest 20 beside `list -n 20`.
COMMANDS: dict[str, tuple[list[str], list[str] | None]] = {
    "list": (["list"], ["--format", "short"]),
    "list -n 20": (["list", "-n", "20"], ["-n", "20"]),
    "show ID": (["show", "{id}"], None),
    "search -c leadership": (["search", "-c", "leadership"], ["@leadership"]),
    "search budget deadline": (["search", "budget", "deadline"], ["-contains", "budget"]),
    "competencies": (["competencies"], None),
    "answer QUESTION": (["answer", "Tell me about a time you led a team to a hard deadline"], None),
    "coverage": (["coverage"], None),
    "check": (["check"], None),
    "prepare --job FILE": (["prepare", "--job", "{job}"], None),
    "export --format json": (["export", "--format", "json"], None),
}


def measure_commands(
    path: Path, runs: int, jrnl: Path | None, config: Path | None
) -> dict[str, dict[str, Any]]:
    """Each read command's median wall time and peak RSS, and its jrnl equivalent's."""
    exe = str(PYTHON.parent / "storybank")
    job = WORK / "job.txt"
    job.write_text(JOB_AD)
    _wall, _rss, listed = run_child([exe, "list", "--format", "json", "--db", str(path)])
    first_id = orjson.loads(listed)[0]["id"]
    out: dict[str, dict[str, Any]] = {}
    for name, (args, jrnl_args) in COMMANDS.items():
        argv = [a.format(id=first_id, job=job) for a in args]
        entry: dict[str, Any] = {"storybank": median_child([exe, *argv, "--db", str(path)], runs)}
        if jrnl is not None and config is not None and jrnl_args is not None:
            entry["jrnl"] = median_child(
                [str(jrnl), "--config-file", str(config), *jrnl_args], runs
            )
            entry["jrnl_args"] = " ".join(jrnl_args)
        out[name] = entry
    return out


def measure(n: int, runs: int, jrnl: Path | None, floors: dict[str, Any]) -> dict[str, Any]:
    """Every measurement at one size."""
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"bank-{n}.json"
    write_bank(path, n)
    size = path.stat().st_size
    # The quick index beside the bank is disk the bank costs too (the allowance uses the bank).
    result: dict[str, Any] = {
        "n": n,
        "bank_bytes": size,
        "index_bytes": index_path(path).stat().st_size if index_path(path).exists() else 0,
    }
    config = None if jrnl is None else write_jrnl(n, WORK)
    # Taken again beside each size's commands: this shared machine's speed drifts within a run,
    # and a command is judged against the floor of its own minutes.
    result["imports_floor"] = median_child([str(PYTHON), "-c", IMPORTS], runs)
    result["commands"] = measure_commands(path, runs, jrnl, config)
    raw = path.read_bytes()
    result["orjson_loads"] = statistics.median(timed(lambda: orjson.loads(raw), runs))
    floor_path = WORK / f"floor-{n}.json"
    result["atomic_write_floor"] = statistics.median(
        timed(lambda: write_atomic(floor_path, raw), runs)
    )
    floor_path.unlink(missing_ok=True)

    bank = Bank(path)
    # Every part of the index an app builds after loading (each is otherwise built when a
    # query first needs it), and the word index among them.
    start = time.perf_counter()
    index = SearchIndex(bank)
    words_start = time.perf_counter()
    index.words()
    result["word_index_build"] = time.perf_counter() - words_start
    index.warm()
    result["index_build"] = time.perf_counter() - start
    gc.collect()
    gc.freeze()
    latencies: list[float] = []
    rng = random.Random(3)
    for _ in range(max(runs, 5)):
        for text in rng.sample(QUERIES, len(QUERIES)):
            query = parse_query(text)
            start = time.perf_counter()
            hits = index.search(query)
            hits[:50]  # what a screen shows
            latencies.append(time.perf_counter() - start)
    gc.unfreeze()
    result["search_p50"] = percentile(latencies, 50)
    result["search_p95"] = percentile(latencies, 95)

    stories = bank.all()
    saves = []
    for i in range(runs):
        story = stories[i % len(stories)]
        start = time.perf_counter()
        bank.update(revise(story, title=f"{story.title[:100]} v{i}"))
        saves.append(time.perf_counter() - start)
    result["save"] = statistics.median(saves[1:] or saves)  # the first also takes the backup
    result["tui_start"] = tui_probe(path, "start")
    result["tui_keystroke"] = tui_keystroke(path, n, runs)
    result["tui_loaded"] = tui_loaded(path, runs)
    result["memory_allowance"] = memory_allowance(size, floors)
    return result


def ratio(a: float | None, b: float | None) -> str:
    """a/b as `0.12×`, or `n/a`."""
    return f"{a / b:.2f}×" if a and b else "n/a"


def commands_table(results: list[dict[str, Any]], floors: dict[str, Any]) -> str:
    """A Markdown table of every read command at every size, beside jrnl's nearest command."""

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:,.0f} ms"

    sizes = [r["n"] for r in results]
    rows = [
        "| command | " + " | ".join(f"{n:,} stories" for n in sizes) + " | jrnl at "
        f"{sizes[-1]:,} (ratio) |",
        "| --- | " + " | ".join("---:" for _ in sizes) + " | ---: |",
    ]
    for name in COMMANDS:
        cells = [ms(r["commands"][name]["storybank"]["seconds"]) for r in results]
        last = results[-1]["commands"][name]
        jrnl = last.get("jrnl")
        versus = "—"
        if jrnl:
            versus = (
                f"`jrnl {last['jrnl_args']}` {ms(jrnl['seconds'])} "
                f"({ratio(last['storybank']['seconds'], jrnl['seconds'])})"
            )
        rows.append(f"| `{name}` | " + " | ".join(cells) + f" | {versus} |")
    floor_cells = [ms(imports_floor(r, floors)) for r in results]
    rows.append("| floor: Python and the imports | " + " | ".join(floor_cells) + " | — |")
    rows.append("")
    rows.append(
        f"Floors at the start: `python -c pass` {ms(floors['python']['seconds'])}; Python with "
        f"what every command imports {ms(floors['imports']['seconds'])}. The floor row is that "
        "second floor taken again beside each size's commands; the target at 1,000 stories is "
        "2.5× the one beside them."
    )
    return "\n".join(rows)


def imports_floor(result: dict[str, Any], floors: dict[str, Any]) -> float:
    """The imports floor taken beside one size's commands (the run's own, in older results)."""
    return float(result.get("imports_floor", floors["imports"])["seconds"])


def table(results: list[dict[str, Any]], floors: dict[str, Any]) -> str:
    """A Markdown table of the app, the save and the memory at each size."""
    ms = lambda s: f"{s * 1000:,.1f} ms"  # noqa: E731
    mb = lambda b: f"{b / 1e6:,.1f} MB"  # noqa: E731
    rows = [
        "| stories | bank on disk (+ index) | search p50 / p95 | save | write floor | "
        "TUI first frame | TUI keystroke | TUI peak RSS loaded (allowance) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        tui = r.get("tui_start") or {}
        key = r.get("tui_keystroke") or {}
        loaded = r.get("tui_loaded") or {}
        allowance = r.get("memory_allowance")
        rows.append(
            f"| {r['n']:,} | {mb(r['bank_bytes'])} (+ {mb(r.get('index_bytes', 0))}) | "
            f"{ms(r['search_p50'])} / {ms(r['search_p95'])} | {ms(r['save'])} | "
            f"{ms(r['atomic_write_floor'])} | "
            f"{ms(tui['first_frame']) if tui else 'n/a'} | "
            f"{ms(key['keystroke_p95']) if key else 'n/a'} | "
            f"{mb(loaded['rss']) if loaded else 'n/a'}"
            f"{' (' + mb(allowance) + ')' if allowance else ''} |"
        )
    rows.append("")
    rows.append(
        f"Floors: `python -c pass` {ms(floors['python']['seconds'])} "
        f"({mb(floors['python']['rss'])}); empty Textual app to first frame "
        f"{ms(floors['textual']['first_frame'])} ({mb(floors['textual']['rss'])})."
    )
    return "\n".join(rows)


def main() -> None:
    """Run the benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-jrnl", action="store_true")
    args = parser.parse_args()
    jrnl = None if args.no_jrnl else ensure_jrnl()
    global PYTHON  # chosen once, before anything is measured
    PYTHON = ensure_storybank()
    floors: dict[str, Any] = {"python": median_child([str(PYTHON), "-c", "pass"], args.runs)}
    floors["imports"] = median_child([str(PYTHON), "-c", IMPORTS], args.runs)
    frames = []
    for _ in range(args.runs):
        _wall, rss, out = run_child([str(PYTHON), str(HERE / "floors.py"), "empty-textual"])
        frames.append((float(out.split()[1]), rss))
    floors["textual"] = {
        "first_frame": statistics.median(f for f, _ in frames),
        "rss": statistics.median(r for _, r in frames),
    }
    results = [measure(n, args.runs, jrnl, floors) for n in args.sizes]
    report = {"machine": machine(), "floors": floors, "results": results}
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "-".join(str(n) for n in args.sizes)
    (RESULTS / f"results-{name}.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report["machine"]))
    print(commands_table(results, floors))
    print()
    print(table(results, floors))
    for r in results:
        slowest = max(c["storybank"]["seconds"] for c in r["commands"].values())
        worst = max(
            (
                c["storybank"]["seconds"] / c["jrnl"]["seconds"]
                for c in r["commands"].values()
                if c.get("jrnl")
            ),
            default=None,
        )
        tui = r.get("tui_start") or {}
        frame = ratio(tui.get("first_frame"), floors["textual"]["first_frame"])
        loaded = r.get("tui_loaded") or {}
        allowance = r.get("memory_allowance")
        memory = "n/a"
        if loaded and allowance:
            verdict = "within" if loaded["rss"] <= allowance else "OVER"
            memory = (
                f"{loaded['rss'] / 1e6:,.1f} MB of {allowance / 1e6:,.1f} MB allowed ({verdict})"
            )
        print(
            f"{r['n']:>7,}: slowest read command {slowest * 1000:,.0f} ms "
            f"({ratio(slowest, imports_floor(r, floors))} the imports floor beside it), worst "
            f"storybank/jrnl {f'{worst:.2f}×' if worst else 'n/a'}, "
            f"save/floor {ratio(r['save'], r['atomic_write_floor'])}, "
            f"TUI/empty first frame {frame}, TUI peak RSS loaded {memory}"
        )


if __name__ == "__main__":
    main()
