"""Creating an account: it signs in with its e-mail address, has a profile and no role in
any process; weak passwords and addresses already in use are refused."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gcmreview.audit.models import AuditEntry
from gcmreview.participation.models import ProcessRole, Profile
from gcmreview.process.models import Organization

STRONG = "a sentence nobody else would choose"


def form(**changes):
    data = {
        "name": "Amina Haddad",
        "email": "Amina@Example.org",
        "organization": "",
        "preferred_language": "ar",
        "password": STRONG,
        "password_again": STRONG,
    }
    return {**data, **changes}


def accounts():
    return get_user_model().objects.count(), Profile.objects.count(), AuditEntry.objects.count()


@pytest.mark.real_password_hashing
def test_signing_up_creates_an_account_with_a_profile_and_no_role(client, db):
    union = Organization.objects.create(
        code="UNION", kind="stakeholder_organization", name_en="A union"
    )
    response = client.post(reverse("signup"), form(organization=union.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("my-registrations")
    user = get_user_model().objects.get()
    assert (user.username, user.email, user.first_name) == (
        "amina@example.org",
        "amina@example.org",
        "Amina Haddad",
    )
    assert user.profile.organization == union
    assert user.profile.preferred_language == "ar"
    assert not ProcessRole.objects.filter(user=user).exists()
    assert not user.is_staff and not user.is_superuser
    assert user.password.startswith("argon2")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEntry.objects.get(action="account.created").actor == user


def test_the_new_account_signs_in_with_its_address(client, db):
    client.post(reverse("signup"), form())
    client.post(reverse("logout"))
    response = client.post(reverse("login"), {"username": "amina@example.org", "password": STRONG})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("password1234", "This password is too common."),
        ("749201836455", "This password is entirely numeric."),
        ("short one", "Ensure this value has at least 12 characters"),
        ("amina@example.org!", "The password is too similar to the"),
    ],
    ids=["common", "numeric", "short", "like the address"],
)
def test_a_weak_password_is_refused(password, reason, client, db):
    before = accounts()
    response = client.post(reverse("signup"), form(password=password, password_again=password))
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert accounts() == before
    assert "_auth_user_id" not in client.session


def test_two_different_passwords_are_refused(client, db):
    before = accounts()
    response = client.post(reverse("signup"), form(password_again=STRONG + "!"))
    assert response.status_code == 200
    assert "The two passwords differ." in response.content.decode()
    assert accounts() == before


@pytest.mark.parametrize("address", ["amina@example.org", "AMINA@example.ORG"])
def test_an_address_already_in_use_is_refused(address, client, db):
    client.post(reverse("signup"), form())
    client.post(reverse("logout"))
    before = accounts()
    response = client.post(reverse("signup"), form(email=address, name="Someone else"))
    assert response.status_code == 200
    assert "An account with this address already exists." in response.content.decode()
    assert accounts() == before
    assert get_user_model().objects.get().first_name == "Amina Haddad"
