"""Invitations to closed events: sent by e-mail with a link, bound to the invited address,
usable once, revocable, and sent by the secretariat alone for a closed event."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail

from gcmreview.participation import operations as ops
from gcmreview.participation.models import Invitation, Registration
from gcmreview.participation.tests.helpers import state, url

INVITED = "new.guest@example.org"


def invite(client, actor, event, email=INVITED):
    client.force_login(actor)
    return client.post(url("invite", event.process.slug, event.key), {"email": email})


def link_in(message) -> str:
    """The path of the invitation link in an e-mail."""
    found = re.search(r"https?://\S+/invitations/[\w-]+/", message.body)
    assert found, message.body
    assert found.group(0).startswith(settings.BASE_URL.rstrip("/"))
    return urlsplit(found.group(0)).path


def test_inviting_sends_an_e_mail_with_a_link_to_the_invited_address(client, w):
    response = invite(client, w.people["secretariat"], w.closed)
    assert response.status_code == 302
    assert response["Location"] == url("participants", w.process.slug, w.closed.key)
    [message] = mail.outbox
    assert message.to == [INVITED]
    assert w.closed.title in message.subject
    path = link_in(message)
    token = path.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get(event=w.closed, email=INVITED)
    # Only a digest of the token is kept.
    assert invitation.token_digest == ops.token_digest(token)
    assert token not in invitation.token_digest


def test_the_invitee_signed_in_with_the_invited_address_registers_through_the_link(
    client, w, make_person
):
    invite(client, w.people["secretariat"], w.closed)
    path = link_in(mail.outbox[0])
    guest = make_person("Guest", email=INVITED)
    client.force_login(guest)
    page = client.get(path)
    assert page.status_code == 200
    assert INVITED in page.content.decode()

    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == url("event", w.process.slug, w.closed.key)
    registration = Registration.objects.get(user=guest, event=w.closed)
    assert registration.status == Registration.Status.CONFIRMED
    invitation = Invitation.objects.get(event=w.closed, email=INVITED)
    assert registration.invitation == invitation
    assert invitation.accepted_at is not None


def test_the_invitation_matches_the_address_whatever_its_capitals(client, w, make_person):
    invite(client, w.people["secretariat"], w.closed, email="New.Guest@Example.ORG")
    path = link_in(mail.outbox[0])
    guest = make_person("Guest", email=INVITED)
    client.force_login(guest)
    assert client.post(path).status_code == 302
    assert Registration.objects.filter(user=guest, event=w.closed).exists()


def test_the_link_used_by_a_person_signed_in_with_another_address_is_refused(
    client, w, make_person
):
    invite(client, w.people["secretariat"], w.closed)
    path = link_in(mail.outbox[0])
    make_person("Guest", email=INVITED)
    before = state()
    client.force_login(w.people["non_invitee"])
    response = client.post(path)
    assert response.status_code == 403
    assert "This invitation was sent to another e-mail address." in response.content.decode()
    assert state() == before
    assert not Registration.objects.filter(user=w.people["non_invitee"], event=w.closed).exists()


def test_an_anonymous_person_following_the_link_is_asked_to_sign_in(client, w):
    invite(client, w.people["secretariat"], w.closed)
    path = link_in(mail.outbox[0])
    client.logout()
    before = state()
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == f"{url('login')}?next={path}"
    assert state() == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_token_is_not_found(method, client, w):
    before = state()
    client.force_login(w.people["invitee"])
    response = getattr(client, method)(url("accept-invitation", "forged-token-0123456789"))
    assert response.status_code == 404
    assert "This invitation link is not valid." in response.content.decode()
    assert state() == before


def test_a_used_invitation_is_refused(client, w, make_person):
    invite(client, w.people["secretariat"], w.closed)
    path = link_in(mail.outbox[0])
    guest = make_person("Guest", email=INVITED)
    client.force_login(guest)
    client.post(path)
    registration = Registration.objects.get(user=guest, event=w.closed)
    ops.cancel_registration(guest, registration)
    before = state()
    response = client.post(path)
    assert response.status_code == 403
    assert "This invitation has already been used." in response.content.decode()
    assert state() == before
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_a_revoked_invitation_is_refused(client, w, make_person):
    invite(client, w.people["secretariat"], w.closed)
    path = link_in(mail.outbox[0])
    guest = make_person("Guest", email=INVITED)
    invitation = Invitation.objects.get(event=w.closed, email=INVITED)
    ops.revoke_invitation(w.people["secretariat"], invitation)
    before = state()
    client.force_login(guest)
    response = client.post(path)
    assert response.status_code == 404
    assert "This invitation link is not valid." in response.content.decode()
    assert state() == before
    assert not Registration.objects.filter(user=guest, event=w.closed).exists()


@pytest.mark.parametrize("role", ["workstream_lead", "stakeholder", "focal_point", "invitee"])
def test_only_the_secretariat_invites_to_a_closed_event(role, client, w):
    # The workstream lead leads the closed event's own workstream, and is refused still.
    assert w.closed.workstream == w.workstream
    before = state()
    response = invite(client, w.people[role], w.closed)
    assert response.status_code == 403
    assert "Only the event&#x27;s organizers can invite." in response.content.decode()
    assert state() == before
    with pytest.raises(ops.Refused):
        ops.invite_participant(w.people[role], w.closed, INVITED)
    assert state() == before


def test_a_workstream_lead_invites_to_an_open_invitation_event_of_their_workstream(
    client, w, make_event
):
    event = make_event("lead-invites", registration="invitation", workstream=w.workstream)
    response = invite(client, w.people["workstream_lead"], event)
    assert response.status_code == 302
    assert Invitation.objects.filter(event=event, email=INVITED).exists()
    assert [m.to for m in mail.outbox] == [[INVITED]]


def test_an_invitation_to_an_event_that_takes_no_invitations_is_refused(client, w):
    before = state()
    response = invite(client, w.people["secretariat"], w.open_event)
    assert response.status_code == 403
    assert "This event does not take registrations by invitation." in response.content.decode()
    assert state() == before


def test_an_invitation_without_a_valid_address_is_refused(client, w):
    before = state()
    response = invite(client, w.people["secretariat"], w.closed, email="not an address")
    assert response.status_code == 400
    assert "Give a valid e-mail address." in response.content.decode()
    assert state() == before
