import sys

from django.core.management.base import BaseCommand

from gcmreview.textengine.cli import classify_main


class Command(BaseCommand):
    help = (
        "Classify key messages: JSON lines {id, text} from FILE or standard input, written "
        "back with lang, objectives (all 23, highest first), statement_type and explanation. "
        "Needs no database."
    )
    requires_system_checks = []
    requires_migrations_checks = False

    def run_from_argv(self, argv):
        # The text engine parses its own options; nothing here touches the database.
        sys.exit(classify_main(argv[2:], sys.stdin, sys.stdout))
