"""Redaction: stories with people, places and contacts replaced by stable placeholders.

One rule for every front end: `storybank export --redact`, `storybank show ID --redact` and the
app's redacted export all build a `Redactor` and pass their stories through it. Within one
`Redactor` (one export) the same name always gets the same placeholder ("Jane Smith", "JANE
SMITH" and "Jane Smith's" are all "[colleague 1]"); numbers go by first appearance, so a
placeholder says nothing about the order or the length of the user's list.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storybank.core.redactnames import NAME_KINDS, RedactNames, name_key
from storybank.core.vocab import TEXT_PARTS

if TYPE_CHECKING:
    from storybank.core.models import Story

ORGANIZATION = "organization"
ROLE = "role"
EMAIL = "email"
LINK = "link"
PHONE = "phone"
# Kinds whose placeholders are numbered and listed in the map, in the map's order.
NUMBERED_KINDS = (*NAME_KINDS, ORGANIZATION, ROLE, EMAIL, LINK, PHONE)
# Figures are hidden without numbers: "$[amount]" keeps the sentence readable, and a map of
# every figure would be as long as the story.
FIGURE_WORDS = ("amount", "percent", "number")

_WORD = re.compile(r"\w")
_WORD_RUN = re.compile(r"\w+")
# Letters the names pattern takes as the case twin of an ASCII letter (ı and İ of i, ſ of s,
# the Kelvin sign of k): a spelling with one is always given the full pattern.
_ASCII_TWINS = frozenset("\u0130\u0131\u017f\u212a")
# A placeholder already in the text is left as it is, so redacting is idempotent.
_PLACEHOLDER = re.compile(
    r"\[(?:" + "|".join(NUMBERED_KINDS) + r") [1-9][0-9]*\]|\[(?:" + "|".join(FIGURE_WORDS) + r")\]"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
# Common top-level domains, for addresses written without a scheme ("acme.com/careers"); a
# bare word with a dot ("e.g.", "v2.1") is not a link.
_TLDS = (
    "com|org|net|io|co|ai|dev|app|edu|gov|info|biz|me|us|uk|de|fr|nl|es|it|se|no|dk|fi|ie|"
    "ch|at|be|pl|pt|cz|ca|au|nz|in|jp|cn|sg|hk|br|mx|za|eu|tech|cloud|ly|tv"
)
_LINK = re.compile(
    r"(?:\b(?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp])://|\b[Ww][Ww][Ww]\.)[^\s<>\"'()\[\]]+"
    # A bare domain's ending is lower case ("acme.io"), so "ASP.NET" stays a product name.
    r"|(?<![\w@.-])(?:[A-Za-z0-9-]+\.)+(?:" + _TLDS + r")(?:/[^\s<>\"'()\[\]]*)?(?![\w@-])",
)
_LINK_TAIL = ".,;:!?"
# Cheap first looks: most story text has no "@", no link and no run of digits, and the full
# patterns (which start with a look-behind) cost several times more to rule that out.
_LINK_HINT = re.compile(r"://|[Ww][Ww][Ww]\.|\.(?:" + _TLDS + r")\b")
_PHONE_HINT = re.compile(r"\d[\d\s().-]{5,}\d")
_FIGURE_HINT = re.compile(r"\d")
# A phone number: an international or bracketed prefix, or digit groups joined by spaces,
# dots or dashes, 7 to 15 digits in all. Dates and year ranges are told apart below.
_PHONE = re.compile(
    r"(?<![\w.+-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,4}(?![\w-]|\.\d)"
    r"|(?<![\w.+-])\+\d{7,15}(?!\w)"
)
_ISO_DATE = re.compile(r"^\d{4}[-./]\d{1,2}([-./]\d{1,2})?$")
_YEAR_RUN = re.compile(r"^(?:19|20)\d\d(?:\s*[-./]\s*(?:19|20)\d\d)*$")
_NUMBER = r"\d+(?:[.,]\d+)*"
_MAGNITUDE = r"(?:\s?(?:k|K|m|M|mm|MM|bn|BN|b|B)\b|\s(?:thousand|million|billion|trillion)\b)"
_CURRENCY_SIGN = re.compile(
    r"(?P<sign>[$€£¥₹]|\b(?:USD|EUR|GBP|CHF|CAD|AUD|JPY|INR)\s?)" + _NUMBER + _MAGNITUDE + "?",
)
_CURRENCY_WORD = re.compile(
    r"(?<![\w.])" + _NUMBER + _MAGNITUDE + r"?\s?(?:dollars|euros|pounds|USD|EUR|GBP)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(?<![\w.])" + _NUMBER + r"\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)
# Counts big enough to identify ("12,400 customers", "3.5M users", "2 million"); small ones
# ("3 engineers") and bare years stay, or the story would stop reading as one.
_BIG_COUNT = re.compile(
    r"(?<![\w.,])(?:"
    + "|".join(
        (
            r"\d{1,3}(?:,\d{3})+(?:\.\d+)?",  # 12,400
            r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?",  # 1.250.000
            r"\d{5,}(?:\.\d+)?",  # 25000
            r"\d+(?:\.\d+)?" + _MAGNITUDE,  # 3.5M, 2 million
        )
    )
    + r")(?!\w|[.,]\d)"
)


# The detector behind each span priority (see Redactor._spans).
DETECTORS = {1: EMAIL, 2: LINK, 3: PHONE, 4: "name", 5: "figure", 6: "figure", 7: "figure"}


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _legal_core(organization: str) -> str:
    """`Acme Corp` → `Acme`: a company's name as its people write it in a story."""
    return re.sub(
        r"[\s,]+(?:inc|ltd|llc|llp|plc|corp|corporation|co|gmbh|ag|sa|sas|bv|nv|pty|limited|"
        r"group|holdings)\.?$",
        "",
        organization,
        flags=re.IGNORECASE,
    ).strip()


