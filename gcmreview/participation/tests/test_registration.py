"""Registering for events: open, on approval, capacity and waiting list, cancellation, and
every refusal answered clearly with nothing changed. Through the web views and through
the operations they call."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from gcmreview.audit.models import AuditEntry
from gcmreview.participation import operations as ops
from gcmreview.participation.models import Registration
from gcmreview.participation.tests.helpers import state, url
from gcmreview.process.models import Event

Status = Registration.Status


def register(client, user, event):
    client.force_login(user)
    return client.post(url("register", event.process.slug, event.key))


def registration(user, event) -> Registration:
    return Registration.objects.get(user=user, event=event)


# --- what a registration becomes -----------------------------------------------------


def test_registering_for_an_open_event_confirms_the_seat(client, w, make_event):
    event = make_event("open-meeting")
    person = w.people["non_invitee"]
    response = register(client, person, event)
    assert response.status_code == 302
    assert response["Location"] == url("event", w.process.slug, event.key)
    assert registration(person, event).status == Status.CONFIRMED
    entry = AuditEntry.objects.get(
        action="registration.created", target_id=str(registration(person, event).pk)
    )
    assert entry.actor == person
    assert entry.after["status"] == Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [[person.email]]


def test_registering_for_an_event_on_approval_waits_for_the_decision(client, w):
    person = w.people["non_invitee"]
    register(client, person, w.open_event)
    assert registration(person, w.open_event).status == Status.PENDING


def test_the_secretariat_approves_a_pending_registration_and_the_seat_is_confirmed(client, w):
    person = w.people["non_invitee"]
    register(client, person, w.open_event)
    pending = registration(person, w.open_event)
    client.force_login(w.people["secretariat"])
    response = client.post(
        url("decide-registration", w.process.slug, pending.pk), {"decision": "approve"}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Status.CONFIRMED
    assert pending.decided_by == w.people["secretariat"]


def test_the_secretariat_declines_a_pending_registration(client, w):
    person = w.people["non_invitee"]
    register(client, person, w.open_event)
    pending = registration(person, w.open_event)
    client.force_login(w.people["secretariat"])
    client.post(url("decide-registration", w.process.slug, pending.pk), {"decision": "decline"})
    pending.refresh_from_db()
    assert pending.status == Status.DECLINED


def test_a_registration_once_decided_cannot_be_decided_again(w):
    person = w.people["non_invitee"]
    pending = ops.register_participant(person, w.open_event, w.process)
    ops.decide_registration(w.people["secretariat"], pending, approve=False)
    before = state()
    with pytest.raises(ops.Refused, match="already been decided"):
        ops.decide_registration(w.people["secretariat"], pending, approve=True)
    assert state() == before
    pending.refresh_from_db()
    assert pending.status == Status.DECLINED


def test_a_full_open_event_puts_newcomers_on_the_waiting_list(client, w, make_event, make_person):
    event = make_event("small-room", capacity=1)
    first, second = make_person("First"), make_person("Second")
    register(client, first, event)
    register(client, second, event)
    assert registration(first, event).status == Status.CONFIRMED
    assert registration(second, event).status == Status.WAITLISTED


def test_approving_beyond_the_capacity_of_an_approval_event_puts_the_person_on_the_waiting_list(
    w, make_person
):
    # The open event takes two people; the stakeholder holds one seat already.
    first, second = make_person("First"), make_person("Second")
    secretariat = w.people["secretariat"]
    first_reg = ops.register_participant(first, w.open_event, w.process)
    second_reg = ops.register_participant(second, w.open_event, w.process)
    assert ops.decide_registration(secretariat, first_reg, approve=True).status == Status.CONFIRMED
    assert (
        ops.decide_registration(secretariat, second_reg, approve=True).status == Status.WAITLISTED
    )
    assert w.open_event.registrations.filter(status=Status.CONFIRMED).count() == 2


def test_cancelling_a_confirmed_seat_promotes_the_first_on_the_waiting_list_and_tells_them(
    client, w, make_event, make_person
):
    event = make_event("one-seat", capacity=1, title_en="The one-seat meeting")
    holder, next_in_line, last = make_person("Holder"), make_person("Next"), make_person("Last")
    for person in (holder, next_in_line, last):
        ops.register_participant(person, event, w.process)
    mail.outbox.clear()

    client.force_login(holder)
    seat = registration(holder, event)
    response = client.post(url("cancel-registration", w.process.slug, seat.pk))
    assert response.status_code == 302

    assert registration(holder, event).status == Status.CANCELLED
    assert registration(next_in_line, event).status == Status.CONFIRMED
    assert registration(last, event).status == Status.WAITLISTED
    assert [m.to for m in mail.outbox] == [[next_in_line.email]]
    assert "The one-seat meeting" in mail.outbox[0].subject
    assert AuditEntry.objects.filter(
        action="registration.promoted", target_id=str(registration(next_in_line, event).pk)
    ).exists()


def test_a_participant_cannot_cancel_somebody_elses_registration(client, w):
    others = w.workshop_registration  # the stakeholder's
    before = state()
    client.force_login(w.people["non_invitee"])
    response = client.post(url("cancel-registration", w.process.slug, others.pk))
    assert response.status_code == 403
    assert "You may not cancel this registration." in response.content.decode()
    assert state() == before


# --- refusals --------------------------------------------------------------------------


def _twice(w, make_event, person):
    event = make_event("twice")
    ops.register_participant(person, event, w.process)
    return event, "You are already registered for this event."


def _after_closing(w, make_event, person):
    closes = timezone.now() - dt.timedelta(hours=1)
    return make_event("too-late", registration_closes_at=closes), (
        "Registration for this event has closed."
    )


def _held(w, make_event, person):
    return make_event("held", status="held"), "This event is no longer open for registration."


def _cancelled(w, make_event, person):
    return make_event("called-off", status="cancelled"), (
        "This event is no longer open for registration."
    )


def _no_registration(w, make_event, person):
    return make_event("no-registration", registration="none"), "This event takes no registrations."


def _invitation_only(w, make_event, person):
    return w.closed, "This event is by invitation only."


REFUSALS = {
    "registering twice": _twice,
    "after registration closed": _after_closing,
    "for a held event": _held,
    "for a cancelled event": _cancelled,
    "for an event without registration": _no_registration,
    "for an invitation-only event without an invitation": _invitation_only,
}


@pytest.mark.parametrize("setup", REFUSALS.values(), ids=REFUSALS.keys())
def test_a_refused_registration_is_answered_clearly_and_changes_nothing(
    setup, client, w, make_event
):
    person = w.people["non_invitee"]
    event, reason = setup(w, make_event, person)
    before = state()
    response = register(client, person, event)
    assert response.status_code == 409
    assert reason in response.content.decode()
    assert state() == before


@pytest.mark.parametrize("setup", REFUSALS.values(), ids=REFUSALS.keys())
def test_the_operation_refuses_the_same_registrations_and_changes_nothing(setup, w, make_event):
    person = w.people["non_invitee"]
    event, reason = setup(w, make_event, person)
    before = state()
    with pytest.raises(ops.Refused) as refused:
        ops.register_participant(person, event, w.process)
    assert str(refused.value) == reason
    assert state() == before


def test_registering_through_the_address_of_another_process_is_not_found(client, w):
    # The other process's event, asked for under this process's address.
    assert w.process.slug == "arab-region-2024"
    before = state()
    client.force_login(w.people["non_invitee"])
    response = client.post(f"/en/p/arab-region-2024/events/{w.elsewhere.key}/register/")
    assert response.status_code == 404
    assert "This review process has no such event." in response.content.decode()
    assert state() == before


def test_the_operation_refuses_an_event_of_another_process(w):
    before = state()
    with pytest.raises(ops.Refused, match="belongs to another review process"):
        ops.register_participant(w.people["non_invitee"], w.elsewhere, w.process)
    assert state() == before


def test_an_anonymous_registration_is_sent_to_sign_in_and_changes_nothing(client, w):
    before = state()
    target = url("register", w.process.slug, w.open_event.key)
    response = client.post(target)
    assert response.status_code == 302
    assert response["Location"] == f"{url('login')}?next={target}"
    assert state() == before


def test_registering_is_a_post_only_action(client, w):
    client.force_login(w.people["non_invitee"])
    before = state()
    response = client.get(url("register", w.process.slug, w.open_event.key))
    assert response.status_code == 405
    assert state() == before


def test_registering_again_after_cancelling_is_allowed(w, make_event):
    event = make_event("second-thoughts")
    person = w.people["non_invitee"]
    first = ops.register_participant(person, event, w.process)
    ops.cancel_registration(person, first)
    again = ops.register_participant(person, event, w.process)
    assert again.pk == first.pk
    assert again.status == Status.CONFIRMED
    assert Event.objects.get(pk=event.pk).registrations.count() == 1
