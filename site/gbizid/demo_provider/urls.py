from django.contrib.auth.views import LogoutView
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from oauth2_provider import views as oauth_views

from .views import DemoAuthorizationView, DemoLoginView

# gBizID's paths under its issuer (…/oauth/), named as django-oauth-toolkit reverses them.
oauth_patterns = [
    path("authorize", DemoAuthorizationView.as_view(), name="authorize"),
    path("token", oauth_views.TokenView.as_view(), name="token"),
    path("userinfo", oauth_views.UserInfoView.as_view(), name="user-info"),
    path(".well-known/jwks.json", oauth_views.JwksInfoView.as_view(), name="jwks-info"),
    re_path(
        r"^\.well-known/openid-configuration/?$",
        oauth_views.ConnectDiscoveryInfoView.as_view(),
        name="oidc-connect-discovery-info",
    ),
]

urlpatterns = [
    path("oauth/", include((oauth_patterns, "oauth2_provider"))),
    path("login/", DemoLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(next_page="/login/"), name="logout"),
    path("", RedirectView.as_view(url="/login/")),
]
