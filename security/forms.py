import hashlib

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import PasswordResetForm

from manabi.ratelimit import client_hit, hit

from .audit import record
from .models import AuditEvent


class TokenForm(forms.Form):
    """A six-digit code from the authenticator app, or one recovery code."""

    token = forms.CharField(
        label=_("Verification code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split()).replace("-", "")
        if not token.isalnum():
            raise forms.ValidationError(_("Enter the code with digits and letters only."))
        return token


class ThrottledPasswordResetForm(PasswordResetForm):
    """Wagtail's password reset form, sending at most ``PASSWORD_RESET_RATE_LIMIT`` e-mails an hour
    per client address and per account.

    Over the limit nothing is sent, and the visitor sees the same "check your e-mail" page as
    always: the answer must not tell whether an address has an account.
    """

    def save(self, *args, request=None, **kwargs):

        email = self.cleaned_data["email"]
        limit = settings.PASSWORD_RESET_RATE_LIMIT
        account = hashlib.sha256(email.strip().casefold().encode()).hexdigest()[:32]
        by_address = client_hit(request, "password-reset", limit, 3600)
        by_account = hit(f"password-reset-account:{account}", limit, 3600)
        if not (by_address.allowed and by_account.allowed):
            record(AuditEvent.Action.PASSWORD_RESET_THROTTLED, request, user=None, username=email)
            return
        record(AuditEvent.Action.PASSWORD_RESET_REQUESTED, request, user=None, username=email)
        super().save(*args, request=request, **kwargs)
