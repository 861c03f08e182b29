"""Small manifests built in code, for tests that need a process of a known shape."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml
from django.apps import apps

from gcmreview.process import manifest as mf
from gcmreview.process import operations
from gcmreview.process.management.commands.demo import DEMO_MANIFEST


def event(key: str, date: str, **fields: Any) -> dict[str, Any]:
    """One event entry; organized by IOM unless told otherwise."""
    return {
        "key": key,
        "kind": "other",
        "title": {"en": key.replace("-", " ").capitalize()},
        "date": date,
        "organizers": ["IOM"],
        **fields,
    }


def manifest(*events: dict[str, Any], slug: str = "test-review", **sections: Any) -> dict:
    """A small but complete manifest: three organizations, two phases, two workstreams,
    one milestone and the events given."""
    data: dict[str, Any] = {
        "format": "gcmreview/1",
        "organizations": [
            {
                "code": "IOM",
                "kind": "un_entity",
                "name": {"en": "International Organization for Migration"},
                "acronym": {"en": "IOM", "fr": "OIM"},
            },
            {
                "code": "ESCWA",
                "kind": "un_entity",
                "name": {"en": "Economic and Social Commission for Western Asia"},
                "acronym": {"en": "ESCWA"},
            },
            {
                "code": "EG",
                "kind": "member_state",
                "name": {"en": "Egypt", "ar": "مصر", "fr": "Égypte"},
                "las_member": True,
                "gcm_champion": True,
            },
        ],
        "process": {
            "slug": slug,
            "title": {"en": "A test review"},
            "region": {"en": "Test region"},
            "round": 1,
            "status": "planned",
            "co_organizers": ["IOM", "ESCWA"],
        },
        "phases": [
            {"code": "preparatory", "title": {"en": "Preparatory process"}},
            {"code": "review", "title": {"en": "Review"}, "date": "2024-07/2024-12"},
        ],
        "workstreams": [
            {"code": "climate", "title": {"en": "Climate"}, "leads": ["IOM"]},
            {"code": "labour", "title": {"en": "Labour"}},
        ],
        "milestones": [{"key": "outcome", "title": {"en": "Outcome"}, "deadline": "2024-09"}],
        "events": list(events),
    }
    data.update(sections)
    return copy.deepcopy(data)


def load(data: dict) -> operations.LoadReport:
    """Check and load a manifest held in memory."""
    return operations.load_manifest(mf.check_manifest(data))


def demo_data() -> dict:
    return yaml.safe_load(DEMO_MANIFEST.read_text(encoding="utf-8"))


def write(path: Path, data: Any) -> Path:
    """Write a manifest as JSON or YAML, by the file's suffix."""
    if path.suffix == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def row_counts() -> dict[str, int]:
    """How many rows every table of the project holds, link tables included."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models(include_auto_created=True)
    }


def database_state() -> dict[str, list[dict]]:
    """Every row of every table of the process app, link tables included."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("process").get_models(include_auto_created=True)
    }
