from django.core.management.base import BaseCommand

from gcmreview.taxonomy.operations import load_taxonomy_data


class Command(BaseCommand):
    help = "Copy the GCM taxonomy data file into the database (nothing changes if already loaded)."

    def handle(self, *args, **options):
        version = load_taxonomy_data()
        self.stdout.write(f"Taxonomy version {version}")
