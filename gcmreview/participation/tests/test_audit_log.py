"""Every change to who may see or do what leaves an audit entry: who, what, the state
before and after. The secretariat reads them on the audit page."""

import pytest

from gcmreview.audit.models import AuditEntry
from gcmreview.intake import operations as intake
from gcmreview.participation import operations as ops
from gcmreview.participation.access import Visibility
from gcmreview.participation.models import ProcessRole, Role
from gcmreview.participation.tests.helpers import url
from gcmreview.process.models import Organization


def entry(action, target) -> AuditEntry:
    """The one entry of this action on this row, written since the test began."""
    [found] = AuditEntry.objects.filter(
        action=action, target_type=target._meta.label_lower, target_id=str(target.pk)
    ).order_by("-id")[:1]
    return found


@pytest.fixture
def since(w):
    """Entries written by the test itself, not by the world's set-up."""
    first = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return lambda: AuditEntry.objects.filter(id__gt=first).order_by("id")


# --- registrations -----------------------------------------------------------------------


def test_registering_records_who_registered_and_the_new_registration(w, since):
    person = w.people["non_invitee"]
    registration = ops.register_participant(person, w.open_event, w.process)
    [created] = since()
    assert created == entry("registration.created", registration)
    assert created.actor == person
    assert created.process == w.process
    assert created.before is None
    assert created.after["status"] == "pending"


def test_a_decision_records_the_state_before_and_after(w, since):
    registration = ops.register_participant(w.people["non_invitee"], w.open_event, w.process)
    ops.decide_registration(w.people["secretariat"], registration, approve=True)
    decided = entry("registration.decided", registration)
    assert decided.actor == w.people["secretariat"]
    assert decided.before["status"] == "pending"
    assert decided.before["decided_by"] is None
    assert decided.after["status"] == "confirmed"
    assert decided.after["decided_by"] == w.people["secretariat"].pk


def test_a_cancellation_and_the_promotion_it_brings_are_recorded(w, make_event, make_person):
    event = make_event("one-seat", capacity=1)
    holder, waiting = make_person("Holder"), make_person("Waiting")
    seat = ops.register_participant(holder, event, w.process)
    queued = ops.register_participant(waiting, event, w.process)
    ops.cancel_registration(holder, seat)
    cancelled = entry("registration.cancelled", seat)
    assert cancelled.actor == holder
    assert (cancelled.before["status"], cancelled.after["status"]) == ("confirmed", "cancelled")
    promoted = entry("registration.promoted", queued)
    assert promoted.actor == holder
    assert (promoted.before["status"], promoted.after["status"]) == ("waitlisted", "confirmed")


def test_registering_again_after_cancelling_records_the_cancelled_state_as_before(w, make_event):
    event = make_event("second-thoughts")
    person = w.people["non_invitee"]
    registration = ops.register_participant(person, event, w.process)
    ops.cancel_registration(person, registration)
    ops.register_participant(person, event, w.process)
    again = entry("registration.created", registration)
    assert again.before["status"] == "cancelled"
    assert again.after["status"] == "confirmed"


def test_attendance_is_recorded_with_before_and_after(w):
    registration = w.workshop_registration
    ops.record_attendance(w.people["secretariat"], registration, attended=False)
    marked = entry("registration.attendance", registration)
    assert marked.actor == w.people["secretariat"]
    assert (marked.before["attended"], marked.after["attended"]) == (True, False)


# --- invitations -------------------------------------------------------------------------


def test_an_invitation_and_its_revocation_are_recorded(w):
    secretariat = w.people["secretariat"]
    invitation, _token = ops.invite_participant(secretariat, w.closed, "guest@example.org")
    sent = entry("invitation.sent", invitation)
    assert sent.actor == secretariat
    assert sent.before is None
    assert sent.after == {"email": "guest@example.org", "event": w.closed.key}

    ops.revoke_invitation(secretariat, invitation)
    revoked = entry("invitation.revoked", invitation)
    assert revoked.actor == secretariat
    assert revoked.before["email"] == "guest@example.org"
    assert revoked.before["revoked_at"] is None
    assert revoked.after["revoked_at"] is not None


def test_accepting_an_invitation_records_the_registration_it_makes(w, make_person):
    _invitation, token = ops.invite_participant(
        w.people["secretariat"], w.closed, "guest@example.org"
    )
    guest = make_person("Guest", email="guest@example.org")
    registration = ops.accept_invitation(guest, token)
    created = entry("registration.created", registration)
    assert created.actor == guest
    assert created.after["status"] == "confirmed"


