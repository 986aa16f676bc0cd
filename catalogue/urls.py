from django.urls import path

from . import views
from .discovery.feeds import course_search_feed

app_name = "catalogue"

urlpatterns = [
    path("<int:pk>/", views.course_detail, name="course_detail"),
    path("feed/", course_search_feed, name="course_search_feed"),
]
