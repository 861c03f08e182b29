"""Fitting the logistic maps that turn evidence into scores, on held-out seed examples.

Guarantees:

- Only the package's taxonomy and ``prototypes.jsonl`` are used: the prototypes are split into
  ``folds`` folds, by label, keeping the n-th example of a label in every language together
  (they are often translations of each other); the classifier is rebuilt without each
  fold and the fold's examples are scored, so every feature row comes from an example the
  classifier did not see. The dev set is never read here.
- Objectives get a binary logistic regression over (text, objective) pairs, so each score is
  the probability that the objective applies; statement types get a conditional (softmax)
  logit with a bias for "other" only. Both are fitted by Newton's method with a small L2
  penalty and are deterministic.
- ``python -m gcmreview.textengine calibrate`` writes ``data/calibration.json`` with the
  weights for the lexical-only and the hybrid mode, a fingerprint of the data they were fitted
  on and the cross-validated figures (accuracy and calibration error on the held-out folds).
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .classify import CALIBRATION_FILE, COMBINER_FEATURES, HYBRID, LEXICAL_ONLY, Classifier
from .embeddings import VectorCache
from .langid import identify
from .metrics import reliability
from .taxonomy import DATA_DIR, DATA_FILES, LabelledText, Taxonomy, load_examples, load_taxonomy

if TYPE_CHECKING:
    import numpy as np

    from .embeddings import Embedder

__all__ = ["data_fingerprint", "fit", "main"]

# Ridge penalty on the feature weights (not the biases): keeps them finite when a feature
# separates the held-out examples perfectly.
L2 = 1.0


def data_fingerprint(*paths: Path) -> str:
    """SHA-256 (first 16 hex digits) of the data files a calibration was fitted on."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


def _folds(examples: Sequence[LabelledText], k: int, seed: int) -> list[int]:
    """Fold number of each example; the n-th example of a label goes in one fold in every language.

    The seed examples are written as parallel sets (the n-th English example of an objective is
    often a translation of the n-th French and Arabic ones). With a multilingual embedding a
    held-out example would find its own translation in the training folds and the fitted
    weights would trust the embedding far too much; keeping translations together avoids that.
    """
    position: dict[tuple[Any, ...], int] = defaultdict(int)
    slots: list[tuple[Any, int]] = []
    for e in examples:
        label = (e.objective, e.statement_type)
        slots.append((label, position[(label, e.lang)]))
        position[(label, e.lang)] += 1
    rng = random.Random(seed)
    fold_of_slot: dict[tuple[Any, int], int] = {}
    for label in sorted({label for label, _ in slots}, key=repr):
        indexes = sorted({i for lab, i in slots if lab == label})
        rng.shuffle(indexes)
        offset = rng.randrange(k)
        for j, i in enumerate(indexes):
            fold_of_slot[(label, i)] = (offset + j) % k
    return [fold_of_slot[slot] for slot in slots]


def held_out_rows(taxonomy: Taxonomy, prototypes: Sequence[LabelledText],
                  embedder: Embedder | None, folds: int = 5, seed: int = 13,
                  ) -> dict[str, list[tuple[dict[Any, dict[str, float]], set[Any]]]]:
    """For each label space, (features per label, true labels) of every held-out prototype."""
    prototypes = [p if p.lang else LabelledText(p.text, identify(p.text).lang, p.objectives,
                                                p.statement_type, p.id) for p in prototypes]
    fold = _folds(prototypes, folds, seed)
    # Each prototype is embedded once, not once per fold.
    encode = VectorCache(embedder).encode if embedder is not None else None
    out: dict[str, list[tuple[dict[Any, dict[str, float]], set[Any]]]] = {
        "objectives": [], "statement_types": []}
    for f in range(folds):
        train = [p for p, g in zip(prototypes, fold, strict=True) if g != f]
        test = [p for p, g in zip(prototypes, fold, strict=True) if g == f]
        classifier = Classifier(taxonomy, train, embedder, embed=encode)
        vectors = encode([p.text for p in test]) if encode is not None else None
        for i, p in enumerate(test):
            _guess, tokens = classifier.analyze_text(p.text, p.lang)
            embedding = vectors[i] if vectors is not None else None
            if p.objectives:
                ev = classifier.objectives.evidence(tokens, embedding)
                out["objectives"].append((ev.features, set(p.objectives)))
            if p.statement_type:
                ev = classifier.statement_types.evidence(tokens, embedding)
                out["statement_types"].append((ev.features, {p.statement_type}))
    return out


