"""How long documents take, from upload, until their key messages can be searched and until
they are classified, with the task worker reading them as it does in production.

    .venv/bin/python bench/ingest.py [--documents 1000] [--messages-per-document 20]
                                     [--workers 1] [--no-embeddings] [--blas-threads N]

First it makes the documents, timed apart and not counted: each a short heading and
`--messages-per-document` paragraphs, one key message each, composed from the vocabulary of
bench/_vocabulary.py; a third each in Arabic, English and French; 35% plain text, 35% Word
(python-docx) and 30% PDF (WeasyPrint, in the shipped Amiri font), made in two processes.

Then, on a fresh database (bench/_database.py: SQLite in a temporary folder, or a
throwaway PostgreSQL database beside the one DATABASE_URL names), it starts `--workers` task
workers the way `gcmreview serve` starts one (`gcmreview db_worker`, each a process of its
own; with `--no-embeddings` they run with GCMREVIEW_NO_EMBEDDINGS=1, the lexical path; with
`--blas-threads` numpy's BLAS gets that many threads, 1 by default as `serve` sets), and
lets each read one small document of another review first, so that its classifier is built
before the clock starts (that cold start is printed apart). The clock starts when it begins
to receive the documents through `receive_file`, which keeps each file and queues its
reading as an upload does. From then on it asks the database, five times a second:

- searchable: every document read and every stored key message with its search terms.
  It checks it by searching for some key messages with their own words (`search()`, as the
  secretariat), those of the document read last among them;
- classified: every document "ready for review", its key messages tagged.

It prints the time to receive, the time until searchable and until classified (and when a
quarter, half and three quarters of the key messages were), key messages per second, the
reading and the tagging time per document as the workers recorded them, the peak resident
memory (VmHWM) and CPU time of each worker and the peak of this process, and the load
average before and after: on a shared machine, other work slows every figure.

Each document is two tasks (gcmreview/intake/tasks.py): reading, which stores its key
messages with their search terms, and tagging, which reading queues at a lower priority. So the
workers read every received document before they tag any, and "searchable" comes long before
"classified" for the batch as a whole, not only for each document.
"""

from __future__ import annotations

import argparse
import datetime
import html
import io
import math
import multiprocessing
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import _database
from _vocabulary import make_text

DATA_DIR = _database.start_django("ingest")

import django  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db.models import Count, Max, Q  # noqa: E402
from django.tasks import TaskResultStatus  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from gcmreview.intake.ingest import receive_file  # noqa: E402
from gcmreview.intake.models import Document, DocumentText, KeyMessage  # noqa: E402
from gcmreview.intake.search import search  # noqa: E402
from gcmreview.intake.tasks import read_document, tag_document  # noqa: E402
from gcmreview.lib.task_worker import worker_command, worker_environment  # noqa: E402
from gcmreview.participation.access import Viewer  # noqa: E402
from gcmreview.process.models import ReviewProcess  # noqa: E402

FONTS = _database.ROOT / "gcmreview" / "portal" / "static" / "gcmreview" / "fonts"
LANGS = ("ar", "en", "fr")
# Shares of the formats: mostly plain text and Word, some PDF.
FORMAT_SHARES = {"txt": 0.35, "docx": 0.35, "pdf": 0.30}
HEADINGS = {"ar": "تقرير المشاورة {n}", "en": "Consultation report {n}",
            "fr": "Rapport de consultation {n}"}  # fmt: skip
POLL_SECONDS = 0.2
# A document past reading has all its key messages stored and searchable; past tagging,
# classified. One that could not be read, or needs OCR, has none and is done.
TAGGING = Document.Status.TAGGING
READ = [TAGGING, Document.Status.READY, Document.Status.NEEDS_OCR, Document.Status.FAILED]
MARKS = (0.25, 0.5, 0.75)
# Key messages looked for by search() once all are searchable, besides the last document's.
SEARCHED_SAMPLE = 30


# --- making the documents ---------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedDocument:
    number: int
    lang: str
    file_type: str
    heading: str
    key_messages: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"report-{self.number:04d}-{self.lang}.{self.file_type}"


@dataclass(frozen=True)
class MadeDocument:
    planned: PlannedDocument
    path: Path
    size: int
    seconds: float


