from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gcmreview.intake import ingest
from gcmreview.intake.models import Document
from gcmreview.participation.access import Visibility
from gcmreview.participation.operations import Refused
from gcmreview.process.models import Event, ReviewProcess


class Command(BaseCommand):
    help = (
        "Take in report and contribution files (PDF, DOCX, TXT, Markdown, HTML), cut them "
        "into key messages and tag them, showing progress. Prints what it took in."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--process", help="process slug (needed when there are several)")
        parser.add_argument("--event", help="key of the event the documents belong to")
        parser.add_argument("--kind", default="summary_report", choices=Document.Kind.values)
        parser.add_argument("--visibility", default="secretariat", choices=Visibility.values)
        parser.add_argument(
            "--queue",
            action="store_true",
            help="leave the reading to the task worker instead of doing it here",
        )

    def handle(self, *args, files, process, event, kind, visibility, queue, **options):
        review = self._process(process)
        target = None
        if event:
            target = Event.objects.filter(process=review, key=event).first()
            if target is None:
                raise CommandError(f"{review.slug} has no event '{event}'")
        failures = 0
        for name in files:
            path = Path(name)
            try:
                data = path.read_bytes()
            except OSError as exc:
                self.stderr.write(f"{name}: cannot be read ({exc.strerror})")
                failures += 1
                continue
            try:
                received = ingest.receive_file(
                    None, review, name=path.name, data=data, kind=kind,
                    visibility=visibility, event=target, queue=queue,
                )  # fmt: skip
            except Refused as exc:
                self.stderr.write(f"{name}: refused: {exc}")
                failures += 1
                continue
            document = received.document
            if not received.new:
                self.stdout.write(f"{name}: already received as document {document.pk}")
                continue
            self.stdout.write(f"{name}: document {document.pk} ({document.file_type})")
            if queue:
                self.stdout.write("  queued for the task worker")
                continue
            ingest.read_and_tag(document, progress=self._bar(name))
            document.refresh_from_db()
            self.stdout.write("")
            self.stdout.write(
                f"  {document.get_status_display()}: {document.key_messages.count()} key "
                f"message(s)" + (f"; {document.problem}" if document.problem else "")
            )
        if failures:
            raise CommandError(f"{failures} file(s) not taken in")

    def _bar(self, name):
        def show(percent: int, what: str) -> None:
            filled = percent // 5
            self.stdout.write(
                f"\r  [{'#' * filled}{'.' * (20 - filled)}] {percent:3d}% {what}", ending=""
            )
            self.stdout.flush()

        return show

    def _process(self, slug):
        processes = ReviewProcess.objects.all()
        if slug:
            processes = processes.filter(slug=slug)
        found = list(processes[:2])
        if not found:
            raise CommandError(f"no review process {slug or ''}".strip())
        if len(found) > 1:
            raise CommandError("several review processes exist; name one with --process")
        return found[0]
