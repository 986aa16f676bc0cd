"""The two ends of the gBizID redirect: start the sign-in, and take gBizID's answer.

Every way a sign-in can fail ends on a Japanese page that says what happened, what to do and
how to get back to the sign-in page — never a traceback or a bare 403.
"""

import logging

from django.conf import settings
from django.contrib import auth, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from catalogue.models import Partner
from catalogue.permissions import partner_for
from catalogue.viewsets import PARTNER_PREFILL_SESSION_KEY

from .claims import REFUSALS, Reason, SignInRefused
from .services import partner_prefill

logger = logging.getLogger(__name__)


def refusal(request, reason, detail=""):
    """The explanation page for ``reason`` (its HTTP status says the kind of failure)."""
    # %r: the detail may carry text from the URL, which must not forge log lines.
    logger.warning("gBizID sign-in refused: %s %r", reason, detail[:300])
    page = REFUSALS[Reason(reason)]
    return TemplateResponse(
        request,
        "gbizid/refused.html",
        {"reason": reason, "refusal": page, "login_url": reverse("wagtailadmin_login")},
        status=page["status"],
    )


class GbizidLoginView(OIDCAuthenticationRequestView):
    """「gBizIDでログイン」: state, nonce and a PKCE S256 challenge, then off to gBizID."""

    def get(self, request):
        if not getattr(settings, "GBIZID", None):
            return refusal(request, Reason.NOT_CONFIGURED)
        return super().get(request)


class GbizidCallbackView(OIDCAuthenticationCallbackView):
    def get(self, request):
        if not getattr(settings, "GBIZID", None):
            return refusal(request, Reason.NOT_CONFIGURED)
        error = request.GET.get("error")
        state = request.GET.get("state", "")
        states = request.session.get("oidc_states", {})
        if error:
            # gBizID's error callback (a メンバー not allowed answers access_denied): the state
            # cannot be used again, and nobody stays signed in.
            if state in states:
                del states[state]
                request.session.modified = True
            if request.user.is_authenticated:
                auth.logout(request)
            reason = Reason.NOT_GRANTED if error == "access_denied" else Reason.PROVIDER_ERROR
            return refusal(request, reason, f"{error} {request.GET.get('error_description', '')}")
        if not request.GET.get("code") or state not in states:
            return refusal(request, Reason.STATE_MISMATCH)
        try:
            return super().get(request)
        except SignInRefused as exc:
            return refusal(request, exc.reason, exc.detail)

    def login_failure(self):
        return refusal(self.request, Reason.PROVIDER_ERROR)

    def login_success(self):
        response = super().login_success()
        if partner_for(self.user) is not None:
            return response
        # First step of a new organisation: registration (STEP2) with what gBizID told us.
        self.request.session[PARTNER_PREFILL_SESSION_KEY] = partner_prefill(
            getattr(self.user, "gbizid_claims", {})
        )
        messages.info(
            self.request,
            _(
                "Welcome. Register your organisation: what gBizID told us is already filled in; "
                "add the rest and submit the registration for review."
            ),
        )
        return redirect(reverse(Partner.snippet_viewset.get_url_name("add")))
