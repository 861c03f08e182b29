import sys

from django.core.management.base import BaseCommand

from gcmreview.textengine.cli import evaluate_main


class Command(BaseCommand):
    help = (
        "Evaluate the classifier on labelled JSON lines {text, objective}: top-1 and top-3 "
        "accuracy and macro-F1 per language. Needs no database."
    )
    requires_system_checks = []
    requires_migrations_checks = False

    def run_from_argv(self, argv):
        sys.exit(evaluate_main(argv[2:], sys.stdout))
