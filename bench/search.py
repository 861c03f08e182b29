"""How fast key-message search answers over a large review, and what the index costs.

    .venv/bin/python bench/search.py [--messages 500000] [--queries 200] [--workers 2]

It fills a fresh database (SQLite in a temporary folder; or, when DATABASE_URL is set, a
throwaway test database beside the one DATABASE_URL names) with one review of 80 events
(one in ten closed) and 1,000 documents at every visibility level, holding the given number
of key messages in Arabic, English and French. Their text is made by combining a vocabulary
of subjects, verbs, topics and places (Arabic words get clitics, some get diacritics); their
terms come from `search_terms_for`, computed in `--workers` processes; they are written
with bulk inserts while the index follows them (triggers on SQLite, the GIN index on
PostgreSQL). Each key message gets an objective, some a country.

Then it prints the time to fill, the time to rebuild the index from scratch, the size of
the database and of the index, and the median, 95th percentile and maximum time of
`search()` (20 results, highlighted, as the page asks) for ~200 queries of 1-3 words (in
the forms a person types: inflected, with or without article), for the public without a
filter, for the public with one filter (objective, country, language, event, statement
type or confirmed, in turn), for the secretariat (no visibility filter), and for listings
with a filter and no words.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import random
import statistics
import sys
import time

import _database
from _vocabulary import VOCABULARY, make_text

_database.start_django("search")

import django  # noqa: E402
from django.contrib.auth.models import AnonymousUser, User  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from gcmreview.intake import search as search_module  # noqa: E402
from gcmreview.intake.models import (  # noqa: E402
    Document,
    KeyMessage,
    KeyMessageCountry,
    KeyMessageObjective,
)
from gcmreview.intake.search import search, search_terms_for  # noqa: E402
from gcmreview.participation.access import Viewer, Visibility  # noqa: E402
from gcmreview.process.models import Event, ReviewProcess  # noqa: E402

# Forms a person might type, to build queries from: surface words of the topics and
# qualifiers, and a few inflected or bare forms the texts do not contain as such.
EXTRA_QUERY_WORDS = {
    "en": "migrant worker workers remittance detained trafficked recruit skill".split(),
    "fr": "migrant travailleuse travailleurs chercheur réfugié etat diplome".split(),
    "ar": "مساواة مهاجر العامل الهجرة لاجئين مسئولية تهريب احتجاز".split(),
}


def terms_of(item: tuple[str, str]) -> str:
    return search_terms_for(*item)


def make_queries(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(language, query) pairs of 1-3 words, from the vocabulary's topics and places."""
    pools = {}
    for lang, v in VOCABULARY.items():
        words = {w.strip(".,'") for part in ("topics", "qualifiers") for p in v[part]
                 for w in p.split()}  # fmt: skip
        words = {w for w in words if search_terms_for(w, lang)}  # no stop words
        pools[lang] = sorted(words | set(EXTRA_QUERY_WORDS[lang]))
    queries = []
    for i in range(count):
        lang = ("ar", "en", "fr")[i % 3]
        n = rng.choice((1, 1, 2, 2, 3))
        queries.append((lang, " ".join(rng.sample(pools[lang], n))))
    return queries


# --- building the data ----------------------------------------------------------------------


