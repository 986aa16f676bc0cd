from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("<int:pk>/", views.course_detail, name="course_detail"),
]