def _newton(loss_gradient_hessian: Any, dim: int, iterations: int = 100) -> np.ndarray:
    """Minimise a convex loss by Newton steps, halving a step until the loss goes down."""
    import numpy as np

    w = np.zeros(dim)
    loss, grad, hess = loss_gradient_hessian(w)
    for _ in range(iterations):
        step = np.linalg.solve(hess + 1e-6 * np.eye(dim), grad)
        size = 1.0
        while size > 1e-6:
            candidate = w - size * step
            new_loss, new_grad, new_hess = loss_gradient_hessian(candidate)
            if new_loss <= loss:
                break
            size /= 2
        else:
            break
        converged = loss - new_loss < 1e-10 * max(1.0, abs(loss))
        w, loss, grad, hess = candidate, new_loss, new_grad, new_hess
        if converged:
            break
    return w


def fit_binary(rows: list[tuple[dict[Any, dict[str, float]], set[Any]]],
               features: Sequence[str]) -> dict[str, Any]:
    """Binary logistic regression over (text, label) pairs."""
    import numpy as np

    x_rows, y = [], []
    for per_label, truth in rows:
        for label, values in per_label.items():
            x_rows.append([values.get(f, 0.0) for f in features] + [1.0])
            y.append(1.0 if label in truth else 0.0)
    x = np.asarray(x_rows)
    t = np.asarray(y)
    d = x.shape[1]
    penalty = np.full(d, L2)
    penalty[-1] = 0.0

    def gradient_hessian(w: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        z = x @ w
        p = 1.0 / (1.0 + np.exp(-z))
        loss = float(np.sum(np.logaddexp(0, z) - t * z) + 0.5 * penalty @ (w * w))
        grad = x.T @ (p - t) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        return loss, grad, hess

    w = _newton(gradient_hessian, d)
    return {"features": list(features), "weights": [float(v) for v in w[:-1]],
            "bias": float(w[-1])}


def fit_softmax(rows: list[tuple[dict[Any, dict[str, float]], set[Any]]],
                features: Sequence[str]) -> dict[str, Any]:
    """Conditional logit: feature weights shared by all labels, plus a bias for "other"."""
    import numpy as np

    labels = sorted({label for per_label, _ in rows for label in per_label}, key=str)
    # Only the catch-all "other" gets a bias: it has no cues, so its evidence is always
    # weaker. Biases for the other types would learn how often each type's cues happen to be
    # missing from the seed examples, a prior that does not carry over to real texts.
    biased = ["other"] if "other" in labels else []
    dim = len(features) + len(biased)
    tensors, targets = [], []
    for per_label, truth in rows:
        mat = np.zeros((len(labels), dim))
        for li, label in enumerate(labels):
            values = per_label.get(label, {})
            mat[li, :len(features)] = [values.get(f, 0.0) for f in features]
            if label in biased:
                mat[li, len(features) + biased.index(label)] = 1.0
        tensors.append(mat)
        targets.append(labels.index(next(iter(truth))))
    x = np.stack(tensors)  # (n, labels, dim)
    t = np.asarray(targets)
    n = len(t)
    penalty = np.full(dim, L2)

    def gradient_hessian(w: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        logits = x @ w
        logits -= logits.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(logits).sum(axis=1))
        loss = float(np.sum(log_norm - logits[np.arange(n), t]) + 0.5 * penalty @ (w * w))
        p = np.exp(logits - log_norm[:, None])
        mean = np.einsum("nl,nld->nd", p, x)
        grad = (mean - x[np.arange(n), t]).sum(axis=0) + penalty * w
        second = np.einsum("nl,nld,nle->de", p, x, x)
        hess = second - mean.T @ mean + np.diag(penalty)
        return loss, grad, hess

    w = _newton(gradient_hessian, dim)
    return {"features": list(features), "weights": [float(v) for v in w[:len(features)]],
            "bias": 0.0,
            "label_bias": {str(label): float(w[len(features) + i])
                           for i, label in enumerate(biased)}}


def _held_out_figures(rows: list[tuple[dict[Any, dict[str, float]], set[Any]]],
                      combiner: dict[str, Any], binary: bool) -> dict[str, float]:
    from .classify import Combiner, _sigmoid, at_least_one

    comb = Combiner.from_dict(combiner)
    top1 = []
    scores, hits = [], []
    for per_label, truth in rows:
        logits = {label: comb.logit(v, label) for label, v in per_label.items()}
        best = max(logits, key=lambda k: logits[k])
        top1.append(best in truth)
        if binary:
            probabilities = at_least_one({label: _sigmoid(z) for label, z in logits.items()})
            for label, p in probabilities.items():
                scores.append(p)
                hits.append(label in truth)
    out = {"n": len(rows), "top1": round(sum(top1) / max(len(top1), 1), 4)}
    if binary:
        out["ece_all_pairs"] = round(reliability(scores, hits).ece, 4)
    return out


def fit(taxonomy: Taxonomy, prototypes: Sequence[LabelledText], embedder: Embedder | None,
        folds: int = 5) -> dict[str, Any]:
    """Fitted combiners for both modes (hybrid only when an embedder is given)."""
    rows = held_out_rows(taxonomy, prototypes, embedder, folds)
    result: dict[str, Any] = {"objectives": {}, "statement_types": {}, "held_out": {}}
    modes = [LEXICAL_ONLY] if embedder is None else [LEXICAL_ONLY, HYBRID]
    for mode in modes:
        objective = fit_binary(rows["objectives"], COMBINER_FEATURES["objectives"][mode])
        result["objectives"][mode] = objective
        result["held_out"][f"objectives/{mode}"] = _held_out_figures(
            rows["objectives"], objective, binary=True)
        if rows["statement_types"]:
            kind = fit_softmax(rows["statement_types"], COMBINER_FEATURES["statement_types"][mode])
            result["statement_types"][mode] = kind
            result["held_out"][f"statement_types/{mode}"] = _held_out_figures(
                rows["statement_types"], kind, binary=False)
    return result


def main(argv: Sequence[str] | None = None, stdout: IO[str] | None = None) -> int:
    """Fit on the package's prototypes and write ``data/calibration.json``."""
    import argparse

    from .embeddings import load_embedder

    out = stdout or sys.stdout
    parser = argparse.ArgumentParser(prog="python -m gcmreview.textengine calibrate")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--output", type=Path, default=CALIBRATION_FILE)
    args = parser.parse_args(argv)
    taxonomy_path = DATA_DIR / "taxonomy.yaml"
    prototypes_path = DATA_DIR / "prototypes.jsonl"
    embedder = load_embedder()
    result = fit(load_taxonomy(taxonomy_path), load_examples(prototypes_path), embedder,
                 args.folds)
    result["fitted_on"] = {
        "data": data_fingerprint(*(DATA_DIR / name for name in DATA_FILES)),
        "model": embedder.name if embedder is not None else None,
        "folds": args.folds,
    }
    args.output.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n",
                           encoding="utf-8")
    print(json.dumps(result["held_out"], indent=1), file=out)
    print(f"wrote {args.output}", file=out)
    return 0
