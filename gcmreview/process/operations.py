"""Every change of state of a review process and its calendar happens here.

Views, the admin, the command line and tasks call these operations; none of them writes
these models on its own.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmreview.lib import date_spans
from gcmreview.process import manifest as mf
from gcmreview.process.models import (
    LANGS,
    CalendarRevision,
    CoOrganizer,
    Event,
    EventOrganizer,
    MandateReference,
    Milestone,
    Organization,
    Phase,
    ReviewProcess,
    Workstream,
)

# --- feeds-into links -------------------------------------------------------------


def check_feeds_into(event: Event, targets: list[Event]) -> None:
    """Refuse links from `event` to `targets` that point to another process, to an event
    that ends before this one starts, or that would close a cycle."""
    graph: dict[str, list[str]] = {}
    for source_key, target_key in Event.feeds_into.through.objects.filter(
        from_event__process_id=event.process_id
    ).values_list("from_event__key", "to_event__key"):
        graph.setdefault(source_key, []).append(target_key)
    graph[event.key] = []
    for target in targets:
        if target.process_id != event.process_id:
            raise ValidationError(
                _("“%(target)s” belongs to another review process.") % {"target": target.key}
            )
        if target.pk == event.pk:
            raise ValidationError(_("An event cannot feed into itself."))
        if target.date_end < event.date_start:
            raise ValidationError(
                _("“%(target)s” ends before “%(event)s” starts.")
                % {"target": target.key, "event": event.key}
            )
        graph[event.key].append(target.key)
    if cycle := mf.find_cycle(graph):
        raise ValidationError(
            _("These links would form a cycle: %(cycle)s") % {"cycle": " → ".join(cycle)}
        )


@transaction.atomic
def set_feeds_into(event: Event, targets: list[Event]) -> None:
    """Make `event` feed into exactly `targets`, after `check_feeds_into`."""
    check_feeds_into(event, targets)
    event.feeds_into.set(targets)


# --- calendar revisions -----------------------------------------------------------


def calendar_snapshot(process: ReviewProcess) -> list[dict[str, Any]]:
    """The calendar as it stands, in the form a revision keeps."""
    return [
        {
            "key": e.key,
            "title": e.title_en,
            "date": date_spans.to_expression(e.span),
            "status": e.status,
            "closed": e.closed,
        }
        for e in process.events.order_by("date_end", "-date_start", "key")
    ]


@transaction.atomic
def publish_calendar_revision(
    process: ReviewProcess, label: dict[str, str], published_at: dt.datetime | None = None
) -> CalendarRevision:
    """Keep the calendar as it stands now as the next numbered revision."""
    last = process.calendar_revisions.aggregate(n=models.Max("number"))["n"] or 0
    return CalendarRevision.objects.create(
        process=process,
        number=last + 1,
        published_at=published_at or timezone.now(),
        snapshot=calendar_snapshot(process),
        **{f"label_{lang}": label.get(lang, "") for lang in LANGS},
    )


@dataclass
class CalendarChanges:
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    # (before, after) pairs
    moved: list[tuple[dict, dict]] = field(default_factory=list)
    cancelled: list[dict] = field(default_factory=list)
    status_changed: list[tuple[dict, dict]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.added or self.removed or self.moved or self.cancelled or self.status_changed
        )


def compare_calendars(before: list[dict], after: list[dict]) -> CalendarChanges:
    """What changed between two calendar snapshots: events added, removed, moved to
    another date, cancelled, or otherwise changed status."""
    old = {e["key"]: e for e in before}
    new = {e["key"]: e for e in after}
    changes = CalendarChanges()
    for key, event in new.items():
        if key not in old:
            changes.added.append(event)
            continue
        was = old[key]
        if was["date"] != event["date"]:
            changes.moved.append((was, event))
        if was["status"] != event["status"]:
            if event["status"] == Event.Status.CANCELLED:
                changes.cancelled.append(event)
            else:
                changes.status_changed.append((was, event))
    changes.removed = [e for key, e in old.items() if key not in new]
    return changes


# --- loading and exporting manifests ---------------------------------------------


@dataclass
class LoadReport:
    process: ReviewProcess
    counts: Counter = field(default_factory=Counter)
    # (kind, pk) of the rows whose own columns were already as the file says.
    unchanged: set = field(default_factory=set)

    def note(self, kind: str, outcome: str) -> None:
        self.counts[(kind, outcome)] += 1

    def links_changed(self, kind: str, obj: models.Model) -> None:
        """Count a row whose columns were unchanged but whose links changed as updated."""
        if (kind, obj.pk) in self.unchanged:
            self.unchanged.discard((kind, obj.pk))
            self.counts[(kind, "unchanged")] -= 1
            self.note(kind, "updated")

    @property
    def changed(self) -> bool:
        return any(outcome != "unchanged" for (_kind, outcome) in self.counts)

    def lines(self) -> list[str]:
        kinds = dict.fromkeys(kind for kind, _o in self.counts)
        out = []
        for kind in kinds:
            parts = [
                f"{self.counts[(kind, o)]} {o}"
                for o in ("created", "updated", "unchanged", "removed")
                if self.counts[(kind, o)]
            ]
            out.append(f"{kind}: {', '.join(parts)}")
        return out


def _texts(prefix: str, texts: Any) -> dict[str, str]:
    return {f"{prefix}_{lang}": getattr(texts, lang) for lang in LANGS}


def _span_fields(span: date_spans.DateSpan | None) -> dict[str, Any]:
    if span is None:
        return {"date_start": None, "date_end": None, "date_precision": ""}
    return {"date_start": span.start, "date_end": span.end, "date_precision": span.precision.value}


def _sync(model: type[models.Model], lookup: dict, values: dict, report: LoadReport, kind: str):
    """Create or update one row, writing only when something differs, so that loading the
    same manifest twice writes nothing the second time."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.note(kind, "created")
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.note(kind, "updated")
    else:
        report.note(kind, "unchanged")
        report.unchanged.add((kind, obj.pk))
    return obj


