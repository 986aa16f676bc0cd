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


def test_one_english_word_with_two_meanings_shows_the_right_japanese_in_each_place():
    """Each of these showed the other meaning's Japanese while catalogues were kept per topic
    (the first catalogue on LOCALE_PATHS won): a member who left showed 掲載取下げ, the audit
    log's action column 措置, a cancelled listing キャンセル, a chart's count column 講座."""
    from django.utils import translation

    from catalogue.models import ListingAction
    from community.models import Enrolment, Hearing
    from community.models.enrolment import EnrolmentState
    from security.models import AuditEvent

    with translation.override("ja"):
        assert str(EnrolmentState.WITHDRAWN.label) == "退会"
        assert str(Enrolment._meta.get_field("applied_at").verbose_name) == "申込日時"
        assert str(ListingAction.Action.CANCEL.label) == "掲載取消"
        assert str(ListingAction._meta.get_field("action").verbose_name) == "措置"
        assert str(AuditEvent._meta.get_field("action").verbose_name) == "操作"
        assert str(Hearing._meta.get_field("interviewee").verbose_name) == "対象者"
        assert translation.pgettext("chart series", "Courses") == "講座数"
        # The Cancel button of every form is Wagtail admin's キャンセル, not the listing action's
        # word (nor 取り消し, which wagtail.contrib.redirects' catalogue made it before).
        assert translation.gettext("Cancel") == "キャンセル"


def test_the_project_has_one_catalogue(settings):
    """A second catalogue on LOCALE_PATHS silently overrides the first's words for the same msgid
    (how 「新規」 became 「新規掲載」 on Wagtail's page editor); one file cannot hold that conflict."""
    assert [Path(p) for p in settings.LOCALE_PATHS] == [CATALOGUE.parents[2]]
