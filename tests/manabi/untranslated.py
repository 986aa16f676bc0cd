"""Find Wagtail's and Django's English source strings left untranslated in rendered admin HTML."""

import ast
import functools
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import wagtail
from django.utils import translation

SOURCES = [
    *sorted(Path(wagtail.__file__).parent.glob("**/locale/en/LC_MESSAGES/django.po")),
    Path(django.__file__).parent / "conf/locale/en/LC_MESSAGES/django.po",
    *sorted(Path(django.__file__).parent.glob("contrib/*/locale/en/LC_MESSAGES/django.po")),
]
ENTRY = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$')


def read_po(path):
    """(context, msgid) of every singular entry of a .po file."""
    entries, current, key = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        match = ENTRY.match(line)
        if match:
            key = match.group(1)
            if key in ("msgctxt", "msgid") and "msgstr" in current:
                entries.append(current)
                current = {}
            if key == "msgstr[0]":
                key = "msgstr"
            current[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            current[key] = current.get(key, "") + ast.literal_eval(line)
        elif not line.strip() and current:
            entries.append(current)
            current, key = {}, None
    return [(e.get("msgctxt"), e["msgid"]) for e in entries if e.get("msgid")]


@functools.cache
def upstream_msgids():
    ids = set()
    for path in SOURCES:
        ids.update(read_po(path))
    return ids


def untranslated_msgids():
    """English msgids of Wagtail/Django that still come out in English under 'ja'."""
    with translation.override("ja"):
        left = set()
        for context, msgid in upstream_msgids():
            # One word or a number is not evidence of English (e.g. "OK", "URL", "ID", "%s").
            if not re.search(r"[A-Za-z]{2,}", msgid) or "%" in msgid or "{" in msgid:
                continue
            if msgid in {"URL", "ID", "OK", "HTML", "CSV", "XLSX", "PDF", "API", "Wagtail", "Slug"}:
                continue
            done = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            if done == msgid:
                left.add(msgid.strip())
        return left


class VisibleText(HTMLParser):
    """Text a person sees or hears: text nodes outside scripts, and labelling attributes."""

    SKIP = {"script", "style", "template", "noscript", "textarea"}
    ATTRS = ("aria-label", "title", "placeholder", "alt", "aria-description")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.skipping = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.SKIP:
            self.skipping.append(tag)
        for name in self.ATTRS:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(data)


def visible_texts(html):
    parser = VisibleText()
    parser.feed(html)
    return [" ".join(t.split()) for t in parser.texts]


def english_in(html, untranslated):
    """The untranslated upstream strings that appear as whole visible texts of ``html``."""
    return sorted({text for text in visible_texts(html) if text in untranslated})
