"""What a web process would otherwise do on its first requests, done once before it serves.

gunicorn loads the application in its master and forks the workers from it (``preload_app``
in deploy/gunicorn.conf.py). Without this, every new worker – and every worker recycled after
``max_requests`` – spent its first request (about 0.7 s on the learner page) loading the
Japanese message catalogues, compiling templates and opening Sudachi's dictionary, while the
requests behind it queued. Done in the master, the forked workers inherit all of it.

Nothing here may open a database, cache or Elasticsearch connection: a connection opened in the
master would be shared by every forked worker.
"""

from django.conf import settings
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation

from search.analysis import index_tokens

# The templates of the public pages under load.
PUBLIC_TEMPLATES = (
    "base.html",
    "search/course_search.html",
    "catalogue/course_detail.html",
    "manabi/home_page.html",
    "quest/programme_page.html",
    "quest/programme_index_page.html",
    "quest/quest_home_page.html",
    "quest/apply.html",
    "404.html",
)


def warm_up():
    """Load translations, the URLconf, the public templates and the Japanese analysis."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Course search")
    get_resolver().url_patterns  # noqa: B018 - imports every URLconf module and view
    for name in PUBLIC_TEMPLATES:
        get_template(name)
    index_tokens("機械学習エンジニアのためのＰｙｔｈｏｎ入門")
