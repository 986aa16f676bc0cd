"""gBizID's claims: only ``sub`` (and the protocol claims) in the ID token, the rest in UserInfo."""

from oauth2_provider.oauth2_validators import OAuth2Validator

from .accounts import BY_USERNAME

GBIZID_CLAIM_SCOPES = {
    "account_type": "profile",
    "corp_type": "profile",
    "corporate_number": "profile",
    "name": "profile",
    "prefecture_name": "profile",
    "parent_id": "profile",
    "user_last_nm": "profile",
    "user_first_nm": "profile",
    "email": "email",
}


class GbizidDemoValidator(OAuth2Validator):
    oidc_claim_scope = {"sub": "openid", **GBIZID_CLAIM_SCOPES}

    def get_claim_dict(self, request):
        account = BY_USERNAME[request.user.username]
        return {"sub": account.subject, **account.claims}

    def get_discovery_claims(self, request):
        return ["sub", *GBIZID_CLAIM_SCOPES]

    def get_oidc_claims(self, token, token_handler, request):
        # The ID token carries no personal data (gBizID's guideline): the subject only.
        return {"sub": BY_USERNAME[request.user.username].subject}

    def get_userinfo_claims(self, request):
        return {
            name: value
            for name, value in self.get_claim_dict(request).items()
            if self.oidc_claim_scope.get(name) in request.scopes
        }
