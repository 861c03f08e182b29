"""The public portal: a process's home, its calendar, timeline, event pages, calendar
revisions and iCalendar feeds. Views read; they change nothing."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gcmreview.participation.access import viewer_for
from gcmreview.participation.queries import registration_of
from gcmreview.portal.templatetags.review import span_label
from gcmreview.process import calendar as cal
from gcmreview.process import ical, operations
from gcmreview.process.models import (
    Event,
    Organization,
    ReviewProcess,
)

EVENTS_PER_PAGE = 200

# The steps a round runs through, in order, for the timeline's flow strip.
FLOW_KINDS = [
    Event.Kind.STAKEHOLDER_HEARING,
    Event.Kind.REVIEW_CONFERENCE,
    Event.Kind.SUBMISSION,
    Event.Kind.GENERAL_ASSEMBLY,
    Event.Kind.REVIEW_FORUM,
]


def _process(slug: str) -> ReviewProcess:
    return get_object_or_404(ReviewProcess, slug=slug)


def _marked(viewer, events):
    """The events as a list, each knowing whether this viewer sees its details."""
    events = list(events)
    for event in events:
        event.details_visible = viewer.sees_event_details(event)
    return events


def process_list(request):
    processes = ReviewProcess.objects.all()
    return render(request, "portal/process_list.html", {"processes": processes})


def process_home(request, slug):
    process = _process(slug)
    viewer = viewer_for(request.user, process)
    upcoming = cal.calendar_events(process, cal.CalendarFilter(), viewer)
    return render(
        request,
        "portal/process_home.html",
        {
            "process": process,
            "co_organizers": [
                r.organization for r in process.co_organizers.select_related("organization")
            ],
            "mandates": process.mandates.all(),
            "phases": process.phases.all(),
            "milestones": process.milestones.all(),
            "workstreams": process.workstreams.all(),
            "next_steps": [e for e in upcoming if e.kind in FLOW_KINDS],
        },
    )


def calendar_page(request, slug):
    process = _process(slug)
    viewer = viewer_for(request.user, process)
    filters = cal.CalendarFilter.from_query(request.GET)
    events = cal.calendar_events(process, filters, viewer)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = _marked(viewer, page.object_list)
    organized = Event.objects.filter(process=process).filter(viewer.event_filter())
    organizers = Organization.objects.filter(organized_events__in=organized)
    return render(
        request,
        "portal/calendar.html",
        {
            "process": process,
            "page": page,
            "filters": filters,
            "query": filters.as_query(),
            "kinds": Event.Kind.choices,
            "organizers": organizers.distinct().order_by("code"),
            "workstreams": process.workstreams.all(),
            "months": cal.months_with_events(process),
            "latest_revision": process.calendar_revisions.order_by("-number").first(),
        },
    )


def event_page(request, slug, key):
    process = _process(slug)
    try:
        event = cal.event_for_viewer(process, key)
    except Event.DoesNotExist:
        raise Http404(_("No such event.")) from None
    viewer = viewer_for(request.user, process)
    sources = _marked(viewer, event.fed_by.all())
    return render(
        request,
        "portal/event.html",
        {
            "process": process,
            "event": event,
            "show_details": viewer.sees_event_details(event),
            "sources": [s for s in sources if s.details_visible],
            "registration": registration_of(request.user, event),
            "may_register": event.registration
            in (Event.Registration.OPEN, Event.Registration.APPROVAL)
            and event.status == Event.Status.PLANNED,
            "manages": viewer.manages_event(event),
        },
    )


def timeline_page(request, slug):
    process = _process(slug)
    viewer = viewer_for(request.user, process)
    events = _marked(viewer, cal.calendar_events(process, cal.CalendarFilter(), viewer))
    phases = list(process.phases.all())
    by_phase = {ph.pk: [] for ph in phases}
    unphased = []
    for event in events:
        by_phase.get(event.phase_id, unphased).append(event)
    flow = [e for e in events if e.kind in FLOW_KINDS]
    preparatory = [e for e in events if e.kind not in FLOW_KINDS]
    return render(
        request,
        "portal/timeline.html",
        {
            "process": process,
            "lanes": [(ph, by_phase[ph.pk]) for ph in phases]
            + ([(None, unphased)] if unphased else []),
            "flow": flow,
            "preparatory_count": len(preparatory),
            "milestones": process.milestones.all(),
        },
    )


def revisions_page(request, slug):
    process = _process(slug)
    revisions = list(process.calendar_revisions.all())
    by_number = {str(r.number): r for r in revisions}
    before = by_number.get(request.GET.get("from", ""))
    if before is None and revisions:
        before = revisions[-1]
    after_key = request.GET.get("to", "current")
    after = by_number.get(after_key)
    changes = None
    if before is not None:
        after_snapshot = after.snapshot if after else operations.calendar_snapshot(process)
        changes = operations.compare_calendars(before.snapshot, after_snapshot)
    return render(
        request,
        "portal/revisions.html",
        {
            "process": process,
            "revisions": revisions,
            "before": before,
            "after": after,
            "changes": changes,
        },
    )


# --- iCalendar feeds -------------------------------------------------------------


def _feed_response(request, process: ReviewProcess, filters: cal.CalendarFilter, name: str):
    viewer = viewer_for(request.user, process)
    events = cal.calendar_events(process, filters, viewer)
    body = ical.build_feed(
        process,
        events,
        name=name,
        viewer=viewer,
        event_url=lambda e: request.build_absolute_uri(
            reverse("event", args=[process.slug, e.key])
        ),
        date_label=span_label,
        host=request.get_host().split(":")[0] or "gcmreview",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{process.slug}.ics"'
    return response


def process_feed(request, slug):
    process = _process(slug)
    return _feed_response(request, process, cal.CalendarFilter(), process.title)


def workstream_feed(request, slug, code):
    process = _process(slug)
    workstream = get_object_or_404(process.workstreams, code=code)
    return _feed_response(
        request, process, cal.CalendarFilter(workstream=code), f"{process.title}: {workstream}"
    )


def organizer_feed(request, slug, code):
    process = _process(slug)
    organization = get_object_or_404(Organization, code=code)
    return _feed_response(
        request, process, cal.CalendarFilter(organizer=code), f"{process.title}: {organization}"
    )
