"""People for the sign-in tests: a stakeholder and a secretariat member of a small review."""

import pytest

from gcmreview.participation import operations as ops
from gcmreview.participation.models import Profile, Role
from gcmreview.process.models import ReviewProcess

PASSWORD = "correct horse battery staple"


@pytest.fixture
def review(db):
    return ReviewProcess.objects.create(
        slug="small-review",
        title_en="A small review",
        region_en="Somewhere",
        round=1,
        status="ongoing",
    )


@pytest.fixture
def make_member(django_user_model, review):
    def make(email, role=Role.STAKEHOLDER):
        user = django_user_model.objects.create_user(
            username=email, email=email, password=PASSWORD, first_name=email.split("@")[0]
        )
        Profile.objects.create(user=user)
        ops.assign_role(None, user, review, role)
        return user

    return make


@pytest.fixture
def stakeholder(make_member):
    return make_member("amina@example.org")


@pytest.fixture
def secretary(make_member):
    return make_member("secretary@example.org", Role.SECRETARIAT)
