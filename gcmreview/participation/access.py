"""Who may see what: the one place where visibility is decided.

Every view, feed, export and (later) search result, dashboard and Outcome Document
citation asks a `Viewer` rather than deciding on its own
(docs/decisions/0007-visibility-levels.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gcmreview.participation.models import ProcessRole, Registration, Role
from gcmreview.process.models import Event, ReviewProcess


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    PARTICIPANTS = "participants", _("participants of its event")
    MEMBER_STATES = "member_states", _("Member States")
    SECRETARIAT = "secretariat", _("secretariat")


CLOSED_CONSULTATION = _("a closed consultation")


@dataclass
class Viewer:
    """What one person (or the anonymous public) may see in one review process."""

    user: object
    process: ReviewProcess | None
    roles: set[str] = field(default_factory=set)
    role_rows: list[ProcessRole] = field(default_factory=list)
    # Events the viewer takes part in (confirmed registration, including an accepted
    # invitation): the "participants" of those events and the invitees of closed ones.
    participant_of: set[int] = field(default_factory=set)

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user is not None and self.user.is_authenticated)

    @property
    def is_secretariat(self) -> bool:
        return self.is_authenticated and (self.user.is_superuser or Role.SECRETARIAT in self.roles)

    @property
    def is_member_state(self) -> bool:
        return self.is_secretariat or Role.FOCAL_POINT in self.roles

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def led_workstreams(self) -> set[int]:
        return {r.workstream_id for r in self.role_rows if r.role == Role.WORKSTREAM_LEAD}

    def focal_point_for(self) -> set[int]:
        return {r.organization_id for r in self.role_rows if r.role == Role.FOCAL_POINT}

    # --- events ---------------------------------------------------------------

    def sees_event_details(self, event: Event) -> bool:
        """More than the title and date of an event: everybody for an open event; for a
        closed one, its invitees and the secretariat."""
        return not event.closed or self.is_secretariat or event.pk in self.participant_of

    def manages_event(self, event: Event) -> bool:
        """May see the participant list, invite, decide registrations and take attendance:
        the secretariat, and a workstream lead for the open events of their workstream.
        A closed event is managed by the secretariat alone."""
        if self.process is None or event.process_id != self.process.pk:
            return False
        if self.is_secretariat:
            return True
        return (
            not event.closed
            and event.workstream_id is not None
            and event.workstream_id in self.led_workstreams()
        )

    def event_filter(self) -> Q:
        """Events whose details this viewer may see, as a filter on Event."""
        if self.is_secretariat:
            return Q()
        return Q(closed=False) | Q(pk__in=self.participant_of)

    # --- material with a visibility level -----------------------------------------

    def can_see(self, visibility: str, event: Event | None = None) -> bool:
        """Whether material at `visibility`, belonging to `event` if any, may be shown.
        Material of a closed event is for its invitees and the secretariat, whatever its
        own level."""
        if self.is_secretariat:
            return True
        if event is not None and event.closed and event.pk not in self.participant_of:
            return False
        match visibility:
            case Visibility.PUBLIC:
                return True
            case Visibility.PARTICIPANTS:
                return event is not None and event.pk in self.participant_of
            case Visibility.MEMBER_STATES:
                return self.is_member_state
        return False

    def material_filter(self, event_field: str = "event") -> Q:
        """`can_see` as a filter on a model with `visibility` and a nullable event."""
        if self.is_secretariat:
            return Q()
        mine = Q(**{f"{event_field}__in": self.participant_of})
        not_closed = Q(**{f"{event_field}__isnull": True}) | Q(**{f"{event_field}__closed": False})
        levels = Q(visibility=Visibility.PUBLIC)
        if self.is_member_state:
            levels |= Q(visibility=Visibility.MEMBER_STATES)
        levels |= Q(visibility=Visibility.PARTICIPANTS) & mine
        return levels & (not_closed | mine)

    def citation(self, event: Event | None, organization_name: str = "") -> str:
        """How a source is cited to this viewer. Under the Chatham House rule, anyone
        without access to the meeting (its participants and the secretariat) reads "a
        closed consultation", with no speaker or organization; its participants read its
        title, still without organization. A closed event the viewer may not see is cited
        the same way."""
        if event is None:
            return organization_name
        if event.chatham_house and not self.is_secretariat:
            if event.pk in self.participant_of:
                return event.title
            return str(CLOSED_CONSULTATION)
        if event.closed and not self.sees_event_details(event):
            return str(CLOSED_CONSULTATION)
        return f"{event.title} ({organization_name})" if organization_name else event.title


def viewer_for(user, process: ReviewProcess | None) -> Viewer:
    """The viewer for a request; two queries for a signed-in person, none otherwise."""
    viewer = Viewer(user=user, process=process)
    if not viewer.is_authenticated or process is None:
        return viewer
    viewer.role_rows = list(ProcessRole.objects.filter(user=user, process=process))
    viewer.roles = {r.role for r in viewer.role_rows}
    viewer.participant_of = set(
        Registration.objects.filter(
            user=user, event__process=process, status=Registration.Status.CONFIRMED
        ).values_list("event_id", flat=True)
    )
    return viewer
