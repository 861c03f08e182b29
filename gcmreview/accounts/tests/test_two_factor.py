"""Two-factor sign-in with a TOTP authenticator: set up on the two-factor page, then asked
for after the password; and, when the operator requires it, the only way in for the
secretariat."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gcmreview.accounts.tests.conftest import PASSWORD
from gcmreview.audit.models import AuditEntry


def code(device, ahead=0) -> str:
    """The code the authenticator shows now (or `ahead` steps later)."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead)
    return f"{value:0{device.digits}d}"


def wrong(device) -> str:
    return f"{(int(code(device)) + 500_000) % 1_000_000:06d}"


def set_up_device(client, user) -> TOTPDevice:
    """Turn two-factor sign-in on through the two-factor page."""
    client.force_login(user)
    page = client.get(reverse("two-factor"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    used = code(device)
    response = client.post(reverse("two-factor"), {"token": used})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    device.used_code = used
    return device


def sign_in(client, email):
    return client.post(reverse("login"), {"username": email, "password": PASSWORD})


def test_the_two_factor_page_shows_the_key_of_a_new_device(client, stakeholder):
    client.force_login(stakeholder)
    response = client.get(reverse("two-factor"))
    device = TOTPDevice.objects.get(user=stakeholder)
    assert not device.confirmed
    assert response.context["secret"] in response.content.decode()
    assert "<svg" in response.content.decode()


def test_a_device_is_turned_on_by_a_right_code(client, stakeholder):
    device = set_up_device(client, stakeholder)
    assert AuditEntry.objects.filter(action="two_factor.enabled", actor=stakeholder).exists()
    assert TOTPDevice.objects.filter(user=stakeholder).count() == 1
    assert device.confirmed


def test_a_wrong_code_does_not_turn_the_device_on(client, stakeholder):
    client.force_login(stakeholder)
    client.get(reverse("two-factor"))
    device = TOTPDevice.objects.get(user=stakeholder)
    response = client.post(reverse("two-factor"), {"token": wrong(device)})
    assert response.status_code == 200
    assert "This code is not valid." in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_with_a_device_the_password_alone_does_not_open_the_session(client, stakeholder):
    set_up_device(client, stakeholder)
    client.post(reverse("logout"))
    response = sign_in(client, stakeholder.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("login-verify")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("my-registrations")).status_code == 302  # still signed out


def test_a_wrong_code_after_the_password_is_refused(client, stakeholder):
    device = set_up_device(client, stakeholder)
    client.post(reverse("logout"))
    sign_in(client, stakeholder.email)
    response = client.post(reverse("login-verify"), {"token": wrong(device)})
    assert response.status_code == 200
    assert "This code is not valid." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_right_code_after_the_password_opens_the_session(client, stakeholder):
    device = set_up_device(client, stakeholder)
    client.post(reverse("logout"))
    sign_in(client, stakeholder.email)
    # The code used to turn the device on cannot be used again: take the next one.
    response = client.post(reverse("login-verify"), {"token": code(device, ahead=1)})
    assert response.status_code == 302
    assert response["Location"] == reverse("my-registrations")
    assert client.session["_auth_user_id"] == str(stakeholder.pk)


def test_a_code_cannot_be_used_twice(client, stakeholder):
    device = set_up_device(client, stakeholder)
    client.post(reverse("logout"))
    sign_in(client, stakeholder.email)
    response = client.post(reverse("login-verify"), {"token": device.used_code})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_code_page_without_a_password_first_goes_back_to_sign_in(client, stakeholder):
    response = client.get(reverse("login-verify"))
    assert response["Location"] == reverse("login")


# --- required for the secretariat -------------------------------------------------------

ELSEWHERE = ["process-list", "my-registrations", "signup"]


@pytest.fixture
def required(settings):
    settings.REQUIRE_2FA_FOR_SECRETARIAT = True


@pytest.mark.parametrize("name", ELSEWHERE)
def test_a_secretariat_member_without_a_device_is_sent_to_the_two_factor_page(
    name, client, secretary, required
):
    client.force_login(secretary)
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"] == reverse("two-factor")
    process_page = client.get(reverse("process-home", args=["small-review"]))
    assert process_page["Location"] == reverse("two-factor")
    assert client.get(reverse("two-factor")).status_code == 200


def test_signing_in_as_the_secretariat_leads_to_the_two_factor_page(client, secretary, required):
    response = sign_in(client, secretary.email)
    assert response["Location"] == reverse("two-factor")


def test_once_verified_the_secretariat_member_goes_everywhere(client, secretary, required):
    set_up_device(client, secretary)
    for name in ELSEWHERE:
        assert client.get(reverse(name)).status_code == 200, name


def test_a_secretariat_member_with_a_device_verifies_each_new_session(client, secretary, required):
    device = set_up_device(client, secretary)
    client.post(reverse("logout"))
    client.force_login(secretary)  # a session that has not given a code
    assert client.get(reverse("process-list"))["Location"] == reverse("two-factor")
    response = client.post(reverse("two-factor"), {"token": code(device, ahead=1)})
    assert response.status_code == 302
    assert client.get(reverse("process-list")).status_code == 200


@pytest.mark.parametrize("name", ELSEWHERE)
def test_a_stakeholder_is_not_sent_to_the_two_factor_page(name, client, stakeholder, required):
    client.force_login(stakeholder)
    assert client.get(reverse(name)).status_code == 200


def test_without_the_requirement_the_secretariat_goes_everywhere(client, secretary, settings):
    settings.REQUIRE_2FA_FOR_SECRETARIAT = False
    client.force_login(secretary)
    assert client.get(reverse("process-list")).status_code == 200