def build(args, rng: random.Random, pool) -> tuple[ReviewProcess, dict]:
    timings = {}
    began = time.perf_counter()
    process = ReviewProcess.objects.create(
        slug="bench-search", title_en="Search benchmark review", region_en="Benchmark region",
        round=1, status=ReviewProcess.Status.ONGOING,
    )  # fmt: skip
    events = Event.objects.bulk_create(
        Event(
            process=process, key=f"event-{i:03d}", kind="gcm_talk", title_en=f"Meeting {i}",
            date_start="2025-01-01", date_end="2025-01-01", date_precision="day",
            registration="open", closed=(i % 10 == 0),
        )
        for i in range(80)
    )  # fmt: skip
    levels = rng.choices(
        [Visibility.PUBLIC, Visibility.PARTICIPANTS, Visibility.MEMBER_STATES,
         Visibility.SECRETARIAT], weights=[60, 15, 10, 15], k=args.documents,
    )  # fmt: skip
    documents = Document.objects.bulk_create(
        Document(
            process=process, event=rng.choice(events) if rng.random() < 0.85 else None,
            kind="summary_report", title=f"Report {i}", visibility=levels[i],
            language=("ar", "en", "fr")[i % 3], status=Document.Status.READY,
        )
        for i in range(args.documents)
    )  # fmt: skip

    # Texts in this process, terms in the workers, in the order the texts were made.
    per_doc = math.ceil(args.messages / len(documents))
    plan = []
    for n in range(args.messages):
        document = documents[n // per_doc]
        plan.append((document, n % per_doc + 1, make_text(document.language, rng)))
    timings["texts"] = time.perf_counter() - began
    began = time.perf_counter()
    items = [(text, doc.language) for doc, _pos, text in plan]
    terms = list(pool.imap(terms_of, items, chunksize=2000))
    timings["terms"] = time.perf_counter() - began

    began = time.perf_counter()
    statuses = [KeyMessage.Status.CANDIDATE] * 13 + [KeyMessage.Status.CONFIRMED] * 6
    statuses.append(KeyMessage.Status.DISCARDED)
    types = ["recommendation", "challenge", "good_practice", "commitment", "other"]
    countries = ["EG", "MA", "JO", "LB", "TN", "LY", "SA", "AE", "QA", "IQ", "SY", "SD"]
    # Plain inserts with ids given here (the database is new): Django's bulk_create would
    # spend more time than the database on half a million rows. They go through the key
    # message table like any other write, so the triggers (SQLite) and the GIN index
    # (PostgreSQL) do their work during the fill.
    km_sql = (
        f"INSERT INTO {KeyMessage._meta.db_table} (id, document_id, process_id, event_id, "
        "visibility, position, paragraph, page, text, search_terms, lang, statement_type, "
        "constituency, status, text_version, explanation, awaiting_tags) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', %s, 1, '{}', FALSE)"
    )
    tag_sql = (
        f"INSERT INTO {KeyMessageObjective._meta.db_table} "
        "(key_message_id, objective, score, confirmed) VALUES (%s, %s, 0.5, %s)"
    )
    country_sql = (
        f"INSERT INTO {KeyMessageCountry._meta.db_table} (key_message_id, code) VALUES (%s, %s)"
    )
    batch = 10_000
    with connection.cursor() as cursor:
        for start in range(0, len(plan), batch):
            rows, tags, named = [], [], []
            for i, (doc, pos, text) in enumerate(plan[start : start + batch], start=start):
                pk = i + 1
                status = rng.choice(statuses)
                rows.append((pk, doc.pk, process.pk, doc.event_id, doc.visibility, pos, pos,
                             1 + pos // 8, text, terms[i], doc.language, rng.choice(types),
                             status))  # fmt: skip
                tags.append((pk, rng.randint(1, 23), status == KeyMessage.Status.CONFIRMED))
                if rng.random() < 0.3:
                    named.append((pk, rng.choice(countries)))
            with transaction.atomic():
                cursor.executemany(km_sql, rows)
                cursor.executemany(tag_sql, tags)
                cursor.executemany(country_sql, named)
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                [KeyMessage._meta.db_table, len(plan)],
            )
    timings["insert"] = time.perf_counter() - began

    with connection.cursor() as cursor:
        began = time.perf_counter()
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
            timings["analyze"] = time.perf_counter() - began
            began = time.perf_counter()
            cursor.execute(f"INSERT INTO {search_module.FTS_TABLE}({search_module.FTS_TABLE}) "
                           "VALUES ('rebuild')")  # fmt: skip
            timings["rebuild"] = time.perf_counter() - began
            began = time.perf_counter()
            cursor.execute(f"INSERT INTO {search_module.FTS_TABLE}({search_module.FTS_TABLE}) "
                           "VALUES ('optimize')")  # fmt: skip
            timings["optimize"] = time.perf_counter() - began
        else:
            cursor.execute("VACUUM ANALYZE")
            timings["analyze"] = time.perf_counter() - began
            began = time.perf_counter()
            cursor.execute(f"REINDEX INDEX {search_module.PG_INDEX}")
            timings["rebuild"] = time.perf_counter() - began
    return process, {"events": events, "timings": timings}


