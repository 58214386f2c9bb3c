"""The quality check: findings for one story, each with what to change and why, and a score."""

from __future__ import annotations

import hashlib
import importlib
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storybank.core.timing import (
    LONGEST_SECONDS,
    SHORTEST_SECONDS,
    WORDS_PER_MINUTE,
    format_duration,
    time_story,
    word_count,
)
from storybank.core.vocab import STAR_PARTS, TEXT_PARTS, counted
from storybank.quality import detect
from storybank.quality.score import READY_SCORE as READY_SCORE

if TYPE_CHECKING:
    from storybank.core.models import Story

# PRODUCT: Situation ~10–15%, Task ~10–20%, Action ~50–60%, Result ~10–20%. The action is
# flagged well below its share, so a story told a little differently is not.
ACTION_SHARE = 0.40
# A part shorter than this cannot carry what it must: a sentence for the scene or the goal.
THIN_WORDS = {"situation": 8, "task": 6, "result": 6}
MAX_COMPETENCIES = 4


@dataclass(frozen=True)
class Rule:
    """One thing the check looks for, and how much it costs the score."""

    id: str
    title: str
    points: int  # taken off for each finding (or each instance, for counted rules)
    cap: int  # the most this rule can take off one story


RULES: tuple[Rule, ...] = (
    Rule("missing-part", "A STAR part is empty", 20, 80),
    Rule("thin-part", "The situation, task or result is too thin", 5, 15),
    Rule("thin-action", "The action is under 40% of the story", 10, 10),
    Rule("unmeasured-result", "The result has no measure", 15, 15),
    Rule("we-over-i", "The action says “we” more than “I”", 10, 10),
    Rule("too-short", "Under 1.5 minutes spoken", 10, 10),
    Rule("too-long", "Over 3 minutes spoken", 10, 10),
    Rule("filler", "Hedges and fillers", 2, 8),
    Rule("passive-action", "Passive voice in the action", 3, 9),
    Rule("acronym", "Acronyms not spelled out", 3, 9),
    Rule("long-situation", "The situation runs longer than the action", 8, 8),
    Rule("no-reflection", "A failure or conflict story with no reflection", 8, 8),
    Rule("no-competency", "No competency", 5, 5),
    Rule("too-many-competencies", "More than four competencies", 5, 5),
)
RULE_IDS = tuple(rule.id for rule in RULES)
# A missing part is a fact, not an opinion: a story without one stays a draft, so it is never
# silenced (silencing it would call a draft strong).
UNSILENCEABLE = frozenset({"missing-part"})
_BY_ID = {rule.id: rule for rule in RULES}


