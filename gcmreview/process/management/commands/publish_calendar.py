from django.core.management.base import BaseCommand, CommandError

from gcmreview.process import operations
from gcmreview.process.models import ReviewProcess


class Command(BaseCommand):
    help = "Publish the calendar of a process as it stands now, as its next revision."

    def add_arguments(self, parser):
        parser.add_argument("process", help="process slug")
        parser.add_argument("--label-en", required=True, help='e.g. "Updated as of March 2024"')
        parser.add_argument("--label-ar", default="")
        parser.add_argument("--label-fr", default="")

    def handle(self, *args, process, label_en, label_ar, label_fr, **options):
        try:
            review = ReviewProcess.objects.get(slug=process)
        except ReviewProcess.DoesNotExist:
            raise CommandError(f"no review process '{process}'") from None
        revision = operations.publish_calendar_revision(
            review, {"en": label_en, "ar": label_ar, "fr": label_fr}
        )
        self.stdout.write(f"Published revision {revision.number} of {review.slug}")
