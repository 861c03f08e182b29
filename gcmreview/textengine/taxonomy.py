"""The GCM taxonomy and the seed examples, read from the package's data files.

Guarantees:

- ``load_taxonomy()`` reads ``data/taxonomy.yaml`` (or a given path or mapping) into frozen
  dataclasses; every multilingual field is a ``dict`` from language code to text, and every
  lexicon a ``dict`` from language code to a tuple of entries, whether the file gave a string,
  a mapping or a list. A missing field reads as empty, never as an error, so that a partly
  written file can already be used; a file that is not a mapping raises ``ValueError``.
- ``Taxonomy.actors`` lists, per language, the names of those who speak or act in key messages
  (organisations, bodies, participants) and, when the package's taxonomy is loaded, every
  country name of ``data/gazetteer.yaml``: they say who and where, not what about.
- ``load_examples()`` reads JSON lines of seed or labelled examples (``prototypes.jsonl``,
  ``devset.jsonl``) into :class:`LabelledText`; blank lines and ``#`` comments are skipped.
- Nothing here imports Django; the Django taxonomy app keeps its own fixtures.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

__all__ = [
    "DATA_DIR",
    "DATA_FILES",
    "STATEMENT_TYPES",
    "LabelledText",
    "Objective",
    "StatementType",
    "Taxonomy",
    "load_country_names",
    "load_examples",
    "load_taxonomy",
    "taxonomy_from_mapping",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
# The files the classifier is built from: a calibration is fitted on exactly these.
DATA_FILES = ("taxonomy.yaml", "prototypes.jsonl", "gazetteer.yaml")
STATEMENT_TYPES = (
    "progress", "challenge", "gap", "good_practice", "recommendation", "pledge", "other",
)
LANGS = ("ar", "en", "fr")

Multilingual = dict[str, str]
Lexicon = dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Objective:
    """One of the Compact's 23 objectives, with the words that signal it in each language."""

    number: int
    paragraph: int | None = None
    title: Multilingual = field(default_factory=dict)
    label: Multilingual = field(default_factory=dict)
    scope: Multilingual = field(default_factory=dict)
    lexicon: Lexicon = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Principle:
    """A guiding principle (paragraph 15 (a)-(j))."""

    key: str
    paragraph: str | None = None
    label: Multilingual = field(default_factory=dict)
    scope: Multilingual = field(default_factory=dict)
    lexicon: Lexicon = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Constituency:
    """A stakeholder constituency (civil society, trade unions, ...)."""

    key: str
    label: Multilingual = field(default_factory=dict)
    lexicon: Lexicon = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StatementType:
    """A kind of statement (progress, challenge, ...) with the cue phrases that signal it."""

    key: str
    label: Multilingual = field(default_factory=dict)
    description: Multilingual = field(default_factory=dict)
    cues: Lexicon = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """Objectives, principles, constituencies and statement types."""

    objectives: tuple[Objective, ...]
    principles: tuple[Principle, ...] = ()
    constituencies: tuple[Constituency, ...] = ()
    statement_types: tuple[StatementType, ...] = ()
    actors: Lexicon = field(default_factory=dict)

    def objective(self, number: int) -> Objective:
        for objective in self.objectives:
            if objective.number == number:
                return objective
        raise KeyError(number)

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(o.number for o in self.objectives)


@dataclass(frozen=True, slots=True)
class LabelledText:
    """A text with its language and labels: a seed example or a dev-set key message."""

    text: str
    lang: str | None = None
    objectives: tuple[int, ...] = ()
    statement_type: str | None = None
    id: str | None = None

    @property
    def objective(self) -> int | None:
        return self.objectives[0] if self.objectives else None


def _multilingual(value: Any) -> Multilingual:
    if isinstance(value, Mapping):
        return {str(k): str(v) for k, v in value.items() if v}
    if isinstance(value, str) and value:
        return {"en": value}
    return {}


