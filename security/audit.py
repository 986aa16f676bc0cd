"""Writing the audit log: sign-in signals, and views and exports of applicants' personal data."""

import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from manabi.ratelimit import client_ip

from .models import AuditEvent

logger = logging.getLogger(__name__)


def record(action, request=None, user=None, username="", subject=""):
    """Append one event to the audit log (never raises: a log failure must not block sign-in)."""
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        user = candidate if candidate is not None and candidate.is_authenticated else None
    if user is not None and not username:
        username = user.get_username()
    try:
        return AuditEvent.objects.create(
            action=action,
            user=user,
            username=username[:150],
            ip_address=client_ip(request) if request is not None else None,
            path=request.get_full_path()[:500] if request is not None else "",
            subject=str(subject)[:255],
        )
    except Exception:
        logger.exception("could not write the audit event %s for %s", action, username)
        return None


@receiver(user_logged_in, dispatch_uid="security.audit.logged_in")
def _logged_in(sender, request, user, **kwargs):
    record(AuditEvent.Action.LOGIN_SUCCEEDED, request, user=user)


@receiver(user_login_failed, dispatch_uid="security.audit.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    record(AuditEvent.Action.LOGIN_FAILED, request, username=credentials.get("username") or "")


@receiver(user_locked_out, dispatch_uid="security.audit.locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    record(AuditEvent.Action.LOCKED_OUT, request, username=username or "")


class PersonalDataAuditMiddleware:
    """Record every successful list, inspection and export of applicants' and companies' data.

    ``AUDITED_ADMIN_VIEWSETS`` names the Wagtail viewsets that show personal data; their
    index (and its AJAX results), inspect and edit views are recorded with the filter used or
    the object's id. Recording here, by URL name, covers every view of those viewsets without
    each view having to remember it.
    """

    VIEWS = {
        "index": AuditEvent.Action.PERSONAL_DATA_LISTED,
        "index_results": AuditEvent.Action.PERSONAL_DATA_LISTED,
        "inspect": AuditEvent.Action.PERSONAL_DATA_VIEWED,
        "edit": AuditEvent.Action.PERSONAL_DATA_VIEWED,
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is None or response.status_code != 200 or not match.namespace:
            return response
        viewset = match.namespace.split(":")[-1]
        if viewset not in settings.AUDITED_ADMIN_VIEWSETS or match.url_name not in self.VIEWS:
            return response
        action = self.VIEWS[match.url_name]
        if match.url_name == "index" and request.GET.get("export"):
            action = AuditEvent.Action.PERSONAL_DATA_EXPORTED
        params = request.GET.copy()
        params.pop("p", None)
        subject = f"{viewset} {' '.join(str(a) for a in match.args)} {match.kwargs.get('pk', '')}"
        subject = " ".join(subject.split())
        if params:
            subject += f" ?{params.urlencode()}"
        record(action, request, subject=subject)
        return response
