"""How well storybank finds the right story for a question, and what a job ad asks for.

python -m benchmarks.retrieval           # accuracy on benchmarks/retrieval_set.py, and speed
python -m benchmarks.retrieval --misses  # also print each tuned question whose first story is wrong
python -m benchmarks.retrieval --no-speed  # accuracy only

Banks: one story per competency for each taxonomy (its title is the competency's description,
its STAR text neutral, so the label does the work), and the sample bank from examples/.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.generate import generate
from benchmarks.retrieval_ads_fresh import FRESH_JOB_ADS
from benchmarks.retrieval_fresh import FRESH_AMAZON, FRESH_GENERAL, FRESH_TIH
from benchmarks.retrieval_idioms import (
    IDIOMS_AMAZON,
    IDIOMS_GENERAL,
    UNTUNED_AMAZON,
    UNTUNED_GENERAL,
    UNTUNED_TIH,
)
from benchmarks.retrieval_set import AMAZON, GENERAL, JOB_ADS, TIH
from storybank.core.models import Story, validate_story
from storybank.core.settings import Settings
from storybank.core.taxonomy import Catalog
from storybank.core.vocab import label_key
from storybank.readiness.crosswalk import links
from storybank.readiness.prepare import prepare
from storybank.readiness.questions import StoryMatcher, all_questions

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample-bank.json"
NEUTRAL = {
    "situation": "It happened at work last year.",
    "task": "I had to handle it.",
    "action": "I did what the situation needed, step by step.",
    "result": "It worked out and I wrote down what I learned.",
}


def one_per_competency(catalog: Catalog) -> list[Story]:
    """A bank with one ready story for each competency of the catalog."""
    return [
        validate_story(
            {"title": c.description[:120] or c.name, **NEUTRAL, "competencies": [c.name]}
        )
        for c in catalog.competencies
    ]


def sample_stories() -> list[Story]:
    """The committed sample bank's stories."""
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return [validate_story(s) for s in doc["stories"].values()]


def evaluate(
    matcher: StoryMatcher,
    catalog: Catalog,
    questions: Sequence[tuple[str, tuple[str, ...]]],
    misses: bool,
    label: str,
) -> dict[str, float]:
    """Top-1, top-3 and empty answers over the questions a story in the bank can answer."""
    top1 = top3 = empty = asked = 0
    held1 = held3 = held = 0
    stories = [p.story for p in matcher._profiles]
    for index, (text, wanted) in enumerate(questions):
        keys = {catalog.key(w) for w in wanted}
        fitting = [s for s in stories if keys & {catalog.key(c) for c in s.competencies}]
        if not fitting:
            continue
        asked += 1
        answer = matcher.rank(text, limit=3)
        good = [bool(keys & {catalog.key(c) for c in m.story.competencies}) for m in answer.matches]
        first = bool(good[:1] and good[0])
        top1 += first
        top3 += any(good)
        empty += not answer.matches
        if index % 4 == 3:
            held += 1
            held1 += first
            held3 += any(good)
        if misses and not first and index % 4 != 3:  # held-out misses stay unseen
            got = answer.matches[0].story.competencies if answer.matches else []
            seen = [name for _, name in answer.competencies]
            print(f"  [{label}] {text}\n     want {wanted}; got {got}; read {seen}")
    return {
        "questions": asked,
        "top1": top1 / asked,
        "top3": top3 / asked,
        "empty": empty,
        "held_out": held,
        "held_top1": held1 / held if held else 0.0,
        "held_top3": held3 / held if held else 0.0,
    }


def related_names(names: Sequence[str], floor: float = 0.8) -> tuple[str, ...]:
    """The names, and those the crosswalk links to them at least this closely."""
    keys = {label_key(n) for n in names}
    out = list(names)
    for left, right, weight in links():
        if weight >= floor and label_key(left) in keys:
            out.append(right)
        if weight >= floor and label_key(right) in keys:
            out.append(left)
    return tuple(out)


def job_ads(ads: Sequence[tuple[str, str, tuple[str, ...]]], misses: bool) -> dict[str, float]:
    """Micro precision and recall of the competencies `prepare` finds in the job ads."""
    catalog = Catalog(["general"])
    stories = sample_stories()
    matcher = StoryMatcher(stories, catalog)
    questions = all_questions(Settings())
    found = right = expected = found_all = right_all = 0
    for title, text, wanted in ads:
        prep = prepare(text, matcher, questions)
        got = {h.key for h in prep.hits}
        want = {catalog.key(w) for w in wanted}
        found += len(got)
        right += len(got & want)
        expected += len(want)
        # Counting "Also mentioned" too, as if it were on the list.
        every = got | {h.key for h in prep.mentioned}
        found_all += len(every)
        right_all += len(every & want)
        if misses and got != want:
            print(f"  [ad] {title}: extra {sorted(got - want)}; missing {sorted(want - got)}")
    return {
        "ads": len(ads),
        "precision": right / found,
        "recall": right / expected,
        "precision_all": right_all / found_all,
        "recall_all": right_all / expected,
    }


