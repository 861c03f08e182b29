"""Reading and checking a review-process manifest (docs/manifest.md).

`check_manifest` turns parsed YAML/JSON into a `Manifest` or a list of messages that
name the entry and the field. It touches no database; `operations.load_manifest` writes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    field_validator,
)

from gcmreview.lib import date_spans
from gcmreview.lib.date_spans import DateSpan
from gcmreview.lib.yaml_files import load_yaml

FORMAT = "gcmreview/1"
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]*$"
KEY_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

ORGANIZATION_KINDS = (
    "member_state",
    "un_entity",
    "rcp",
    "regional_organization",
    "stakeholder_group",
    "stakeholder_organization",
    "other_state",
    "other",
)
CONSTITUENCIES = (
    "civil_society",
    "migrant_diaspora",
    "trade_unions",
    "employers",
    "academia",
    "local_authorities",
    "nhri",
    "youth",
    "women",
    "faith",
    "media",
    "parliamentarians",
)
EVENT_KINDS = (
    "gcm_talk",
    "champions_initiative",
    "rcp_meeting",
    "national_consultation",
    "thematic_consultation",
    "multi_stakeholder_consultation",
    "stakeholder_hearing",
    "review_conference",
    "submission",
    "general_assembly",
    "review_forum",
    "continental_review",
    "workshop",
    "training",
    "other",
)


class ManifestError(Exception):
    """A manifest that cannot be loaded; `messages` says every reason, one per line."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def _parse_span(value: Any) -> DateSpan:
    if isinstance(value, DateSpan):
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = value.isoformat()  # YAML reads an unquoted 2024-07-02 as a date
    if not isinstance(value, str | int):
        raise ValueError("a date must be written as text, such as 2024-07 or 2024-H2")
    return date_spans.parse(str(value))


Span = Annotated[
    DateSpan,
    BeforeValidator(_parse_span),
    PlainSerializer(date_spans.to_expression, return_type=str),
]


def _timestamp_as_text(value: Any) -> Any:
    # YAML reads an unquoted 2024-03-31T00:00:00+00:00 as a datetime.
    return value.isoformat() if isinstance(value, dt.datetime) else value


Timestamp = Annotated[
    str, BeforeValidator(_timestamp_as_text), Field(pattern=r"^\d{4}-\d{2}-\d{2}T")
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, frozen=True)


# Names, titles, labels, acronyms and places are kept in columns of 400 characters.
TEXT_MAX = 400
# The largest value of an integer column on every database the platform runs on.
INT_MAX = 2_147_483_647


