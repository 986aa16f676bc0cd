"""Every user-facing string has a Japanese translation in the committed catalogue."""

import ast
import re
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[2] / "locale/ja/LC_MESSAGES/django.po"


def entries():
    text = CATALOGUE.read_text(encoding="utf-8")
    for block in re.split(r"\n\s*\n", text):
        lines = block.strip().splitlines()
        flags = [line for line in lines if line.startswith("#,")]
        strings, current = {}, None
        for line in lines:
            if line.startswith("#"):
                continue
            key, _, rest = line.partition(" ")
            if key.startswith("msg"):
                current = key
                strings[current] = ast.literal_eval(rest)
            elif current:
                strings[current] += ast.literal_eval(line)
        if strings.get("msgid"):
            yield strings, flags


def test_catalogue_has_entries():
    assert len(list(entries())) > 20


def test_every_message_is_translated_and_not_fuzzy():
    untranslated = [
        s["msgid"]
        for s, flags in entries()
        if not (s.get("msgstr") or s.get("msgstr[0]")) or any("fuzzy" in f for f in flags)
    ]
    assert untranslated == []
