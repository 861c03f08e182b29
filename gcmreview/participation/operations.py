"""Every change to roles, registrations, invitations and attendance happens here, with
its permission check and its audit entry. Views, the admin actions, commands and tasks
call these; none of them writes these models itself."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmreview.audit.log import record, snapshot
from gcmreview.participation import notifications
from gcmreview.participation.access import Viewer, viewer_for
from gcmreview.participation.models import Invitation, ProcessRole, Registration, Role
from gcmreview.process.models import Event, Organization, ReviewProcess

REGISTRATION_FIELDS = ["status", "organization", "attended", "decided_by", "decided_at"]
ROLE_FIELDS = ["user", "role", "organization", "workstream"]
INVITATION_FIELDS = ["email", "accepted_at", "revoked_at"]


class Refused(Exception):
    """An operation that may not be done; the message says why, in the reader's language."""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- roles -----------------------------------------------------------------------


@transaction.atomic
def assign_role(
    actor,
    user,
    process: ReviewProcess,
    role: str,
    *,
    organization: Organization | None = None,
    workstream=None,
) -> ProcessRole:
    """Give `user` a role in `process`. Only the secretariat (or a superuser) may."""
    if actor is not None and not viewer_for(actor, process).is_secretariat:
        raise Refused(_("Only the secretariat can assign roles."))
    if role == Role.FOCAL_POINT and (
        organization is None or organization.kind != Organization.Kind.MEMBER_STATE
    ):
        raise Refused(_("A focal point speaks for a Member State; name it."))
    if role == Role.WORKSTREAM_LEAD and (workstream is None or workstream.process_id != process.pk):
        raise Refused(_("A workstream lead needs a workstream of this process."))
    existing = ProcessRole.objects.filter(user=user, process=process, role=role).first()
    before = snapshot(existing, ROLE_FIELDS) if existing else None
    row, _created = ProcessRole.objects.update_or_create(
        user=user,
        process=process,
        role=role,
        defaults={"organization": organization, "workstream": workstream},
    )
    record(
        actor,
        "role.assigned",
        row,
        before=before,
        after=snapshot(row, ROLE_FIELDS),
        process=process,
    )
    return row


@transaction.atomic
def remove_role(actor, row: ProcessRole) -> None:
    if actor is not None and not viewer_for(actor, row.process).is_secretariat:
        raise Refused(_("Only the secretariat can remove roles."))
    before = snapshot(row, ROLE_FIELDS)
    record(actor, "role.removed", row, before=before, process=row.process)
    row.delete()


# --- registration ----------------------------------------------------------------


def _locked_event(event: Event) -> Event:
    # Taking the event row for update makes capacity checks safe on PostgreSQL; on
    # SQLite the immediate transaction already serialises writers.
    return Event.objects.select_for_update().get(pk=event.pk)


def _seat_free(event: Event) -> bool:
    if event.capacity is None:
        return True
    taken = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return taken < event.capacity


def check_can_register(user, event: Event, process: ReviewProcess, now: dt.datetime) -> None:
    """Refuse, with a reason, a registration that may not be made."""
    if not user.is_authenticated:
        raise Refused(_("Sign in to register."))
    if event.process_id != process.pk:
        raise Refused(_("This event belongs to another review process."))
    if event.registration == Event.Registration.NONE:
        raise Refused(_("This event takes no registrations."))
    if event.status != Event.Status.PLANNED:
        raise Refused(_("This event is no longer open for registration."))
    if event.registration_closes_at is not None and now >= event.registration_closes_at:
        raise Refused(_("Registration for this event has closed."))
    if event.registrations.filter(user=user, status__in=Registration.ACTIVE).exists():
        raise Refused(_("You are already registered for this event."))


