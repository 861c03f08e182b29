"""Figures for a labelled set: accuracy, macro-F1, statement-type accuracy and calibration.

Guarantees:

- ``evaluate(classifier, examples)`` classifies every example once (in batches) and returns a
  :class:`Report` per language (and ``"all"``) with top-1 and top-3 accuracy against the
  primary objective, top-1 against any of the example's objectives, macro-F1 of the top-1
  objective over the objectives present, statement-type accuracy over the examples that carry
  one, and the reliability of the scores (expected calibration error, ten equal-width bins) —
  both of the top-1 score as the chance that the top-1 objective is right, and of every
  objective's score as the chance that it is one of the example's objectives.
- ``format_report`` prints those figures as a plain table; nothing here needs a database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .langid import identify
from .taxonomy import LabelledText

if TYPE_CHECKING:
    from .classify import Classification, Classifier

__all__ = ["Reliability", "Report", "evaluate", "expected_calibration_error", "format_report",
           "macro_f1", "reliability"]


@dataclass(slots=True)
class Reliability:
    """A reliability table: per bin, how many scores, their mean and how often they were right."""

    bins: list[tuple[float, float, int, float, float]]  # (low, high, n, mean score, hit rate)
    ece: float


def reliability(scores: Sequence[float], outcomes: Sequence[bool], n_bins: int = 10,
                ) -> Reliability:
    """Equal-width reliability table and expected calibration error of probability scores."""
    groups: dict[int, list[tuple[float, bool]]] = defaultdict(list)
    for s, o in zip(scores, outcomes, strict=True):
        groups[min(int(s * n_bins), n_bins - 1)].append((s, o))
    total = len(scores) or 1
    bins = []
    ece = 0.0
    for b in range(n_bins):
        items = groups.get(b, [])
        if not items:
            continue
        mean = sum(s for s, _ in items) / len(items)
        rate = sum(1 for _, o in items if o) / len(items)
        bins.append((b / n_bins, (b + 1) / n_bins, len(items), mean, rate))
        ece += len(items) / total * abs(mean - rate)
    return Reliability(bins, ece)


def expected_calibration_error(scores: Sequence[float], outcomes: Sequence[bool]) -> float:
    return reliability(scores, outcomes).ece


def macro_f1(gold: Sequence[Any], predicted: Sequence[Any]) -> float:
    """Macro-averaged F1 over the labels that occur in ``gold`` or ``predicted``."""
    labels = set(gold) | set(predicted)
    if not labels:
        return 0.0
    total = 0.0
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        total += 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return total / len(labels)


@dataclass(slots=True)
class Report:
    """Figures for one language (or all)."""

    lang: str
    n: int = 0
    top1: float = 0.0
    top3: float = 0.0
    top1_any: float = 0.0
    macro_f1: float = 0.0
    statement_type_n: int = 0
    statement_type_accuracy: float | None = None
    top1_calibration: Reliability | None = None
    all_calibration: Reliability | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "lang": self.lang, "n": self.n, "top1": round(self.top1, 4),
            "top3": round(self.top3, 4), "top1_any": round(self.top1_any, 4),
            "macro_f1": round(self.macro_f1, 4),
        }
        if self.statement_type_accuracy is not None:
            out["statement_type_accuracy"] = round(self.statement_type_accuracy, 4)
            out["statement_type_n"] = self.statement_type_n
        if self.top1_calibration is not None:
            out["ece_top1"] = round(self.top1_calibration.ece, 4)
        if self.all_calibration is not None:
            out["ece_all"] = round(self.all_calibration.ece, 4)
        return out


def _report(lang: str, items: list[tuple[LabelledText, Classification]]) -> Report:
    report = Report(lang, len(items))
    if not items:
        return report
    gold, predicted = [], []
    top1_scores, top1_hits, all_scores, all_hits = [], [], [], []
    typed = 0
    typed_right = 0
    for example, result in items:
        ranked = [n for n, _ in result.objectives]
        primary = example.objectives[0]
        report.top1 += ranked[0] == primary
        report.top3 += primary in ranked[:3]
        report.top1_any += ranked[0] in example.objectives
        gold.append(primary)
        predicted.append(ranked[0])
        top1_scores.append(result.objectives[0][1])
        top1_hits.append(ranked[0] in example.objectives)
        for n, s in result.objectives:
            all_scores.append(s)
            all_hits.append(n in example.objectives)
        if example.statement_type:
            typed += 1
            typed_right += result.statement_type == example.statement_type
        if ranked[0] != primary:
            report.errors.append({"id": example.id, "lang": lang, "gold": primary,
                                  "predicted": ranked[:3], "text": example.text})
    n = len(items)
    report.top1 /= n
    report.top3 /= n
    report.top1_any /= n
    report.macro_f1 = macro_f1(gold, predicted)
    if typed:
        report.statement_type_n = typed
        report.statement_type_accuracy = typed_right / typed
    report.top1_calibration = reliability(top1_scores, top1_hits)
    report.all_calibration = reliability(all_scores, all_hits)
    return report


def evaluate(classifier: Classifier, examples: Iterable[LabelledText], batch: int = 256,
             ) -> dict[str, Report]:
    """Reports per language and for ``"all"``; examples without an objective are skipped."""
    labelled = [e for e in examples if e.objectives and e.text.strip()]
    results: list[Classification] = []
    for i in range(0, len(labelled), batch):
        chunk = labelled[i:i + batch]
        results.extend(classifier.classify_many([e.text for e in chunk],
                                                [e.lang for e in chunk]))
    by_lang: dict[str, list[tuple[LabelledText, Classification]]] = defaultdict(list)
    for example, result in zip(labelled, results, strict=True):
        lang = example.lang or identify(example.text).lang
        by_lang[lang].append((example, result))
    reports = {lang: _report(lang, items) for lang, items in sorted(by_lang.items())}
    reports["all"] = _report("all", [pair for items in by_lang.values() for pair in items])
    return reports


def format_report(reports: dict[str, Report], mode: str, calibration: bool = False) -> str:
    """The figures as a plain-text table (and reliability tables when asked)."""
    typed = any(r.statement_type_accuracy is not None for r in reports.values())
    head = f"{'lang':<5} {'n':>5} {'top-1':>7} {'top-3':>7} {'top-1 any':>10} {'macro-F1':>9}"
    head += f" {'ECE top-1':>10}"
    if typed:
        head += f" {'type acc':>9}"
    lines = [f"mode: {mode}", head]
    for lang, r in reports.items():
        line = (f"{lang:<5} {r.n:>5} {r.top1:>7.3f} {r.top3:>7.3f} {r.top1_any:>10.3f} "
                f"{r.macro_f1:>9.3f}")
        ece = r.top1_calibration.ece if r.top1_calibration else 0.0
        line += f" {ece:>10.3f}"
        if typed:
            acc = r.statement_type_accuracy
            line += f" {acc:>9.3f}" if acc is not None else f" {'-':>9}"
        lines.append(line)
    if calibration and "all" in reports:
        for title, rel in (("top-1 score vs top-1 right", reports["all"].top1_calibration),
                           ("every score vs objective applies", reports["all"].all_calibration)):
            if rel is None:
                continue
            lines.append("")
            lines.append(f"reliability ({title}), ECE {rel.ece:.3f}")
            lines.append(f"{'bin':<11} {'n':>6} {'mean score':>11} {'hit rate':>9}")
            for low, high, n, mean, rate in rel.bins:
                lines.append(f"{low:.1f}-{high:.1f}    {n:>6} {mean:>11.3f} {rate:>9.3f}")
    return "\n".join(lines)
