"""Words for matching: one spelling (American, no contractions), then Snowball English stems."""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter

import snowballstemmer

from storybank.core.vocab import words as vocab_words

# Contractions said the long way, so "didn't" and "did not" are the same words.
_CONTRACTIONS = {
    "can't": "can not", "won't": "will not", "shan't": "shall not", "n't": " not",
    "'re": " are", "'ve": " have", "'ll": " will", "'d": " would", "'m": " am",
}  # fmt: skip
_CONTRACTION_RE = re.compile(r"can't|won't|shan't|n't|'re|'ve|'ll|'d|'m")

# British spellings that Snowball would stem apart from the American ones.
_BRITISH = {
    "behaviour": "behavior", "behaviours": "behaviors", "behavioural": "behavioral",
    "colour": "color", "favour": "favor", "favourite": "favorite", "honour": "honor",
    "labour": "labor", "neighbour": "neighbor", "humour": "humor", "rumour": "rumor",
    "endeavour": "endeavor", "centre": "center", "centres": "centers", "metre": "meter",
    "defence": "defense", "offence": "offense", "licence": "license", "practise": "practice",
    "practised": "practiced", "practising": "practicing", "programme": "program",
    "programmes": "programs", "judgement": "judgment", "judgements": "judgments",
    "catalogue": "catalog", "dialogue": "dialog", "analyse": "analyze", "analysed": "analyzed",
    "analysing": "analyzing", "travelled": "traveled", "travelling": "traveling",
    "cancelled": "canceled", "cancelling": "canceling", "modelling": "modeling",
    "modelled": "modeled", "labelled": "labeled", "labelling": "labeling",
    "enrol": "enroll", "fulfil": "fulfill", "skilful": "skillful", "maths": "math",
    "grey": "gray", "cheque": "check", "tyre": "tire", "ageing": "aging",
}  # fmt: skip
# -ise/-isation roots that are spelled -ize/-ization in American English (not "advise",
# "exercise", "compromise", "expertise", which end in -ise everywhere).
_ISE_RE = re.compile(
    r"\b(priorit|organ|recogn|real|util|standard|optim|minim|maxim|emphas|summar|apolog|"
    r"critic|special|categor|author|visual|mobil|modern|custom|familiar|capital|central|"
    r"final|normal|stabil|character|personal|synchron|energ|mesmer|symbol|harmon|jeopard|"
    r"monet|priorit|sympath|agon|galvan|revolution|scrutin|strateg|theor|memor|prior)"
    r"is(e|es|ed|ing|ation|ations|er|ers)\b"
)

# Short forms interviewers and job ads use, said in full so they meet the full words.
_SHORT_FORMS = {
    "pm": "product manager", "pms": "product managers", "mgr": "manager", "eng": "engineering",
    "ux": "user experience", "qa": "quality assurance", "sre": "site reliability engineer",
    "prod": "production", "infra": "infrastructure", "oncall": "on call", "okr": "goal",
    "okrs": "goals", "kpi": "metric", "kpis": "metrics", "mvp": "first version",
}  # fmt: skip

_STEMMER = snowballstemmer.stemmer("english")

