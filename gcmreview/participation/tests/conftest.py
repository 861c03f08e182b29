"""Fixtures for the participation tests: the demo review with one person per role (the
`review_world` fixture of gcmreview/conftest.py), and more people and events on demand."""

import pytest
from django.core import mail

from gcmreview.participation import operations as ops
from gcmreview.participation.models import Profile, Role
from gcmreview.process.models import Event

PASSWORD = "a long enough password"


@pytest.fixture
def w(review_world):
    """The review world, with the e-mails its set-up sent forgotten."""
    mail.outbox.clear()
    return review_world


@pytest.fixture
def make_person(django_user_model, review_world):
    """A person with a profile and (by default) the stakeholder role in the demo review."""

    def make(
        name, *, email=None, organization=None, language="en", role=Role.STAKEHOLDER, last_name=""
    ):
        email = email or f"{name.lower().replace(' ', '.')}@example.org"
        user = django_user_model.objects.create_user(
            username=email, email=email, password=PASSWORD, first_name=name, last_name=last_name
        )
        Profile.objects.create(user=user, organization=organization, preferred_language=language)
        if role is not None:
            ops.assign_role(review_world.root, user, review_world.process, role)
        return user

    return make


@pytest.fixture
def make_event(review_world):
    """A planned event of the demo review, open to registration unless told otherwise."""

    def make(key, **fields):
        values = {
            "process": review_world.process,
            "key": key,
            "kind": "workshop",
            "title_en": key.replace("-", " ").capitalize(),
            "date_start": "2099-05-01",
            "date_end": "2099-05-01",
            "date_precision": "day",
            "registration": "open",
            "status": "planned",
            **fields,
        }
        return Event.objects.create(**values)

    return make
