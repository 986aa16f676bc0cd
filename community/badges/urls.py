from django.urls import path

from . import views

app_name = "badges"

g = views.key_missing_guard

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("classes/<slug:slug>/", views.criteria, name="criteria"),
    path("classes/<slug:slug>/image.png", views.badge_image, name="badge_image"),
    path("v2/issuers/<int:pk>.json", views.issuer_v2, name="issuer_v2"),
    path("v2/issuers/<int:pk>/revocations.json", views.revocations_v2, name="revocations_v2"),
    path("v2/classes/<slug:slug>.json", views.badge_class_v2, name="badge_class_v2"),
    path("v2/assertions/<uuid:uid>.json", views.assertion_v2, name="assertion_v2"),
    path("v3/issuers/<int:pk>.json", views.issuer_v3, name="issuer_v3"),
    path("v3/achievements/<slug:slug>.json", views.achievement_v3, name="achievement_v3"),
    path("v3/credentials/<uuid:uid>", g(views.credential_v3), name="credential_v3"),
    path("v3/status/revocation", g(views.status_list), name="status_list"),
    path("keys/jwks.json", views.jwks, name="jwks"),
    path("keys/<str:kid>.json", views.public_key_view, name="public_key"),
    path(
        "awards/<uuid:uid>/<str:version>.<str:fmt>",
        g(views.baked),
        name="baked",
    ),
]