_STOPWORDS_TEXT = """
    a about above after again all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    give had has have having he her here hers him his how i if in into is it its just me more
    most my no nor not now of off on once only or other our ours out over own same she should so
    some such than that the their theirs them then there these they this those through time to
    too under until up very was we were what when where which while who whom why will with would
    you your yours tell describe example walk us share talk times situation someone something
    ever did had one way give gave me got get"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


@functools.cache
def recipe() -> bytes:
    """What decides the words and stems of a text here (the tables, the patterns and the
    Snowball stemmer's answers), as bytes: anything made from stems and kept is made again
    when this changes."""
    probe = "generously prioritizing organizational happiness running cried skies agreed"
    parts = (
        sorted(_CONTRACTIONS.items()),
        _CONTRACTION_RE.pattern,
        sorted(_BRITISH.items()),
        _ISE_RE.pattern,
        sorted(_SHORT_FORMS.items()),
        sorted(STOPWORDS),
        vocab_words("Don't-stop naïve co-op façade"),
        [_STEMMER.stemWord(w) for w in probe.split()],
        # Which build stems (the C one from PyStemmer, or the pure Python one): the same
        # stems today, but two releases need not agree on every word.
        type(_STEMMER).__module__,
    )
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest().encode()


def normalize(text: str) -> str:
    """`text` lower-cased, with straight quotes, contractions spelled out and American spelling."""
    text = text.casefold().replace("’", "'").replace("‘", "'")
    text = _CONTRACTION_RE.sub(lambda m: _CONTRACTIONS[m.group(0)], text)
    text = _ISE_RE.sub(lambda m: f"{m.group(1)}iz{m.group(2)}", text)
    return text


# What each run of text between spaces becomes: its words, and the stems of those that carry
# meaning. Building the matcher for 10,000 stories reads millions of such runs but only tens
# of thousands of distinct ones, so spelling and stemming each once is most of the build.
_CACHE_SIZE = 200_000
_words_of: dict[str, tuple[str, ...]] = {}
_stems_of: dict[str, tuple[str, ...]] = {}


def _raw(text: str) -> list[str]:
    # No word holds a space, so splitting on spaces first (fast, in C) changes no word.
    return text.casefold().split()


def _spell(chunk: str) -> tuple[str, ...]:
    """One run's words: contractions spelled out, American spelling, short forms in full."""
    out: list[str] = []
    # Each word (vocab's one rule, apostrophes kept) is spelled out on its own.
    for raw in vocab_words(chunk.replace("‘", "'")):
        for word in vocab_words(normalize(raw)):
            full = _SHORT_FORMS.get(word)
            if full is None:
                out.append(_BRITISH.get(word, word))
            else:
                out += full.split()
    if len(_words_of) >= _CACHE_SIZE:
        _words_of.clear()
    found = _words_of[chunk] = tuple(out)
    return found


def words(text: str) -> list[str]:
    """The words of `text` after `normalize` (hyphens and punctuation split words)."""
    out: list[str] = []
    cache = _words_of
    for raw in _raw(text):
        found = cache.get(raw)
        out += _spell(raw) if found is None else found
    return out


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball English stem of one lower-case word ("prioritizing" -> "priorit")."""
    word = _BRITISH.get(word, word)
    return str(_STEMMER.stemWord(word))


def _is_content(word: str) -> bool:
    return len(word) > 2 and word not in STOPWORDS


def content_words(text: str) -> list[str]:
    """The words of `text` that carry meaning (no stop words, no one- or two-letter words)."""
    return [w for w in words(text) if _is_content(w)]


def _stem_raw(raw: str) -> tuple[str, ...]:
    found = _words_of.get(raw)
    spelled = _spell(raw) if found is None else found
    if len(_stems_of) >= _CACHE_SIZE:
        _stems_of.clear()
    out = _stems_of[raw] = tuple(stem(w) for w in spelled if _is_content(w))
    return out


def stems(text: str) -> list[str]:
    """The stems of `text`'s content words, in order, repeats kept."""
    out: list[str] = []
    cache = _stems_of
    for raw in _raw(text):
        found = cache.get(raw)
        out += _stem_raw(raw) if found is None else found
    return out


def stem_counts(text: str) -> dict[str, int]:
    """How often each stem of `text`'s content words occurs (`stems`, counted).

    Counting the raw words first reads each repeated word once: a story says "team" often.
    """
    out: dict[str, int] = {}
    cache = _stems_of
    for raw, count in Counter(_raw(text)).items():
        found = cache.get(raw)
        for term in _stem_raw(raw) if found is None else found:
            out[term] = out.get(term, 0) + count
    return out