def sizes() -> tuple[float, float]:
    """(database, search index) in MiB."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size")
            total = cursor.fetchone()[0]
            cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE %s",
                           [f"{search_module.FTS_TABLE}%"])  # fmt: skip
            index = cursor.fetchone()[0] or 0
        else:
            cursor.execute("SELECT pg_database_size(current_database()), "
                           "pg_relation_size(%s)", [search_module.PG_INDEX])  # fmt: skip
            total, index = cursor.fetchone()
    return total / 2**20, index / 2**20


# --- measuring ---------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)]  # nearest rank


def run(label: str, calls, rows: list) -> None:
    for call in calls[:3]:  # warm the caches
        call()
    times, totals = [], []
    for call in calls:
        began = time.perf_counter()
        results = call()
        times.append((time.perf_counter() - began) * 1000)
        totals.append(results.total)
    rows.append((label, len(times), statistics.median(times), percentile(times, 0.95),
                 max(times), statistics.median(totals)))  # fmt: skip


def fill_and_measure(args: argparse.Namespace, pool, began: float) -> None:
    """Fill the database, time search() and print the figures."""
    rng = random.Random(args.seed)
    process, built = build(args, rng, pool)
    pool.close()
    t = built["timings"]
    total_mib, index_mib = sizes()
    print(
        f"{_database.describe()}, Python {sys.version.split()[0]}, "
        f"Django {django.get_version()}, {os.cpu_count()} cores"
    )
    print(
        f"{args.messages:,} key messages in {args.documents:,} documents "
        f"(filled in {time.perf_counter() - began:.0f} s: texts {t['texts']:.1f} s, terms "
        f"{t['terms']:.1f} s in {args.workers} processes, inserts with the index kept in "
        f"step {t['insert']:.1f} s, ANALYZE {t['analyze']:.1f} s)"
    )
    rebuild = f"index rebuilt from scratch in {t['rebuild']:.1f} s"
    if "optimize" in t:
        rebuild += f", optimized in {t['optimize']:.1f} s"
    print(f"{rebuild}; database {total_mib:,.0f} MiB, of which the index {index_mib:,.0f} MiB")

    public = Viewer(user=AnonymousUser(), process=process)
    root = User.objects.create_superuser("bench-root", "root@example.org", "x")
    secretariat = Viewer(user=root, process=process)
    queries = make_queries(args.queries, random.Random(args.seed + 1))
    events = built["events"]
    filters = [
        lambda r: {"objective": r.randint(1, 23)},
        lambda r: {"country": r.choice(["EG", "MA", "JO", "LB"])},
        lambda r: {"lang": r.choice(["ar", "en", "fr"])},
        lambda r: {"event": r.choice([e for e in events if not e.closed])},
        lambda r: {"statement_type": r.choice(["recommendation", "challenge"])},
        lambda r: {"confirmed": r.random() < 0.5},
    ]
    frng = random.Random(args.seed + 2)
    with_filter = [filters[i % len(filters)](frng) for i in range(len(queries))]

    def ask(who, q, **kw):
        return lambda: search(who, process, q, limit=20, **kw)

    rows: list = []
    run("public, no filter", [ask(public, q) for _l, q in queries], rows)
    run("public, one filter", [ask(public, q, **f) for (_l, q), f in
                               zip(queries, with_filter, strict=True)], rows)  # fmt: skip
    run("secretariat, no filter", [ask(secretariat, q) for _l, q in queries], rows)
    run("public, language of the query", [ask(public, q, lang=lang) for lang, q in queries],
        rows)  # fmt: skip
    run("public, listing with a filter", [ask(public, "", **f) for f in with_filter[:60]],
        rows)  # fmt: skip
    run("public, page 5 (offset 80)", [lambda q=q: search(public, process, q, limit=20,
                                                          offset=80)
                                       for _l, q in queries[:60]], rows)  # fmt: skip

    print()
    head = (
        f"{'search()':<32} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'median hits':>12}"
    )
    print(head)
    print("-" * len(head))
    for label, n, p50, p95, worst, hits in rows:
        print(f"{label:<32} {n:>4} {p50:>8.1f} {p95:>8.1f} {worst:>8.1f} {hits:>12,.0f}")
    print()
    print("Queries, for example: " + "; ".join(q for _l, q in queries[:9]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=500_000)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2, help="processes computing terms")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--keep", action="store_true", help="keep the database to look at")
    args = parser.parse_args()

    # Workers start before any database connection exists, so none is shared.
    pool = multiprocessing.get_context("fork").Pool(args.workers)
    try:
        began = time.perf_counter()
        with _database.throwaway_database(keep=args.keep):
            fill_and_measure(args, pool, began)
    finally:
        pool.terminate()


if __name__ == "__main__":
    main()
