from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap as sitemap_view
from wagtail.documents import urls as wagtaildocs_urls

from catalogue.discovery import views as open_data_views
from catalogue.discovery.sitemaps import SITEMAPS
from manabi.api import api as api_v3
from manabi.health import healthz, readyz
from search.feeds import course_search_feed
from search.views import course_search

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    # gbizid: partner sign-in (before the admin so /admin/login/ can link to it)
    path("auth/gbizid/", include("manabi.gbizid.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v3/", api_v3.urls),
    path("courses/", course_search, name="course_search"),
    # An Atom feed of any course search (search/feeds.py)
    path("courses/feed/", course_search_feed, name="course_search_feed"),
    path("courses/", include("catalogue.urls")),
    path("quest/", include("quest.urls")),
    # community (#12)
    path("community/", include("community.urls")),
    path("badges/", include("community.badges.urls")),
    # --- public (#14): discoverability
    path("sitemap.xml", sitemap_view, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("opendata/", open_data_views.open_data, name="open_data"),
    path("opendata/courses.<str:kind>", open_data_views.open_data_file, name="open_data_file"),
    # --- end public
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every path no rule above claims; it must stay last.
urlpatterns += [path("", include(wagtail_urls))]

handler500 = "manabi.errors.server_error"
