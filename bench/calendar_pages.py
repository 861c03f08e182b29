"""How fast the calendar pages answer for a large review, and whether the number of SQL
queries stays the same as the calendar grows.

    .venv/bin/python bench/calendar_pages.py [--requests 50] [--events 2000]

It builds, in a fresh SQLite database in a temporary folder (or, when DATABASE_URL is
set, in a throwaway test database beside the one DATABASE_URL names), a review with
2,000 events and 300 organizations, and a second review with 200 events. Then it asks
Django's test client for the calendar (first page and a filtered page), an event page
and the iCalendar feed of each review, and prints the median and 95th percentile of the
time the server took, and the number of SQL queries per request, side by side for the
two sizes. Requests run in this process: no network, no web server, an anonymous visitor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import statistics
import sys
import time
from collections import Counter

import _database

_database.start_django("calendar")

import django  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from gcmreview.lib.date_spans import Precision  # noqa: E402
from gcmreview.process import operations  # noqa: E402
from gcmreview.process.models import (  # noqa: E402
    Event,
    EventOrganizer,
    Milestone,
    Organization,
    Phase,
    ReviewProcess,
    Workstream,
)

PRECISIONS = [  # (precision, weight): most roadmap rows give a month or a day
    (Precision.DAY, 35),
    (Precision.DAYS, 15),
    (Precision.MONTH, 30),
    (Precision.QUARTER, 8),
    (Precision.HALF, 7),
    (Precision.YEAR, 5),
]
FIRST_DAY = dt.date(2022, 1, 1)
DAYS_COVERED = 4 * 365


# --- building the data -------------------------------------------------------------


def make_organizations(count: int, rng: random.Random) -> list[Organization]:
    kinds = Organization.Kind.values
    orgs = [
        Organization(
            code=f"org-{i:03d}",
            kind=rng.choice(kinds),
            name_en=f"Organization number {i}",
            name_ar=f"المنظمة رقم {i}",
            name_fr=f"Organisation numéro {i}",
            acronym_en=f"ORG{i}" if i % 2 else "",
        )
        for i in range(count)
    ]
    return Organization.objects.bulk_create(orgs, batch_size=500)


def span_fields(rng: random.Random) -> dict:
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS_COVERED))
    precision = rng.choices([p for p, _w in PRECISIONS], [w for _p, w in PRECISIONS])[0]
    match precision:
        case Precision.DAY:
            start = end = day
        case Precision.DAYS:
            start, end = day, day + dt.timedelta(days=rng.randint(1, 4))
        case Precision.MONTH:
            start = day.replace(day=1)
            end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        case Precision.QUARTER:
            start = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
            end = (start + dt.timedelta(days=95)).replace(day=1) - dt.timedelta(days=1)
        case Precision.HALF:
            start = dt.date(day.year, 1 if day.month <= 6 else 7, 1)
            end = dt.date(day.year, 6, 30) if day.month <= 6 else dt.date(day.year, 12, 31)
        case Precision.YEAR:
            start, end = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return {"date_start": start, "date_end": end, "date_precision": precision.value}


def build_process(
    slug: str, n_events: int, orgs: list[Organization], rng: random.Random
) -> ReviewProcess:
    process = ReviewProcess.objects.create(
        slug=slug,
        title_en=f"Benchmark review with {n_events} events",
        title_ar=f"استعراض لقياس الأداء يضم {n_events} حدثاً",
        title_fr=f"Examen d’essai de {n_events} événements",
        region_en="Benchmark region",
        region_ar="منطقة القياس",
        region_fr="Région d’essai",
        round=1,
        status=ReviewProcess.Status.ONGOING,
    )
    phases = Phase.objects.bulk_create(
        Phase(process=process, code=f"phase-{i}", position=i, title_en=f"Phase {i}")
        for i in range(3)
    )
    workstreams = Workstream.objects.bulk_create(
        Workstream(process=process, code=f"ws-{i}", position=i, title_en=f"Workstream {i}")
        for i in range(8)
    )
    milestones = Milestone.objects.bulk_create(
        Milestone(
            process=process,
            key=f"milestone-{i}",
            title_en=f"Milestone {i}",
            date_start=dt.date(2023 + i, 1, 1),
            date_end=dt.date(2023 + i, 12, 31),
            date_precision=Precision.YEAR.value,
        )
        for i in range(3)
    )
    kinds = Event.Kind.values
    events = Event.objects.bulk_create(
        (
            Event(
                process=process,
                key=f"event-{i:05d}",
                phase=rng.choice(phases),
                kind=rng.choice(kinds),
                title_en=f"Regional meeting number {i} on migration governance",
                title_ar=f"الاجتماع الإقليمي رقم {i} بشأن حوكمة الهجرة",
                title_fr=f"Réunion régionale numéro {i} sur la gouvernance des migrations",
                description_en="A meeting made up for the benchmark. " * 4,
                place_en=rng.choice(["Cairo", "Beirut", "Amman", "Rabat", ""]),
                online=rng.random() < 0.3,
                closed=rng.random() < 0.15,
                status=rng.choice(Event.Status.values),
                workstream=rng.choice(workstreams) if rng.random() < 0.4 else None,
                **span_fields(rng),
            )
            for i in range(n_events)
        ),
        batch_size=500,
    )
    EventOrganizer.objects.bulk_create(
        (
            EventOrganizer(event=event, organization=org, position=position)
            for event in events
            for position, org in enumerate(rng.sample(orgs, rng.randint(1, 3)))
        ),
        batch_size=1000,
    )
    # Links run from an event to events that start no earlier, so none ends before its
    # source starts and no cycle can form.
    in_order = sorted(events, key=lambda e: (e.date_start, e.key))
    links = set()
    for i, source in enumerate(in_order[:-1]):
        if rng.random() < 0.3:
            for target in rng.sample(in_order[i + 1 :], min(2, len(in_order) - i - 1)):
                links.add((source.pk, target.pk))
    Event.feeds_into.through.objects.bulk_create(
        (Event.feeds_into.through(from_event_id=s, to_event_id=t) for s, t in links),
        batch_size=1000,
    )
    Event.feeds_milestones.through.objects.bulk_create(
        Event.feeds_milestones.through(event_id=e.pk, milestone_id=rng.choice(milestones).pk)
        for e in events
        if rng.random() < 0.05
    )
    operations.publish_calendar_revision(process, {"en": "First published calendar"})
    return process


# --- measuring ---------------------------------------------------------------------


def pages_of(process: ReviewProcess) -> list[tuple[str, str]]:
    """(label, URL) of the pages measured, for an anonymous visitor, in English."""
    busiest = Counter(
        EventOrganizer.objects.filter(event__process=process, event__closed=False).values_list(
            "organization__code", flat=True
        )
    ).most_common(1)[0][0]
    linked = Counter(
        Event.feeds_into.through.objects.filter(from_event__process=process).values_list(
            "to_event__key", flat=True
        )
    )
    event_key = next(
        key
        for key, _n in linked.most_common()
        if not Event.objects.get(process=process, key=key).closed
    )
    with translation.override("en"):
        calendar = reverse("calendar", args=[process.slug])
        return [
            ("calendar, first page", calendar),
            (f"calendar, ?organizer={busiest}", f"{calendar}?organizer={busiest}"),
            ("event page", reverse("event", args=[process.slug, event_key])),
            ("iCalendar feed", reverse("feed-process", args=[process.slug])),
        ]


def measure(client: Client, url: str, requests: int, budget: float) -> dict:
    """Time `requests` GETs of `url` (fewer if they take more than `budget` seconds, but
    at least 10), after two to warm up, and count the queries of one of them."""
    for _ in range(2):  # warm up templates, translations and the database's cache
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    # Counted now: the next request empties the connection's query log.
    queries = len(captured.captured_queries)
    times = []
    started = time.perf_counter()
    while len(times) < requests and (len(times) < 10 or time.perf_counter() - started < budget):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, url
    times.sort()
    return {
        "n": len(times),
        "median": statistics.median(times),
        "p95": times[max(0, math.ceil(0.95 * len(times)) - 1)],  # nearest rank
        "queries": queries,
        "bytes": len(response.content),
    }


def build_and_measure(args: argparse.Namespace, began: float) -> None:
    """Build both reviews, time their pages and print the figures."""
    rng = random.Random(args.seed)
    orgs = make_organizations(args.organizations, rng)
    large = build_process("bench-large", args.events, orgs, rng)
    small = build_process("bench-small", args.small, orgs, rng)
    built = time.perf_counter() - began
    print(
        f"{_database.describe()}; built {args.events} + "
        f"{args.small} events, {args.organizations} organizations, "
        f"{EventOrganizer.objects.count()} organizer rows, "
        f"{Event.feeds_into.through.objects.count()} feeds-into links in {built:.1f} s; "
        f"up to {args.requests} timed requests per page (n below; at most {args.budget:.0f} s "
        f"each), Python {sys.version.split()[0]}, "
        f"Django {django.get_version()}"
    )

    client = Client(HTTP_HOST="localhost")
    rows = []
    for (label, url), (_label, small_url) in zip(pages_of(large), pages_of(small), strict=True):
        big = measure(client, url, args.requests, args.budget)
        little = measure(client, small_url, args.requests, args.budget)
        rows.append((label, little, big))

    print()
    print(
        f"{'':<32} {'--- ' + str(args.events) + ' events ---':^34}  "
        f"{'--- ' + str(args.small) + ' events ---':^24}  {'queries per request':^19}"
    )
    head = (
        f"{'page':<32} {'n':>3} {'median ms':>10} {'p95 ms':>8} {'KiB':>8}  "
        f"{'n':>3} {'median ms':>10} {'p95 ms':>8}  {args.small:>9} {args.events:>9}"
    )
    print(head)
    print("-" * len(head))
    for label, little, big in rows:
        print(
            f"{label:<32} {big['n']:>3} {big['median']:>10.1f} {big['p95']:>8.1f} "
            f"{big['bytes'] / 1024:>8.0f}  {little['n']:>3} {little['median']:>10.1f} "
            f"{little['p95']:>8.1f}  {little['queries']:>9} {big['queries']:>9}"
        )
    grows = [label for label, little, big in rows if little["queries"] != big["queries"]]
    print()
    print(
        "Queries per request grow with the number of events on: " + ", ".join(grows)
        if grows
        else "Queries per request do not grow with the number of events."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--small", type=int, default=200, help="events of the smaller review")
    parser.add_argument("--organizations", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--budget", type=float, default=40, help="seconds of timed requests per page, at most"
    )
    args = parser.parse_args()

    began = time.perf_counter()
    with _database.throwaway_database():
        build_and_measure(args, began)


if __name__ == "__main__":
    main()