def _lexicon(value: Any) -> Lexicon:
    if isinstance(value, Mapping):
        out: Lexicon = {}
        for lang, entries in value.items():
            if isinstance(entries, str):
                entries = [entries]
            out[str(lang)] = tuple(str(e) for e in entries or () if str(e).strip())
        return out
    if isinstance(value, list):
        return {"en": tuple(str(e) for e in value)}
    return {}


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def taxonomy_from_mapping(data: Mapping[str, Any]) -> Taxonomy:
    """A :class:`Taxonomy` from the parsed YAML (see the module docstring for leniency)."""
    if not isinstance(data, Mapping):
        raise ValueError("the taxonomy must be a mapping with an 'objectives' list")
    objectives = tuple(
        Objective(
            number=int(o["number"]),
            paragraph=_int_or_none(o.get("paragraph")),
            title=_multilingual(o.get("title")),
            label=_multilingual(o.get("label")),
            scope=_multilingual(o.get("scope")),
            lexicon=_lexicon(o.get("lexicon")),
        )
        for o in data.get("objectives") or ()
        if isinstance(o, Mapping) and _int_or_none(o.get("number")) is not None
    )
    principles = tuple(
        Principle(
            key=str(p.get("key")),
            paragraph=None if p.get("paragraph") is None else str(p.get("paragraph")),
            label=_multilingual(p.get("label")),
            scope=_multilingual(p.get("scope")),
            lexicon=_lexicon(p.get("lexicon")),
        )
        for p in data.get("principles") or ()
        if isinstance(p, Mapping)
    )
    constituencies = tuple(
        Constituency(key=str(c.get("key")), label=_multilingual(c.get("label")),
                     lexicon=_lexicon(c.get("lexicon")))
        for c in data.get("constituencies") or ()
        if isinstance(c, Mapping)
    )
    statement_types = tuple(
        StatementType(key=str(s.get("key")), label=_multilingual(s.get("label")),
                      description=_multilingual(s.get("description")),
                      cues=_lexicon(s.get("cues")))
        for s in data.get("statement_types") or ()
        if isinstance(s, Mapping)
    )
    return Taxonomy(tuple(sorted(objectives, key=lambda o: o.number)), principles,
                    constituencies, statement_types, _lexicon(data.get("actors")))


def _read_yaml(path: Path) -> Any:
    import yaml

    # The C loader, when PyYAML was built with libyaml, reads the file ten times faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as f:
        return yaml.load(f, Loader=loader)


def load_country_names(path: Path | None = None) -> Lexicon:
    """Every country name and adjective of the gazetteer, per language."""
    path = DATA_DIR / "gazetteer.yaml" if path is None else path
    names: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for entry in ((_read_yaml(path) or {}).get("countries") or {}).values():
        for lang in LANGS:
            names[lang].extend(str(n) for n in entry.get(lang) or ())
    return {lang: tuple(v) for lang, v in names.items()}


def load_taxonomy(source: str | Path | Mapping[str, Any] | None = None) -> Taxonomy:
    """The taxonomy from ``source`` (a YAML path or a parsed mapping; default: the package's)."""
    if isinstance(source, Mapping):
        return taxonomy_from_mapping(source)
    if source is not None:
        return taxonomy_from_mapping(_read_yaml(Path(source)) or {})
    taxonomy = taxonomy_from_mapping(_read_yaml(DATA_DIR / "taxonomy.yaml") or {})
    countries = load_country_names()
    actors = {lang: taxonomy.actors.get(lang, ()) + countries.get(lang, ()) for lang in LANGS}
    return replace(taxonomy, actors=actors)


def _labelled(record: Mapping[str, Any]) -> LabelledText:
    objectives: list[int] = []
    if record.get("objective") is not None:
        objectives.append(int(record["objective"]))
    for n in record.get("objectives") or ():
        if int(n) not in objectives:
            objectives.append(int(n))
    return LabelledText(
        text=str(record.get("text", "")),
        lang=record.get("lang"),
        objectives=tuple(objectives),
        statement_type=record.get("statement_type"),
        id=None if record.get("id") is None else str(record["id"]),
    )


def examples_from_lines(lines: Iterable[str]) -> list[LabelledText]:
    """Labelled texts from JSON lines (blank lines and ``#`` comments skipped)."""
    out: list[LabelledText] = []
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(_labelled(json.loads(line)))
    return out


def load_examples(path: str | Path) -> list[LabelledText]:
    """Labelled texts from a JSON-lines file such as ``prototypes.jsonl`` or ``devset.jsonl``."""
    with Path(path).open(encoding="utf-8") as f:
        return examples_from_lines(f)