@dataclass
class _Entity:
    """One thing with a placeholder: a listed name, an organization, an address..."""

    kind: str
    shown: str  # as the map shows it: the listed name, or the first spelling met
    number: int = 0  # given on first use
    spellings: set[str] = field(default_factory=set)


class Redactor:
    """Replaces what identifies people and places; one per export, so placeholders stay put."""

    def __init__(
        self,
        names: RedactNames,
        *,
        organizations: Iterable[str] = (),
        figures: bool = False,
    ) -> None:
        self.figures = figures
        self._entities: dict[tuple[str, str], _Entity] = {}
        self._by_spelling: dict[str, _Entity] = {}  # by name_key
        self._spelled: dict[str, _Entity] = {}  # as written
        self._counters: dict[str, int] = {}
        for kind, listed in names.by_kind():
            for entry in listed:
                entity = _Entity(kind, entry.name)
                self._entities[(kind, name_key(entry.name))] = entity
                for spelling in entry.spellings():
                    self._by_spelling[name_key(spelling)] = entity
                    self._spelled[spelling] = entity
        self._names_re: re.Pattern[str] | None = None
        self._names_stale = True  # compiled on first use, again after a new organization
        self._first_words: set[str] | None = None
        for organization in organizations:
            self._add_organization(organization)

    # Building ---------------------------------------------------------------------------

    def _add_organization(self, organization: str) -> _Entity | None:
        key = name_key(organization)
        if not key:
            return None
        if key in self._by_spelling:
            return self._by_spelling[key]
        core = _legal_core(organization)
        # A listed name ("Acme" as a client) and the organization field ("Acme Corp") are one
        # thing: it keeps the listed name's placeholder.
        entity = self._by_spelling.get(name_key(core)) if core else None
        if entity is None:
            entity = _Entity(ORGANIZATION, organization)
            self._entities[(ORGANIZATION, key)] = entity
        self._by_spelling[key] = entity
        self._names_stale = True
        self._spelled.setdefault(tidy(organization), entity)
        if core and _WORD.search(core) and name_key(core) not in self._by_spelling:
            self._by_spelling[name_key(core)] = entity
            self._spelled.setdefault(core, entity)
        return entity

    def _compile_names(self) -> re.Pattern[str] | None:
        if not self._spelled:
            return None
        # Longest first, so "Jane Smith" wins over "Jane"; any white space between words. The
        # spellings as written, not casefolded: "ß" must match "ß", not only "ss".
        spellings = sorted(self._spelled, key=len, reverse=True)
        alternatives = [r"\s+".join(re.escape(w) for w in s.split(" ")) for s in spellings]
        return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)

    def _may_name(self, text: str) -> bool:
        """False only when no listed spelling can be in `text`: a quick look (a set of words)
        before the full pattern, which costs more than the rest of the rule together.

        A match starts with a whole word of the text equal, ignoring case, to the spelling's
        first word. Only ASCII text is looked at this way: there ignoring case is lower(), and
        a spelling's word with no ASCII twin under the pattern's rule can never be equal.
        """
        if self._first_words is None or not text.isascii():
            return True
        return not self._first_words.isdisjoint(_WORD_RUN.findall(text.lower()))

    def _quick_words(self) -> set[str] | None:
        words = set()
        for spelling in self._spelled:
            first = _WORD_RUN.match(spelling)
            if first is None or _ASCII_TWINS.intersection(first.group()):
                return None  # starts with a sign (".NET") or has a letter like "ı": no quick look
            words.add(first.group().lower())
        return words

    def _entity_for(self, found: str) -> _Entity:
        """The entity a match of the names pattern stands for."""
        entity = self._by_spelling.get(name_key(found))
        if entity is not None:
            return entity
        # A case match that casefolding does not see as one ("ı" matches "I"): ask each
        # spelling's own pattern.
        for spelling, owner in self._spelled.items():
            words = r"\s+".join(re.escape(w) for w in spelling.split(" "))
            if re.fullmatch(words, found, re.IGNORECASE):
                return owner
        raise LookupError(found)  # the pattern is built from these spellings: never reached

    # Placeholders -----------------------------------------------------------------------

    def _placeholder(self, entity: _Entity, spelling: str) -> str:
        if not entity.number:
            self._counters[entity.kind] = self._counters.get(entity.kind, 0) + 1
            entity.number = self._counters[entity.kind]
        entity.spellings.add(spelling)
        return f"[{entity.kind} {entity.number}]"

    def _keyed(self, kind: str, text: str, key: str) -> str:
        entity = self._entities.get((kind, key))
        if entity is None:
            entity = self._entities[(kind, key)] = _Entity(kind, text)
        return self._placeholder(entity, text)

    # Finding ----------------------------------------------------------------------------

    def _spans(self, text: str) -> Iterator[tuple[int, int, int, Callable[[], str]]]:
        """Candidate spans as (start, end, priority, replacement); lower priority wins ties.

        Replacements are made only for the spans kept, so a placeholder is numbered only when
        it is used (a name inside an e-mail address takes no number of its own).
        """

        def keep(found: str) -> Callable[[], str]:
            return lambda: found

        def keyed(kind: str, found: str, key: str) -> Callable[[], str]:
            return lambda: self._keyed(kind, found, key)

        def listed(found: str) -> Callable[[], str]:
            return lambda: self._placeholder(self._entity_for(found), tidy(found))

        for m in _PLACEHOLDER.finditer(text):
            yield m.start(), m.end(), 0, keep(m.group())
        has_at = "@" in text
        for m in _EMAIL.finditer(text) if has_at else ():
            yield m.start(), m.end(), 1, keyed(EMAIL, m.group(), m.group().casefold())
        for m in _LINK.finditer(text) if _LINK_HINT.search(text) else ():
            link = m.group().rstrip(_LINK_TAIL)
            key = link.casefold().removesuffix("/")
            yield m.start(), m.start() + len(link), 2, keyed(LINK, link, key)
        for m in _PHONE.finditer(text) if _PHONE_HINT.search(text) else ():
            number = m.group()
            if self._is_phone(number):
                key = "".join(ch for ch in number if ch.isdigit() or ch == "+")
                yield m.start(), m.end(), 3, keyed(PHONE, number, key)
        if self._names_stale:
            self._names_re, self._names_stale = self._compile_names(), False
            self._first_words = self._quick_words()
        if self._names_re is not None and self._may_name(text):
            for m in self._names_re.finditer(text):
                yield m.start(), m.end(), 4, listed(m.group())
        if self.figures and _FIGURE_HINT.search(text):
            for m in _CURRENCY_SIGN.finditer(text):
                yield m.start(), m.end(), 5, keep(f"{m.group('sign')}[amount]")
            for m in _CURRENCY_WORD.finditer(text):
                yield m.start(), m.end(), 5, keep("[amount]")
            for m in _PERCENT.finditer(text):
                yield m.start(), m.end(), 6, keep("[percent]")
            for m in _BIG_COUNT.finditer(text):
                yield m.start(), m.end(), 7, keep("[number]")

    @staticmethod
    def _is_phone(number: str) -> bool:
        digits = _digits(number)
        if not 7 <= digits <= 15:
            return False
        if _ISO_DATE.match(number) or _YEAR_RUN.match(number):
            return False
        if number.startswith(("+", "(")):
            return True
        groups = re.split(r"[\s.-]", number)
        # "12 500" or "1.250.000" are amounts written with a separator, not phones.
        return not all(len(g) == 3 for g in groups[1:]) or len(groups) >= 4

    def _chosen(self, text: str) -> list[tuple[int, int, int, Callable[[], str]]]:
        """The spans to replace, earliest first, none overlapping another or a placeholder."""
        spans = sorted(self._spans(text), key=lambda s: (s[0], s[2], -s[1]))
        kept = [(start, end) for start, end, priority, _ in spans if not priority]
        starts = [start for start, _ in kept]
        chosen = []
        position = 0
        for span in spans:
            start, end, priority, _ = span
            if start < position:
                continue  # inside a span already taken
            if priority:
                # A placeholder already there is never cut into (a listed name with a bracket
                # could reach into one): so each pass hides at least one character more.
                after = bisect.bisect_left(starts, start)
                if after < len(starts) and starts[after] < end:
                    continue
            chosen.append(span)
            position = end
        return chosen

    def _once(self, text: str) -> str:
        out: list[str] = []
        position = 0
        for start, end, _priority, replacement in self._chosen(text):
            out.append(text[position:start])
            out.append(replacement())
            position = end
        out.append(text[position:])
        return "".join(out)

    # Public -----------------------------------------------------------------------------

    def text(self, text: str) -> str:
        """`text` with every listed name, organization, address, link and phone replaced."""
        # A replacement can change what a neighbour is bounded by ("C++C++" → "C++[product 1]"
        # leaves a "C++" that now stands alone): go again until nothing changes. Each pass that
        # changes something hides at least one more character, so this ends.
        while True:
            redacted = self._once(text)
            if redacted == text:
                return text
            text = redacted

    def found(self, text: str) -> list[tuple[int, int, str]]:
        """Where in `text` one pass would replace something, and which detector found it
        (placeholders already there are not counted): for measuring the rule against labels."""
        return [
            (start, end, DETECTORS[priority])
            for start, end, priority, _ in self._chosen(text)
            if priority
        ]

    def story(self, story: Story) -> Story:
        """A copy of `story` with its text, labels, organization and role redacted."""
        source = story.source
        organization = ""
        if source.organization:
            entity = self._add_organization(source.organization)
            if entity is not None:
                organization = self._placeholder(entity, source.organization)
        role = self._keyed(ROLE, source.role, name_key(source.role)) if source.role else ""
        changes: dict[str, object] = {
            part: self.text(getattr(story, part)) for part in ("title", "hook", *TEXT_PARTS)
        }
        changes["tags"] = [self.text(t) for t in story.tags]
        changes["competencies"] = [self.text(c) for c in story.competencies]
        changes["source"] = source.model_copy(update={"organization": organization, "role": role})
        return story.model_copy(update=changes)

    def stories(self, stories: Iterable[Story]) -> list[Story]:
        """Each story redacted, in order, sharing this export's placeholders."""
        return [self.story(s) for s in stories]

    def mapping(self) -> list[tuple[str, str]]:
        """(placeholder, what it stands for) for every placeholder used, kind by kind."""
        used = [e for e in self._entities.values() if e.number]
        used.sort(key=lambda e: (NUMBERED_KINDS.index(e.kind), e.number))
        rows = []
        for entity in used:
            others = sorted(s for s in entity.spellings if name_key(s) != name_key(entity.shown))
            shown = entity.shown + (f" (also {', '.join(others)})" if others else "")
            rows.append((f"[{entity.kind} {entity.number}]", shown))
        return rows


def tidy(text: str) -> str:
    """A matched spelling with its inner white space made one space (for the map)."""
    return " ".join(text.split())


def redactor_for(
    names: RedactNames, stories: Iterable[Story], *, figures: bool = False
) -> Redactor:
    """A redactor that knows every organization of `stories`, so a name from one story's
    source is hidden in every other story's text too."""
    return Redactor(names, organizations=(s.source.organization for s in stories), figures=figures)


def map_text(rows: list[tuple[str, str]]) -> str:
    """The map of placeholders as lines for a person to read."""
    if not rows:
        return "Nothing was redacted.\n"
    width = max(len(p) for p, _ in rows)
    return "".join(f"{p.ljust(width)}  {shown}\n" for p, shown in rows)
