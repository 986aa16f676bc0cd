"""The second factor for staff: who needs one, and the middleware that asks for it.

Staff (``OTP_REQUIRED_GROUPS`` and superusers) see applicants' personal data or publish, so
after the password they confirm a TOTP code (or a recovery code) before any admin page opens.
Partner users sign in through gBizID, whose own two-step sign-in is their second factor; they
are never sent here.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import devices_for_user

ADMIN_PREFIX = "/admin/"


def requires_second_factor(user):
    """Superusers and members of the staff groups (secretariat, editors, operators)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_requires_second_factor", None)
    if cached is None:
        cached = (
            user.is_superuser or user.groups.filter(name__in=settings.OTP_REQUIRED_GROUPS).exists()
        )
        user._requires_second_factor = cached
    return cached


def has_device(user):
    return any(True for _device in devices_for_user(user, confirmed=True))


class SecondFactorRequiredMiddleware:
    """After the password, staff go to the code step (or enrolment) before any admin page.

    Runs after django-otp's ``OTPMiddleware`` (which sets ``user.is_verified()``). Only the
    second-factor pages themselves, sign-out and the admin's static helpers stay open.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.SECOND_FACTOR_REQUIRED
            and user is not None
            and request.path.startswith(ADMIN_PREFIX)
            and not self.is_exempt(request.path)
            and requires_second_factor(user)
            and not user.is_verified()
        ):
            target = "security_otp_verify" if has_device(user) else "security_otp_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def is_exempt(path):
        open_paths = (
            reverse("security_otp_verify"),
            reverse("security_otp_setup"),
            reverse("wagtailadmin_logout"),
            reverse("wagtailadmin_login"),
            "/admin/jsi18n/",
        )
        return path.startswith(open_paths)
