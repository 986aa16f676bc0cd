"""What search stores beside the catalogue: the analysed text of each listed course, and synonyms."""

import time

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .analysis import synonym_map

SYNONYMS_TTL_SECONDS = 60
_synonym_cache = {}


class Synonym(models.Model):
    """Words a learner may type for the same thing (AI, 人工知能), applied to queries, not to the index,
    so an edit takes effect at once without re-indexing."""

    terms = models.CharField(
        _("terms"),
        max_length=500,
        unique=True,
        help_text=_("Words with the same meaning, separated by commas, e.g. AI, 人工知能"),
    )

    panels = [FieldPanel("terms")]

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    def clean(self):
        if len(synonym_map([self.terms])) < 2:
            raise ValidationError(
                {"terms": _("Enter at least two different words separated by commas.")}
            )

    @classmethod
    def mapping(cls):
        """{token tuple: [token tuples]}, cached for this process for a minute (saves clear it)."""
        cached = _synonym_cache.get("map")
        now = time.monotonic()
        if cached is None or now - cached[0] > SYNONYMS_TTL_SECONDS:
            cached = (now, synonym_map(cls.objects.values_list("terms", flat=True)))
            _synonym_cache["map"] = cached
        return cached[1]


def clear_synonym_cache(**kwargs):
    _synonym_cache.clear()


post_save.connect(clear_synonym_cache, sender=Synonym, dispatch_uid="search-synonyms-save")
post_delete.connect(clear_synonym_cache, sender=Synonym, dispatch_uid="search-synonyms-delete")


class CourseSearchText(models.Model):
    """The analysed text of one listed course, kept current after each commit.

    PostgreSQL searches ``vector`` (a weighted ``tsvector`` of the Python-made tokens, GIN-indexed,
    created by migration 0002); SQLite, the quick start, matches the same tokens in ``tokens``.
    """

    course = models.OneToOneField(
        "catalogue.Course", on_delete=models.CASCADE, primary_key=True, related_name="search_text"
    )
    tokens = models.TextField(blank=True)  # " tok tok … " (SQLite only)
    title_tokens = models.TextField(blank=True)  # title words, for ranking on SQLite
    vector = SearchVectorField(null=True)  # PostgreSQL only

    class Meta:
        verbose_name = _("course search text")

    def __str__(self):
        return f"search text of course {self.course_id}"


class CourseFacets(models.Model):
    """The facet values and sort keys of one listed course, kept current with its search text.

    The database backend on PostgreSQL counts facets and pages from this narrow table alone (one
    scan, no join through the course, its partner or the many-to-many tables). It is not part of
    ``CourseSearchText``: the ``tsvector`` makes that table's rows ~1 KB (100 MB at 100k
    courses), and a count without text reads every row. Many-to-many facets are their taxonomy
    codes (slugs) in one text, sorted and space-padded (`` data-engineer ux-ui-designer ``):
    PostgreSQL groups a text two to three times faster than a ``jsonb`` or array value.
    """

    course = models.OneToOneField(
        "catalogue.Course", on_delete=models.CASCADE, primary_key=True, related_name="search_facets"
    )
    partner = models.ForeignKey(
        "catalogue.Partner", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    level = models.PositiveSmallIntegerField()
    course_type = models.CharField(max_length=20)
    fee_type = models.CharField(max_length=20)
    fee_yen = models.PositiveIntegerField()
    study_hours = models.DecimalField(max_digits=6, decimal_places=1)
    study_time = models.CharField(max_length=20)  # catalogue.taxonomy_values.study_time_bucket
    delivery = models.CharField(max_length=20)
    individual_application = models.BooleanField()
    prefecture = models.CharField(max_length=2, blank=True)
    first_published_at = models.DateTimeField(null=True)
    listed_until = models.DateField(null=True)
    subsidies = models.TextField(blank=True)
    reskill_fields = models.TextField(blank=True)
    roles = models.TextField(blank=True)
    skill_categories = models.TextField(blank=True)
    exams = models.TextField(blank=True)

    class Meta:
        verbose_name = _("course facet values")
        # One index a sort order, so a page is an index scan that stops after the page
        # (backends.database.SORT_ORDER), not a sort of every matching row.
        indexes = [
            models.Index(fields=["fee_yen", "course"], name="search_facets_fee"),
            models.Index(fields=["study_hours", "course"], name="search_facets_hours"),
            models.Index(
                models.F("first_published_at").desc(),
                models.F("course").desc(),
                name="search_facets_newest",
            ),
        ]

    def __str__(self):
        return f"facet values of course {self.course_id}"
