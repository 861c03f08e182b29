from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

DEMO_MANIFEST = Path(__file__).resolve().parents[2] / "fixtures" / "arab-region-2024.yaml"


class Command(BaseCommand):
    help = "Load the second Arab-region regional review (2024), built from its roadmap."

    def handle(self, *args, **options):
        call_command("load", str(DEMO_MANIFEST), stdout=self.stdout, stderr=self.stderr)
