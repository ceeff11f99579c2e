"""The blocks of a campaign's description: text, images and videos (embeds)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class CampaignBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Text"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )
    image = ImageBlock(label=_("Image"))
    video = EmbedBlock(label=_("Video"), help_text=_("Address of the video (PeerTube, YouTube, Vimeo…)."))
