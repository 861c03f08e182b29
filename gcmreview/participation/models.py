"""People in a review: their organization, their roles in each process, their
registrations for events and the invitations to closed ones."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gcmreview.process.models import Event, Organization, ReviewProcess, Workstream


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    WORKSTREAM_LEAD = "workstream_lead", _("Workstream lead")
    FOCAL_POINT = "focal_point", _("Member State focal point")
    UN_ENTITY = "un_entity", _("UN entity")
    STAKEHOLDER = "stakeholder", _("Stakeholder")
    ADVISORY_GROUP = "advisory_group", _("Advisory Group member")


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=settings.LANGUAGES, default="en"
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)


class ProcessRole(models.Model):
    """A person's role in one review process. A focal point speaks for the Member State
    named in `organization`; a workstream lead leads `workstream`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="process_roles"
    )
    process = models.ForeignKey(ReviewProcess, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    workstream = models.ForeignKey(
        Workstream, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "process", "role"], name="one_role_of_a_kind_per_process"
            )
        ]
        verbose_name = _("role in a process")
        verbose_name_plural = _("roles in processes")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.process.slug}"


class Invitation(models.Model):
    """An invitation to one event, bound to one e-mail address. Only a digest of the
    token is kept, so a copy of the database cannot be used to accept invitations."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    token_digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="one_invitation_per_address")
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.event.key}"


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting approval")
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waiting list")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", _("cancelled")

    ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("on behalf of"),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered at"))
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    attended = models.BooleanField(_("attended"), default=False)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["registered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_person")
        ]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.user} · {self.event.key} · {self.status}"


class SummaryReminder(models.Model):
    """A reminder sent to one organizer that a held event still has no summary report;
    kept so that each is sent once."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_summary_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.event.key} → {self.user}"
