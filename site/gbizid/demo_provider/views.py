from django.contrib.auth.views import LoginView
from oauth2_provider.exceptions import OAuthToolkitError
from oauth2_provider.models import get_application_model
from oauth2_provider.views import AuthorizationView
from oauthlib.oauth2.rfc6749.errors import AccessDeniedError

from .accounts import BY_USERNAME, DEMO_ACCOUNTS, DEMO_PASSWORD


class DemoLoginView(LoginView):
    """The provider's own sign-in: one button per demo account."""

    template_name = "demo_provider/login.html"
    redirect_authenticated_user = False

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "accounts": DEMO_ACCOUNTS,
            "password": DEMO_PASSWORD,
        }


class DemoAuthorizationView(AuthorizationView):
    """As gBizID: a メンバー its プライム has not allowed gets an error sent to the callback."""

    def get(self, request, *args, **kwargs):
        account = BY_USERNAME.get(request.user.username)
        if account is not None and not account.granted:
            try:
                _scopes, credentials = self.validate_authorization_request(request)
            except OAuthToolkitError as error:
                return self.error_response(error, application=None)
            application = get_application_model().objects.get(client_id=credentials["client_id"])
            error = OAuthToolkitError(
                error=AccessDeniedError(
                    description="このサービスの利用がgBizIDプライム管理者に許可されていません",
                    state=credentials.get("state"),
                ),
                redirect_uri=credentials["redirect_uri"],
            )
            return self.error_response(error, application)
        return super().get(request, *args, **kwargs)
