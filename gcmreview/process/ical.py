"""iCalendar feeds of a review's calendar.

Every date is written as precisely as it is known (docs/decisions/0002-date-precision.md):
an event known to the day is an all-day event on those days; an event known only to the
month, quarter, half-year or year covers that whole period as an all-day span marked
transparent (it blocks no time) and carries its precision, so no calendar shows it as a
one-day meeting. A closed event is shown to the public as its title and dates only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from gcmreview.process.models import Event, ReviewProcess

PRODID = "-//GCM Review//Regional review calendar//EN"


def build_feed(
    process: ReviewProcess,
    events: Iterable[Event],
    *,
    name: str,
    viewer,
    event_url: callable,
    date_label: callable,
    host: str,
) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for event in events:
        cal.add_component(
            _vevent(
                event, process, viewer.sees_event_details(event), event_url, date_label, host, stamp
            )
        )
    return cal.to_ical()


def _vevent(event, process, details, event_url, date_label, host, stamp) -> VEvent:
    span = event.span
    v = VEvent()
    v.add("uid", f"{process.slug}.{event.key}@{host}")
    v.add("dtstamp", stamp)
    v.add("summary", event.title)
    v.add("dtstart", span.start)
    # DTEND of an all-day event is exclusive: the day after the last possible day.
    v.add("dtend", span.end + dt.timedelta(days=1))
    v.add("x-gcmreview-date-precision", span.precision.value)
    if not span.is_exact:
        v.add("transp", "TRANSPARENT")
    if not details:
        return v
    lines = [date_label(span)]
    if not span.is_exact:
        v["x-gcmreview-date-note"] = lines[0]
    organizers = ", ".join(row.organization.short_name for row in event.organizer_rows.all())
    if organizers:
        lines.append(organizers)
    if event.description:
        lines.append(event.description)
    v.add("description", "\n".join(lines))
    if place := event.place:
        v.add("location", place)
    v.add("categories", [event.get_kind_display()])
    v.add("status", "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED")
    v.add("url", event_url(event))
    if event.closed:
        v.add("class", "CONFIDENTIAL")
    return v
