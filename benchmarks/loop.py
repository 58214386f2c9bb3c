"""The interview loop at scale: `due` and `job list` against `list`, and a loop save against the
atomic-write floor, on 10,000 stories with 500 applications and 2,000 interviews.

python -m benchmarks.loop              # 3 runs of each
python -m benchmarks.loop --runs 5
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from benchmarks import run as bench
from benchmarks.generate import write_bank
from storybank.core.followups import complete
from storybank.core.loop import (
    Application,
    AppStatus,
    FollowUp,
    Interview,
    StatusChange,
    validate_record,
)
from storybank.core.models import revise
from storybank.store.atomicfile import write_atomic
from storybank.store.bank import Bank
from storybank.store.index.quickindex import index_path

STORIES, APPLICATIONS, INTERVIEWS = 10_000, 500, 2_000
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
COMPANIES = ["Acme", "Globex", "Initech", "Hooli", "Umbrella", "Stark", "Wayne", "Wonka"]
ROUNDS = ["recruiter screen", "hiring manager", "technical", "panel", "bar raiser"]
STATUSES = [AppStatus.APPLIED, AppStatus.SCREENING, AppStatus.INTERVIEWING, AppStatus.REJECTED]


def loop_records(seed: int = 5) -> tuple[list[Application], list[Interview], list[FollowUp]]:
    """Applications, their interviews (each with stories told), and the follow-ups the rules
    make: a thank-you per interview and a check-in per open application."""
    from storybank.core.followups import check_ins_after_news, thank_you_for

    rng = random.Random(seed)
    apps: list[Application] = []
    for i in range(APPLICATIONS):
        created = NOW - timedelta(days=rng.randint(5, 120))
        status = rng.choice(STATUSES)
        history = [{"status": "applied", "at": created}]
        if status != AppStatus.APPLIED:
            history.append({"status": status, "at": created + timedelta(days=3)})
        apps.append(
            validate_record(
                Application,
                {
                    "id": f"a-{i:08x}",
                    "company": f"{rng.choice(COMPANIES)} {i}",
                    "role": "Engineer",
                    "status": status,
                    "history": [StatusChange.model_validate(h) for h in history],
                    "notes": "Met at the meetup. " * rng.randint(0, 20),
                    "research": {"mission": "Make things. " * 10, "why": "Growth. " * 5},
                    "created_at": created,
                },
            )
        )
    interviews: list[Interview] = []
    for j in range(INTERVIEWS):
        app = apps[rng.randrange(APPLICATIONS)]
        start = NOW + timedelta(hours=rng.randint(-24 * 60, 24 * 30))
        told = [
            {
                "question": "Tell me about a time you led a team.",
                "story_id": f"s-{rng.randrange(STORIES):08x}",
                "story_title": "A story",
            }
            for _ in range(rng.randint(0, 4))
        ]
        interviews.append(
            validate_record(
                Interview,
                {
                    "id": f"i-{j:08x}",
                    "application_id": app.id,
                    "start": start,
                    "end": start + timedelta(minutes=45),
                    "round": rng.choice(ROUNDS),
                    "interviewers": [{"name": "Dana Ortiz", "role": "EM"}],
                    "asked": told,
                    "notes": "Good talk. " * rng.randint(0, 30),
                },
            )
        )
    by_id = {a.id: a for a in apps}
    followups = [thank_you_for(i, by_id[i.application_id]) for i in interviews]
    followups = [complete(f, NOW) if rng.random() < 0.6 else f for f in followups]
    for app in apps:
        mine = [i for i in interviews if i.application_id == app.id]
        followups += check_ins_after_news(app, mine, [], 7)
    return apps, interviews, followups


def write_loop_bank(path: Path) -> dict[str, int]:
    """The 10,000-story bank with the loop's records added, then saved once by storybank (so
    its index is in place, as any save leaves it)."""
    write_bank(path, STORIES)
    apps, interviews, followups = loop_records()
    raw = orjson.loads(path.read_bytes())
    raw["applications"] = {str(k): a.to_json_dict() for k, a in enumerate(apps, 1)}
    raw["interviews"] = {str(k): i.to_json_dict() for k, i in enumerate(interviews, 1)}
    raw["followups"] = {str(k): f.to_json_dict() for k, f in enumerate(followups, 1)}
    raw["asks"] = {}
    write_atomic(path, orjson.dumps(raw))
    index_path(path).unlink(missing_ok=True)
    bank = Bank(path)  # checked in full; its index written
    pending = next(f for f in bank.followups() if f.is_pending)
    bank.change_followup(pending.id, complete)  # one real save
    return {"applications": len(apps), "interviews": len(interviews), "followups": len(followups)}


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    bench.PYTHON = bench.ensure_storybank()
    exe = str(bench.PYTHON.parent / "storybank")
    bench.WORK.mkdir(parents=True, exist_ok=True)
    plain = bench.WORK / "loop-plain-10000.json"
    loop = bench.WORK / "loop-10000.json"
    write_bank(plain, STORIES)
    Bank(plain).update(Bank(plain).all()[0])  # a save, as on the loop bank
    counts = write_loop_bank(loop)

    # Round-robin, so a burst of other work on the machine falls on every command alike.
    commands: dict[str, tuple[Path, list[str]]] = {
        "list (stories only)": (plain, ["list"]),
        "list": (loop, ["list"]),
        "due": (loop, ["due"]),
        "due --within 30": (loop, ["due", "--within", "30"]),
        "job list": (loop, ["job", "list"]),
        "imports floor": (loop, []),
    }
    walls: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, (path, argv) in commands.items():
            full = (
                [str(bench.PYTHON), "-c", bench.IMPORTS]
                if not argv
                else [exe, *argv, "--db", str(path)]
            )
            wall, _rss, _out = bench.run_child(full)
            walls[name].append(wall)
    result: dict[str, Any] = {"machine": bench.machine(), "counts": counts}
    for name, times in walls.items():
        result[name] = {"seconds": statistics.median(times), "all": times}

    raw = loop.read_bytes()
    floor = loop.with_name("loop-floor.json")
    bank = Bank(loop)
    pending = [f for f in bank.followups() if f.is_pending]
    bank.change_followup(pending[0].id, complete)  # the first save of a run takes the backup
    saves, floors, story_saves = [], [], []
    stories = bank.all()
    for i in range(1, args.runs * 2 + 1):
        start = time.perf_counter()
        write_atomic(floor, raw)
        floors.append(time.perf_counter() - start)
        start = time.perf_counter()
        bank.change_followup(pending[i].id, complete)
        saves.append(time.perf_counter() - start)
        story = stories[i]
        start = time.perf_counter()
        bank.update(revise(story, title=f"{story.title[:100]} v{i}"))
        story_saves.append(time.perf_counter() - start)
    floor.unlink(missing_ok=True)
    result["atomic_write_floor"] = statistics.median(floors)
    result["save a follow-up"] = statistics.median(saves)
    result["save a story"] = statistics.median(story_saves)
    start = time.perf_counter()
    Bank(loop)
    result["open in process"] = time.perf_counter() - start
    result["bank_bytes"] = len(raw)

    out = bench.RESULTS / "loop.json"
    bench.RESULTS.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    base = result["list"]["seconds"]
    print(f"bank {len(raw) / 1e6:.1f} MB; {counts}")
    for name in ("list (stories only)", "list", "due", "due --within 30", "job list"):
        seconds = result[name]["seconds"]
        print(f"{name:<22} {seconds * 1000:7.0f} ms  ({seconds / base:.2f}× list)")
    print(f"imports floor          {result['imports floor']['seconds'] * 1000:7.0f} ms")
    save, write_floor = result["save a follow-up"], result["atomic_write_floor"]
    print(
        f"save a follow-up {save * 1000:.0f} ms; atomic-write floor {write_floor * 1000:.0f} ms "
        f"({save / write_floor:.2f}×); a story's save {result['save a story'] * 1000:.0f} ms; "
        f"open in process {result['open in process'] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
