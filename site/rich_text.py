"""Rich text is cleaned where it is stored, so every write path keeps the same safe HTML.

Wagtail's Draftail editor only lets through what a field's features allow,
but the API, imports and scripts write the model directly. The field and the
block here clean on every save (and in ``full_clean``, so revisions hold the
cleaned value too) with the element/attribute rules of the same features,
through nh3 (the maintained binding of the Rust html sanitiser ammonia). Link
URLs keep only the http and https schemes; relative links and Wagtail's
internal links (``linktype``/``id``) stay.
"""

import re

import nh3
from wagtail import blocks
from wagtail.fields import RichTextField
from wagtail.rich_text import features as feature_registry

# Wagtail's database format, per editor feature: element -> allowed attributes.
FEATURE_RULES = {
    **{f"h{n}": {f"h{n}": set()} for n in range(1, 7)},
    "bold": {"b": set()},
    "italic": {"i": set()},
    "ol": {"ol": set(), "li": set()},
    "ul": {"ul": set(), "li": set()},
    "hr": {"hr": set()},
    "code": {"code": set()},
    "superscript": {"sup": set()},
    "subscript": {"sub": set()},
    "strikethrough": {"s": set()},
    "blockquote": {"blockquote": set()},
    "link": {"a": {"href", "linktype", "id"}},
    "document-link": {"a": {"linktype", "id"}},
    "image": {"embed": {"embedtype", "id", "format", "alt"}},
    "embed": {"embed": {"embedtype", "url"}},
}
ALWAYS_ALLOWED = {"p": set(), "br": set()}
URL_SCHEMES = {"http", "https"}

# nh3 writes void elements the HTML way (<embed ...>); Wagtail's rewriter looks for <embed .../>.
UNCLOSED_EMBED = re.compile(r"<embed(\b[^>]*?)\s*/?>")


def rules_for(features=None):
    """(tags, attributes) allowed for a rich text field with ``features`` (None: the defaults)."""
    if features is None:
        features = feature_registry.get_default_features()
    rules = {tag: set(attrs) for tag, attrs in ALWAYS_ALLOWED.items()}
    for feature in features:
        for tag, attrs in FEATURE_RULES.get(feature, {}).items():
            rules.setdefault(tag, set()).update(attrs)
    return set(rules), {tag: attrs for tag, attrs in rules.items() if attrs}


def clean_rich_text(html, features=None):
    """``html`` with only the elements, attributes and URL schemes the features allow."""
    if not html:
        return html
    tags, attributes = rules_for(features)
    cleaned = nh3.clean(
        str(html),
        tags=tags,
        clean_content_tags={"script", "style"},
        attributes=attributes,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return UNCLOSED_EMBED.sub(r"<embed\1/>", cleaned)


class SafeRichTextField(RichTextField):
    """A ``RichTextField`` that stores only what its editor features allow, whoever writes it."""

    def to_python(self, value):
        return clean_rich_text(super().to_python(value), self.features)

    def pre_save(self, model_instance, add):
        value = clean_rich_text(getattr(model_instance, self.attname), self.features)
        setattr(model_instance, self.attname, value)
        return value


class SafeRichTextBlock(blocks.RichTextBlock):
    """A ``RichTextBlock`` whose stored source is cleaned like ``SafeRichTextField``."""

    def get_prep_value(self, value):
        return clean_rich_text(super().get_prep_value(value), self.features)

    class Meta:
        icon = "pilcrow"
