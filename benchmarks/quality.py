"""How often each quality rule is right on the labelled set in tests/quality_cases.py.

python -m benchmarks.quality           # precision and recall per rule
python -m benchmarks.quality --misses  # also print each case where a rule was wrong

Precision: of the cases a rule fired on, how many it should have. Recall: of the cases it
should have fired on, how many it did. Every rule is judged on every case.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from storybank.quality.check import RULE_IDS, check_story
from tests.quality_cases import CASES

FLOOR = 0.8  # no rule ships below this on the set, in precision or in recall


@dataclass(frozen=True)
class Score:
    """One rule's counts on the set."""

    rule: str
    hits: int  # fired and should have
    false_alarms: int  # fired and should not have
    misses: int  # should have fired and did not

    @property
    def precision(self) -> float:
        """Of the firings, the right ones (1.0 when it never fired)."""
        fired = self.hits + self.false_alarms
        return self.hits / fired if fired else 1.0

    @property
    def recall(self) -> float:
        """Of the cases it should fire on, the ones it did (1.0 when there are none)."""
        wanted = self.hits + self.misses
        return self.hits / wanted if wanted else 1.0


def score_rules() -> tuple[list[Score], list[str]]:
    """Each rule's score on the set, and a line for every wrong call."""
    fired_on = {case.name: check_story(case.story).rules for case in CASES}
    scores: list[Score] = []
    wrong: list[str] = []
    for rule in RULE_IDS:
        hits = false_alarms = misses = 0
        for case in CASES:
            fired = rule in fired_on[case.name]
            wanted = rule in case.expected
            hits += fired and wanted
            false_alarms += fired and not wanted
            misses += wanted and not fired
            if fired != wanted:
                wrong.append(f"{rule}: {'fired on' if fired else 'missed'} “{case.name}”")
        scores.append(Score(rule, hits, false_alarms, misses))
    return scores, wrong


def main(argv: list[str] | None = None) -> int:
    """Print the table; exit 1 when a rule is below the floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print each wrong call")
    args = parser.parse_args(argv)
    scores, wrong = score_rules()
    print(f"{len(CASES)} cases\n")
    print(f"{'rule':<24} {'should':>6} {'fired':>6} {'precision':>9} {'recall':>7}")
    for s in scores:
        print(
            f"{s.rule:<24} {s.hits + s.misses:>6} {s.hits + s.false_alarms:>6} "
            f"{s.precision:>9.2f} {s.recall:>7.2f}"
        )
    if args.misses and wrong:
        print("\n" + "\n".join(wrong))
    below = [s.rule for s in scores if min(s.precision, s.recall) < FLOOR]
    if below:
        print(f"\nBelow {FLOOR}: {', '.join(below)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
