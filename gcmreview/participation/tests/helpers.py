"""URLs and a fingerprint of everything a refused request must leave untouched."""

from django.core import mail
from django.urls import reverse
from django.utils import translation

from gcmreview.audit.models import AuditEntry
from gcmreview.participation.models import Invitation, ProcessRole, Registration


def url(name, *args, lang="en"):
    with translation.override(lang):
        return reverse(name, args=args)


def state():
    """Everything a refused request must leave as it was."""
    return {
        "registrations": sorted(
            Registration.objects.values_list("pk", "event_id", "user_id", "status", "attended")
        ),
        "invitations": sorted(
            Invitation.objects.values_list("pk", "email", "accepted_at", "revoked_at")
        ),
        "roles": sorted(ProcessRole.objects.values_list("pk", "user_id", "role")),
        "audit": AuditEntry.objects.count(),
        "mails": len(mail.outbox),
    }
