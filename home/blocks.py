from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    text = blocks.TextBlock(label=_("text"), required=False, max_length=400)
    image = ImageBlock(label=_("image"), required=False)
    button_text = blocks.CharBlock(label=_("button text"), required=False, max_length=60)
    button_page = blocks.PageChooserBlock(label=_("button link"), required=False)

    class Meta:
        icon = "image"
        label = _("Hero")
        template = "home/blocks/hero.html"


class FeaturedPagesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    pages = blocks.ListBlock(blocks.PageChooserBlock(), label=_("pages"))

    class Meta:
        icon = "list-ul"
        label = _("Featured consultations")
        template = "home/blocks/featured_pages.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    text = blocks.TextBlock(label=_("text"), required=False, max_length=400)
    button_text = blocks.CharBlock(label=_("button text"), max_length=60)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("or external link"), required=False)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "home/blocks/call_to_action.html"


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class BodyBlock(blocks.StreamBlock):
    hero = HeroBlock()
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES, icon="pilcrow")
    featured = FeaturedPagesBlock()
    call_to_action = CallToActionBlock()
