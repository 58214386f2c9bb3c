"""What the quality rules look for in a story: measures, pronouns, hedges, passives, acronyms.

Each detector is a plain function of text, kept narrow on purpose: a rule that cries wolf
teaches people to ignore it, so these prefer missing a case to flagging a good sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from storybank.core.vocab import words


def _set(text: str) -> frozenset[str]:
    """The words of a list written out as one string."""
    return frozenset(text.split())


# A result is measured by a digit (30%, $2k, 3x, 2 weeks), a number written out, a sum of
# money, a multiple (doubled, halved), a span of time (within a week), a rate (from weekly to
# daily, from hours to minutes) or an arrow. "From X to Y" alone is not a measure: "from the
# old tracker to the new one" is a change, not an amount.
_NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    "forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|"
    "millions|billion|dozen|dozens|half|third|quarter|zero|none"
)
_UNITS = (
    r"seconds?|minutes?|hours?|days?|nights?|weeks?|months?|quarters?|years?|sprints?|"
    r"percent|per\s?cent|points?|times"
)
_MEASURE_RE = re.compile(
    r"\d"
    r"|[$€£¥%]"
    rf"|\b(?:{_NUMBER_WORDS})\b"
    r"|\b(?:doubled?|tripled?|halved?|twice|thrice|quadrupled?)\b"
    rf"|\b(?:a|an|each|per|within\s+a|in\s+a|under\s+a|over\s+a)\s+(?:{_UNITS})\b"
    r"|\b(?:hourly|daily|nightly|weekly|monthly|quarterly|yearly|annually)\b"
    rf"|\b(?:from|to)\s+(?:{_UNITS})\b"
    r"|→|->",
    re.IGNORECASE,
)


def has_measure(text: str) -> bool:
    """True when `text` holds a number, amount, span of time, multiple or before → after."""
    return bool(_MEASURE_RE.search(text))


_I_WORDS = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"})
_WE_WORDS = frozenset({"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'd", "we'll"})


def we_and_i(text: str) -> tuple[int, int]:
    """How many times `text` says "we" (us, our…) and how many "I" (me, my…)."""
    found = words(text)
    return sum(w in _WE_WORDS for w in found), sum(w in _I_WORDS for w in found)


# "kind of" / "sort of" hedge only when no determiner names a kind: "this kind of bug" is fine.
_KIND_DETERMINERS = _set(
    "a an the this that these those what which any every each some one same another no "
    "other new different our my their his her its"
)
# "just" is a filler unless it means recently (had just), exactly (just in time, just as),
# only before an amount (just 3 days), or "not just X but Y"; "really" unless asking what
# really happened.
_JUST_KEEP_AFTER = _set("in before after as when once enough like over under about right the a an")
_JUST_KEEP_BEFORE = _set("had has have having not")
_PLAIN_FILLERS_RE = re.compile(
    r"\b(?:basically|literally|i\s+think\s+maybe|i\s+guess|pretty\s+much|more\s+or\s+less)\b",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")


def _is_number(word: str) -> bool:
    return word[0].isdigit() or bool(re.fullmatch(_NUMBER_WORDS, word))


def fillers(text: str) -> list[str]:
    """The hedges and fillers in `text`, as written, in order ("kind of", "basically"…)."""
    found: list[tuple[int, str]] = [
        (m.start(), m.group()) for m in _PLAIN_FILLERS_RE.finditer(text)
    ]
    lowered = text.casefold()
    if not any(word in lowered for word in ("kind", "sort", "just", "really")):
        return [word for _, word in sorted(found)]  # no word the loop below looks at
    tokens = list(_WORD_RE.finditer(text))
    low = [t.group().casefold() for t in tokens]
    for i, word in enumerate(low):
        before = low[max(i - 2, 0) : i]
        after = low[i + 1] if i + 1 < len(low) else ""
        if word in ("kind", "sort") and after == "of":
            if not _KIND_DETERMINERS.intersection(before):
                found.append((tokens[i].start(), f"{tokens[i].group()} of"))
        elif word == "just":
            if after in _JUST_KEEP_AFTER or (after and _is_number(after)):
                continue
            if before and before[-1] in _JUST_KEEP_BEFORE:
                continue
            found.append((tokens[i].start(), tokens[i].group()))
        elif word == "really" and not (before and before[-1] in ("what", "whether", "who")):
            found.append((tokens[i].start(), tokens[i].group()))
    return [text for _, text in sorted(found)]


_BE = _set("am is are was were be been being")
# Words that may sit between the verb and its participle: "was not approved", "were then sent".
_BETWEEN = _set("not never also then quickly finally eventually soon later all")
_IRREGULAR = _set(
    """
    arisen awoken been beaten become begun bent bet bid bitten blown born borne bought bound
    broken brought built burnt caught chosen come cost cut dealt done drawn driven drunk dug
    eaten fallen fed felt fought found fled flown forbidden forgotten forgiven frozen given gone
    gotten ground grown hung heard hidden hit held hurt kept knelt known laid led leant left lent
    let lain lit lost made meant met mistaken overcome overdone overheard overrun overseen
    overtaken overthrown paid proven put quit read rebuilt redone rewritten ridden rung risen run
    said seen sought sold sent set sewn shaken shown shrunk shut sung sunk slept slid spoken
    spent spun split spread sprung stood stolen stuck stung struck sworn swept swum swung taken
    taught torn told thought thrown understood undertaken undone upheld woken worn won wound
    withdrawn withheld written
    """
)
# -ed words that after "was" describe a state or a feeling, not something done to someone.
_ED_ADJECTIVES = _set(
    """
    tired interested excited worried concerned involved supposed used surprised pleased
    frustrated bored annoyed scared determined prepared skilled talented experienced
    committed dedicated motivated embarrassed ashamed confused overwhelmed relieved stressed
    disappointed amazed delighted thrilled satisfied qualified based located engaged aligned
    focused stuck convinced sacred naked wicked rugged crooked beloved hundred kindred
    wretched red bed shed seed need feed speed bled bred fled led sped
    """
)


def _participle(word: str) -> bool:
    if word in _IRREGULAR:
        return word not in ("been", "come", "gone", "become")  # "was gone" is not passive
    return len(word) > 4 and word.endswith("ed") and word not in _ED_ADJECTIVES


def passives(text: str) -> list[str]:
    """The passive phrases in `text` ("was approved", "were not sent"), as written, in order."""
    tokens = list(_WORD_RE.finditer(text))
    low = [t.group().casefold() for t in tokens]
    found: list[str] = []
    for i, word in enumerate(low):
        if word not in _BE:
            continue
        j = i + 1
        if j < len(low) and (low[j] in _BETWEEN or low[j].endswith("ly")) and low[j] != "only":
            j += 1
        if j < len(low) and _participle(low[j]):
            found.append(text[tokens[i].start() : tokens[j].end()])
    return found


# Known to everyone who might interview: never worth spelling out.
KNOWN_ACRONYMS = _set(
    """
    CEO CFO CTO COO CIO VP API UK US USA EU UN IT HR AI OK TV PC PDF URL FAQ ID USB GPS
    """
)
_ACRONYM_RE = re.compile(r"\b([A-Z]{2,6})(?:s|'s|’s)?\b")
# Small words an expansion may skip: "Return on Investment" is ROI, "Bank of England" BoE.
_SKIPPABLE = _set("of and the for on in to a an &")


def _spelled_out(acronym: str, story_words: list[str]) -> bool:
    letters = acronym.casefold()

    def match(i: int, k: int) -> bool:
        if k == len(letters):
            return True
        if i >= len(story_words):
            return False
        word = story_words[i]
        if word[0] == letters[k] and match(i + 1, k + 1):
            return True
        return word in _SKIPPABLE and k > 0 and match(i + 1, k)

    return any(
        w[0] == letters[0] and match(i, 0) for i, w in enumerate(story_words) if w != letters
    )


def unexplained_acronyms(text: str, whole_story: Iterable[str]) -> list[str]:
    """The acronyms in `text` that `whole_story` never spells out and not everyone knows."""
    # Split only when an acronym needs it: most parts have none, and splitting the whole story
    # for every part was half of the check's time.
    story_words: list[str] | None = None
    found: list[str] = []
    for match in _ACRONYM_RE.finditer(text):
        acronym = match.group(1)
        if acronym in KNOWN_ACRONYMS or acronym in found:
            continue
        if story_words is None:
            story_words = [w for part in whole_story for w in words(part)]
        if not _spelled_out(acronym, story_words):
            found.append(acronym)
    return found


# A story about a failure or a conflict, told by its clear words. "The deploy failed" is not
# a failure of the teller's; "I failed" and "my mistake" are.
_HARD_STORY_RE = re.compile(
    r"\b(?:i|we)\s+(?:had\s+)?(?:failed|messed\s+up|got\s+it\s+wrong|blew\s+it|dropped\s+the\s+ball)"
    r"|\b(?:i|we)\s+(?:was|were)\s+wrong\b"
    r"|\b(?:i|we)\s+(?:had\s+)?made\s+(?:a|an|the|one)\s+(?:\w+\s+)?(?:mistake|error)"
    r"|\bmy\s+(?:own\s+)?(?:mistake|fault|error|failure)"
    r"|\b(?:a|the|our|in|into)\s+conflict\b"
    r"|\b(?:i|we|he|she|they)\s+(?:strongly\s+)?disagreed\b|\bdisagreement\b"
    r"|\bclash(?:ed|es)?\s+with\b|\b(?:argued|an\s+argument)\s+with\b",
    re.IGNORECASE,
)
# Competencies that promise a lesson: "Failure and learning", "Conflict resolution",
# "Have Backbone; Disagree and Commit", and the like (matched on their keys).
_HARD_COMPETENCY_WORDS = ("fail", "mistake", "conflict", "disagree")


def hard_story_words(text: str) -> str:
    """The words that show `text` tells of a failure or a conflict, or ''."""
    match = _HARD_STORY_RE.search(text)
    return match.group() if match else ""


def hard_competency(keys: Iterable[str]) -> bool:
    """True when a competency key names a failure, a mistake or a conflict."""
    return any(word in key for key in keys for word in _HARD_COMPETENCY_WORDS)
