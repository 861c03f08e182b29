"""Signing in with an e-mail address and a password: Argon2 hashes, CSRF on the form,
HTTP-only same-site session cookies, and a pause for an account at one address after
AXES_FAILURE_LIMIT wrong passwords, during which even the right one is refused."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from gcmreview.accounts.tests.conftest import PASSWORD


def sign_in(client, email, password, **extra):
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_the_sign_in_page_opens(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_signing_in_with_the_e_mail_address_and_password_opens_a_session(client, stakeholder):
    response = sign_in(client, "amina@example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("my-registrations")
    assert signed_in_as(client) == str(stakeholder.pk)


def test_signing_in_goes_on_to_the_page_asked_for(client, stakeholder):
    target = reverse("process-list")
    response = client.post(
        reverse("login"), {"username": "amina@example.org", "password": PASSWORD, "next": target}
    )
    assert response["Location"] == target


def test_signing_in_never_sends_the_person_to_another_site(client, stakeholder):
    response = client.post(
        reverse("login"),
        {"username": "amina@example.org", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("my-registrations")


def test_a_wrong_password_is_refused(client, stakeholder):
    response = sign_in(client, "amina@example.org", "not the password")
    assert response.status_code == 200
    assert "Please enter a correct" in response.content.decode()
    assert signed_in_as(client) is None


def test_the_session_cookie_is_http_only_and_same_site(client, stakeholder):
    response = sign_in(client, "amina@example.org", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_signing_out_is_a_post_and_ends_the_session(client, stakeholder):
    sign_in(client, "amina@example.org", PASSWORD)
    assert client.get(reverse("logout")).status_code == 405
    assert signed_in_as(client) is not None
    client.post(reverse("logout"))
    assert signed_in_as(client) is None


# --- throttling ------------------------------------------------------------------------


def fail(client, email, times, **extra):
    return [sign_in(client, email, "wrong password", **extra).status_code for _ in range(times)]


def test_after_the_failure_limit_even_the_right_password_is_refused(client, stakeholder):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert fail(client, "amina@example.org", 4) == [200] * 4
    fail(client, "amina@example.org", 1)
    response = sign_in(client, "amina@example.org", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert signed_in_as(client) is None


def test_fewer_failures_than_the_limit_do_not_stop_the_right_password(client, stakeholder):
    fail(client, "amina@example.org", settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, "amina@example.org", PASSWORD).status_code == 302
    assert signed_in_as(client) == str(stakeholder.pk)


def test_the_pause_holds_for_that_account_from_that_address_only(stakeholder, make_member):
    colleague = make_member("colleague@example.org")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    fail(attacker, "amina@example.org", settings.AXES_FAILURE_LIMIT)
    assert sign_in(attacker, "amina@example.org", PASSWORD).status_code == 429

    # The same person from their own address, and another account from the attacker's.
    at_home = Client(REMOTE_ADDR="198.51.100.7")
    assert sign_in(at_home, "amina@example.org", PASSWORD).status_code == 302
    assert signed_in_as(at_home) == str(stakeholder.pk)
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert sign_in(other, "colleague@example.org", PASSWORD).status_code == 302
    assert signed_in_as(other) == str(colleague.pk)


# --- hashing and CSRF ------------------------------------------------------------------


@pytest.mark.real_password_hashing
def test_passwords_are_kept_as_argon2_hashes(stakeholder):
    assert stakeholder.password.startswith("argon2")
    assert PASSWORD not in stakeholder.password
    assert stakeholder.check_password(PASSWORD)


def test_the_sign_in_form_refuses_a_post_without_its_csrf_token(stakeholder):
    client = Client(enforce_csrf_checks=True)
    response = sign_in(client, "amina@example.org", PASSWORD)
    assert response.status_code == 403
    assert signed_in_as(client) is None


def test_the_sign_in_form_accepts_a_post_with_its_csrf_token(stakeholder):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        reverse("login"),
        {"username": "amina@example.org", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert signed_in_as(client) == str(stakeholder.pk)
