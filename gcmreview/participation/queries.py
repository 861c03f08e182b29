"""Reading registrations for one person or one event."""

from __future__ import annotations

from gcmreview.participation.models import Registration


def registration_of(user, event) -> Registration | None:
    if user is None or not user.is_authenticated:
        return None
    return Registration.objects.filter(user=user, event=event).first()


def participants_of(event):
    return (
        Registration.objects.filter(event=event)
        .select_related("user", "organization")
        .order_by("status", "registered_at", "id")
    )
