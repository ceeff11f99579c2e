"""Photos and plans citizens attach to a proposal, checked before anything is stored.

Rules:
- a photo is a JPEG, PNG or WebP as its content says (Pillow reads it), whatever its name;
  at most IMAGE_MAX_BYTES and IMAGE_MAX_PIXELS;
- a photo is stored re-encoded, its EXIF orientation applied, so that no metadata the camera
  wrote (GPS position, device, date) leaves the citizen's device through the portal;
- a plan is a PDF (its first bytes are `%PDF-`), at most PLAN_MAX_BYTES; it is stored as sent.
"""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image as PillowImage
from PIL import ImageOps, UnidentifiedImageError

IMAGE_MAX_BYTES = 8 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_MAX_SIDE = 10_000
PLAN_MAX_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass
class CleanImage:
    file: ContentFile
    width: int
    height: int


def clean_image(upload):
    """The upload re-encoded without its metadata, or ValidationError."""
    if upload.size > IMAGE_MAX_BYTES:
        raise ValidationError(
            _("This photo is too large (%(size)s): %(limit)s at most.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(IMAGE_MAX_BYTES)},
            code="too_large",
        )
    refused = ValidationError(_("This file is not a JPEG, PNG or WebP photo."), code="not_an_image")
    try:
        upload.seek(0)
        with PillowImage.open(upload) as source:
            kind = source.format
            if kind not in IMAGE_FORMATS:
                raise refused
            width, height = source.size
            if width * height > IMAGE_MAX_PIXELS or max(width, height) > IMAGE_MAX_SIDE:
                raise ValidationError(
                    _("This photo is too large: %(limit)s pixels wide or high at most.")
                    % {"limit": f"{IMAGE_MAX_SIDE:,}".replace(",", "\u202f")},
                    code="too_many_pixels",
                )
            source.load()
            image = ImageOps.exif_transpose(source)
            for kept_metadata in ("exif", "xmp", "comment"):
                image.info.pop(kept_metadata, None)
    except (UnidentifiedImageError, OSError, SyntaxError, PillowImage.DecompressionBombError):
        raise refused from None
    output = io.BytesIO()
    if kind == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(output, format="JPEG", quality=88, optimize=True)
    elif kind == "WEBP":
        image.save(output, format="WEBP", quality=88)
    else:
        image.save(output, format="PNG", optimize=True)
    name = f"contribution.{IMAGE_FORMATS[kind]}"
    return CleanImage(ContentFile(output.getvalue(), name=name), image.width, image.height)


def clean_plan(upload):
    """The upload if it is a PDF within the size limit, or ValidationError."""
    if upload.size > PLAN_MAX_BYTES:
        raise ValidationError(
            _("This plan is too large (%(size)s): %(limit)s at most.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(PLAN_MAX_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    if upload.read(5) != b"%PDF-":
        raise ValidationError(_("This file is not a PDF document."), code="not_a_pdf")
    upload.seek(0)
    upload.name = "plan.pdf"
    return upload
