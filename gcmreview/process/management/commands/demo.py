from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DEMO_MANIFEST = FIXTURES / "arab-region-2024.yaml"
# Two short summaries written for the demo (not the review's actual reports), one per
# event, so that documents, key messages and search have something to show.
DEMO_REPORTS = [
    ("hearings-summary-en.md", "stakeholder-hearings-2024"),
    ("conference-summary-ar.md", "conference-2024"),
]


class Command(BaseCommand):
    help = "Load the second Arab-region regional review (2024), built from its roadmap."

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-reports",
            action="store_true",
            help="load the calendar only, not the two demonstration summary reports",
        )

    def handle(self, *args, without_reports=False, **options):
        call_command("load", str(DEMO_MANIFEST), stdout=self.stdout, stderr=self.stderr)
        if without_reports:
            return
        for name, event in DEMO_REPORTS:
            call_command(
                "ingest", str(FIXTURES / "demo-reports" / name), "--process",
                "arab-region-2024", "--event", event, "--kind", "summary_report",
                "--visibility", "public", stdout=self.stdout, stderr=self.stderr,
            )  # fmt: skip
