from django.urls import path

from . import views

app_name = "quest"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/done/", views.apply_done, name="apply_done"),
    path("companies/", views.company_intake, name="company_intake"),
    path("companies/done/", views.company_done, name="company_done"),
]