def plan_documents(count: int, per_document: int, rng: random.Random) -> list[PlannedDocument]:
    """The documents to make: languages in turn, formats in their shares, shuffled."""
    types = [t for t, share in FORMAT_SHARES.items() for _ in range(round(count * share))]
    types = (types + ["txt"] * count)[:count]
    rng.shuffle(types)
    planned = []
    for n in range(count):
        lang = LANGS[n % 3]
        texts = tuple(make_text(lang, rng) for _ in range(per_document))
        planned.append(PlannedDocument(n, lang, types[n], HEADINGS[lang].format(n=n), texts))
    return planned


def _text(document: PlannedDocument) -> bytes:
    # A blank line between paragraphs: how the reader tells them apart in plain text.
    return "\n\n".join([document.heading, *document.key_messages]).encode() + b"\n"


def _docx(document: PlannedDocument) -> bytes:
    import docx

    word = docx.Document()
    word.add_heading(document.heading, level=1)
    for text in document.key_messages:
        word.add_paragraph(text)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


@cache
def _pdf_style():
    """The style sheet and its fonts, loaded once in each process: loading the fonts for
    each file took ten times as long as setting the file."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    arabic = (FONTS / "amiri-arabic-400-normal.woff2").as_uri()
    latin = (FONTS / "amiri-latin-400-normal.woff2").as_uri()
    fonts = FontConfiguration()
    style = CSS(
        string=(
            f'@font-face {{ font-family: "Bench Arabic"; src: url("{arabic}"); }} '
            f'@font-face {{ font-family: "Bench Latin"; src: url("{latin}"); }} '
            'body { font-family: "Bench Arabic", "Bench Latin"; font-size: 11pt; } '
            "p { margin-block: 0 0.8em; } @page { size: A4; margin: 2cm; }"
        ),
        font_config=fonts,
    )
    return style, fonts


def _pdf(document: PlannedDocument) -> bytes:
    from weasyprint import HTML

    style, fonts = _pdf_style()
    body = f"<h1>{html.escape(document.heading)}</h1>" + "".join(
        f"<p>{html.escape(text)}</p>" for text in document.key_messages
    )
    direction = "rtl" if document.lang == "ar" else "ltr"
    page = (
        f'<!DOCTYPE html><html lang="{document.lang}" dir="{direction}"><head>'
        f'<meta charset="utf-8"></head><body>{body}</body></html>'
    )
    return HTML(string=page).write_pdf(stylesheets=[style], font_config=fonts)


MAKERS = {"txt": _text, "docx": _docx, "pdf": _pdf}


def make_document(job: tuple[PlannedDocument, Path]) -> MadeDocument:
    """Write one planned document into the folder given."""
    document, folder = job
    began = time.perf_counter()
    data = MAKERS[document.file_type](document)
    path = folder / document.name
    path.write_bytes(data)
    return MadeDocument(document, path, len(data), time.perf_counter() - began)


# --- workers ----------------------------------------------------------------------------------


def start_workers(
    count: int, lexical: bool, blas_threads: int | None, log_folder: Path
) -> list[subprocess.Popen]:
    """Task workers started as `gcmreview serve` starts its one, each logging to a file."""
    env = _database.environment_for_subprocess()
    if lexical:
        env["GCMREVIEW_NO_EMBEDDINGS"] = "1"
    else:
        env.pop("GCMREVIEW_NO_EMBEDDINGS", None)
    env = worker_environment(env, blas_threads)
    command = worker_command()
    workers = []
    for i in range(count):
        with (log_folder / f"worker-{i}.log").open("wb") as log:
            workers.append(
                subprocess.Popen(
                    command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=_database.ROOT
                )
            )
    return workers


def check_workers(workers: list[subprocess.Popen], log_folder: Path) -> None:
    """Stop the benchmark, showing the end of its log, if a worker has stopped."""
    for i, worker in enumerate(workers):
        if worker.poll() is not None:
            log = (log_folder / f"worker-{i}.log").read_text(errors="replace")
            raise SystemExit(f"worker {i} stopped ({worker.returncode}):\n{log[-3000:]}")


def peak_rss_mib(pid: int) -> float:
    """The peak resident memory of a running process, VmHWM, in MiB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a running process so far."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15; the split above left out fields 1 and 2.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# --- watching the database --------------------------------------------------------------------


