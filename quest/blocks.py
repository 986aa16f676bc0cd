"""StreamField blocks for Quest pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from manabi.rich_text import SafeRichTextBlock
from manabi.validators import http_url_validator


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=200,
        help_text=_("Describe the image for screen readers."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)

    class Meta:
        icon = "image"
        template = "quest/blocks/image_with_caption.html"
        label = _("Image with caption")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Speaker"), required=False)

    class Meta:
        icon = "openquote"
        template = "quest/blocks/quote.html"
        label = _("Quote")


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    answer = SafeRichTextBlock(label=_("Answer"), features=["bold", "link", "ul", "ol"])


class FAQBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(FAQItemBlock(), **kwargs)

    class Meta:
        icon = "help"
        template = "quest/blocks/faq.html"
        label = _("FAQ")


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Button text"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("URL"), required=False, validators=[http_url_validator])

    class Meta:
        icon = "link"
        template = "quest/blocks/call_to_action.html"
        label = _("Call to action")


class ScheduleRowBlock(blocks.StructBlock):
    period = blocks.CharBlock(label=_("When"), max_length=60)
    activity = blocks.CharBlock(label=_("What"), max_length=200)


class ScheduleTableBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)
    rows = blocks.ListBlock(ScheduleRowBlock(), label=_("Rows"))

    class Meta:
        icon = "date"
        template = "quest/blocks/schedule_table.html"
        label = _("Schedule table")


class QuestStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), form_classname="title", template="quest/blocks/heading.html"
    )
    paragraph = SafeRichTextBlock(label=_("Paragraph"))
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()
    faq = FAQBlock()
    call_to_action = CallToActionBlock()
    schedule = ScheduleTableBlock()
