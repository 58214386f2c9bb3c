"""How well redaction finds identifiers on the labelled set in tests/redaction_cases.py.

python -m benchmarks.redaction           # precision by detector, recall by kind
python -m benchmarks.redaction --misses  # also print each miss and each false alarm
python -m benchmarks.redaction --speed   # also time redacting a generated 10,000-story bank

Recall: of the spans marked as a kind, how many a detector covered whole. Precision: of the
spans a detector replaced, how many overlap a marked identifier. Figures are redacted (the
strictest export). "unlisted" marks names nobody listed: the rule cannot know them, and its
recall there is shown to say so, not counted in the total. The harder cases are scored apart
and do not count towards the floor.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from storybank.interchange.redact import DETECTORS, redactor_for
from tests.redaction_cases import CASES, CLAIMED_KINDS, HARD_CASES, KINDS, NAMES, Case

FLOOR = 0.95  # precision and recall over the claimed kinds stay above this


def score(cases: list[Case], *, show: bool) -> tuple[float, float]:
    """Print the tables; return the total precision and recall over the claimed kinds."""
    redactor = redactor_for(NAMES, [case.story() for case in cases], figures=True)
    wanted: Counter[str] = Counter()
    covered: Counter[str] = Counter()
    fired: Counter[str] = Counter()
    right: Counter[str] = Counter()
    wrong: list[str] = []
    for case in cases:
        for part, marked in case.parts.items():
            found = redactor.found(marked.text)
            for start, end, kind in marked.spans:
                wanted[kind] += 1
                if any(s <= start and end <= e for s, e, _ in found):
                    covered[kind] += 1
                elif kind != "unlisted" or show:
                    wrong.append(f"missed {kind} “{marked.text[start:end]}” ({case.name}.{part})")
            for s, e, detector in found:
                fired[detector] += 1
                claimed = [k for a, b, k in marked.spans if a < e and s < b and k != "unlisted"]
                if claimed:
                    right[detector] += 1
                else:
                    wrong.append(f"{detector} hit “{marked.text[s:e]}” ({case.name}.{part})")
    print(f"{len(cases)} stories, {sum(wanted.values())} marked identifiers\n")
    print(f"{'kind':<14} {'marked':>6} {'covered':>7} {'recall':>7}")
    for kind in KINDS:
        recall = covered[kind] / wanted[kind] if wanted[kind] else 1.0
        note = "  (not listed: not caught by design)" if kind == "unlisted" else ""
        print(f"{kind:<14} {wanted[kind]:>6} {covered[kind]:>7} {recall:>7.2f}{note}")
    print(f"\n{'detector':<14} {'fired':>6} {'right':>7} {'precision':>9}")
    for detector in dict.fromkeys(DETECTORS.values()):
        precision = right[detector] / fired[detector] if fired[detector] else 1.0
        print(f"{detector:<14} {fired[detector]:>6} {right[detector]:>7} {precision:>9.2f}")
    total_wanted = sum(wanted[k] for k in CLAIMED_KINDS)
    total_recall = sum(covered[k] for k in CLAIMED_KINDS) / total_wanted
    total_precision = sum(right.values()) / max(sum(fired.values()), 1)
    print(f"\nclaimed kinds: precision {total_precision:.3f}, recall {total_recall:.3f}")
    if show and wrong:
        print("\n" + "\n".join(wrong))
    return total_precision, total_recall


def speed(n: int = 10_000) -> None:
    """Time one redacted export's redaction of a generated bank (the rendering not counted)."""
    from benchmarks.generate import generate
    from benchmarks.run import machine

    stories = generate(n)
    runs = []
    for _ in range(3):
        began = time.perf_counter()
        redactor_for(NAMES, stories, figures=True).stories(stories)
        runs.append(time.perf_counter() - began)
    info = machine()
    print(f"\nredacting {n:,} stories (figures too): best of 3 {min(runs):.2f} s")
    print(f"on {info['cpu']}, {info['os']}, Python {info['python']}")


def main(argv: list[str] | None = None) -> int:
    """Print the tables; exit 1 when precision or recall over the claimed kinds is below FLOOR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print each miss and false alarm")
    parser.add_argument("--speed", action="store_true", help="time a 10,000-story bank too")
    args = parser.parse_args(argv)
    print("The set (tests hold the rule to it)\n")
    precision, recall = score(CASES, show=args.misses)
    print("\n\nHarder cases, written afterwards and kept as they came out\n")
    score(HARD_CASES, show=args.misses)
    if args.speed:
        speed()
    if min(precision, recall) < FLOOR:
        print(f"\nBelow {FLOOR}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
