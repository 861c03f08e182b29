"""E-mails about a registration (received, decided) go to the participant in the language
of their profile."""

import pytest
from django.core import mail

from gcmreview.participation import operations as ops
from gcmreview.participation.tests.helpers import url

ARABIC_TITLE = "حوار حول الهجرة والمناخ"


@pytest.fixture
def meeting(w):
    """The meeting on approval, with an Arabic title."""
    w.open_event.title_ar = ARABIC_TITLE
    w.open_event.save()
    return w.open_event


def test_the_registration_received_e_mail_is_in_the_participants_language(w, meeting, make_person):
    person = make_person("Amina", language="ar")
    ops.register_participant(person, meeting, w.process)
    [message] = mail.outbox
    assert message.to == [person.email]
    assert ARABIC_TITLE in message.subject
    assert ARABIC_TITLE in message.body
    assert url("event", w.process.slug, meeting.key, lang="ar") in message.body


def test_the_decision_e_mail_is_in_the_participants_language(client, w, meeting, make_person):
    person = make_person("Amina", language="ar")
    pending = ops.register_participant(person, meeting, w.process)
    mail.outbox.clear()
    client.force_login(w.people["secretariat"])  # whose interface is in English
    client.post(url("decide-registration", w.process.slug, pending.pk), {"decision": "approve"})
    [message] = mail.outbox
    assert message.to == [person.email]
    assert ARABIC_TITLE in message.subject
    assert url("event", w.process.slug, meeting.key, lang="ar") in message.body


def test_a_participant_who_reads_english_gets_english(client, w, meeting, make_person):
    person = make_person("John", language="en")
    client.force_login(person)
    client.post(url("register", w.process.slug, meeting.key, lang="ar"))  # from the Arabic pages
    [message] = mail.outbox
    assert message.subject == f"Your registration for {meeting.title_en}"
    assert ARABIC_TITLE not in message.body
    assert "Its status: awaiting approval." in message.body
    assert url("event", w.process.slug, meeting.key, lang="en") in message.body


def test_the_decision_e_mail_says_what_was_decided(w, meeting, make_person):
    person = make_person("John")
    pending = ops.register_participant(person, meeting, w.process)
    mail.outbox.clear()
    ops.decide_registration(w.people["secretariat"], pending, approve=False)
    [message] = mail.outbox
    assert message.subject == f"{meeting.title_en}: your registration is declined"


def test_an_e_mail_goes_from_the_configured_sender(w, meeting, make_person, settings):
    settings.DEFAULT_FROM_EMAIL = "GCM Review <review@example.org>"
    ops.register_participant(make_person("John"), meeting, w.process)
    assert mail.outbox[0].from_email == "GCM Review <review@example.org>"
