"""Reminders on a schedule: to confirmed participants a few days before an event known to
the day, and to the organizers of a held event whose summary report has not arrived. Each
is sent once, whether by `send_due_reminders`, the command or the task."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from gcmreview.intake import operations as intake
from gcmreview.participation import operations as ops
from gcmreview.participation.models import Registration, SummaryReminder
from gcmreview.participation.reminders import send_due_reminders
from gcmreview.participation.tasks import send_reminders
from gcmreview.process.models import EventOrganizer, Organization

NOW = dt.datetime(2099, 6, 8, 9, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def sent_to(subject_part: str) -> list[str]:
    return sorted(m.to[0] for m in mail.outbox if subject_part in m.subject)


# --- before an event ---------------------------------------------------------------


@pytest.fixture
def soon(w, make_event, make_person):
    """An event known to the day, two days ahead, with two confirmed participants, one
    awaiting approval and one who cancelled."""
    event = make_event(
        "soon", title_en="Soon meeting", date_start=day(2), date_end=day(2), registration="open"
    )
    first, second = make_person("First"), make_person("Second")
    ops.register_participant(first, event, w.process)
    ops.register_participant(second, event, w.process)
    cancelled = ops.register_participant(make_person("Changed mind"), event, w.process)
    ops.cancel_registration(cancelled.user, cancelled)
    event.registration = "approval"
    event.save()
    ops.register_participant(make_person("Waiting"), event, w.process)
    mail.outbox.clear()
    return event


def test_confirmed_participants_are_reminded_of_an_event_within_the_window(w, soon):
    sent = send_due_reminders(NOW, days_before=3)
    assert sent.before_event == 2
    assert sent_to("Reminder: Soon meeting") == ["first@example.org", "second@example.org"]
    reminded = Registration.objects.filter(event=soon, reminded_at__isnull=False)
    assert {r.user.email for r in reminded} == {"first@example.org", "second@example.org"}


def test_a_reminder_is_sent_once(w, soon):
    send_due_reminders(NOW, days_before=3)
    mail.outbox.clear()
    again = send_due_reminders(NOW + dt.timedelta(hours=6), days_before=3)
    assert again.before_event == 0
    assert sent_to("Reminder:") == []


def test_no_reminder_before_the_window_opens(w, soon):
    assert send_due_reminders(NOW, days_before=1).before_event == 0
    assert sent_to("Reminder:") == []


def test_no_reminder_for_an_event_known_only_to_the_month(w, make_event, make_person):
    event = make_event(
        "some-day-in-june",
        title_en="June meeting",
        date_start=day(1),
        date_end="2099-06-30",
        date_precision="month",
    )
    ops.register_participant(make_person("First"), event, w.process)
    mail.outbox.clear()
    assert send_due_reminders(NOW, days_before=3).before_event == 0
    assert sent_to("Reminder:") == []


def test_no_reminder_for_an_event_already_begun_or_cancelled(w, make_event, make_person):
    begun = make_event("begun", date_start=day(-1), date_end=day(1), date_precision="days")
    called_off = make_event("called-off", date_start=day(1), date_end=day(1))
    person = make_person("First")
    ops.register_participant(person, begun, w.process)
    ops.register_participant(person, called_off, w.process)
    called_off.status = "cancelled"
    called_off.save()
    mail.outbox.clear()
    assert send_due_reminders(NOW, days_before=3).before_event == 0


def test_the_reminder_is_in_the_participants_language(w, make_event, make_person):
    event = make_event("soon-ar", title_ar="اجتماع قريب", date_start=day(1), date_end=day(1))
    ops.register_participant(make_person("Amina", language="ar"), event, w.process)
    mail.outbox.clear()
    send_due_reminders(NOW, days_before=3)
    [message] = [m for m in mail.outbox if m.to == ["amina@example.org"]]
    assert "اجتماع قريب" in message.subject


# --- missing summary reports ---------------------------------------------------------


@pytest.fixture
def organizers(w, make_person):
    """A regional organization with two people, one without an e-mail address."""
    org = Organization.objects.create(
        code="REG-ORG", kind="regional_organization", name_en="Regional organization"
    )
    organizer = make_person("Organizer", organization=org)
    silent = make_person("Silent", organization=org)
    silent.email = ""
    silent.save()
    return org, organizer


def held_event(make_event, org, key="past-meeting", ended=-20, **fields):
    event = make_event(
        key,
        title_en=key.replace("-", " ").capitalize(),
        status="held",
        date_start=day(ended - 1),
        date_end=day(ended),
        date_precision="days",
        **fields,
    )
    EventOrganizer.objects.create(event=event, organization=org, position=0)
    return event


def test_organizers_of_a_held_event_without_a_summary_report_are_reminded_once(
    w, make_event, organizers
):
    org, organizer = organizers
    held_event(make_event, org)
    sent = send_due_reminders(NOW, summary_after_days=14)
    assert sent_to("Summary report still missing: Past meeting") == [organizer.email]
    assert sent.missing_summary >= 1
    assert SummaryReminder.objects.filter(user=organizer).count() == 1

    mail.outbox.clear()
    send_due_reminders(NOW + dt.timedelta(days=1), summary_after_days=14)
    assert sent_to("Past meeting") == []


def test_the_lead_of_the_events_workstream_is_reminded_too(w, make_event, organizers):
    org, organizer = organizers
    held_event(make_event, org, workstream=w.workstream)
    send_due_reminders(NOW, summary_after_days=14)
    assert sent_to("Past meeting") == sorted([organizer.email, w.people["workstream_lead"].email])


def test_no_summary_reminder_once_the_summary_report_has_arrived(w, make_event, organizers):
    org, _organizer = organizers
    event = held_event(make_event, org)
    intake.add_document(
        w.people["secretariat"],
        w.process,
        kind="summary_report",
        title="Summary",
        text="What was said.",
        event=event,
    )
    send_due_reminders(NOW, summary_after_days=14)
    assert sent_to("Past meeting") == []
    assert not SummaryReminder.objects.filter(event=event).exists()


def test_no_summary_reminder_before_the_days_have_passed(w, make_event, organizers):
    org, _organizer = organizers
    held_event(make_event, org, ended=-5)
    send_due_reminders(NOW, summary_after_days=14)
    assert sent_to("Past meeting") == []


def test_another_kind_of_document_does_not_count_as_the_summary_report(w, make_event, organizers):
    org, organizer = organizers
    event = held_event(make_event, org)
    intake.add_document(
        w.people["secretariat"],
        w.process,
        kind="concept_note",
        title="Concept note",
        text="What will be said.",
        event=event,
    )
    send_due_reminders(NOW, summary_after_days=14)
    assert sent_to("Past meeting") == [organizer.email]


def test_no_summary_reminder_for_a_cancelled_event(w, make_event, organizers):
    org, _organizer = organizers
    event = held_event(make_event, org)
    event.status = "cancelled"
    event.save()
    send_due_reminders(NOW, summary_after_days=14)
    assert sent_to("Past meeting") == []


# --- the command and the task ---------------------------------------------------------


@pytest.fixture
def tomorrow(w, make_event, make_person):
    tomorrow = (timezone.now() + dt.timedelta(days=1)).date()
    event = make_event(
        "tomorrow", title_en="Tomorrow meeting", date_start=tomorrow, date_end=tomorrow
    )
    ops.register_participant(make_person("First"), event, w.process)
    mail.outbox.clear()
    return event


def test_the_send_reminders_command_sends_what_is_due_and_says_so(w, tomorrow):
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().startswith("Sent 1 event reminder(s) and ")
    assert sent_to("Reminder: Tomorrow meeting") == ["first@example.org"]

    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().strip() == ("Sent 0 event reminder(s) and 0 summary-report reminder(s).")


def test_the_send_reminders_task_sends_what_is_due(w, tomorrow):
    result = send_reminders.call()
    assert result["before_event"] == 1
    assert send_reminders.call() == {"before_event": 0, "missing_summary": 0}
