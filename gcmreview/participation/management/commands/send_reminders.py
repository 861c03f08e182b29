from django.core.management.base import BaseCommand

from gcmreview.participation.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send the reminders that are due: before events, and for missing summary reports."

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(
            f"Sent {sent.before_event} event reminder(s) and "
            f"{sent.missing_summary} summary-report reminder(s)."
        )
