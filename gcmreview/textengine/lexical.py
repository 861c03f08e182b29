"""Lexical evidence: lexicon matches, a naive Bayes model of the seed examples, and nearest
neighbours on weighted stems.

Guarantees:

- Everything here is pure Python (no numpy), so the lexical path works wherever PyStemmer
  does.
- Stems are keyed by language (``"fr:migrat"``), so a text that mixes languages meets each
  language's lexicon with its own words and English and French stems never collide.
- :meth:`LexicalEvidence.score` returns, for every label: the saturated, IDF-weighted sum of the
  lexicon entries found (a phrase counts once per occurrence and weighs more than a single
  word); the naive Bayes posterior over the labels (uniform when no known word is present); and
  the list of entries found, for the explanation.
- :class:`StemVectors` gives TF-IDF unit vectors and an inverted index, so that finding the
  nearest examples costs time in the number of shared stems, not the number of examples.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .stemming import PhraseMatcher, Token, analyze, arabic_alternatives

__all__ = ["LexicalEvidence", "LexicalScores", "StemVectors", "keys_of"]

Label = Hashable


def keys_of(tokens: Iterable[Token], keep_stopwords: bool) -> list[str]:
    """Language-tagged stems of the tokens; stop words as their normalised form, if kept."""
    return [f"{t.lang}:{t.stem}" for t in tokens if keep_stopwords or not t.stop]


def entry_keys(entry: str, lang: str, keep_stopwords: bool) -> tuple[tuple[str, ...], bool]:
    """A lexicon entry as the key sequence a text must contain, and whether it is all stop words.

    An entry made only of stop words ("should", "must") is kept whatever ``keep_stopwords``
    says, since it was put in the lexicon because it matters; it is then matched on the text's
    full word sequence.
    """
    tokens = analyze(entry, lang)
    keys = keys_of(tokens, keep_stopwords)
    if keys:
        return tuple(keys), False
    return tuple(keys_of(tokens, True)), True


@dataclass(slots=True)
class LexicalScores:
    """Per-label lexical evidence for one text."""

    match: dict[Label, float]
    posterior: dict[Label, float]
    matched: dict[Label, list[tuple[str, str, int]]] = field(default_factory=dict)
    known_words: int = 0


class LexicalEvidence:
    """Lexicon matching and naive Bayes over seed documents, for one set of labels."""

    def __init__(
        self,
        labels: Sequence[Label],
        entries: Mapping[Label, Mapping[str, Sequence[str]]],
        documents: Mapping[Label, Sequence[tuple[str, str]]],
        keep_stopwords: bool = False,
        alpha: float = 1.0,
        saturation: float = 1.2,
        entry_weight: float = 2.0,
        ignore: frozenset[str] = frozenset(),
    ) -> None:
        self.labels = tuple(labels)
        self.keep_stopwords = keep_stopwords
        self.saturation = saturation
        self.matcher = PhraseMatcher(slack=1)
        self.stop_matcher = PhraseMatcher(slack=1)
        self._entry_weight: dict[tuple[Label, str], float] = {}
        # Which labels list the same key sequence: an entry shared by many labels tells little.
        sequences: dict[tuple[str, ...], set[Label]] = defaultdict(set)
        parsed: list[tuple[Label, str, str, tuple[str, ...], bool]] = []
        for label in self.labels:
            for lang, items in (entries.get(label) or {}).items():
                for entry in items:
                    keys, stop_only = entry_keys(entry, lang, keep_stopwords)
                    if keys:
                        parsed.append((label, lang, entry, keys, stop_only))
                        sequences[keys].add(label)
        n = len(self.labels)
        seen: set[tuple[Label, tuple[str, ...]]] = set()
        for label, lang, entry, keys, stop_only in parsed:
            if (label, keys) in seen:
                continue
            seen.add((label, keys))
            idf = math.log(1 + n / len(sequences[keys]))
            weight = idf * (1 + 0.5 * (len(keys) - 1))
            (self.stop_matcher if stop_only else self.matcher).add(keys, label, f"{lang}:{entry}")
            self._entry_weight[(label, f"{lang}:{entry}")] = weight

        # Naive Bayes counts: seed documents plus the lexicon entries themselves.
        counts: dict[Label, Counter[str]] = {label: Counter() for label in self.labels}
        for label, docs in documents.items():
            if label in counts:
                for lang, text in docs:
                    counts[label].update(k for k in keys_of(analyze(text, lang), keep_stopwords)
                                         if k not in ignore)
        for label, _lang, _entry, keys, stop_only in parsed:
            if not stop_only:
                for k in keys:
                    if k not in ignore:
                        counts[label][k] += entry_weight
        vocabulary: set[str] = set().union(*counts.values()) if counts else set()
        self.vocabulary_size = len(vocabulary)
        self._log_likelihood: dict[str, dict[Label, float]] = {}
        totals = {label: sum(c.values()) for label, c in counts.items()}
        for key in vocabulary:
            row = {
                label: math.log((counts[label][key] + alpha)
                                / (totals[label] + alpha * len(vocabulary)))
                for label in self.labels
            }
            # Centre each row: only differences between labels matter, and centred rows let a
            # word that every label uses equally drop out.
            mean = sum(row.values()) / len(row)
            self._log_likelihood[key] = {label: v - mean for label, v in row.items()}

    def keys(self, tokens: Sequence[Token]) -> list[str]:
        """Keys of the tokens; an unknown Arabic stem is replaced by a known alternative."""
        out = []
        for t in tokens:
            if t.stop and not self.keep_stopwords:
                continue
            key = f"{t.lang}:{t.stem}"
            if t.lang == "ar" and not t.stop and key not in self._log_likelihood:
                for alt in arabic_alternatives(t.text):
                    if f"ar:{alt}" in self._log_likelihood:
                        key = f"ar:{alt}"
                        break
            out.append(key)
        return out

    def score(self, tokens: Sequence[Token]) -> LexicalScores:
        keys = self.keys(tokens)
        match: dict[Label, float] = dict.fromkeys(self.labels, 0.0)
        found: Counter[tuple[Label, str]] = Counter()
        for label, entry, _first, _last in self.matcher.match(keys):
            found[(label, entry)] += 1
        if len(self.stop_matcher):
            all_keys = keys if self.keep_stopwords else keys_of(tokens, True)
            for label, entry, _first, _last in self.stop_matcher.match(all_keys):
                found[(label, entry)] += 1
        matched: dict[Label, list[tuple[str, str, int]]] = defaultdict(list)
        k1 = self.saturation
        for (label, entry), tf in found.items():
            weight = self._entry_weight[(label, entry)]
            match[label] += weight * tf * (k1 + 1) / (tf + k1)
            lang, text = entry.split(":", 1)
            matched[label].append((lang, text, tf))
        logits: dict[Label, float] = dict.fromkeys(self.labels, 0.0)
        known = 0
        for key in keys:
            row = self._log_likelihood.get(key)
            if row is None:
                continue
            known += 1
            for label, v in row.items():
                logits[label] += v
        return LexicalScores(match, _softmax(logits), dict(matched), known)


def _softmax(logits: Mapping[Label, float]) -> dict[Label, float]:
    top = max(logits.values())
    exps = {k: math.exp(v - top) for k, v in logits.items()}
    total = sum(exps.values())
    return {k: v / total for k, v in exps.items()}


class StemVectors:
    """TF-IDF unit vectors of texts, with an inverted index for nearest-neighbour search.

    IDF is fixed when the index is built from its first documents; keys met later get the
    largest IDF seen, so adding examples never changes the vectors already stored.
    """

    def __init__(self, documents: Iterable[Sequence[str]], common: float = 1.0) -> None:
        docs = [set(d) for d in documents]
        df: Counter[str] = Counter()
        for d in docs:
            df.update(d)
        n = max(len(docs), 1)
        self.idf = {k: math.log(1 + n / v) for k, v in df.items()}
        # Keys in more than this share of the first documents ("de", "في", "the") are left out
        # of the query: each costs a pass over hundreds of postings for a term whose low IDF
        # barely moves a cosine. Similarities are then slightly lower than the exact ones.
        self.common = frozenset(k for k, v in df.items() if v > common * n)
        self.max_idf = math.log(1 + n)
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.size = 0

    def vector(self, keys: Sequence[str]) -> dict[str, float]:
        tf = Counter(keys)
        vec = {k: (1 + math.log(c)) * self.idf.get(k, self.max_idf) for k, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {k: v / norm for k, v in vec.items()}

    def add(self, keys: Sequence[str]) -> int:
        """Index a document; returns its row number."""
        row = self.size
        for k, v in self.vector(keys).items():
            self.postings[k].append((row, v))
        self.size += 1
        return row

    def similarities(self, keys: Sequence[str]) -> dict[int, float]:
        """Cosine similarity of the query to every indexed document that shares a key."""
        sims: dict[int, float] = defaultdict(float)
        for k, q in self.vector(keys).items():
            if k in self.common:
                continue
            for row, v in self.postings.get(k, ()):
                sims[row] += q * v
        return sims
