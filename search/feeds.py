"""An Atom feed for any course search: ``/courses/feed/?role=…&level=2`` lists the newest
courses matching that search, so a learner or another site can follow it."""

import datetime
from dataclasses import replace
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from catalogue.models import Course

from .query import parse_search_query
from .service import search

FEED_SIZE = 20


def search_params(request):
    """The search's own parameters, without paging and sorting (the feed is always newest first)."""
    return [
        (key, value)
        for key in request.GET
        for value in request.GET.getlist(key)
        if key not in ("page", "page_size", "sort")
    ]


class CourseSearchFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        query = parse_search_query(
            request.GET, valid_values=lambda facet: facet.allowed(), strict=False
        )
        query = replace(query, sort="newest", page=1, page_size=FEED_SIZE)
        results = search(query)
        courses = Course.objects.in_bulk([hit.id for hit in results.hits])
        return {
            "params": search_params(request),
            "text": query.text,
            "hits": [(hit, courses.get(hit.id)) for hit in results.hits],
        }

    def title(self, obj):
        if obj["text"]:
            return _("Manabi DX: new courses for “%(q)s”") % {"q": obj["text"]}
        return _("Manabi DX: new courses matching your search")

    def link(self, obj):
        query = urlencode(obj["params"])
        return "/courses/" + (f"?{query}" if query else "")

    def feed_url(self, obj):
        query = urlencode(obj["params"])
        return "/courses/feed/" + (f"?{query}" if query else "")

    def subtitle(self, obj):
        return _("The newest listed courses matching this search on Manabi DX.")

    def items(self, obj):
        return obj["hits"]

    def item_title(self, item):
        return item[0].title

    def item_description(self, item):
        return f"{item[0].partner_name}｜{item[0].summary}"

    def item_link(self, item):
        return item[0].url

    def item_author_name(self, item):
        return item[0].partner_name

    def _moment(self, item):
        course = item[1]
        if course is None:
            return None
        if course.first_published_at:
            return course.first_published_at
        if course.listed_from:
            return timezone.make_aware(
                datetime.datetime.combine(course.listed_from, datetime.time())
            )
        return None

    def item_pubdate(self, item):
        return self._moment(item)

    def item_updateddate(self, item):
        course = item[1]
        return (course and course.last_published_at) or self._moment(item)


course_search_feed = CourseSearchFeed()
