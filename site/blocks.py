"""StreamField sections of the home page and the site navigation.

Editors arrange the home page from these sections; each entry-point section
links into the course search with the URL parameters of the search page
(``/courses/?level=2``), so the home page never needs its own results logic.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from catalogue.models import Course, RoleCategory, Subsidy
from quest.models import Operator, QuestHomePage

from .rich_text import SafeRichTextBlock


class LinkBlock(blocks.StructBlock):
    """A navigation link: a page of this site or a path such as /courses/."""

    text = blocks.CharBlock(label=_("Link text"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    path = blocks.CharBlock(
        label=_("Path on this site"),
        required=False,
        max_length=200,
        help_text=_("Used when no page is chosen, e.g. /courses/ or /quest/apply/."),
    )

    class Meta:
        icon = "link"
        label = _("Link")
        template = "manabi/blocks/link.html"

    def clean(self, value):
        value = super().clean(value)
        path = value.get("path") or ""
        if not value.get("page") and not path.startswith("/"):
            # Only links inside the site: the navigation never sends anyone elsewhere unasked.
            raise blocks.StructBlockValidationError(
                block_errors={
                    "path": ValidationError(_("Choose a page or enter a path starting with /."))
                }
            )
        return value


class CourseSearchBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), default="講座を探す")
    placeholder = blocks.CharBlock(
        label=_("Placeholder"), required=False, default="例：データ分析、Python、生成AI"
    )

    class Meta:
        icon = "search"
        label = _("Course search box")
        template = "manabi/blocks/course_search.html"


class LevelDefinitionBlock(blocks.StructBlock):
    level = blocks.ChoiceBlock(
        label=_("Level"), choices=[(str(n), f"レベル{n}") for n in range(1, 5)]
    )
    definition = blocks.CharBlock(label=_("One-line definition"), max_length=120)


# The one-line definitions of the portal's levels: level 1 is the DX literacy standard
# (DSS-L); levels 2-4 follow the IT skill standard (ITSS) level definitions that the
# DSS-P, ITSS and ITSS+ mappings use.
LEVEL_DEFINITIONS = [
    {
        "level": "1",
        "definition": "すべてのビジネスパーソンが身につけるべきDXの基礎（DXリテラシー標準）",
    },
    {"level": "2", "definition": "上位者の指導の下、要求された作業を担当できる"},
    {"level": "3", "definition": "要求された作業をすべて独力で遂行できる"},
    {
        "level": "4",
        "definition": "専門分野を確立し、自らのスキルで業務上の課題の発見と解決をリードできる",
    },
]


class LevelEntriesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), default="レベルから探す")
    levels = blocks.ListBlock(
        LevelDefinitionBlock(), label=_("Levels"), default=LEVEL_DEFINITIONS, min_num=1, max_num=4
    )

    class Meta:
        icon = "list-ol"
        label = _("Entry points by level")
        template = "manabi/blocks/level_entries.html"


class RoleEntriesBlock(blocks.StructBlock):
    """The DSS-P role types (role categories), each linking to the search for its roles."""

    heading = blocks.CharBlock(label=_("Heading"), default="DX推進スキル標準のロールから探す")

    class Meta:
        icon = "group"
        label = _("Entry points by DSS-P role type")
        template = "manabi/blocks/role_entries.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["categories"] = RoleCategory.objects.prefetch_related("roles").order_by(
            "sort_order", "pk"
        )
        return context


class FeatureEntriesBlock(blocks.StructBlock):
    """無料 / 教育訓練給付 / Reスキル講座: the three ways learners ask about money."""

    heading = blocks.CharBlock(label=_("Heading"), default="費用・給付金から探す")

    class Meta:
        icon = "tag"
        label = _("Entry points by fee and subsidy")
        template = "manabi/blocks/feature_entries.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        subsidies = list(Subsidy.objects.order_by("sort_order", "pk"))
        benefit = [s.code for s in subsidies if s.code.startswith("benefit-")]
        reskill = [s.code for s in subsidies if s.is_reskill_certification]
        context["entries"] = [
            (_("Free courses"), [("fee_type", "free")], _("Courses you can take free of charge")),
            (
                _("Education and training benefit"),
                [("subsidy", code) for code in benefit],
                _("Courses for which Hello Work refunds part of the fee"),
            ),
            (
                _("Reskill courses"),
                [("subsidy", code) for code in reskill],
                _("Courses certified by the Minister of Economy, Trade and Industry"),
            ),
        ]
        return context


class NewestCoursesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), default="新着講座")
    count = blocks.IntegerBlock(label=_("Number of courses"), default=6, min_value=1, max_value=12)

    class Meta:
        icon = "date"
        label = _("Newest courses")
        template = "manabi/blocks/newest_courses.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["courses"] = (
            Course.objects.listed()
            .select_related("partner")
            .order_by("-listed_from", "-pk")[: value["count"]]
        )
        return context


class QuestEntryBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), default="マナビDX Quest")
    text = blocks.TextBlock(
        label=_("Text"),
        default="実際の企業の課題に取り組むケーススタディ教育プログラムと地域企業協働プログラムで、学んだスキルを実践につなげます。",
    )
    page = blocks.PageChooserBlock(
        label=_("Quest page"), page_type="quest.QuestHomePage", required=False
    )

    class Meta:
        icon = "pick"
        label = _("Quest entry")
        template = "manabi/blocks/quest_entry.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["quest_page"] = value["page"] or QuestHomePage.objects.live().first()
        return context


class HomeStreamBlock(blocks.StreamBlock):
    course_search = CourseSearchBlock()
    level_entries = LevelEntriesBlock()
    role_entries = RoleEntriesBlock()
    feature_entries = FeatureEntriesBlock()
    newest_courses = NewestCoursesBlock()
    quest_entry = QuestEntryBlock()
    heading = blocks.CharBlock(
        label=_("Heading"), form_classname="title", template="manabi/blocks/heading.html"
    )
    paragraph = SafeRichTextBlock(label=_("Paragraph"))


class DataRecipientsBlock(blocks.StaticBlock):
    """Which operators receive applicants' data: read from the operators on record, never typed."""

    class Meta:
        icon = "group"
        label = _("Operators who receive applications (from the data)")
        admin_text = _("Lists the Quest operators on record and what they receive.")
        template = "manabi/blocks/data_recipients.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["operators"] = Operator.objects.order_by("name")
        return context


class RetentionPeriodBlock(blocks.StaticBlock):
    """The retention period, from the setting the daily retention command applies."""

    class Meta:
        icon = "time"
        label = _("Retention period (from the settings)")
        admin_text = _(
            "Shows PERSONAL_DATA_RETENTION_DAYS, the period manage.py apply_retention enforces."
        )
        template = "manabi/blocks/retention_period.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["retention_days"] = settings.PERSONAL_DATA_RETENTION_DAYS
        return context


class PrivacyStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), form_classname="title", template="manabi/blocks/heading.html"
    )
    paragraph = SafeRichTextBlock(label=_("Paragraph"))
    data_recipients = DataRecipientsBlock()
    retention_period = RetentionPeriodBlock()
