"""The one classifier of this process: built on first use from the package's taxonomy and
prototypes, then taught every example people have confirmed. Lives in memory; each web
or worker process has its own and reloads the confirmed examples when it starts."""

from __future__ import annotations

import threading

from gcmreview.textengine.classify import Classifier

_lock = threading.Lock()
_classifier: Classifier | None = None


def classifier() -> Classifier:
    global _classifier
    with _lock:
        if _classifier is None:
            from gcmreview.taxonomy.models import LabelledExample

            built = Classifier.from_package()
            for example in LabelledExample.objects.order_by("confirmed_at", "id"):
                _learn(built, example)
            _classifier = built
        return _classifier


def _learn(target: Classifier, example) -> None:
    target.learn(
        example.text,
        example.objectives,
        lang=example.lang or None,
        rejected=example.rejected,
        statement_type=example.statement_type or None,
        id=str(example.pk),
    )


def teach(example) -> None:
    """Teach one confirmed example to the classifier, if it is already built (otherwise
    it will read the example from the database when it is)."""
    with _lock:
        if _classifier is not None:
            _learn(_classifier, example)


def forget() -> None:
    """Drop the built classifier (tests, or after the taxonomy data changed)."""
    global _classifier
    with _lock:
        _classifier = None
