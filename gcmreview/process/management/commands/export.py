from django.core.management.base import BaseCommand, CommandError

from gcmreview.process import operations
from gcmreview.process.manifest import dump_manifest
from gcmreview.process.models import ReviewProcess


class Command(BaseCommand):
    help = "Write a review process as a manifest that loads back to the same state."

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write (.yaml or .json)")
        parser.add_argument("--process", help="process slug (needed when there are several)")

    def handle(self, *args, file, process=None, **options):
        processes = ReviewProcess.objects.all()
        if process:
            processes = processes.filter(slug=process)
        found = list(processes[:2])
        if not found:
            raise CommandError(f"no review process {process or ''}".strip())
        if len(found) > 1:
            raise CommandError("several review processes exist; name one with --process")
        dump_manifest(operations.export_manifest(found[0]), file)
        self.stdout.write(f"Wrote {found[0].slug} to {file}")
