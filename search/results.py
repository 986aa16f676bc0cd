"""What a search returns, the same for both backends."""

import math
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .analysis import match_spans


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class PartnerRef:
    """The course's partner, as the API's ``PartnerRef`` shows it in lists and hits alike."""

    id: int
    name: str


@dataclass
class SearchHit:
    """One course found; the API sends it as ``search.api.SearchHitOut``."""

    id: int
    title: str
    summary: str
    level: int
    partner: PartnerRef
    url: str  # the course page on this site
    fee_type: str
    fee_yen: int
    study_hours: float
    delivery: str
    prefecture: str = ""
    subsidies: list = field(default_factory=list)  # subsidy codes
    highlights: dict = field(default_factory=dict)  # field -> escaped HTML with <mark>

    @property
    def partner_name(self):
        """For the learner page and the feed, which show the name only."""
        return self.partner.name

    def get_absolute_url(self):
        return self.url


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


def highlight(text, tokens, limit=None):
    """Escape ``text`` and wrap each word whose analysed token is among ``tokens`` in <mark>.

    The words come from the same analysis the backends search (``search.analysis``), so a
    highlight marks exactly what matched: ﾃﾞｰﾀ for データ, not the 京都 inside 東京都. Done in
    Python for both backends and escaped by construction, piece by piece around matches.
    """
    if limit and len(text) > limit:
        text = text[:limit] + "…"
    spans = sorted(match_spans(text, tokens))
    if not spans:
        return None
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


def make_hit(analysed, **fields):
    """A ``SearchHit`` with its title and summary highlighted for the analysed query."""
    tokens = analysed.highlight_tokens if analysed else set()
    highlights = {}
    for name in ("title", "summary"):
        marked = highlight(fields[name], tokens)
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
