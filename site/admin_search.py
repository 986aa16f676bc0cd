"""Wagtail's admin search index on the database, without rewriting every row on every save.

``WAGTAILSEARCH_BACKENDS`` points here. On PostgreSQL the index of Wagtail's database backend
(modelsearch's ``PostgresIndex``) refreshes ``title_norm`` after each save for every row whose
norm is still 1.0 — the default of a new row, but also the real value of every row whose title
is as long as the average. Japanese titles are one term for the ``simple`` parser, so the
average is often exactly 1 and every row matched: each publish rewrote the whole table, and a
bulk load in one transaction (``load_demo``) became quadratic. Rows whose norm would not change
are left alone here; a full rebuild (``update_index``) still recomputes every row.
"""

from django.db.models import Avg, F
from django.db.models.functions import Length
from modelsearch.backends.database import SearchBackend as database_search_backend
from modelsearch.backends.database.postgres.postgres import PostgresIndex


class PostgresTitleNormIndex(PostgresIndex):
    def _refresh_title_norms(self, full=False):
        if full:
            return super()._refresh_title_norms(full=True)
        entries = self.entries.annotate(title_length=Length("title")).filter(title_length__gt=0)
        average = entries.aggregate(Avg("title_length"))["title_length__avg"]
        if average is None:
            return None
        # A row as long as the average has the norm 1.0 already: nothing to write.
        entries.filter(title_norm=1.0).exclude(title_length=average).update(
            title_norm=average / F("title_length")
        )
        return None


# The name Wagtail looks up in a backend module.
def SearchBackend(params):
    backend = database_search_backend(params)
    if isinstance(backend.index_class, type) and issubclass(backend.index_class, PostgresIndex):
        backend.index_class = PostgresTitleNormIndex
    return backend