# --- roles -----------------------------------------------------------------------------


def test_assigning_a_role_records_the_new_role(w, make_person):
    person = make_person("New lead", role=None)
    row = ops.assign_role(
        w.people["secretariat"], person, w.process, Role.WORKSTREAM_LEAD, workstream=w.workstream
    )
    assigned = entry("role.assigned", row)
    assert assigned.actor == w.people["secretariat"]
    assert assigned.before is None
    assert assigned.after == {
        "user": person.pk,
        "role": "workstream_lead",
        "organization": None,
        "workstream": w.workstream.pk,
    }


def test_changing_the_state_of_a_focal_point_records_the_state_before_and_after(w):
    morocco = Organization.objects.get(code="MA")
    focal_point = w.people["focal_point"]
    row = ops.assign_role(
        w.people["secretariat"], focal_point, w.process, Role.FOCAL_POINT, organization=morocco
    )
    changed = entry("role.assigned", row)
    assert changed.before["organization"] == w.egypt.pk
    assert changed.after["organization"] == morocco.pk


def test_removing_a_role_records_what_it_was(w):
    row = ProcessRole.objects.get(user=w.people["focal_point"], role=Role.FOCAL_POINT)
    pk = row.pk
    ops.remove_role(w.people["secretariat"], row)
    [removed] = AuditEntry.objects.filter(action="role.removed", target_id=str(pk))
    assert removed.actor == w.people["secretariat"]
    assert removed.before["organization"] == w.egypt.pk
    assert not ProcessRole.objects.filter(pk=pk).exists()


def test_only_the_secretariat_assigns_roles_and_a_refusal_leaves_no_entry(w, since):
    with pytest.raises(ops.Refused):
        ops.assign_role(
            w.people["workstream_lead"], w.people["non_invitee"], w.process, Role.SECRETARIAT
        )
    assert not since().exists()
    assert not ProcessRole.objects.filter(
        user=w.people["non_invitee"], role=Role.SECRETARIAT
    ).exists()


# --- documents -------------------------------------------------------------------------


def test_changing_who_sees_a_document_records_the_level_before_and_after(w):
    document = w.docs["secretariat"]
    intake.set_document_visibility(w.people["secretariat"], document, Visibility.MEMBER_STATES)
    changed = entry("document.visibility", document)
    assert changed.actor == w.people["secretariat"]
    assert changed.process == w.process
    assert changed.before["visibility"] == "secretariat"
    assert changed.after["visibility"] == "member_states"


def test_only_the_secretariat_changes_who_sees_a_document(w, since):
    document = w.docs["secretariat"]
    with pytest.raises(ops.Refused):
        intake.set_document_visibility(w.people["focal_point"], document, Visibility.PUBLIC)
    document.refresh_from_db()
    assert document.visibility == "secretariat"
    assert not since().exists()


# --- the audit page ----------------------------------------------------------------------


def test_the_audit_page_shows_the_secretariat_who_changed_what(client, w):
    registration = ops.register_participant(w.people["non_invitee"], w.open_event, w.process)
    ops.decide_registration(w.people["secretariat"], registration, approve=False)
    intake.set_document_visibility(w.people["secretariat"], w.docs["public"], "participants")
    client.force_login(w.people["secretariat"])
    response = client.get(url("audit-log", w.process.slug))
    assert response.status_code == 200
    page = response.content.decode()
    for action in (
        "registration.decided",
        "document.visibility",
        "role.assigned",
        "invitation.sent",
        "registration.attendance",
    ):
        assert action in page, action
    assert "secretariat@example.org" in page  # who
    assert "&#x27;status&#x27;: &#x27;declined&#x27;" in page  # the state after
    shown = list(response.context["page"].object_list)
    assert shown[0].action == "document.visibility"  # the newest first
    assert all(e.process_id == w.process.pk for e in shown)


def test_the_audit_page_lists_only_its_own_process(client, w, make_person):
    ops.register_participant(make_person("Traveller"), w.elsewhere, w.other)
    client.force_login(w.people["secretariat"])
    response = client.get(url("audit-log", w.process.slug))
    assert "elsewhere-meeting" not in response.content.decode()
    assert "Traveller" not in response.content.decode()
