"""Reading the calendar: which events a viewer sees, filtered, and what they may see of a
closed one (docs/decisions/0004-closed-events-in-public.md). The viewer is a
`gcmreview.participation.access.Viewer`; it alone decides what is visible."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from gcmreview.process.models import Event, EventOrganizer, ReviewProcess


@dataclass(frozen=True)
class CalendarFilter:
    kind: str = ""
    organizer: str = ""
    workstream: str = ""
    month: str = ""  # YYYY-MM
    access: str = ""  # "open", "closed" or ""

    @classmethod
    def from_query(cls, query) -> CalendarFilter:
        month = query.get("month", "")
        return cls(
            kind=query.get("kind", "") if query.get("kind", "") in Event.Kind.values else "",
            organizer=query.get("organizer", "")[:40],
            workstream=query.get("workstream", "")[:60],
            month=month if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month) else "",
            access=query.get("access", "") if query.get("access") in ("open", "closed") else "",
        )

    @property
    def month_bounds(self) -> tuple[dt.date, dt.date] | None:
        if not self.month:
            return None
        year, month = map(int, self.month.split("-"))
        return dt.date(year, month, 1), dt.date(year, month, pycalendar.monthrange(year, month)[1])

    def as_query(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


def calendar_events(process: ReviewProcess, filters: CalendarFilter, viewer) -> QuerySet[Event]:
    """Events of a process in calendar order (the last day each may fall on, then the
    first), with organizers fetched in one query whatever the number of events."""
    events = process.events.all()
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.access == "open":
        events = events.filter(closed=False)
    elif filters.access == "closed":
        events = events.filter(closed=True)
    if filters.organizer or filters.workstream or filters.kind:
        # Who organizes a closed meeting, its workstream and its kind are not public: a
        # list scoped to any of them would tell it.
        events = events.filter(viewer.event_filter())
    if filters.organizer:
        events = events.filter(organizers__code=filters.organizer)
    if filters.workstream:
        events = events.filter(workstream__code=filters.workstream)
    if bounds := filters.month_bounds:
        # An event whose possible days overlap the month: "second half of 2024" is listed
        # under every month from July to December, a day event under its own month only.
        events = events.filter(date_start__lte=bounds[1], date_end__gte=bounds[0])
    return (
        events.select_related("workstream", "phase")
        .prefetch_related(
            Prefetch(
                "organizer_rows",
                queryset=EventOrganizer.objects.select_related("organization").order_by("position"),
            )
        )
        .order_by("date_end", "-date_start", "key")
    )


def event_for_viewer(process: ReviewProcess, key: str) -> Event:
    return (
        process.events.select_related("workstream", "phase")
        .prefetch_related(
            Prefetch(
                "organizer_rows",
                queryset=EventOrganizer.objects.select_related("organization"),
            ),
            "feeds_into",
            "fed_by",
            "feeds_milestones",
        )
        .get(key=key)
    )


def months_with_events(process: ReviewProcess) -> list[str]:
    """YYYY-MM of every month an event of the process may fall in, for the month filter."""
    # order_by() drops the default ordering, which would otherwise defeat DISTINCT.
    spans = process.events.order_by().values_list("date_start", "date_end").distinct()
    months: set[str] = set()
    for start, end in spans:
        y, m = start.year, start.month
        while (y, m) <= (end.year, end.month):
            months.add(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return sorted(months)
