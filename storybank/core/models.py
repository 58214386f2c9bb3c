"""The story model: STAR parts, source, competencies and tags, validated with people's words."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from storybank.core.errors import FieldProblem, StoryValidationError

# Re-exported: the models' public vocabulary lives where quick paths can import it alone.
from storybank.core.vocab import (
    SCHEMA_VERSION as SCHEMA_VERSION,
    STAR_PARTS as STAR_PARTS,
    TEXT_PARTS as TEXT_PARTS,
    SourceKind as SourceKind,
    Status as Status,
    label_key as label_key,
    source_label as source_label,
    tidy_label as tidy_label,
)

TITLE_MAX = 120
HOOK_MAX = 200
PART_MAX = 20_000
NAME_MAX = 120
LABEL_MAX = 60
CUE_MAX = 2_000
RULE_ID_MAX = 40

_ID_RE = re.compile(r"^s-[0-9a-f]{6,12}$")
_POINT = r"\d{4}(?:-(?:0[1-9]|1[0-2]))?"
_WHEN_RE = re.compile(
    rf"^(?:{_POINT}|{_POINT}\s*(?:-|–|—|to|\.\.)\s*(?:{_POINT}|present|now))$", re.IGNORECASE
)


def new_story_id() -> str:
    """A short random id people can type, such as `s-3f9a2c1e`."""
    # 8 hex digits: two banks of 10,000 stories merged by an import share an id in about one
    # merge of 40 (with 6 digits, about 6 ids in every merge). A clash is drawn again anyway.
    return f"s-{secrets.token_hex(4)}"


def utc_now() -> datetime:
    """The current time in UTC (to the microsecond, so two quick edits still differ)."""
    return datetime.now(UTC)


def _normalize_labels(values: list[str], what: str, *, tag: bool) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for raw in values:
        name = tidy_label(raw)
        if tag:
            name = name.lstrip("#").strip().replace(" ", "-")
        if not name:
            continue
        if len(name) > LABEL_MAX:
            raise ValueError(
                f"{what} “{name[:20]}…” is longer than {LABEL_MAX} characters: it has {len(name)}"
            )
        key = label_key(name)
        if not key:
            raise ValueError(f"{what} “{name}” needs more than spaces and dashes")
        if key in seen:
            continue
        seen.add(key)
        out.append(name)
    return out


# The validation context's key for a dict in which stories validated together share their
# equal parts: `STORY_LIST.validate_python(docs, context={SHARED_PARTS: {}})`.
SHARED_PARTS = "shared_parts"


class Source(BaseModel):
    """The place and time a story happened."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    kind: SourceKind = SourceKind.WORK
    organization: Annotated[str, Field(max_length=NAME_MAX)] = ""
    role: Annotated[str, Field(max_length=NAME_MAX)] = ""
    when: str = ""

    @field_validator("organization", "role", mode="before")
    @classmethod
    def _one_line(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tidy_label(value)
        return value

    @field_validator("when", mode="before")
    @classmethod
    def _when(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        value = tidy_label(value)
        if value and not _WHEN_RE.match(value):
            raise ValueError(
                "must be a year (2023), a month (2023-04) "
                "or a range (2021-2023, 2023-04 to present)"
            )
        return value

    def label(self) -> str:
        """`work · Acme` style, for lists."""
        return source_label(self.kind.value, self.organization)


class Story(BaseModel):
    """One interview story in STAR form, with what it shows and where it is from."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str = Field(default_factory=new_story_id)
    title: Annotated[str, Field(min_length=1, max_length=TITLE_MAX)]
    hook: Annotated[str, Field(max_length=HOOK_MAX)] = ""
    situation: Annotated[str, Field(max_length=PART_MAX)] = ""
    task: Annotated[str, Field(max_length=PART_MAX)] = ""
    action: Annotated[str, Field(max_length=PART_MAX)] = ""
    result: Annotated[str, Field(max_length=PART_MAX)] = ""
    reflection: Annotated[str, Field(max_length=PART_MAX)] = ""
    source: Source = Field(default_factory=Source)
    competencies: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
    archived: bool = False
    # The quality-check rules (their ids) the writer turned off for this story.
    silenced: list[str] = Field(default_factory=list)
    # A short outline to practise from: a hook and a line per STAR part, in the writer's words.
    cue_notes: Annotated[str, Field(max_length=CUE_MAX)] = ""

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError("must look like s-3f9a2c")
        return value

    @field_validator("title", "hook", mode="before")
    @classmethod
    def _one_line(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            if "\n" in value or "\r" in value:
                raise ValueError("must be one line")
        return value

    @field_validator(*TEXT_PARTS, "cue_notes", mode="before")
    @classmethod
    def _part(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value

    @field_validator("silenced", mode="before")
    @classmethod
    def _silenced(cls, value: Any) -> Any:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return value
        out: list[str] = []
        for item in value:
            rule = item.strip().casefold()
            if len(rule) > RULE_ID_MAX:
                raise ValueError(f"names a rule longer than {RULE_ID_MAX} characters")
            if rule and rule not in out:
                out.append(rule)
        return out

    @field_validator("competencies", mode="before")
    @classmethod
    def _competencies(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return _normalize_labels(value, "Competency", tag=False)
        return value

    @field_validator("tags", mode="before")
    @classmethod
    def _tags(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return _normalize_labels(value, "Tag", tag=True)
        return value

    @field_validator("source", "competencies", "tags")
    @classmethod
    def _shared(cls, value: Any, info: ValidationInfo) -> Any:
        # A bank keeps every story for the session, and most repeat the same source and the
        # same lists of labels: stories validated with a pool (see SHARED_PARTS) keep one
        # object of each. Nothing changes in value; the parts are never changed in place
        # (stories are frozen, and a change makes a new story).
        pool = info.context.get(SHARED_PARTS) if isinstance(info.context, dict) else None
        if pool is None:
            return value
        if isinstance(value, Source):
            key: tuple[Any, ...] = (value.kind, value.organization, value.role, value.when)
        else:
            key = tuple(value)
        return pool.setdefault(key, value)

    @field_validator("created_at", "updated_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
        try:
            # 9999-12-31T23:59-12:00 is a moment after 9999 in UTC: Python can hold it but
            # not turn it into UTC or local time, which every list of stories does.
            value.astimezone(UTC)
        except OverflowError:
            raise ValueError("must fall within the years 1 to 9999 in UTC") from None
        return value

    @property
    def status(self) -> Status:
        """Ready once all four STAR parts are written; a draft until then."""
        # Written out, not `Status.of` over the parts: lists and coverage ask it of every
        # story, several times (a tenth of a second at 10,000 stories the general way).
        ready = self.situation and self.task and self.action and self.result
        return Status.READY if ready else Status.DRAFT

    @property
    def missing_parts(self) -> list[str]:
        """The STAR parts still empty, in STAR order."""
        return [p for p in STAR_PARTS if not getattr(self, p)]

    def competency_keys(self) -> set[str]:
        """The matching keys of this story's competencies."""
        return {label_key(c) for c in self.competencies}

    def to_json_dict(self) -> dict[str, Any]:
        """The stored form: plain JSON types only."""
        return self.model_dump(mode="json")


# Built once: validating many stories through one adapter is far faster than one by one.
STORY_LIST = TypeAdapter(list[Story], config=ConfigDict(defer_build=True))

FIELD_LABELS: dict[str, str] = {
    "id": "Id",
    "title": "Title",
    "hook": "Hook",
    "situation": "Situation",
    "task": "Task",
    "action": "Action",
    "result": "Result",
    "reflection": "Reflection",
    "source": "Source",
    "source.kind": "Kind",
    "source.organization": "Organization",
    "source.role": "Role",
    "source.when": "When",
    "competencies": "Competencies",
    "tags": "Tags",
    "created_at": "Created",
    "updated_at": "Updated",
    "archived": "Archived",
    "silenced": "Silenced rules",
    "cue_notes": "Cue notes",
}


def _field_path(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc if not isinstance(part, int))


def _message(field: str, error: dict[str, Any], length: int | None = None) -> str:
    """One pydantic error in people's words (`length`: how long the value given was)."""
    label = FIELD_LABELS.get(field, field.replace("_", " ").capitalize() or "Story")
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return f"{label} is required"
    if kind == "string_too_long":
        has = f": it has {length}" if length is not None else ""
        return f"{label} is longer than {ctx.get('max_length')} characters{has}"
    if kind == "enum":
        return f"{label} must be one of: {', '.join(k.value for k in SourceKind)}"
    if kind == "extra_forbidden":
        return f"“{field}” is not a story field"
    if kind == "value_error":
        text = str(ctx.get("error", error["msg"]))
        if text[:1].isupper():
            return text
        return f"{label} {text}"
    if kind in ("string_type", "list_type", "bool_type", "bool_parsing", "model_type", "dict_type"):
        wanted = {
            "string_type": "text",
            "list_type": "a list",
            "bool_type": "true or false",
            "bool_parsing": "true or false",
            "model_type": "an object",
            "dict_type": "an object",
        }[kind]
        return f"{label} must be {wanted}"
    if kind.startswith("datetime"):
        return f"{label} must be a date and time like 2024-05-01T12:00:00Z"
    return f"{label}: {error['msg']}"


# Public names for the loop records' messages (storybank/core/loop.py), which share these.
field_path = _field_path
field_message = _message


def problems_from(error: ValidationError, prefix: str = "") -> list[FieldProblem]:
    """Turn a pydantic error into field problems, without echoing the input back."""
    problems: list[FieldProblem] = []
    for item in error.errors(include_url=False):
        # Only the length of what was given is kept: its text is never echoed back.
        given = item.get("input")
        length = len(given) if isinstance(given, str) else None
        details = {key: value for key, value in item.items() if key != "input"}
        loc = tuple(item["loc"])
        field = _field_path(loc)
        problems.append(FieldProblem(prefix + field, _message(field, details, length)))
    return problems


def validate_story(data: dict[str, Any]) -> Story:
    """Build a story from plain data, or raise StoryValidationError with people's words."""
    try:
        return Story.model_validate(data)
    except ValidationError as error:
        raise StoryValidationError(problems_from(error)) from None


def revise(story: Story, **changes: Any) -> Story:
    """A validated copy of `story` with `changes` applied (the id and creation time are kept)."""
    data = story.model_dump()
    data.update(changes)
    data["id"] = story.id
    data["created_at"] = story.created_at
    return validate_story(data)