@dataclass
class Watch:
    """What the polls of the database saw, in seconds from the start of receiving."""

    process: ReviewProcess
    documents: int
    expected: int
    started: float = field(default_factory=time.perf_counter)
    started_wall: float = field(default_factory=time.time)
    searchable_at: float | None = None
    classified_at: float | None = None
    searchable_marks: dict[float, float] = field(default_factory=dict)
    classified_marks: dict[float, float] = field(default_factory=dict)
    last_poll: float = 0.0
    stored: int = 0

    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def poll(self) -> None:
        now = self.seconds()
        self.last_poll = time.perf_counter()
        by_status = dict(
            Document.objects.filter(process=self.process)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        counts = KeyMessage.objects.filter(process=self.process).aggregate(
            stored=Count("pk"),
            with_terms=Count("pk", filter=~Q(search_terms="")),
            tagged=Count("pk", filter=Q(awaiting_tags=False)),
        )
        self.stored = counts["stored"]
        for mark in MARKS:
            if counts["with_terms"] >= mark * self.expected:
                self.searchable_marks.setdefault(mark, now)
            if counts["tagged"] >= mark * self.expected:
                self.classified_marks.setdefault(mark, now)
        read = sum(by_status.get(s, 0) for s in READ)
        if self.searchable_at is None and read == self.documents:
            if counts["with_terms"] == counts["stored"]:
                self.searchable_at = now
        if self.classified_at is None and read - by_status.get(TAGGING, 0) == self.documents:
            self.classified_at = now

    def poll_if_due(self) -> None:
        if time.perf_counter() - self.last_poll >= POLL_SECONDS:
            self.poll()

    def since_start(self, moment: datetime.datetime | None) -> float | None:
        """A time the database recorded, in seconds from the start of receiving."""
        return None if moment is None else moment.timestamp() - self.started_wall


def check_search(process: ReviewProcess, viewer: Viewer, rng: random.Random) -> tuple[int, int]:
    """(found, looked for): the key messages of the document read last and a sample of the
    others, each looked for by search() with its own words."""
    last = DocumentText.objects.filter(document__process=process).order_by("-pk").first()
    messages = list(KeyMessage.objects.filter(document_id=last.document_id)) if last else []
    ids = list(KeyMessage.objects.filter(process=process).values_list("pk", flat=True))
    messages += KeyMessage.objects.filter(pk__in=rng.sample(ids, min(SEARCHED_SAMPLE, len(ids))))
    found = 0
    for km in messages:
        hits = search(viewer, process, km.text, limit=200)
        found += any(hit.key_message.pk == km.pk for hit in hits)
    return found, len(messages)


@dataclass
class WorkerRecords:
    """What the database recorded of the run: when the last text version was kept (the
    transaction that stores a document's key messages) and the last task finished, and
    each document's reading (task started to text kept) and tagging (its task's run)."""

    last_read: datetime.datetime | None
    last_finished: datetime.datetime | None
    reading: list[float]
    tagging: list[float]
    failed_tasks: int


def worker_records(process: ReviewProcess) -> WorkerRecords:
    read_at = dict(
        DocumentText.objects.filter(document__process=process).values_list(
            "document_id", "created_at"
        )
    )
    tasks = DBTaskResult.objects.filter(
        task_path__in=[read_document.module_path, tag_document.module_path]
    )
    done = tasks.filter(status=TaskResultStatus.SUCCESSFUL)
    reading, tagging = [], []
    for r in done:
        document_id = r.args_kwargs["args"][0]
        if r.task_path == read_document.module_path and document_id in read_at:
            reading.append((read_at[document_id] - r.started_at).total_seconds())
        elif r.task_path == tag_document.module_path:
            tagging.append((r.finished_at - r.started_at).total_seconds())
    return WorkerRecords(
        last_read=max(read_at.values(), default=None),
        last_finished=done.aggregate(last=Max("finished_at"))["last"],
        reading=reading,
        tagging=tagging,
        failed_tasks=tasks.exclude(status=TaskResultStatus.SUCCESSFUL).count(),
    )


# --- the run ----------------------------------------------------------------------------------


def new_process(slug: str, title: str) -> ReviewProcess:
    return ReviewProcess.objects.create(
        slug=slug, title_en=title, region_en="Benchmark region", round=1,
        status=ReviewProcess.Status.ONGOING,
    )  # fmt: skip


def warm_up(workers: list[subprocess.Popen]) -> float:
    """Let each worker read one small document, of a review of its own, so that its
    classifier is built before the clock starts; returns the seconds until all are ready."""
    began = time.perf_counter()
    process = new_process("bench-warm-up", "Warm-up review")
    warm = []
    for i in range(len(workers)):
        data = (
            f"Warm-up report {i}\n\nMember States should expand regular pathways for labour "
            f"migration and lower the cost of remittances ({i}).\n"
        ).encode()
        received = receive_file(None, process, name=f"warm-up-{i}.txt", data=data,
                                kind="summary_report")  # fmt: skip
        warm.append(received.document.pk)
    while Document.objects.filter(pk__in=warm).exclude(status=Document.Status.READY).exists():
        check_workers(workers, DATA_DIR)
        time.sleep(POLL_SECONDS)
    took = time.perf_counter() - began
    claimed = {tuple(r.worker_ids) for r in DBTaskResult.objects.all()}
    if len(claimed) < len(workers):
        print("note: one worker read all the warm-up documents; another builds its classifier "
              "during the run")  # fmt: skip
    DBTaskResult.objects.all().delete()
    return took


@dataclass
class Figures:
    database: str
    made: list[MadeDocument]
    generated: float
    cold_start: float
    received: float
    watch: Watch
    records: WorkerRecords
    searched: tuple[int, int]
    searched_at: float
    worker_peaks: list[float]
    worker_cpu: list[float]
    statuses: Counter
    load_before: str


def run(args: argparse.Namespace) -> Figures:
    load_before = load_average()
    folder = DATA_DIR / "generated"
    folder.mkdir()
    planned = plan_documents(args.documents, args.messages_per_document, random.Random(args.seed))
    # Made in processes forked before any database connection exists, and apart from this
    # one so that WeasyPrint's memory is not counted in its peak.
    began = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        made = pool.map(make_document, [(d, folder) for d in planned], chunksize=4)
    generated = time.perf_counter() - began

    with _database.throwaway_database(keep=args.keep):
        workers = start_workers(args.workers, args.no_embeddings, args.blas_threads, DATA_DIR)
        try:
            cold_start = warm_up(workers)
            process = new_process("bench-ingest", "Ingestion benchmark review")
            root = User.objects.create_superuser("bench-root", "root@example.org", "x")
            secretariat = Viewer(user=root, process=process)
            expected = sum(len(d.key_messages) for d in planned)
            watch = Watch(process, len(made), expected)
            for document in made:
                receive_file(None, process, name=document.path.name,
                             data=document.path.read_bytes(), kind="summary_report")  # fmt: skip
                watch.poll_if_due()
            received = watch.seconds()
            searched, searched_at = (0, 0), 0.0
            while watch.classified_at is None:
                check_workers(workers, DATA_DIR)
                if watch.seconds() > args.timeout:
                    raise SystemExit(f"not all classified after {args.timeout:.0f} s")
                time.sleep(max(0.0, POLL_SECONDS - (time.perf_counter() - watch.last_poll)))
                watch.poll()
                if watch.searchable_at is not None and not searched[1]:
                    # Once, as soon as all are searchable; the polls wait meanwhile.
                    searched_at = watch.seconds()
                    searched = check_search(process, secretariat, random.Random(args.seed))
            worker_peaks = [peak_rss_mib(w.pid) for w in workers]
            worker_cpu = [cpu_seconds(w.pid) for w in workers]
        finally:
            stop_workers(workers)
        statuses = Counter(
            Document.objects.filter(process=process).values_list("status", flat=True)
        )
        return Figures(
            _database.describe(), made, generated, cold_start, received, watch,
            worker_records(process), searched, searched_at, worker_peaks, worker_cpu, statuses,
            load_before,
        )  # fmt: skip


def print_figures(args: argparse.Namespace, f: Figures) -> None:
    watch, records = f.watch, f.records
    mode = "lexical (GCMREVIEW_NO_EMBEDDINGS=1)" if args.no_embeddings else "hybrid (embeddings)"
    print(
        f"{f.database}, Python {sys.version.split()[0]}, "
        f"Django {django.get_version()}, {os.cpu_count()} cores; classifier {mode}; "
        f"{args.workers} task worker(s); BLAS threads "
        + ("as numpy chooses" if args.blas_threads is None else str(args.blas_threads))
    )
    by_type: dict[str, list[float]] = {}
    for m in f.made:
        by_type.setdefault(m.planned.file_type, []).append(m.seconds)
    print(
        f"made {len(f.made):,} documents ({sum(m.size for m in f.made) / 2**20:.1f} MiB) in "
        f"{f.generated:.1f} s in 2 processes, not counted; median per file: "
        + ", ".join(f"{t} {statistics.median(s) * 1000:.0f} ms" for t, s in sorted(by_type.items()))
    )
    print(f"worker cold start (first document read, classifier built): {f.cold_start:.1f} s")
    print()
    types = Counter(m.planned.file_type for m in f.made)
    langs = Counter(m.planned.lang for m in f.made)
    other = sum(f.statuses.values()) - f.statuses[Document.Status.READY]
    rows = [
        ("documents", f"{len(f.made):,}"),
        ("formats", ", ".join(f"{t} {n}" for t, n in sorted(types.items()))),
        ("languages", ", ".join(f"{lang} {n}" for lang, n in sorted(langs.items()))),
        ("key messages written / stored", f"{watch.expected:,} / {watch.stored:,}"),
        ("documents ready / not", f"{f.statuses[Document.Status.READY]:,} / {other}"),
        ("failed tasks", f"{records.failed_tasks}"),
        ("time to receive all", f"{f.received:.1f} s"),
        ("time until searchable (poll)", f"{watch.searchable_at:.1f} s"),
        ("  last key messages stored (db)", seconds(watch.since_start(records.last_read))),
        ("  25% / 50% / 75% searchable", marks(watch.searchable_marks)),
        (
            "  found by search() at that time",
            f"{f.searched[0]} of {f.searched[1]} looked for (at {f.searched_at:.1f} s)",
        ),
        ("time until classified (poll)", f"{watch.classified_at:.1f} s"),
        ("  last task finished (db)", seconds(watch.since_start(records.last_finished))),
        ("  25% / 50% / 75% classified", marks(watch.classified_marks)),
        ("key messages classified per second", f"{watch.stored / watch.classified_at:.0f}"),
        ("reading + cutting, per document", spread(records.reading)),
        ("tagging, per document", spread(records.tagging)),
        (
            "all reading / all tagging (worker s)",
            f"{sum(records.reading):.1f} s / {sum(records.tagging):.1f} s",
        ),
        ("worker CPU time", ", ".join(f"{c:.1f} s" for c in f.worker_cpu)),
        ("peak RSS, worker(s)", ", ".join(f"{p:.0f} MiB" for p in f.worker_peaks)),
        (
            "peak RSS, benchmark process",
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB",
        ),
        ("load average before / after", f"{f.load_before} / {load_average()}"),
    ]
    width = max(len(label) for label, _value in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


def seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} s"


def marks(seen: dict[float, float]) -> str:
    return " / ".join(seconds(seen.get(m)) for m in MARKS)


def spread(values: list[float]) -> str:
    """Median and 95th percentile (nearest rank) of durations in seconds, in ms."""
    if not values:
        return "-"
    ordered = sorted(values)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return f"median {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--messages-per-document", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="task worker processes")
    parser.add_argument(
        "--no-embeddings", action="store_true", help="the lexical path: GCMREVIEW_NO_EMBEDDINGS=1"
    )
    parser.add_argument(
        "--blas-threads",
        type=int,
        default=1,
        help="threads of numpy's BLAS in each worker (default 1, as `gcmreview serve` sets)",
    )
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--timeout", type=float, default=3600, help="seconds to wait for classification, at most"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database to look at")
    args = parser.parse_args()
    print_figures(args, run(args))


if __name__ == "__main__":
    main()
