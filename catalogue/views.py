"""The public course page learners reach from search."""

from django.shortcuts import get_object_or_404, render

from .models import Course


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
    return render(request, "catalogue/course_detail.html", {"course": course})
