"""Reminders that go out on a schedule: to participants before an event, and to the
organizers of a held event whose summary report has not arrived. Run by
`gcmreview send_reminders` (from cron or a timer) or the `send_reminders` task."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from gcmreview.intake.models import Document
from gcmreview.participation import notifications
from gcmreview.participation.models import ProcessRole, Registration, Role, SummaryReminder
from gcmreview.process.models import Event


@dataclass
class RemindersSent:
    before_event: int = 0
    missing_summary: int = 0


def send_due_reminders(
    now: dt.datetime | None = None,
    *,
    days_before: int | None = None,
    summary_after_days: int | None = None,
) -> RemindersSent:
    """Send every reminder that is due and not yet sent; safe to run as often as wished."""
    now = now or timezone.now()
    days_before = settings.EVENT_REMINDER_DAYS if days_before is None else days_before
    summary_after_days = (
        settings.SUMMARY_REPORT_DAYS if summary_after_days is None else summary_after_days
    )
    today = now.date()
    sent = RemindersSent()

    # Only events known to the day: "July 2024" gives no day to remind before.
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminded_at__isnull=True,
        event__status=Event.Status.PLANNED,
        event__date_precision__in=["day", "days"],
        event__date_start__gte=today,
        event__date_start__lte=today + dt.timedelta(days=days_before),
    ).select_related("event__process", "user__profile")
    for registration in due:
        notifications.event_reminder(registration)
        registration.reminded_at = now
        registration.save(update_fields=["reminded_at"])
        sent.before_event += 1

    cutoff = today - dt.timedelta(days=summary_after_days)
    held = (
        Event.objects.filter(date_end__lt=cutoff)
        .exclude(status=Event.Status.CANCELLED)
        .exclude(documents__kind=Document.Kind.SUMMARY_REPORT)
        .select_related("process")
        .prefetch_related("organizer_rows")
    )
    User = get_user_model()
    for event in held:
        organizer_ids = [row.organization_id for row in event.organizer_rows.all()]
        people = (
            User.objects.filter(is_active=True)
            .exclude(email="")
            .filter(
                Q(profile__organization_id__in=organizer_ids)
                | Q(
                    pk__in=ProcessRole.objects.filter(
                        process=event.process,
                        role=Role.WORKSTREAM_LEAD,
                        workstream=event.workstream_id,
                    ).values("user_id")
                )
            )
        )
        already = set(SummaryReminder.objects.filter(event=event).values_list("user_id", flat=True))
        for user in people.distinct():
            if user.pk in already:
                continue
            notifications.missing_summary_reminder(event, user, summary_after_days)
            SummaryReminder.objects.create(event=event, user=user)
            sent.missing_summary += 1
    return sent
