"""Sign-in (password, then a TOTP code when the account has one), sign-up and two-factor
set-up. Failed sign-ins are counted and throttled by django-axes."""

from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from gcmreview.accounts import operations
from gcmreview.accounts.forms import SignUpForm, TokenForm

PENDING = "gcmreview_pending_user"


def _next_url(request, default: str = "my-registrations"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return redirect(default).url


def login(request):
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if user_has_device(user):
            # The password was right; the session is opened only after the code.
            request.session[PENDING] = {"user": user.pk, "backend": user.backend}
            request.session["gcmreview_next"] = _next_url(request)
            return redirect("login-verify")
        auth_login(request, user)
        if operations.needs_second_factor(user):
            return redirect("two-factor")
        return redirect(_next_url(request))
    return render(
        request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")}
    )


def login_verify(request):
    pending = request.session.get(PENDING)
    if not pending:
        return redirect("login")
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING, None)
        return redirect("login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip()
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            # verify_token is throttled by django-otp after repeated failures.
            if device.verify_token(token):
                next_url = request.session.get("gcmreview_next") or redirect("my-registrations").url
                auth_login(request, user, backend=pending["backend"])
                otp_login(request, device)
                return redirect(next_url)
        form.add_error("token", _("This code is not valid. Wait for the next one and try again."))
    return render(request, "accounts/login_verify.html", {"form": form})


@require_POST
def logout(request):
    auth_logout(request)
    return redirect("process-list")


def signup(request):
    form = SignUpForm(request.POST or None, initial={"preferred_language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = operations.create_account(
                email=data["email"],
                name=data["name"],
                password=data["password"],
                organization=data["organization"],
                preferred_language=data["preferred_language"],
            )
        except ValidationError as exc:  # the password validators' verdict
            form.add_error("password", exc)
        else:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account is ready."))
            return redirect("my-registrations")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def two_factor(request):
    """Set up a TOTP device, or verify this session with the one already set up."""
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    form = TokenForm(request.POST or None)
    if confirmed is not None:
        if request.method == "POST" and form.is_valid():
            if confirmed.verify_token(form.cleaned_data["token"].strip()):
                otp_login(request, confirmed)
                return redirect("my-registrations")
            form.add_error("token", _("This code is not valid."))
        return render(request, "accounts/two_factor.html", {"form": form, "verify_only": True})
    device = operations.pending_device(request.user)
    if request.method == "POST" and form.is_valid():
        if operations.confirm_totp_device(request.user, device, form.cleaned_data["token"].strip()):
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect("my-registrations")
        form.add_error("token", _("This code is not valid."))
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return render(
        request,
        "accounts/two_factor.html",
        {
            "form": form,
            "qr": qr,
            "secret": b32encode(device.bin_key).decode(),
            "verify_only": False,
        },
    )