@dataclass(frozen=True)
class Finding:
    """One problem: the rule, the part it is in, what to change and why it matters."""

    rule: str
    part: str  # a text part, "story" or "competencies"
    change: str
    why: str
    instances: int = 1  # counted rules: how many fillers, passives or acronyms

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types for `--format json`."""
        return {
            "rule": self.rule,
            "part": self.part,
            "change": self.change,
            "why": self.why,
            "instances": self.instances,
        }


@dataclass(frozen=True)
class Report:
    """The findings for one story and its score out of 100, with each rule's deduction."""

    story_id: str
    title: str
    findings: tuple[Finding, ...]
    deductions: dict[str, int]  # rule id -> points taken off (only rules that fired)
    silenced: tuple[Finding, ...] = ()  # findings of rules the writer turned off: no cost

    @property
    def score(self) -> int:
        """100 less every deduction, never below 0."""
        return max(0, 100 - sum(self.deductions.values()))

    def costs(self) -> list[int]:
        """What each finding takes off, in order: together, each rule's deduction."""
        left = dict(self.deductions)
        out = []
        for finding in self.findings:
            cost = min(_BY_ID[finding.rule].points * finding.instances, left[finding.rule])
            left[finding.rule] -= cost
            out.append(cost)
        return out

    @property
    def strong(self) -> bool:
        """True when the score reaches READY_SCORE and no part is missing (a draft, however
        well written so far, is not ready to tell)."""
        return self.score >= READY_SCORE and "missing-part" not in self.rules

    @property
    def rules(self) -> set[str]:
        """The ids of the rules that fired."""
        return {finding.rule for finding in self.findings}

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types for `--format json`."""
        return {
            "id": self.story_id,
            "title": self.title,
            "score": self.score,
            "strong": self.strong,
            "deductions": self.deductions,
            "findings": [
                {**finding.to_json(), "deduction": cost}
                for finding, cost in zip(self.findings, self.costs(), strict=True)
            ],
            "silenced": [finding.to_json() for finding in self.silenced],
        }


def _quoted(found: list[str], limit: int = 3) -> str:
    shown = ", ".join(f"“{item}”" for item in found[:limit])
    more = len(found) - limit
    return shown + (f" and {more} more" if more > 0 else "")


def _parts(story: Story) -> list[Finding]:
    findings: list[Finding] = []
    for part in story.missing_parts:
        findings.append(
            Finding(
                "missing-part",
                part,
                f"Write the {part}: the story has none yet.",
                "Without all four STAR parts the interviewer has to guess what you did.",
            )
        )
    for part, least in THIN_WORDS.items():
        text = getattr(story, part)
        if text and word_count(text) < least:
            findings.append(
                Finding(
                    "thin-part",
                    part,
                    f"Give the {part} a full sentence or two: it has "
                    f"{counted(word_count(text), 'word', 'words')}.",
                    {
                        "situation": "The interviewer needs the scene and the stakes to follow "
                        "the rest.",
                        "task": "Saying what you had to achieve shows why your action mattered.",
                        "result": "The result is what the interviewer remembers, so it needs "
                        "room to land.",
                    }[part],
                )
            )
    return findings


def _balance(story: Story, words: dict[str, int]) -> list[Finding]:
    findings: list[Finding] = []
    star = sum(words[p] for p in STAR_PARTS)
    action = words["action"]
    if action and star and action / star < ACTION_SHARE:
        findings.append(
            Finding(
                "thin-action",
                "action",
                f"Tell more of what you did: the action is {round(100 * action / star)}% of "
                f"the story, and about half is usual.",
                "The action is where the interviewer learns how you work.",
            )
        )
    if action and words["situation"] > action:
        findings.append(
            Finding(
                "long-situation",
                "situation",
                f"Cut the situation to the essentials: it has {words['situation']} words and "
                f"the action {action}.",
                "A long setup spends the interviewer's attention before you get to your part.",
            )
        )
    return findings


def _result(story: Story) -> list[Finding]:
    if not story.result or detect.has_measure(story.result):
        return []
    return [
        Finding(
            "unmeasured-result",
            "result",
            "Put a measure in the result: a number, a percentage, time or money saved, "
            "or a before and after.",
            "A measured result is proof; without one the outcome is only your word.",
        )
    ]


def _ownership(story: Story) -> list[Finding]:
    we, i = detect.we_and_i(story.action)
    if we <= i:
        return []
    return [
        Finding(
            "we-over-i",
            "action",
            f"Say what you did yourself: the action says “we” {counted(we, 'time', 'times')} "
            f"and “I” {counted(i, 'time', 'times')}.",
            "Interviewers hire you, not your team, so they listen for your own steps.",
        )
    ]


def _length(total_words: int, seconds: int) -> list[Finding]:
    if total_words and seconds < SHORTEST_SECONDS:
        return [
            Finding(
                "too-short",
                "story",
                f"Add detail, mostly to the action and result: the story takes about "
                f"{format_duration(seconds)} to tell.",
                f"Most answers run 1.5 to 3 minutes ({WORDS_PER_MINUTE} words a minute); "
                "a short one sounds unprepared.",
            )
        ]
    if seconds > LONGEST_SECONDS:
        return [
            Finding(
                "too-long",
                "story",
                f"Trim the situation and task first: the story takes about "
                f"{format_duration(seconds)} to tell.",
                f"Most answers run 1.5 to 3 minutes ({WORDS_PER_MINUTE} words a minute); "
                "past that, interviewers stop listening.",
            )
        ]
    return []


def _wording(story: Story) -> list[Finding]:
    findings: list[Finding] = []
    for part in TEXT_PARTS:
        found = detect.fillers(getattr(story, part))
        if found:
            findings.append(
                Finding(
                    "filler",
                    part,
                    f"Cut {_quoted(found)}: say it plainly.",
                    "Hedges and fillers make a real achievement sound unsure.",
                    len(found),
                )
            )
    passive = detect.passives(story.action)
    if passive:
        findings.append(
            Finding(
                "passive-action",
                "action",
                f"Say who did it: {_quoted(passive)} hides the one acting.",
                "In the passive voice the interviewer cannot tell your work from others'.",
                len(passive),
            )
        )
    whole = [story.title, story.hook, *(getattr(story, p) for p in TEXT_PARTS)]
    seen: set[str] = set()
    for part in TEXT_PARTS:
        found = [
            a for a in detect.unexplained_acronyms(getattr(story, part), whole) if a not in seen
        ]
        seen.update(found)
        if found:
            findings.append(
                Finding(
                    "acronym",
                    part,
                    f"Spell out {_quoted(found)} the first time, or say it in plain words.",
                    "An interviewer from another company may not know your team's shorthand.",
                    len(found),
                )
            )
    return findings


def _framing(story: Story) -> list[Finding]:
    findings: list[Finding] = []
    if not story.reflection:
        told = detect.hard_story_words(" ".join(getattr(story, p) for p in STAR_PARTS))
        if detect.hard_competency(story.competency_keys()) or told:
            kind = f"it says “{told}”" if told else "its competencies say so"
            findings.append(
                Finding(
                    "no-reflection",
                    "reflection",
                    f"Add what you learned: this is a failure or conflict story ({kind}).",
                    "With a failure or a conflict, interviewers are asking what you took from it.",
                )
            )
    if not story.competencies:
        findings.append(
            Finding(
                "no-competency",
                "competencies",
                "Tag the story with the competency it shows, such as Leadership or Ownership.",
                "Untagged, the story will not come up when you prepare for a question.",
            )
        )
    elif len(story.competencies) > MAX_COMPETENCIES:
        findings.append(
            Finding(
                "too-many-competencies",
                "competencies",
                f"Keep the {MAX_COMPETENCIES} competencies it shows best: it has "
                f"{len(story.competencies)}.",
                "A story tagged with everything is chosen for questions it answers poorly.",
            )
        )
    return findings


def check_story(story: Story) -> Report:
    """Check one story against every rule: its findings and its score (rules the story has
    silenced are reported apart and cost nothing)."""
    timing = time_story(story)
    findings = [
        *_parts(story),
        *_balance(story, timing.words),
        *_result(story),
        *_ownership(story),
        *_length(timing.total_words, timing.total_seconds),
        *_wording(story),
        *_framing(story),
    ]
    off = set(story.silenced) - UNSILENCEABLE
    quiet = tuple(f for f in findings if f.rule in off)
    findings = [f for f in findings if f.rule not in off]
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + finding.instances
    deductions = {
        rule.id: min(rule.cap, rule.points * counts[rule.id]) for rule in RULES if rule.id in counts
    }
    order = {rule_id: i for i, rule_id in enumerate(RULE_IDS)}
    findings.sort(key=lambda f: order[f.rule])
    return Report(story.id, story.title, tuple(findings), deductions, quiet)


# The last report of each story, by id, with the very story object it was made from: stories
# are frozen and every change makes a new object, so a hit is always current. Lists redraw
# their rows often and a bank session keeps its stories, so each is checked once.
_REPORTS: dict[str, tuple[Story, Report]] = {}
_REPORTS_MAX = 20_000


def report_for(story: Story) -> Report:
    """The check of `story`, made once per story object."""
    hit = _REPORTS.get(story.id)
    if hit is not None and hit[0] is story:
        return hit[1]
    report = check_story(story)
    if len(_REPORTS) >= _REPORTS_MAX:
        _REPORTS.clear()
    _REPORTS[story.id] = (story, report)
    return report


def is_strong(story: Story) -> bool:
    """True when the story has all four parts and scores READY_SCORE or more: truly ready."""
    return not story.missing_parts and report_for(story).strong


def rule(rule_id: str) -> Rule:
    """The rule with this id."""
    return _BY_ID[rule_id]


# The modules whose code decides a report: the rules and their words here, the word counts and
# timing, the parts and labels of a story.
_RECIPE_MODULES = (
    __name__,
    "storybank.quality.detect",
    "storybank.quality.score",
    "storybank.core.timing",
    "storybank.core.vocab",
    "storybank.core.models",
)


def check_recipe() -> bytes:
    """What decides a story's report, as bytes (a digest of the check's own code): anything
    made from reports and kept is made again when this changes."""
    digest = hashlib.blake2b(digest_size=16)
    for name in _RECIPE_MODULES:
        source = importlib.import_module(name).__file__
        try:
            if source is None:
                raise OSError(name)
            digest.update(Path(source).read_bytes())
        except OSError:
            # Code we cannot read cannot vouch for a kept report: one that never matches.
            digest.update(secrets.token_bytes(16))
        digest.update(b"\0")
    return b"check|" + digest.hexdigest().encode()
