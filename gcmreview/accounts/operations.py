"""Creating accounts and turning on two-factor sign-in."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from gcmreview.audit.log import record
from gcmreview.participation.models import ProcessRole, Profile, Role
from gcmreview.process.models import Organization


@transaction.atomic
def create_account(
    *,
    email: str,
    name: str,
    password: str,
    organization: Organization | None = None,
    preferred_language: str = "en",
):
    """An account signs in with its e-mail address; it has no role in any process until
    the secretariat gives it one."""
    email = email.strip().lower()
    User = get_user_model()
    user = User(username=email, email=email, first_name=name.strip()[:150])
    validate_password(password, user)
    user.set_password(password)
    user.save()
    Profile.objects.create(
        user=user, organization=organization, preferred_language=preferred_language
    )
    record(
        user,
        "account.created",
        user,
        after={"email": email, "organization": organization.code if organization else None},
    )
    return user


def needs_second_factor(user) -> bool:
    """Secretariat accounts (and superusers) when the operator requires it."""
    if not settings.REQUIRE_2FA_FOR_SECRETARIAT or not user.is_authenticated:
        return False
    return (
        user.is_superuser or ProcessRole.objects.filter(user=user, role=Role.SECRETARIAT).exists()
    )


def pending_device(user) -> TOTPDevice:
    """The TOTP device being set up for `user` (made when first asked for)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="default", confirmed=False)


@transaction.atomic
def confirm_totp_device(user, device: TOTPDevice, token: str) -> bool:
    """Turn the device on once it has produced a valid code; False when the code is wrong."""
    if device.user_id != user.pk or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    record(user, "two_factor.enabled", user, after={"device": device.pk})
    return True
