"""Authentication backends: gBizID for partners, passwords for staff only."""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from catalogue.permissions import is_partner_user

from . import services
from .claims import Reason, SignInRefused, check_claims

logger = logging.getLogger(__name__)

# gBizID's ID token claims (its connection guideline); personal data is only in UserInfo.
ID_TOKEN_REQUIRED_CLAIMS = ["iss", "sub", "aud", "exp", "iat", "nonce"]
CLOCK_SKEW_SECONDS = 60


class StaffPasswordBackend(ModelBackend):
    """Username and password for the secretariat, editors and operators; never for partners."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        # Refused here, not in user_can_authenticate: that one also decides whether an existing
        # session is still valid, and a partner's gBizID session must stay valid.
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and is_partner_user(user):
            return None
        return user


class GbizidBackend(OIDCAuthenticationBackend):
    """The OIDC code flow against gBizID, with its rules on tokens and UserInfo.

    Every failure raises ``SignInRefused`` with the reason the callback view explains.
    """

    def __init__(self, *args, **kwargs):
        # Django also asks every backend about permissions; a site without gBizID settings must
        # still answer those (the parent refuses to be built without a JWKS endpoint).
        self.configured = bool(getattr(settings, "GBIZID", None))
        if self.configured:
            super().__init__(*args, **kwargs)
        else:
            ModelBackend.__init__(self, *args, **kwargs)
            self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce; a password sign-in is not ours to answer.
        if not self.configured or request is None or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def get_token(self, payload):
        try:
            return super().get_token(payload)
        except requests.HTTPError as exc:
            response = exc.response
            error = ""
            if response is not None and response.status_code in (400, 401):
                try:
                    error = response.json().get("error", "")
                except ValueError:
                    error = ""
            if error == "invalid_grant":
                # Expired (5 minutes), already used, or issued for another client or verifier.
                raise SignInRefused(Reason.CODE_REJECTED) from exc
            logger.warning("gBizID token endpoint refused the code: %s", exc)
            raise SignInRefused(Reason.PROVIDER_ERROR, error) from exc
        except requests.RequestException as exc:
            logger.warning("gBizID token endpoint did not answer: %s", exc)
            raise SignInRefused(Reason.PROVIDER_UNAVAILABLE) from exc

    def verify_token(self, token, **kwargs):
        """RS256 signature by a key from the JWKS, issuer, audience, expiry, then the nonce."""
        nonce = kwargs.get("nonce")
        if not token:
            raise SignInRefused(Reason.INVALID_TOKEN, "no id_token")
        try:
            if jwt.get_unverified_header(token).get("alg") != "RS256":
                raise SignInRefused(Reason.INVALID_TOKEN, "alg")
            key = self.retrieve_matching_jwk(token)
            payload = jwt.decode(
                token,
                key,
                algorithms=["RS256"],
                audience=self.OIDC_RP_CLIENT_ID,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ID_TOKEN_REQUIRED_CLAIMS},
            )
        except requests.RequestException as exc:
            raise SignInRefused(Reason.PROVIDER_UNAVAILABLE, "jwks") from exc
        except (jwt.PyJWTError, SuspiciousOperation, KeyError, ValueError) as exc:
            raise SignInRefused(Reason.INVALID_TOKEN, str(exc)) from exc
        issuer = (getattr(settings, "GBIZID", None) or {}).get("issuer", "")
        if str(payload["iss"]).rstrip("/") != issuer.rstrip("/"):
            raise SignInRefused(Reason.INVALID_TOKEN, f"iss={payload['iss']}")
        if nonce is None or payload["nonce"] != nonce:
            raise SignInRefused(Reason.NONCE_MISMATCH)
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        try:
            return super().get_userinfo(access_token, id_token, payload)
        except requests.RequestException as exc:
            logger.warning("gBizID UserInfo did not answer: %s", exc)
            raise SignInRefused(Reason.PROVIDER_UNAVAILABLE, "userinfo") from exc

    def get_or_create_user(self, access_token, id_token, payload):
        """UserInfo is always read: the account type and organisation are only there."""
        claims = self.get_userinfo(access_token, id_token, payload)
        if not isinstance(claims, dict):
            raise SignInRefused(Reason.MISSING_CLAIM, "userinfo")
        # OpenID Connect Core 5.3.2: UserInfo must describe the ID token's subject.
        if str(claims.get("sub", "")) != str(payload["sub"]):
            raise SignInRefused(Reason.INVALID_TOKEN, "userinfo sub")
        check_claims(claims)
        user = services.sign_in(claims)
        if not user.is_active:
            raise SignInRefused(Reason.ACCOUNT_DISABLED)
        # The callback view prefills the partner registration from these.
        user.gbizid_claims = claims
        return user
