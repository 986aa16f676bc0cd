"""The second-factor step after the password, enrolment of an authenticator, recovery codes."""

import segno
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import record
from .forms import TokenForm
from .models import AuditEvent
from .otp import has_device, requires_second_factor

SETUP_SESSION_KEY = "security_otp_setup_device"


def next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/admin/"


@never_cache
@sensitive_post_parameters("token")
def verify(request):
    """Ask a user who has signed in with a password for a TOTP or recovery code."""
    user = request.user
    if not requires_second_factor(user) or user.is_verified():
        return redirect(next_url(request))
    if not has_device(user):
        return redirect(f"{_url('security_otp_setup')}?{request.GET.urlencode()}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            record(AuditEvent.Action.SECOND_FACTOR_PASSED, request, subject=device.persistent_id)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _("You signed in with a recovery code; %(left)d codes are left.")
                    % {"left": left},
                )
            return redirect(next_url(request))
        record(AuditEvent.Action.SECOND_FACTOR_FAILED, request)
        form.add_error(
            "token", _("The code is not correct, or too many attempts: wait and try again.")
        )
    return render(request, "security/otp_verify.html", {"form": form, "next": next_url(request)})


@never_cache
@sensitive_post_parameters("token")
def setup(request):
    """Register an authenticator app: a QR code, then one code from the app confirms it.

    A user who already has one must pass the code step first, so a stolen password alone
    cannot replace the real owner's device.
    """
    user = request.user
    if has_device(user) and not user.is_verified():
        return redirect(f"{_url('security_otp_verify')}?{request.GET.urlencode()}")
    device = (
        TOTPDevice.objects.filter(
            user=user, confirmed=False, pk=request.session.get(SETUP_SESSION_KEY)
        ).first()
        if request.session.get(SETUP_SESSION_KEY)
        else None
    )
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
        request.session[SETUP_SESSION_KEY] = device.pk
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session.pop(SETUP_SESSION_KEY, None)
            otp_login(request, device)
            record(AuditEvent.Action.SECOND_FACTOR_ENROLLED, request, subject=device.persistent_id)
            return show_recovery_codes(request, issue_recovery_codes(request), next_url(request))
        form.add_error("token", _("The code is not correct. Check the time on your phone."))
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "security/otp_setup.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=4, dark="#000", light="#fff"),
            "secret": _base32(device),
            "next": next_url(request),
        },
    )


@never_cache
@require_POST
def recovery_codes(request):
    """New recovery codes (the old ones stop working); needs a session that passed the code step."""
    if not request.user.is_verified():
        return redirect(f"{_url('security_otp_verify')}?next={_url('security_otp_account')}")
    return show_recovery_codes(request, issue_recovery_codes(request), "/admin/")


@never_cache
def account(request):
    """The user's two-step verification page: state, new authenticator, new recovery codes."""
    user = request.user
    return render(
        request,
        "security/otp_account.html",
        {
            "has_device": has_device(user),
            "verified": user.is_verified(),
            "recovery_left": StaticToken.objects.filter(
                device__user=user, device__name="recovery"
            ).count(),
        },
    )


def issue_recovery_codes(request):
    device, _created = StaticDevice.objects.get_or_create(
        user=request.user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.OTP_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    record(AuditEvent.Action.RECOVERY_CODES_ISSUED, request)
    return codes


def show_recovery_codes(request, codes, continue_url):
    return render(
        request, "security/otp_recovery_codes.html", {"codes": codes, "next": continue_url}
    )


def _base32(device):
    from base64 import b32encode

    return b32encode(device.bin_key).decode()


def _url(name):
    from django.urls import reverse

    return reverse(name)
