from django.urls import path

from . import views

app_name = "gbizid"

urlpatterns = [
    path("login/", views.GbizidLoginView.as_view(), name="login"),
    path("callback/", views.GbizidCallbackView.as_view(), name="callback"),
]