def _remove_missing(queryset: models.QuerySet, keep: set, key: str, report, kind) -> None:
    stale = queryset.exclude(**{f"{key}__in": keep})
    for _obj in stale:
        report.note(kind, "removed")
    stale.delete()


def _set_ordered(rows_qs, through, owner_field: str, owner, orgs: list[Organization]) -> bool:
    """Replace an ordered list of organizations if it differs; True when it did."""
    current = list(rows_qs.order_by("position").values_list("organization_id", flat=True))
    wanted = [o.pk for o in orgs]
    if current == wanted:
        return False
    rows_qs.all().delete()
    through.objects.bulk_create(
        [through(**{owner_field: owner}, organization=o, position=i) for i, o in enumerate(orgs)]
    )
    return True


def _set_m2m(manager, wanted: list) -> bool:
    if {o.pk for o in manager.all()} == {o.pk for o in wanted}:
        return False
    manager.set(wanted)
    return True


@transaction.atomic
def load_manifest(manifest: mf.Manifest) -> LoadReport:
    """Make the database hold exactly the process the manifest describes, in one
    transaction. Organizations are shared by processes and are never removed here."""
    orgs: dict[str, Organization] = {}
    # A throwaway report until the process exists.
    report = LoadReport(process=ReviewProcess())
    for entry in manifest.organizations:
        orgs[entry.code] = _sync(
            Organization,
            {"code": entry.code},
            {
                "kind": entry.kind,
                "constituency": entry.constituency or "",
                "las_member": entry.las_member,
                "gcm_champion": entry.gcm_champion,
                **_texts("name", entry.name),
                **_texts("acronym", entry.acronym),
            },
            report,
            "organizations",
        )

    p = manifest.process
    process = _sync(
        ReviewProcess,
        {"slug": p.slug},
        {
            "round": p.round,
            "status": p.status,
            **_texts("title", p.title),
            **_texts("region", p.region),
            **_texts("summary", p.summary),
        },
        report,
        "process",
    )
    report.process = process
    if _set_ordered(
        process.co_organizers, CoOrganizer, "process", process, [orgs[c] for c in p.co_organizers]
    ):
        report.links_changed("process", process)
    for i, mandate in enumerate(p.mandates):
        _sync(
            MandateReference,
            {"process": process, "position": i},
            {
                "symbol": mandate.symbol,
                "paragraph": mandate.paragraph,
                **_texts("note", mandate.note),
            },
            report,
            "mandates",
        )
    _remove_missing(process.mandates, set(range(len(p.mandates))), "position", report, "mandates")

    phases = {
        entry.code: _sync(
            Phase,
            {"process": process, "code": entry.code},
            {
                "position": i,
                **_texts("title", entry.title),
                **_texts("description", entry.description),
                **_span_fields(entry.date),
            },
            report,
            "phases",
        )
        for i, entry in enumerate(manifest.phases)
    }
    _remove_missing(process.phases, set(phases), "code", report, "phases")

    workstreams = {}
    for i, entry in enumerate(manifest.workstreams):
        ws = _sync(
            Workstream,
            {"process": process, "code": entry.code},
            {"position": i, **_texts("title", entry.title)},
            report,
            "workstreams",
        )
        if _set_m2m(ws.leads, [orgs[c] for c in entry.leads]):
            report.links_changed("workstreams", ws)
        workstreams[entry.code] = ws
    _remove_missing(process.workstreams, set(workstreams), "code", report, "workstreams")

    milestones = {
        entry.key: _sync(
            Milestone,
            {"process": process, "key": entry.key},
            {
                **_texts("title", entry.title),
                **_texts("description", entry.description),
                **_span_fields(entry.deadline),
            },
            report,
            "milestones",
        )
        for entry in manifest.milestones
    }
    _remove_missing(process.milestones, set(milestones), "key", report, "milestones")

    events = {}
    for entry in manifest.events:
        events[entry.key] = _sync(
            Event,
            {"process": process, "key": entry.key},
            {
                "phase": phases.get(entry.phase) if entry.phase else None,
                "kind": entry.kind,
                "online": entry.online,
                "closed": entry.closed,
                "status": entry.status,
                "registration": entry.registration,
                "capacity": entry.capacity,
                "registration_closes_at": (
                    dt.datetime.fromisoformat(entry.registration_closes_at)
                    if entry.registration_closes_at
                    else None
                ),
                "chatham_house": entry.chatham_house,
                "workstream": workstreams.get(entry.workstream) if entry.workstream else None,
                **_texts("title", entry.title),
                **_texts("description", entry.description),
                **_texts("place", entry.place),
                **_span_fields(entry.date),
            },
            report,
            "events",
        )
    refuse_removing_events_in_use(process.events.exclude(key__in=set(events)))
    _remove_missing(process.events, set(events), "key", report, "events")
    # Links after every event exists; the manifest check has already refused cycles.
    for entry in manifest.events:
        event = events[entry.key]
        changed = _set_ordered(
            event.organizer_rows,
            EventOrganizer,
            "event",
            event,
            [orgs[c] for c in entry.organizers],
        )
        changed |= _set_m2m(event.feeds_into, [events[k] for k in entry.feeds_into])
        changed |= _set_m2m(
            event.feeds_milestones, [milestones[k] for k in entry.feeds_milestones]
        )
        if changed:
            report.links_changed("events", event)

    for entry in manifest.calendar_revisions:
        _sync(
            CalendarRevision,
            {"process": process, "number": entry.number},
            {
                "published_at": dt.datetime.fromisoformat(entry.published_at),
                "snapshot": [e.model_dump(mode="json") for e in entry.events],
                **_texts("label", entry.label),
            },
            report,
            "calendar revisions",
        )
    _remove_missing(
        process.calendar_revisions,
        {r.number for r in manifest.calendar_revisions},
        "number",
        report,
        "calendar revisions",
    )
    return report