class Texts(Strict):
    en: str = Field(min_length=1, max_length=TEXT_MAX)
    ar: str = Field("", max_length=TEXT_MAX)
    fr: str = Field("", max_length=TEXT_MAX)

    # Before the length checks, so that a title of only spaces counts as missing.
    @field_validator("en", "ar", "fr", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value


class OptionalTexts(Strict):
    en: str = ""
    ar: str = ""
    fr: str = ""


class OptionalShortTexts(OptionalTexts):
    en: str = Field("", max_length=TEXT_MAX)
    ar: str = Field("", max_length=TEXT_MAX)
    fr: str = Field("", max_length=TEXT_MAX)


class OrganizationEntry(Strict):
    code: str = Field(pattern=CODE_PATTERN, max_length=40)
    kind: Literal[ORGANIZATION_KINDS]  # type: ignore[valid-type]
    name: Texts
    acronym: OptionalShortTexts = OptionalShortTexts()
    constituency: Literal[CONSTITUENCIES] | None = None  # type: ignore[valid-type]
    las_member: bool = False
    gcm_champion: bool = False


class MandateEntry(Strict):
    symbol: str = Field(min_length=1, max_length=40)
    paragraph: str = Field(min_length=1, max_length=20)
    note: OptionalTexts = OptionalTexts()

    @field_validator("paragraph", mode="before")
    @classmethod
    def _paragraph_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class ProcessEntry(Strict):
    slug: str = Field(pattern=KEY_PATTERN, max_length=60)
    title: Texts
    region: Texts
    round: int = Field(ge=1, le=32767)  # a small integer column
    status: Literal["planned", "ongoing", "concluded"]
    summary: OptionalTexts = OptionalTexts()
    co_organizers: list[str] = Field(min_length=1)
    mandates: list[MandateEntry] = []


class PhaseEntry(Strict):
    code: str = Field(pattern=KEY_PATTERN, max_length=60)
    title: Texts
    description: OptionalTexts = OptionalTexts()
    date: Span | None = None


class WorkstreamEntry(Strict):
    code: str = Field(pattern=KEY_PATTERN, max_length=60)
    title: Texts
    leads: list[str] = []


class EventEntry(Strict):
    key: str = Field(pattern=KEY_PATTERN, max_length=80)
    phase: str | None = None
    kind: Literal[EVENT_KINDS]  # type: ignore[valid-type]
    title: Texts
    date: Span
    organizers: list[str] = Field(min_length=1)
    workstream: str | None = None
    place: OptionalShortTexts = OptionalShortTexts()
    online: bool = False
    closed: bool = False
    status: Literal["planned", "held", "cancelled"] = "planned"
    registration: Literal["none", "open", "approval", "invitation"] = "none"
    capacity: int | None = Field(default=None, ge=1, le=INT_MAX)
    registration_closes_at: Timestamp | None = None
    chatham_house: bool = False
    description: OptionalTexts = OptionalTexts()
    feeds_into: list[str] = []
    feeds_milestones: list[str] = []


class MilestoneEntry(Strict):
    key: str = Field(pattern=KEY_PATTERN, max_length=60)
    title: Texts
    deadline: Span
    description: OptionalTexts = OptionalTexts()


class RevisionEvent(Strict):
    key: str
    title: str
    date: Span
    status: Literal["planned", "held", "cancelled"]
    closed: bool = False


class RevisionEntry(Strict):
    number: int = Field(ge=1, le=INT_MAX)
    label: Texts
    published_at: Timestamp
    events: list[RevisionEvent]


class Manifest(Strict):
    format: Literal["gcmreview/1"]
    organizations: list[OrganizationEntry] = []
    process: ProcessEntry
    phases: list[PhaseEntry] = []
    workstreams: list[WorkstreamEntry] = []
    events: list[EventEntry] = []
    milestones: list[MilestoneEntry] = []
    calendar_revisions: list[RevisionEntry] = []


def read_manifest_file(path: str | Path) -> Manifest:
    """Parse and check a manifest file; raise ManifestError with every problem found."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ManifestError([f"{path}: no such file"]) from None
    except UnicodeDecodeError as exc:
        raise ManifestError(
            [f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"]
        ) from None
    try:
        data = json.loads(text) if path.suffix == ".json" else load_yaml(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise ManifestError(
            [f"{path}: not valid {'JSON' if path.suffix == '.json' else 'YAML'}: {exc}"]
        ) from None
    return check_manifest(data)


def check_manifest(data: Any) -> Manifest:
    """Check structure, values and cross-references; raise ManifestError listing them all."""
    if not isinstance(data, dict):
        raise ManifestError(["the file must be a mapping with 'format', 'process', 'events', ..."])
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as exc:
        raise ManifestError([_describe(error, data) for error in exc.errors()]) from None
    problems = list(_cross_reference_problems(manifest))
    if problems:
        raise ManifestError(problems)
    return manifest


def _entry_name(data: dict, section: str, index: int) -> str:
    try:
        entry = data[section][index]
    except (KeyError, IndexError, TypeError):
        return f"{section}[{index}]"
    for id_field in ("key", "code", "number"):
        if isinstance(entry, dict) and id_field in entry:
            return f"{section}[{index}] ({id_field} '{entry[id_field]}')"
    return f"{section}[{index}]"


def _describe(error: dict, data: dict) -> str:
    loc = list(error["loc"])
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "unknown field"
    elif error["type"] == "literal_error":
        message = f"'{error.get('input')}' is not allowed; {message.lower()}"
    if len(loc) >= 2 and isinstance(loc[1], int):
        where = _entry_name(data, loc[0], loc[1])
        rest = loc[2:]
    else:
        where, rest = (str(loc[0]) if loc else "file"), loc[1:]
    field = ".".join(str(part) for part in rest)
    return f"{where}: {field}: {message}" if field else f"{where}: {message}"


def _duplicates(values: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    return {v for v in values if v in seen or seen.add(v)}  # type: ignore[func-returns-value]


def _cross_reference_problems(m: Manifest) -> Iterable[str]:
    org_codes = [o.code for o in m.organizations]
    for i, org in enumerate(m.organizations):
        if org.code in _duplicates(org_codes) and org_codes.index(org.code) != i:
            yield f"organizations[{i}] (code '{org.code}'): code: duplicate of an earlier entry"
    orgs = set(org_codes)

    for code in m.process.co_organizers:
        if code not in orgs:
            yield f"process: co_organizers: unknown organization '{code}'"
    if dups := _duplicates(m.process.co_organizers):
        yield f"process: co_organizers: listed twice: {', '.join(sorted(dups))}"

    for section, entries, id_field in (
        ("phases", m.phases, "code"),
        ("workstreams", m.workstreams, "code"),
        ("milestones", m.milestones, "key"),
        ("events", m.events, "key"),
        ("calendar_revisions", m.calendar_revisions, "number"),
    ):
        seen: set = set()
        for i, entry in enumerate(entries):
            value = getattr(entry, id_field)
            if value in seen:
                where = f"{section}[{i}] ({id_field} '{value}')"
                yield f"{where}: {id_field}: duplicate of an earlier entry"
            seen.add(value)

    phases = {p.code for p in m.phases}
    workstreams = {w.code for w in m.workstreams}
    milestones = {ms.key for ms in m.milestones}
    events = {e.key: e for e in m.events}

    for i, ws in enumerate(m.workstreams):
        for code in ws.leads:
            if code not in orgs:
                yield f"workstreams[{i}] (code '{ws.code}'): leads: unknown organization '{code}'"

    same_day_titles: dict[tuple[str, DateSpan], str] = {}
    for i, ev in enumerate(m.events):
        where = f"events[{i}] (key '{ev.key}')"
        for code in ev.organizers:
            if code not in orgs:
                yield f"{where}: organizers: unknown organization '{code}'"
        if dups := _duplicates(ev.organizers):
            yield f"{where}: organizers: listed twice: {', '.join(sorted(dups))}"
        if ev.closed and ev.registration in ("open", "approval"):
            yield f"{where}: registration: a closed event takes registrations by invitation only"
        if ev.phase is not None and ev.phase not in phases:
            yield f"{where}: phase: unknown phase '{ev.phase}'"
        if ev.workstream is not None and ev.workstream not in workstreams:
            yield f"{where}: workstream: unknown workstream '{ev.workstream}'"
        for key in ev.feeds_milestones:
            if key not in milestones:
                yield f"{where}: feeds_milestones: unknown milestone '{key}'"
        for key in ev.feeds_into:
            target = events.get(key)
            if target is None:
                yield f"{where}: feeds_into: unknown event '{key}'"
            elif target.date.end < ev.date.start:
                yield f"{where}: feeds_into: '{key}' ends before this event starts"
        title_key = (ev.title.en.casefold(), ev.date)
        if title_key in same_day_titles and same_day_titles[title_key] != ev.key:
            yield (
                f"{where}: title: same title and date as event "
                f"'{same_day_titles[title_key]}' (a duplicate event?)"
            )
        same_day_titles.setdefault(title_key, ev.key)

    graph = {e.key: [k for k in e.feeds_into if k in events] for e in m.events}
    if cycle := find_cycle(graph):
        yield "events: feeds_into: links form a cycle: " + " -> ".join(cycle)


def find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """A cycle in a directed graph as a path that returns to its start, or None.
    Iterative, so that a long chain of events cannot exhaust the recursion limit."""
    done: set[str] = set()
    for root in graph:
        if root in done:
            continue
        path: list[str] = [root]
        on_path = {root}
        branches = [iter(graph.get(root, []))]
        while branches:
            nxt = next(branches[-1], None)
            if nxt is None:
                branches.pop()
                done.add(node := path.pop())
                on_path.discard(node)
            elif nxt in on_path:
                return [*path[path.index(nxt) :], nxt]
            elif nxt not in done:
                path.append(nxt)
                on_path.add(nxt)
                branches.append(iter(graph.get(nxt, [])))
    return None


def dump_manifest(data: dict, path: str | Path) -> None:
    path = Path(path)
    if path.suffix == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    else:
        path.write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
        )
