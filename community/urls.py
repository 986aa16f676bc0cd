from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("", views.community_page, name="home"),
    path("link/<str:token>/", views.open_link, name="open_link"),
    path("me/", views.me, name="me"),
    path("me/accept/", views.accept, name="accept"),
    path("me/decline/", views.decline_invitation, name="decline"),
    path("me/consent/", views.consent, name="consent"),
    path("me/leave/", views.leave, name="leave"),
    path("me/sign-out/", views.sign_out, name="sign_out"),
]