@transaction.atomic
def register_participant(
    user,
    event: Event,
    process: ReviewProcess,
    *,
    organization: Organization | None = None,
    invitation: Invitation | None = None,
    now: dt.datetime | None = None,
) -> Registration:
    """Register `user` for `event`: confirmed while seats remain (open events and accepted
    invitations), awaiting approval for events on approval, otherwise on the waiting list.
    Invitation-only events are entered through `accept_invitation`."""
    now = now or timezone.now()
    event = _locked_event(event)
    check_can_register(user, event, process, now)
    if event.registration == Event.Registration.INVITATION and invitation is None:
        raise Refused(_("This event is by invitation only."))
    if organization is None and hasattr(user, "profile"):
        organization = user.profile.organization
    if event.registration == Event.Registration.APPROVAL:
        status = Registration.Status.PENDING
    elif _seat_free(event):
        status = Registration.Status.CONFIRMED
    else:
        status = Registration.Status.WAITLISTED
    # A person who cancelled (or was declined) registers again on the same row.
    previous = Registration.objects.filter(event=event, user=user).first()
    before = snapshot(previous, REGISTRATION_FIELDS) if previous else None
    registration, _created = Registration.objects.update_or_create(
        event=event,
        user=user,
        defaults={
            "status": status,
            "organization": organization,
            "invitation": invitation,
            "registered_at": now,
            "decided_at": None,
            "decided_by": None,
            "attended": False,
        },
    )
    record(
        user,
        "registration.created",
        registration,
        before=before,
        after=snapshot(registration, REGISTRATION_FIELDS),
        process=process,
    )
    notifications.registration_received(registration)
    return registration


def _may_decide(viewer: Viewer, registration: Registration) -> bool:
    if viewer.manages_event(registration.event):
        return True
    # A Member State's focal point approves its own delegates.
    return (
        registration.organization_id is not None
        and registration.organization_id in viewer.focal_point_for()
    )


@transaction.atomic
def decide_registration(actor, registration: Registration, *, approve: bool) -> Registration:
    """Approve (confirmed, or waiting list when full) or decline a pending registration."""
    event = _locked_event(registration.event)
    viewer = viewer_for(actor, event.process)
    if not _may_decide(viewer, registration):
        raise Refused(_("You may not decide on this registration."))
    registration.refresh_from_db()
    if registration.status not in (Registration.Status.PENDING, Registration.Status.WAITLISTED):
        raise Refused(_("This registration has already been decided."))
    before = snapshot(registration, REGISTRATION_FIELDS)
    if not approve:
        registration.status = Registration.Status.DECLINED
    elif _seat_free(event):
        registration.status = Registration.Status.CONFIRMED
    else:
        registration.status = Registration.Status.WAITLISTED
    registration.decided_by = actor
    registration.decided_at = timezone.now()
    registration.save()
    record(
        actor,
        "registration.decided",
        registration,
        before=before,
        after=snapshot(registration, REGISTRATION_FIELDS),
        process=event.process,
    )
    notifications.registration_decided(registration)
    return registration


@transaction.atomic
def cancel_registration(actor, registration: Registration) -> Registration:
    """Cancel a registration (the participant themself, or whoever manages the event);
    a freed seat goes to the first person on the waiting list."""
    event = _locked_event(registration.event)
    viewer = viewer_for(actor, event.process)
    if actor.pk != registration.user_id and not viewer.manages_event(event):
        raise Refused(_("You may not cancel this registration."))
    registration.refresh_from_db()
    if registration.status not in Registration.ACTIVE:
        raise Refused(_("This registration is not active."))
    before = snapshot(registration, REGISTRATION_FIELDS)
    freed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.save()
    record(
        actor,
        "registration.cancelled",
        registration,
        before=before,
        after=snapshot(registration, REGISTRATION_FIELDS),
        process=event.process,
    )
    if freed and event.registration != Event.Registration.APPROVAL:
        _promote_from_waiting_list(actor, event)
    return registration