def speed(n: int = 10_000, runs: int = 200) -> dict[str, float]:
    """Milliseconds per free-text `answer` over n synthetic stories (the core, warmed up)."""
    catalog = Catalog(["general"])
    stories = generate(n)
    started, cpu = time.perf_counter(), time.process_time()
    matcher = StoryMatcher(stories, catalog)
    build = time.perf_counter() - started
    # Other work on a shared machine stretches the wall clock, not the CPU time.
    build_cpu = time.process_time() - cpu
    texts = [t for t, _ in GENERAL + AMAZON + TIH]
    for text in texts[:10]:
        matcher.rank(text, limit=5)
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        matcher.rank(texts[i % len(texts)], limit=5)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {
        "stories": n,
        "build_s": build,
        "build_cpu_s": build_cpu,
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(len(times) * 0.95) - 1],
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Print every figure; `--misses` also prints what went wrong."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, float]] = {}
    for taxonomy, questions in (("general", GENERAL), ("amazon", AMAZON), ("tih", TIH)):
        catalog = Catalog([taxonomy])
        matcher = StoryMatcher(one_per_competency(catalog), catalog)
        results[taxonomy] = evaluate(matcher, catalog, questions, args.misses, taxonomy)
    general = Catalog(["general"])
    sample = StoryMatcher(sample_stories(), general)
    results["sample bank (general questions)"] = evaluate(
        sample, general, GENERAL, args.misses, "sample"
    )
    across = [(t, related_names(w)) for t, w in AMAZON + TIH]
    one_each = StoryMatcher(one_per_competency(general), general)
    results["Amazon+TIH questions, general bank"] = evaluate(
        one_each, general, across, args.misses, "across"
    )
    everything = [r for k, r in results.items() if k in ("general", "amazon", "tih")]
    total = sum(r["questions"] for r in everything)
    results["all three styles"] = {
        "questions": total,
        "top1": sum(r["top1"] * r["questions"] for r in everything) / total,
        "top3": sum(r["top3"] * r["questions"] for r in everything) / total,
        "empty": sum(r["empty"] for r in everything),
        "held_out": sum(r["held_out"] for r in everything),
        "held_top1": sum(r["held_top1"] * r["held_out"] for r in everything)
        / sum(r["held_out"] for r in everything),
        "held_top3": sum(r["held_top3"] * r["held_out"] for r in everything)
        / sum(r["held_out"] for r in everything),
    }
    # The fresh set is never tuned on: its misses are never printed.
    fresh = []
    for taxonomy, questions in (
        ("general", FRESH_GENERAL),
        ("amazon", FRESH_AMAZON),
        ("tih", FRESH_TIH),
    ):
        catalog = Catalog([taxonomy])
        matcher = StoryMatcher(one_per_competency(catalog), catalog)
        fresh.append(evaluate(matcher, catalog, questions, False, "fresh"))
    for name, r in results.items():
        print(
            f"{name:<38} n={r['questions']:>3.0f}  top-1 {r['top1']:.1%}  top-3 {r['top3']:.1%}"
            f"  empty {r['empty']:.0f}  held-out ({r['held_out']:.0f}) top-1 "
            f"{r['held_top1']:.1%} top-3 {r['held_top3']:.1%}"
        )
    asked = sum(r["questions"] for r in fresh)
    print(
        f"{'fresh held-out set (all three styles)':<38} n={asked:>3.0f}  "
        f"top-1 {sum(r['top1'] * r['questions'] for r in fresh) / asked:.1%}  "
        f"top-3 {sum(r['top3'] * r['questions'] for r in fresh) / asked:.1%}  "
        f"empty {sum(r['empty'] for r in fresh):.0f}  "
        + "  ".join(
            f"{t} {r['top1']:.0%}/{r['top3']:.0%}"
            for t, r in zip(("general", "amazon", "tih"), fresh, strict=True)
        )
    )
    # Idioms: the set the general taxonomy's idioms were written against, then one never
    # tuned on (its misses are never printed).
    for label, sets, misses in (
        ("idiom set (tuned on)", (("general", IDIOMS_GENERAL), ("amazon", IDIOMS_AMAZON)), True),
        (
            "idiom set never tuned on",
            (("general", UNTUNED_GENERAL), ("amazon", UNTUNED_AMAZON), ("tih", UNTUNED_TIH)),
            False,
        ),
    ):
        parts = []
        for taxonomy, questions in sets:
            catalog = Catalog([taxonomy])
            matcher = StoryMatcher(one_per_competency(catalog), catalog)
            got = evaluate(matcher, catalog, questions, misses and args.misses, "idioms")
            parts.append((taxonomy, got))
        asked = sum(r["questions"] for _, r in parts)
        print(
            f"{label:<38} n={asked:>3.0f}  "
            f"top-1 {sum(r['top1'] * r['questions'] for _, r in parts) / asked:.1%}  "
            f"top-3 {sum(r['top3'] * r['questions'] for _, r in parts) / asked:.1%}  "
            f"empty {sum(r['empty'] for _, r in parts):.0f}  "
            + "  ".join(f"{t} {r['top1']:.0%}/{r['top3']:.0%}" for t, r in parts)
        )
    # The held-out ads are never tuned on either: their misses are never printed.
    for name, ads in (
        ("job ads", job_ads(JOB_ADS, args.misses)),
        ("held-out job ads", job_ads(FRESH_JOB_ADS, False)),
    ):
        print(
            f"{name}: {ads['ads']:.0f}  precision {ads['precision']:.2f}  "
            f'recall {ads["recall"]:.2f}  (with "also mentioned": precision '
            f"{ads['precision_all']:.2f}  recall {ads['recall_all']:.2f})"
        )
    if not args.no_speed:
        fast = speed()
        print(
            f"answer over {fast['stories']:,.0f} stories: p50 {fast['p50_ms']:.1f} ms, "
            f"p95 {fast['p95_ms']:.1f} ms (matcher built in {fast['build_s']:.2f} s, "
            f"{fast['build_cpu_s']:.2f} s CPU)"
        )


if __name__ == "__main__":
    main()
