from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

CONTEXT_RICH_TEXT = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("figure"), max_length=30, help_text=_("e.g. 2.4 M€"))
    label = blocks.CharBlock(label=_("what it measures"), max_length=120)


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=200)
    answer = blocks.RichTextBlock(label=_("answer"), features=["bold", "italic", "link", "ul"])


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    description = blocks.CharBlock(label=_("description"), required=False, max_length=200)


class ConsultationContextBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label=_("Text"), features=CONTEXT_RICH_TEXT, icon="pilcrow")
    image = ImageBlock(label=_("Image"))
    document = DocumentBlock(label=_("Document"), icon="doc-full")
    video = EmbedBlock(
        label=_("Video"), help_text=_("Address of a YouTube, Vimeo or Dailymotion video.")
    )
    key_figures = blocks.ListBlock(KeyFigureBlock(), label=_("Key figures"), icon="table")
    faq = blocks.ListBlock(QuestionAnswerBlock(), label=_("Questions and answers"), icon="help")

    class Meta:
        block_counts = {}
