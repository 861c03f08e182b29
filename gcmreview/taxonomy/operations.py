"""Loading the taxonomy and learning from people. Only this module writes the taxonomy
app's models."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from gcmreview.audit.log import record
from gcmreview.lib.yaml_files import load_yaml
from gcmreview.participation.operations import Refused
from gcmreview.taxonomy import engine
from gcmreview.taxonomy.models import (
    GuidingPrinciple,
    LabelledExample,
    Objective,
    StakeholderConstituency,
    StatementType,
    TaxonomyVersion,
)
from gcmreview.textengine.taxonomy import DATA_DIR

TAXONOMY_FILE = DATA_DIR / "taxonomy.yaml"
LANGS = ("en", "ar", "fr")


def _texts(prefix: str, texts: dict | None) -> dict[str, str]:
    texts = texts or {}
    return {f"{prefix}_{lang}": texts.get(lang, "") for lang in LANGS}


def _upsert(model, lookup: dict, values: dict) -> None:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        model.objects.create(**lookup, **values)
    elif any(getattr(obj, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(obj, k, v)
        obj.save()


@transaction.atomic
def load_taxonomy_data(path: Path = TAXONOMY_FILE, models=None) -> TaxonomyVersion:
    """Make the taxonomy tables match the data file; a file already loaded (same
    checksum) changes nothing. `models` lets a data migration pass its historical models."""
    m = models or {
        "TaxonomyVersion": TaxonomyVersion,
        "Objective": Objective,
        "GuidingPrinciple": GuidingPrinciple,
        "StatementType": StatementType,
        "StakeholderConstituency": StakeholderConstituency,
    }
    raw = path.read_bytes()
    checksum = hashlib.sha256(raw).hexdigest()
    if version := m["TaxonomyVersion"].objects.filter(checksum=checksum).first():
        return version
    data = load_yaml(raw)
    for o in data["objectives"]:
        _upsert(m["Objective"], {"number": o["number"]}, {
            "paragraph": o["paragraph"],
            **_texts("title", o.get("title")),
            **_texts("label", o.get("label")),
            **_texts("scope", o.get("scope")),
            "title_working_translation": list(o.get("title_working_translation") or []),
            "label_working_translation": list(o.get("label_working_translation") or []),
        })  # fmt: skip
    for i, p in enumerate(data.get("principles") or []):
        _upsert(m["GuidingPrinciple"], {"key": p["key"]}, {
            "paragraph": str(p.get("paragraph", "")),
            "position": i,
            **_texts("label", p.get("label")),
            **_texts("scope", p.get("scope")),
            "label_working_translation": list(p.get("label_working_translation") or []),
        })  # fmt: skip
    for i, t in enumerate(data.get("statement_types") or []):
        _upsert(m["StatementType"], {"key": t["key"]}, {
            "position": i, **_texts("label", t.get("label")),
            **_texts("description", t.get("description")),
        })  # fmt: skip
    for i, c in enumerate(data.get("constituencies") or []):
        _upsert(m["StakeholderConstituency"], {"key": c["key"]},
                {"position": i, **_texts("label", c.get("label"))})  # fmt: skip
    return m["TaxonomyVersion"].objects.create(version=data.get("version", 1), checksum=checksum)


@transaction.atomic
def confirm_tags(
    actor,
    text: str,
    objectives: Iterable[int],
    *,
    statement_type: str | None = None,
    rejected: Iterable[int] = (),
    lang: str | None = None,
) -> LabelledExample:
    """Keep a person's confirmation or correction of a key message's tags as a labelled
    example and teach it to the running classifier, so the next prediction for a similar
    text changes at once, without retraining."""
    chosen = sorted({int(n) for n in objectives})
    removed = sorted({int(n) for n in rejected} - set(chosen))
    known = set(Objective.objects.values_list("number", flat=True)) or set(range(1, 24))
    if not text.strip():
        raise Refused(_("A confirmed example needs its text."))
    if not chosen or not set(chosen + removed) <= known:
        raise Refused(_("Name one or more of the 23 objectives."))
    if statement_type and not StatementType.objects.filter(key=statement_type).exists():
        raise Refused(_("Unknown statement type."))
    example = LabelledExample.objects.create(
        text=text.strip(),
        lang=lang or "",
        objectives=chosen,
        rejected=removed,
        statement_type=statement_type or "",
        confirmed_by=actor if actor is not None and actor.is_authenticated else None,
    )
    # Taught once the example is safely stored, never for a confirmation rolled back.
    transaction.on_commit(lambda: engine.teach(example))
    record(
        actor,
        "tags.confirmed",
        example,
        after={"objectives": chosen, "rejected": removed, "statement_type": statement_type},
    )
    return example
