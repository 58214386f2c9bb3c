"""Make realistic synthetic banks of N stories, seeded and deterministic, in the real format.

python -m benchmarks.generate 10000 /tmp/bank-10k.json
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storybank.core.models import SourceKind, Story
from storybank.store.backups import backup_dir
from storybank.store.bank import Bank

COMPETENCIES = [
    "Leadership", "Teamwork", "Communication", "Conflict resolution", "Problem solving",
    "Adaptability", "Initiative", "Failure and learning", "Influence without authority",
    "Customer focus", "Prioritization", "Decision making", "Mentoring", "Delivering results",
    "Creativity", "Ownership", "Bias for action", "Dive deep", "Earn trust", "Frugality",
]  # fmt: skip
TAGS = [
    "oncall", "launch", "migration", "deadline", "budget", "hiring", "outage", "research",
    "thesis", "fundraising", "volunteering", "startup", "remote", "stakeholders", "data",
    "design", "security", "process", "growth", "quality",
]  # fmt: skip
ORGS = {
    SourceKind.WORK: ["Acme Logistics", "Northwind Health", "Globex Bank", "Initech", "Hooli"],
    SourceKind.EDUCATION: ["State University", "City College", "Polytechnic Institute"],
    SourceKind.VOLUNTEER: ["Food Bank", "Code Club", "Animal Rescue"],
    SourceKind.PERSONAL: ["", "Side project"],
}
SUBJECTS = ["I", "I", "I", "We", "My manager", "The team", "A customer", "Our lead", "The client"]
VERBS = [
    "rebuilt", "measured", "negotiated", "shipped", "reviewed", "planned", "mentored",
    "escalated", "simplified", "tested", "documented", "presented", "prioritized", "automated",
    "analysed", "redesigned", "coordinated", "interviewed", "debugged", "estimated",
]  # fmt: skip
OBJECTS = [
    "the release plan", "the billing service", "a flaky test suite", "the onboarding guide",
    "our alerting rules", "the quarterly budget", "a vendor contract", "the data pipeline",
    "the customer backlog", "a tense retrospective", "the hiring loop", "the launch checklist",
    "an outage report", "the grading rubric", "a research survey", "the volunteer rota",
]  # fmt: skip
TAILS = [
    "before the deadline", "with two new hires", "under a tight budget", "in three weeks",
    "after a difficult meeting", "for the first time", "across three time zones",
    "while the lead was away", "with very little data", "so that nobody was blocked",
]  # fmt: skip
TITLE_VERBS = ["Led", "Fixed", "Rescued", "Shipped", "Untangled", "Turned around", "Owned"]
START = datetime(2020, 1, 1, tzinfo=UTC)


def sentence(rng: random.Random) -> str:
    """One plausible sentence of a story."""
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."


def paragraph(rng: random.Random, words: int) -> str:
    """About `words` words of sentences."""
    out: list[str] = []
    count = 0
    while count < words:
        text = sentence(rng)
        out.append(text)
        count += len(text.split())
    return " ".join(out)


def make_story(rng: random.Random, index: int) -> Story:
    """One synthetic story; the same seed and index always give the same story."""
    total = rng.randint(100, 600)
    # A common split: Situation ~15%, Task ~15%, Action ~55%, Result ~15%.
    split = {"situation": 0.15, "task": 0.15, "action": 0.55, "result": 0.15}
    parts = {name: paragraph(rng, max(int(total * share), 5)) for name, share in split.items()}
    if rng.random() < 0.15:  # some drafts
        parts[rng.choice(list(parts))] = ""
    kind = rng.choices(list(SourceKind), weights=[6, 2, 1, 1])[0]
    created = START + timedelta(minutes=index * 37 + rng.randint(0, 30))
    obj = rng.choice(OBJECTS).removeprefix("the ").removeprefix("a ").removeprefix("an ")
    return Story(
        id=f"s-{index:08x}",
        title=f"{rng.choice(TITLE_VERBS)} {obj} {rng.choice(TAILS)} (#{index})",
        hook=sentence(rng) if rng.random() < 0.5 else "",
        reflection=sentence(rng) if rng.random() < 0.7 else "",
        source={
            "kind": kind,
            "organization": rng.choice(ORGS[kind]),
            "role": rng.choice(["Engineer", "Student", "Organizer", "Analyst", ""]),
            "when": str(2015 + rng.randint(0, 10)),
        },
        competencies=rng.sample(COMPETENCIES, rng.randint(1, 3)),
        tags=rng.sample(TAGS, rng.randint(0, 3)),
        created_at=created,
        updated_at=created + timedelta(days=rng.randint(0, 60)),
        archived=rng.random() < 0.05,
        **parts,
    )


def generate(n: int, seed: int = 7) -> list[Story]:
    """N stories from `seed`."""
    rng = random.Random(seed)
    return [make_story(rng, i) for i in range(n)]


def write_bank(path: Path, n: int, seed: int = 7) -> Path:
    """Write a fresh bank of N stories at `path` through the real store (one write)."""
    for leftover in (path, Path(f"{path}.lock")):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(backup_dir(path), ignore_errors=True)
    Bank(path).add_many(generate(n, seed))
    return path


def main() -> None:
    """Command line: N and the output path."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    write_bank(args.path, args.n, args.seed)
    print(f"wrote {args.n} stories to {args.path} ({args.path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
