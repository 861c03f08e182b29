"""E-mails to participants and organizers, each in the recipient's own language, through
Django's mail backends (the console backend unless the operator configures SMTP)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def _language(user) -> str:
    profile = getattr(user, "profile", None) if user is not None else None
    return getattr(profile, "preferred_language", None) or settings.LANGUAGE_CODE


def absolute(path: str) -> str:
    return settings.BASE_URL.rstrip("/") + path


def _send(to: str, language: str, template: str, context: dict) -> None:
    with translation.override(language):
        text = render_to_string(f"participation/email/{template}.txt", context)
    subject, _blank, body = text.strip().partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [to])


def _event_url(event) -> str:
    return absolute(reverse("event", args=[event.process.slug, event.key]))


def _to_participant(registration, template: str) -> None:
    """One e-mail to the registered person about their event, in their language."""
    user = registration.user
    if not user.email:
        return
    lang = _language(user)
    with translation.override(lang):
        url = _event_url(registration.event)
    _send(user.email, lang, template, {"r": registration, "url": url})


def registration_received(registration) -> None:
    _to_participant(registration, "registration_received")


def registration_decided(registration) -> None:
    _to_participant(registration, "registration_decided")


def invitation_sent(invitation, token: str) -> None:
    # The invitee may have no account yet: write in the language of whoever invited.
    lang = translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(lang):
        url = absolute(reverse("accept-invitation", args=[token]))
    _send(invitation.email, lang, "invitation", {"invitation": invitation, "url": url})


def event_reminder(registration) -> None:
    _to_participant(registration, "event_reminder")


def missing_summary_reminder(event, user, days: int) -> None:
    lang = _language(user)
    with translation.override(lang):
        url = _event_url(event)
    _send(user.email, lang, "missing_summary", {"event": event, "url": url, "days": days})
