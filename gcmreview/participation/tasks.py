from django.tasks import task

from gcmreview.participation.reminders import send_due_reminders


@task()
def send_reminders() -> dict:
    sent = send_due_reminders()
    return {"before_event": sent.before_event, "missing_summary": sent.missing_summary}
