"""What a search returns, the same for both backends."""

import math
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchHit:
    id: int
    title: str
    summary: str
    level: int
    partner_name: str
    url: str
    fee_type: str
    fee_yen: int
    study_hours: float
    delivery: str
    highlights: dict = field(default_factory=dict)  # field -> escaped HTML with <mark>


@dataclass
class SearchResults:
    hits: list
    total: int
    facets: dict  # facet name -> [FacetValue]
    page: int
    page_size: int
    backend: str

    @property
    def num_pages(self):
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def has_next(self):
        return self.page < self.num_pages

    @property
    def has_previous(self):
        return self.page > 1


def highlight(text, terms, limit=None):
    """Escape ``text`` and wrap each occurrence of a term in <mark>.

    Done in Python for both backends so that highlights look the same and are
    escaped by construction: the text is escaped piece by piece around matches.
    """
    if limit and len(text) > limit:
        text = text[:limit] + "…"
    lowered = text.lower()
    spans = []
    for term in {t.lower() for t in terms if t}:
        start = lowered.find(term)
        while start != -1:
            spans.append((start, start + len(term)))
            start = lowered.find(term, start + len(term))
    if not spans:
        return None
    spans.sort()
    merged = [list(spans[0])]
    for start, end in spans[1:]:
        if start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, position = [], 0
    for start, end in merged:
        out.append(escape(text[position:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def make_hit(terms, **fields):
    """A ``SearchHit`` with its title and summary highlighted for ``terms``."""
    highlights = {}
    for name in ("title", "summary"):
        marked = highlight(fields[name], terms)
        if marked:
            highlights[name] = marked
    return SearchHit(**fields, highlights=highlights)


def build_facets(specs, counts, query):
    """Facet lists in display order: values with hits, plus any selected value."""
    facets = {}
    for spec in specs:
        selected = set(query.selected(spec.name))
        facet_counts = counts.get(spec.name, {})
        facets[spec.name] = [
            FacetValue(value, label, facet_counts.get(value, 0), value in selected)
            for value, label in spec.values()
            if facet_counts.get(value, 0) > 0 or value in selected
        ]
    return facets