def refuse_removing_events_in_use(stale: models.QuerySet) -> None:
    """An event left out of a manifest is removed, unless people registered for it or
    documents belong to it: those would go with it. The manifest should then mark the
    event cancelled instead."""
    in_use: set[str] = set()
    for relation in Event._meta.related_objects:
        if relation.related_model._meta.app_label == "process" or not relation.one_to_many:
            continue
        name = relation.field.name
        in_use.update(
            relation.related_model.objects.filter(**{f"{name}__in": stale}).values_list(
                f"{name}__key", flat=True
            )
        )
    if in_use:
        raise mf.ManifestError(
            [
                f"events: '{key}' is missing from the file but has registrations or documents;"
                " keep it and mark it cancelled instead"
                for key in sorted(in_use)
            ]
        )


def load_manifest_file(path: str | Path) -> LoadReport:
    """Check the whole file, then write all of it or nothing (ManifestError if refused)."""
    return load_manifest(mf.read_manifest_file(path))


# --- export ----------------------------------------------------------------------


def _texts_out(obj: Any, prefix: str) -> dict[str, str]:
    return {lang: value for lang in LANGS if (value := getattr(obj, f"{prefix}_{lang}"))}


def export_manifest(process: ReviewProcess) -> dict[str, Any]:
    """The manifest of one process; loading it back gives the same state."""
    events = list(
        process.events.select_related("phase", "workstream").prefetch_related(
            "organizer_rows__organization", "feeds_into", "feeds_milestones"
        )
    )
    # Organizations are shared by every process; all of them are written so that the
    # file rebuilds the same state in an empty database.
    workstreams = list(process.workstreams.prefetch_related("leads"))

    def opt(obj: Any, prefix: str) -> dict[str, Any]:
        texts = _texts_out(obj, prefix)
        return {prefix: texts} if texts else {}

    def event_out(e: Event) -> dict[str, Any]:
        out: dict[str, Any] = {"key": e.key}
        if e.phase:
            out["phase"] = e.phase.code
        out |= {
            "kind": e.kind,
            "title": _texts_out(e, "title"),
            "date": date_spans.to_expression(e.span),
            "organizers": [row.organization.code for row in e.organizer_rows.all()],
        }
        if e.workstream:
            out["workstream"] = e.workstream.code
        out |= opt(e, "place")
        out |= {"online": e.online, "closed": e.closed, "status": e.status}
        if e.registration != Event.Registration.NONE:
            out["registration"] = e.registration
        if e.capacity is not None:
            out["capacity"] = e.capacity
        if e.registration_closes_at is not None:
            out["registration_closes_at"] = e.registration_closes_at.isoformat()
        if e.chatham_house:
            out["chatham_house"] = True
        out |= opt(e, "description")
        if targets := sorted(t.key for t in e.feeds_into.all()):
            out["feeds_into"] = targets
        if ms := sorted(m.key for m in e.feeds_milestones.all()):
            out["feeds_milestones"] = ms
        return out

    return {
        "format": mf.FORMAT,
        "organizations": [
            {
                "code": o.code,
                "kind": o.kind,
                "name": _texts_out(o, "name"),
                **opt(o, "acronym"),
                **({"constituency": o.constituency} if o.constituency else {}),
                **({"las_member": True} if o.las_member else {}),
                **({"gcm_champion": True} if o.gcm_champion else {}),
            }
            for o in Organization.objects.order_by("code")
        ],
        "process": {
            "slug": process.slug,
            "title": _texts_out(process, "title"),
            "region": _texts_out(process, "region"),
            "round": process.round,
            "status": process.status,
            **opt(process, "summary"),
            "co_organizers": [
                r.organization.code for r in process.co_organizers.select_related("organization")
            ],
            "mandates": [
                {"symbol": m.symbol, "paragraph": m.paragraph, **opt(m, "note")}
                for m in process.mandates.all()
            ],
        },
        "phases": [
            {
                "code": ph.code,
                "title": _texts_out(ph, "title"),
                **opt(ph, "description"),
                **({"date": date_spans.to_expression(ph.span)} if ph.span else {}),
            }
            for ph in process.phases.all()
        ],
        "workstreams": [
            {
                "code": ws.code,
                "title": _texts_out(ws, "title"),
                "leads": [o.code for o in sorted(ws.leads.all(), key=lambda o: o.code)],
            }
            for ws in workstreams
        ],
        "events": [event_out(e) for e in events],
        "milestones": [
            {
                "key": m.key,
                "title": _texts_out(m, "title"),
                "deadline": date_spans.to_expression(m.span),
                **opt(m, "description"),
            }
            for m in process.milestones.all()
        ],
        "calendar_revisions": [
            {
                "number": r.number,
                "label": _texts_out(r, "label"),
                "published_at": r.published_at.isoformat(),
                "events": r.snapshot,
            }
            for r in process.calendar_revisions.all()
        ],
    }
