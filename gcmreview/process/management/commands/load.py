from django.core.management.base import BaseCommand, CommandError

from gcmreview.process import operations
from gcmreview.process.manifest import ManifestError


class Command(BaseCommand):
    help = "Check a review-process manifest (YAML or JSON) and load all of it, or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="manifest file (docs/manifest.md)")

    def handle(self, *args, file, **options):
        try:
            report = operations.load_manifest_file(file)
        except ManifestError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(
                f"{file}: refused, nothing was written ({len(exc.messages)} problem(s))"
            ) from None
        self.stdout.write(f"Loaded {report.process.slug}:")
        for line in report.lines():
            self.stdout.write(f"  {line}")
        if not report.changed:
            self.stdout.write("  nothing changed")
