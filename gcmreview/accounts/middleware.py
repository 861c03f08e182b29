from django.shortcuts import redirect
from django.urls import resolve
from django.urls.exceptions import Resolver404

from gcmreview.accounts.operations import needs_second_factor

# Pages a secretariat member may open before the second factor is set up and verified.
OPEN_TO_UNVERIFIED = {"login", "login-verify", "logout", "two-factor", "set_language"}


class SecretariatTwoFactorMiddleware:
    """When the operator requires it, a secretariat account reaches nothing but the
    two-factor pages until its session is verified with a TOTP code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in OPEN_TO_UNVERIFIED and not request.path_info.startswith("/static/"):
                if needs_second_factor(user):
                    return redirect("two-factor")
        return self.get_response(request)
