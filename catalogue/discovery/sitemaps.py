"""sitemap.xml: every public Wagtail page plus every listed course."""

from django.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from ..models import Course


class CourseSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Course.objects.listed().only("pk", "last_published_at").order_by("pk")

    def lastmod(self, course):
        return course.last_published_at


SITEMAPS = {"pages": PageSitemap, "courses": CourseSitemap}
