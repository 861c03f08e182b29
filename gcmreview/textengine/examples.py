"""Labelled examples — seed examples and tags people confirmed — for nearest-neighbour evidence.

Guarantees:

- :class:`ExampleStore` holds examples of one label space (objectives, or statement types)
  with a TF-IDF index of their stems and, when an embedder is given, their embeddings. An
  example added with :meth:`ExampleStore.add` is searchable by the very next query: nothing is
  retrained.
- :meth:`ExampleStore.nearest` returns, for each label, the mean similarity of its ``k`` most
  similar seed-or-confirmed examples, the largest similarity of a confirmed example carrying the
  label, and of one that rejected it; and the nearest examples overall for the explanation.
- Confirmed examples are written and read as JSON lines (:func:`save_examples`,
  :func:`load_example_lines`), one ``{"text", "lang", "objectives", "rejected",
  "statement_type", "source", "id"}`` object a line, so that the Django side can feed confirmed
  tags in without a database here. Embeddings are recomputed on load, never stored, so a store
  file outlives a change of model.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .lexical import StemVectors

if TYPE_CHECKING:
    import numpy as np

    from .embeddings import Embedder

__all__ = ["Example", "ExampleStore", "Neighbours", "load_example_lines", "save_examples"]

Label = Hashable
MIN_LEXICAL_SIMILARITY = 0.05


@dataclass(frozen=True, slots=True)
class Example:
    """A text with the labels a person (or the seed data) gave it."""

    text: str
    lang: str
    objectives: tuple[int, ...] = ()
    rejected: tuple[int, ...] = ()
    statement_type: str | None = None
    source: str = "confirmed"  # "seed" for the package's prototypes and scope texts
    id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "lang": self.lang,
                               "objectives": list(self.objectives)}
        if self.rejected:
            out["rejected"] = list(self.rejected)
        if self.statement_type:
            out["statement_type"] = self.statement_type
        out["source"] = self.source
        if self.id is not None:
            out["id"] = self.id
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Example:
        objectives = [int(n) for n in data.get("objectives") or ()]
        if data.get("objective") is not None and int(data["objective"]) not in objectives:
            objectives.insert(0, int(data["objective"]))
        text = data.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ValueError("an example needs a non-empty 'text'")
        return cls(
            text=text,
            lang=str(data.get("lang") or ""),
            objectives=tuple(objectives),
            rejected=tuple(int(n) for n in data.get("rejected") or ()),
            statement_type=data.get("statement_type"),
            source=str(data.get("source") or "confirmed"),
            id=None if data.get("id") is None else str(data["id"]),
        )


@dataclass(slots=True)
class Neighbours:
    """Nearest-neighbour evidence for one query, per label."""

    seed: dict[Label, float]
    confirmed: dict[Label, float]
    rejected: dict[Label, float]
    nearest: list[tuple[float, int]] = field(default_factory=list)


class ExampleStore:
    """Examples of one label space, searchable by stems and (optionally) by embeddings."""

    def __init__(self, labels_of: Any, vectors: StemVectors, embedder: Embedder | None,
                 k: int = 3) -> None:
        self.labels_of = labels_of  # Example -> tuple of labels in this space
        self.rejected_of: Any = lambda e: e.rejected
        self.vectors = vectors
        self.embedder = embedder
        self.k = k
        self.examples: list[Example] = []
        self._rows_by_label: dict[Label, list[int]] = defaultdict(list)
        self._learned_rows: list[int] = []
        self._embeddings: list[np.ndarray] = []
        self._matrix: np.ndarray | None = None
        self._label_rows: dict[Label, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.examples)

    def add(self, example: Example, keys: Sequence[str], embedding: np.ndarray | None = None,
            ) -> int:
        """Add one example (its stem keys and, with an embedder, its embedding)."""
        row = self.vectors.add(keys)
        assert row == len(self.examples)
        self.examples.append(example)
        for label in self.labels_of(example):
            self._rows_by_label[label].append(row)
        if example.source != "seed":
            self._learned_rows.append(row)
        if self.embedder is not None:
            if embedding is None:
                embedding = self.embedder.encode([example.text])[0]
            self._embeddings.append(embedding)
            self._matrix = None
        return row

    def _dense(self) -> tuple[np.ndarray, dict[Label, np.ndarray]]:
        import numpy as np

        if self._matrix is None:
            self._matrix = (np.vstack(self._embeddings) if self._embeddings
                            else np.zeros((0, 512), dtype=np.float32))
            self._label_rows = {label: np.asarray(rows, dtype=np.int64)
                                for label, rows in self._rows_by_label.items()}
        return self._matrix, self._label_rows

    def nearest(self, labels: Sequence[Label], keys: Sequence[str],
                embedding: np.ndarray | None = None, explain: int = 3
                ) -> tuple[Neighbours, Neighbours | None]:
        """Lexical neighbours and, when an embedding is given, semantic ones."""
        lexical_sims = self.vectors.similarities(keys)
        lexical = self._aggregate(labels, lexical_sims.items(), explain)
        semantic = None
        if embedding is not None and self.embedder is not None:
            matrix, label_rows = self._dense()
            sims = matrix @ embedding if len(matrix) else matrix[:, 0]
            semantic = self._aggregate_dense(labels, sims, label_rows, explain)
        return lexical, semantic

    def _aggregate(self, labels: Sequence[Label], sims: Iterable[tuple[int, float]],
                   explain: int) -> Neighbours:
        per_label: dict[Label, list[float]] = defaultdict(list)
        confirmed: dict[Label, float] = dict.fromkeys(labels, 0.0)
        rejected: dict[Label, float] = dict.fromkeys(labels, 0.0)
        scored: list[tuple[float, int]] = []
        for row, sim in sims:
            if sim < MIN_LEXICAL_SIMILARITY:
                continue  # sharing one common stem: not a neighbour, and costly to keep
            example = self.examples[row]
            scored.append((sim, row))
            for label in self.labels_of(example):
                per_label[label].append(sim)
                if example.source != "seed" and sim > confirmed.get(label, 0.0):
                    confirmed[label] = sim
            for label in self.rejected_of(example):
                if sim > rejected.get(label, 0.0):
                    rejected[label] = sim
        seed = {}
        for label in labels:
            top = sorted(per_label.get(label, ()), reverse=True)[: self.k]
            seed[label] = sum(top) / self.k
        scored.sort(reverse=True)
        return Neighbours(seed, confirmed, rejected, scored[:explain])

    def _aggregate_dense(self, labels: Sequence[Label], sims: np.ndarray,
                         label_rows: dict[Label, np.ndarray], explain: int) -> Neighbours:
        import numpy as np

        k = self.k
        seed: dict[Label, float] = {}
        confirmed: dict[Label, float] = dict.fromkeys(labels, 0.0)
        rejected: dict[Label, float] = dict.fromkeys(labels, 0.0)
        for label in labels:
            rows = label_rows.get(label)
            if rows is None or not len(rows):
                seed[label] = 0.0
                continue
            values = sims[rows]
            top = np.partition(values, -k)[-k:] if len(values) > k else values
            seed[label] = float(top.sum()) / k
        # Confirmed and rejecting examples are few: look at them one by one.
        for row in self._learned_rows:
            example = self.examples[row]
            sim = float(sims[row])
            for label in self.labels_of(example):
                confirmed[label] = max(confirmed.get(label, 0.0), sim)
            for label in self.rejected_of(example):
                rejected[label] = max(rejected.get(label, 0.0), sim)
        order = np.argsort(-sims)[:explain] if len(sims) else []
        return Neighbours(seed, confirmed, rejected, [(float(sims[i]), int(i)) for i in order])


def save_examples(examples: Iterable[Example], out: str | Path | IO[str]) -> int:
    """Write examples as JSON lines; returns how many were written."""
    lines = [json.dumps(e.as_dict(), ensure_ascii=False) for e in examples]
    text = "".join(line + "\n" for line in lines)
    if isinstance(out, (str, Path)):
        Path(out).write_text(text, encoding="utf-8")
    else:
        out.write(text)
    return len(lines)


def load_example_lines(lines: Iterable[str]) -> list[Example]:
    """Examples from JSON lines; blank lines are skipped, a bad line raises ``ValueError``."""
    out: list[Example] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            out.append(Example.from_dict(json.loads(line)))
        except (ValueError, TypeError, AttributeError) as exc:
            raise ValueError(f"line {n}: {exc}") from exc
    return out
