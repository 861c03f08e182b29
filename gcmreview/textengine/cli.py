"""Command line of the text engine: ``classify``, ``evaluate`` and ``calibrate``.

Guarantees:

- ``classify_main(argv, stdin, stdout)`` reads JSON lines ``{"id": ..., "text": ...}`` from the
  file named in ``argv`` (or ``stdin`` when there is none or it is ``-``) and writes, in input
  order, one line per non-blank input line: the input object with ``"lang"``, ``"objectives"``
  (every objective as ``{"objective": N, "score": s}``, highest first), ``"statement_type"``
  and ``"explanation"`` added; or, for a line that is not a JSON object with a non-empty string
  ``"text"``, ``{"line": n, "error": "..."}`` (with the ``"id"`` when there was one). A bad line
  never stops the others. The exit status is 0 unless the file cannot be read (2).
- ``evaluate_main(argv, stdout)`` reads labelled JSON lines (``{"text", "objective"}``, with
  optional ``"lang"``, ``"objectives"`` and ``"statement_type"``) and prints top-1 and top-3
  accuracy and macro-F1 per language, statement-type accuracy when labels have it, and the
  calibration error; ``--json`` prints the same as JSON, ``--calibration`` adds reliability
  tables, ``--errors`` lists the misclassified lines.
- Neither needs a database or Django; the Django management commands call these functions.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

__all__ = ["calibrate_main", "classify_main", "evaluate_main", "main"]

BATCH = 64


def _add_model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-embeddings", action="store_true",
                        help="use lexical evidence only, even when the embedding model is "
                             "installed")
    parser.add_argument("--learned", type=Path, metavar="FILE",
                        help="JSON lines of confirmed examples to learn before classifying")


def _classifier(args: argparse.Namespace) -> Any:
    from .classify import Classifier

    return Classifier.from_package(use_embeddings=False if args.no_embeddings else None,
                                   learned=args.learned)


def _parse(n: int, line: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(record, None) for a good line, (None, error object) for a bad one."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, {"line": n, "error": f"invalid JSON: {exc.msg} (column {exc.colno})"}
    if not isinstance(record, dict):
        return None, {"line": n, "error": "expected a JSON object"}
    error = None
    text = record.get("text")
    if "text" not in record:
        error = "missing 'text'"
    elif not isinstance(text, str):
        error = "'text' must be a string"
    elif not text.strip():
        error = "empty 'text'"
    if error:
        out: dict[str, Any] = {"line": n, "error": error}
        if "id" in record:
            out["id"] = record["id"]
        return None, out
    return record, None


def _batches(lines: Iterable[str]) -> Iterator[list[tuple[int, str]]]:
    batch: list[tuple[int, str]] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        batch.append((n, line))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def classify_main(argv: Sequence[str], stdin: IO[str] | None = None,
                  stdout: IO[str] | None = None, classifier: Any = None) -> int:
    """``classify [FILE]``: classify JSON lines; see the module docstring.

    ``classifier`` lets a caller pass one already built (for instance with the confirmed tags
    of the database learned); by default the package's is built.
    """
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout
    parser = argparse.ArgumentParser(
        prog="classify", description="Tag key messages (JSON lines) with GCM objectives.")
    parser.add_argument("file", nargs="?", default="-", help="JSON lines (default: stdin)")
    parser.add_argument("--lang", choices=("ar", "en", "fr"),
                        help="language of every line that gives none (default: detected)")
    _add_model_options(parser)
    args = parser.parse_args(list(argv))
    try:
        source: IO[str] = (stdin if args.file == "-"
                           else open(args.file, encoding="utf-8"))
    except OSError as exc:
        print(json.dumps({"error": f"cannot read {args.file}: {exc.strerror}"}), file=stdout)
        return 2
    if classifier is None:
        classifier = _classifier(args)
    try:
        for batch in _batches(source):
            parsed = [(n, *_parse(n, line)) for n, line in batch]
            good = [(n, record) for n, record, error in parsed if record is not None]
            langs = [r.get("lang") if r.get("lang") in ("ar", "en", "fr") else args.lang
                     for _, r in good]
            results = iter(classifier.classify_many([r["text"] for _, r in good], langs))
            for _n, record, error in parsed:
                if record is None:
                    out = error
                else:
                    out = dict(record) | next(results).as_dict()
                stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
            stdout.flush()
    finally:
        if source is not stdin:
            source.close()
    return 0


def evaluate_main(argv: Sequence[str], stdout: IO[str] | None = None,
                  classifier: Any = None) -> int:
    """``evaluate FILE``: print accuracy, macro-F1 and calibration per language."""
    from .metrics import evaluate, format_report
    from .taxonomy import LabelledText

    stdout = stdout if stdout is not None else sys.stdout
    parser = argparse.ArgumentParser(
        prog="evaluate", description="Figures of the classifier on labelled JSON lines.")
    parser.add_argument("file", help="labelled JSON lines: {\"text\", \"objective\"[, \"lang\"]}")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--calibration", action="store_true",
                        help="also print reliability tables")
    parser.add_argument("--errors", action="store_true", help="list misclassified lines")
    _add_model_options(parser)
    args = parser.parse_args(list(argv))
    examples: list[LabelledText] = []
    skipped = 0
    try:
        with open(args.file, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    objectives = [int(record["objective"])] if record.get("objective") else []
                    objectives += [int(n) for n in record.get("objectives") or ()
                                   if int(n) not in objectives]
                    text = record["text"]
                    if not isinstance(text, str) or not text.strip() or not objectives:
                        raise ValueError
                except (ValueError, KeyError, TypeError, AttributeError):
                    skipped += 1
                    continue
                examples.append(LabelledText(text, record.get("lang"), tuple(objectives),
                                             record.get("statement_type"),
                                             None if record.get("id") is None
                                             else str(record["id"])))
    except OSError as exc:
        print(f"cannot read {args.file}: {exc.strerror}", file=stdout)
        return 2
    if classifier is None:
        classifier = _classifier(args)
    reports = evaluate(classifier, examples)
    if args.json:
        payload: dict[str, Any] = {"mode": classifier.mode, "skipped": skipped,
                                   "languages": {k: r.as_dict() for k, r in reports.items()}}
        if args.errors:
            payload["errors"] = reports["all"].errors
        print(json.dumps(payload, ensure_ascii=False, indent=1), file=stdout)
        return 0
    print(format_report(reports, classifier.mode, calibration=args.calibration), file=stdout)
    if skipped:
        print(f"skipped {skipped} line(s) without text or objective", file=stdout)
    if args.errors:
        for error in reports["all"].errors:
            print(json.dumps(error, ensure_ascii=False), file=stdout)
    return 0


def calibrate_main(argv: Sequence[str], stdout: IO[str] | None = None) -> int:
    """``calibrate``: refit ``data/calibration.json`` on held-out prototypes."""
    from .calibrate import main as fit_main

    return fit_main(argv, stdout)


COMMANDS = {"classify": "classify_main", "evaluate": "evaluate_main",
            "calibrate": "calibrate_main"}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m gcmreview.textengine {classify,evaluate,calibrate} ...``"""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in COMMANDS:
        print("usage: python -m gcmreview.textengine {classify,evaluate,calibrate} [...]",
              file=sys.stderr)
        return 2
    command, rest = args[0], args[1:]
    if command == "classify":
        return classify_main(rest, sys.stdin, sys.stdout)
    if command == "evaluate":
        return evaluate_main(rest, sys.stdout)
    return calibrate_main(rest, sys.stdout)
