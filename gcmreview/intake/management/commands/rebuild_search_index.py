"""`gcmreview rebuild_search_index`: recompute the search terms of every key message and
rebuild the full-text index. Needed after a change to the text engine's normalisation or
stemming (stored terms are then out of date), never for ordinary writes, which the index
follows by itself."""

import time

from django.core.management.base import BaseCommand

from gcmreview.intake.search import rebuild_search_index


class Command(BaseCommand):
    help = "Recompute key messages' search terms and rebuild the full-text index."

    def add_arguments(self, parser):
        parser.add_argument(
            "--index-only",
            action="store_true",
            help="keep the stored terms; only rebuild the index from them (SQLite)",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, index_only=False, database="default", **options):
        began = time.perf_counter()
        shown = []

        def progress(done, total):
            self.stdout.write(f"\r{done}/{total} key messages read", ending="")
            self.stdout.flush()
            shown.append(done)

        changed = rebuild_search_index(
            recompute_terms=not index_only, using=database,
            progress=progress if options["verbosity"] >= 1 else None,
        )  # fmt: skip
        if shown:
            self.stdout.write("")  # end the progress line
        self.stdout.write(
            f"Search terms changed for {changed} key messages; index rebuilt in "
            f"{time.perf_counter() - began:.1f} s."
        )
