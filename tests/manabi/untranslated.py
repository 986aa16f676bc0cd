"""Find Wagtail's and Django's English source strings left untranslated in rendered admin HTML."""

import ast
import contextlib
import functools
import json
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


PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd]|\{[a-z_]*\}")


class Pattern(str):
    """An untranslated msgid with placeholders, matched anywhere inside a visible text."""

    def __new__(cls, msgid):
        obj = super().__new__(cls, msgid)
        # Markup inside a msgid (<b>) is not part of the visible text.
        parts = [re.escape(p) for p in PLACEHOLDER.split(re.sub(r"<[^>]+>", "", msgid))]
        obj.regex = re.compile(".+?".join(parts), re.S)
        return obj


def untranslated_msgids():
    """English msgids of Wagtail/Django that still come out in English under 'ja'.

    Plain strings are matched as a whole visible text; strings with
    placeholders (``%(model_name)s``) as patterns inside a text, when their
    fixed part has at least three English words.
    """
    with translation.override("ja"):
        left = set()
        for context, msgid in upstream_msgids():
            # One word or a number is not evidence of English (e.g. "OK", "URL", "ID", "%s").
            if not re.search(r"[A-Za-z]{2,}", msgid):
                continue
            if PLACEHOLDER.search(msgid):
                if len(re.findall(r"[A-Za-z]{2,}", PLACEHOLDER.sub("", msgid))) < 3:
                    continue
                done = (
                    translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                )
                if done == msgid:
                    left.add(Pattern(msgid.strip()))
                continue
            if "%" in msgid:
                continue
            if msgid in {"URL", "ID", "OK", "HTML", "CSV", "XLSX", "PDF", "API", "Wagtail", "Slug"}:
                continue
            done = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            if done == msgid:
                left.add(msgid.strip())
        return left


def json_labels(value):
    """Every ``label`` in a JSON tree (the sidebar's menu is rendered from such props)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("label", "_val") and isinstance(item, str):
                yield item
            else:
                yield from json_labels(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_labels(item)


class VisibleText(HTMLParser):
    """Text a person sees or hears: text nodes outside scripts, labelling attributes, menu props."""

    SKIP = {"script", "style", "template", "noscript", "textarea"}
    ATTRS = ("aria-label", "title", "placeholder", "alt", "aria-description")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.skipping, self.json = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/json":
            self.json = []
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
        if tag == "script" and self.json is not None:
            with contextlib.suppress(ValueError):  # not JSON after all: nothing to read
                self.texts.extend(json_labels(json.loads("".join(self.json))))
            self.json = None

    def handle_data(self, data):
        if self.json is not None:
            self.json.append(data)
        elif not self.skipping and data.strip():
            self.texts.append(data)


def visible_texts(html):
    parser = VisibleText()
    parser.feed(html)
    return [" ".join(t.split()) for t in parser.texts]


def english_in(html, untranslated):
    """The untranslated upstream strings that appear in the visible texts of ``html``."""
    texts = visible_texts(html)
    found = {text for text in texts if text in untranslated}
    patterns = [p for p in untranslated if isinstance(p, Pattern)]
    for text in texts:
        found.update(p for p in patterns if p.regex.search(text))
    return sorted(found)
