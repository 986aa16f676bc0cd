"""The public course page learners reach from search."""

from urllib.parse import urlsplit

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from .discovery.structured_data import course_json_ld, json_ld_script
from .models import Course

RELATED_COURSES = 4


def back_to_search_url(request):
    """The search the learner came from, query string kept; the plain search page otherwise.

    Taken from ``?back=`` or else the same-origin Referer (the site sends
    ``Referrer-Policy: same-origin``, so our own pages send their full URL).
    Only a path of the search page is accepted: never another host.
    """
    search_path = reverse("course_search")
    candidates = [request.GET.get("back", "")]
    referer = request.META.get("HTTP_REFERER", "")
    if referer:
        parts = urlsplit(referer)
        if parts.netloc == request.get_host():
            candidates.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    for candidate in candidates:
        parts = urlsplit(candidate)
        if not parts.scheme and not parts.netloc and parts.path == search_path:
            return search_path + (f"?{parts.query}" if parts.query else "")
    return search_path


def related_courses(course):
    """Other listed courses at the same level sharing a DSS-P role (or of the same type)."""
    related = Course.objects.listed().filter(level=course.level).exclude(pk=course.pk)
    role_ids = [role.pk for role in course.roles.all()]
    if role_ids:
        related = related.filter(roles__in=role_ids).distinct()
    else:
        related = related.filter(course_type=course.course_type)
    return related.select_related("partner").order_by("-listed_from", "-pk")[:RELATED_COURSES]


def course_detail(request, pk):
    """A live, listed course; anything else (draft, suspended, expired …) is a 404."""
    course = get_object_or_404(
        Course.objects.listed()
        .select_related("partner")
        .prefetch_related(
            "standards",
            "roles__category",
            "skill_categories",
            "reskill_fields__parent",
            "subsidies",
            "exams",
        ),
        pk=pk,
    )
    back_url = back_to_search_url(request)
    response = render(
        request,
        "catalogue/course_detail.html",
        {
            "course": course,
            "back_url": back_url,
            "related_courses": related_courses(course),
            "json_ld": json_ld_script(course_json_ld(course, request)),
            "breadcrumbs": [(_("Find a course"), back_url), (course.title, None)],
        },
    )
    if "HTTP_REFERER" in request.META:
        # The way back is this visitor's own search: never shared with another (site/page_cache.py).
        patch_vary_headers(response, ["Referer"])
    return response