def _promote_from_waiting_list(actor, event: Event) -> None:
    nxt = event.registrations.filter(status=Registration.Status.WAITLISTED).first()
    if nxt is None or not _seat_free(event):
        return
    before = snapshot(nxt, REGISTRATION_FIELDS)
    nxt.status = Registration.Status.CONFIRMED
    nxt.decided_at = timezone.now()
    nxt.save()
    record(
        actor,
        "registration.promoted",
        nxt,
        before=before,
        after=snapshot(nxt, REGISTRATION_FIELDS),
        process=event.process,
    )
    notifications.registration_decided(nxt)


@transaction.atomic
def record_attendance(actor, registration: Registration, *, attended: bool) -> Registration:
    viewer = viewer_for(actor, registration.event.process)
    if not viewer.manages_event(registration.event):
        raise Refused(_("Only the event's organizers can take attendance."))
    if registration.status != Registration.Status.CONFIRMED:
        raise Refused(_("Only confirmed participants can be marked as present."))
    before = snapshot(registration, REGISTRATION_FIELDS)
    registration.attended = attended
    registration.save(update_fields=["attended"])
    record(
        actor,
        "registration.attendance",
        registration,
        before=before,
        after=snapshot(registration, REGISTRATION_FIELDS),
        process=registration.event.process,
    )
    return registration


# --- invitations -----------------------------------------------------------------


@transaction.atomic
def invite_participant(actor, event: Event, email: str) -> tuple[Invitation, str]:
    """Invite one e-mail address to an event; returns the invitation and the token that
    the e-mail carries (only its digest is stored)."""
    viewer = viewer_for(actor, event.process)
    if not viewer.manages_event(event):
        raise Refused(_("Only the event's organizers can invite."))
    if event.registration != Event.Registration.INVITATION:
        raise Refused(_("This event does not take registrations by invitation."))
    email = email.strip().lower()
    if event.registrations.filter(
        user__email__iexact=email, status__in=Registration.ACTIVE
    ).exists():
        raise Refused(_("This person is already registered for the event."))
    token = secrets.token_urlsafe(32)
    # A renewed invitation is a fresh one: a new link, not yet used.
    invitation, created = Invitation.objects.update_or_create(
        event=event,
        email=email,
        defaults={
            "token_digest": token_digest(token),
            "invited_by": actor,
            "revoked_at": None,
            "accepted_at": None,
        },
    )
    record(
        actor,
        "invitation.sent" if created else "invitation.renewed",
        invitation,
        after={"email": email, "event": event.key},
        process=event.process,
    )
    notifications.invitation_sent(invitation, token)
    return invitation, token


def find_invitation(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("event__process")
        .filter(token_digest=token_digest(token), revoked_at__isnull=True)
        .first()
    )
    if invitation is None:
        raise Refused(_("This invitation link is not valid."))
    return invitation


@transaction.atomic
def accept_invitation(user, token: str, process: ReviewProcess | None = None) -> Registration:
    """Register `user` through an invitation. The invitation is bound to its e-mail
    address: a person signed in with another address cannot use it."""
    invitation = find_invitation(token)
    if not user.is_authenticated:
        raise Refused(_("Sign in to accept the invitation."))
    if (user.email or "").strip().lower() != invitation.email:
        raise Refused(_("This invitation was sent to another e-mail address."))
    if invitation.accepted_at is not None:
        raise Refused(_("This invitation has already been used."))
    registration = register_participant(
        user, invitation.event, process or invitation.event.process, invitation=invitation
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return registration


@transaction.atomic
def revoke_invitation(actor, invitation: Invitation) -> None:
    viewer = viewer_for(actor, invitation.event.process)
    if not viewer.manages_event(invitation.event):
        raise Refused(_("Only the event's organizers can revoke invitations."))
    before = snapshot(invitation, INVITATION_FIELDS)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(
        actor,
        "invitation.revoked",
        invitation,
        before=before,
        after=snapshot(invitation, INVITATION_FIELDS),
        process=invitation.event.process,
    )
