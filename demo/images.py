"""Illustrations and the PDF of the demo, drawn with Pillow from images.yaml.

Drawing them keeps binary files out of the repository; each is found again by title on later runs.
"""

import math
import random
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageChops, ImageColor, ImageDraw, ImageFont
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from . import data


def seed_images(created):
    """The illustrations by key, drawn for those not in the image library yet."""
    image_model = get_image_model()
    images = {}
    for spec in data.load("images")["images"]:
        image = image_model.objects.filter(title=spec["title"]).first()
        if image is None:
            content = ImageFile(BytesIO(draw_illustration(spec)), name=spec["filename"])
            image = image_model(title=spec["title"], file=content)
            # What the admin's upload view does, so duplicate detection and renditions work.
            image._set_image_file_metadata()
            image.save()
            created["images"] += 1
        images[spec["key"]] = image
    return images


def seed_documents(created):
    """The documents by key, drawn for those not in the document library yet."""
    document_model = get_document_model()
    documents = {}
    for spec in data.load("images")["documents"]:
        document = document_model.objects.filter(title=spec["title"]).first()
        if document is None:
            content = draw_bar_chart(spec)
            document = document_model(
                title=spec["title"],
                file=ContentFile(content, name=spec["filename"]),
                file_size=len(content),
            )
            document._set_file_hash()
            document.save()
            created["documents"] += 1
        documents[spec["key"]] = document
    return documents


def draw_bar_chart(spec):
    """A one-page PDF: a heading, a subheading and one bar per entry of `bars`."""
    width, height = 1240, 1754
    page = PillowImage.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    title_font = ImageFont.load_default(size=44)
    font = ImageFont.load_default(size=30)
    draw.text((100, 120), spec["heading"], fill="#0b4f6c", font=title_font)
    draw.text((100, 190), spec["subheading"], fill="#333333", font=font)
    top = max(bar["value"] for bar in spec["bars"])
    for number, bar in enumerate(spec["bars"]):
        left = 140 + number * 250
        bar_height = int(900 * bar["value"] / top)
        draw.rectangle((left, 1300 - bar_height, left + 160, 1300), fill="#1b7a9c")
        draw.text((left, 1320), bar["label"], fill="#333333", font=font)
        draw.text(
            (left, 1260 - bar_height),
            f"{bar['value']:,}".replace(",", "\u202f"),
            fill="#333333",
            font=font,
        )
    output = BytesIO()
    page.save(output, format="PDF", resolution=150)
    return output.getvalue()


def draw_illustration(spec):
    """A gradient with a few shapes (waves, skate tracks or tents), as PNG or JPEG bytes."""
    size = tuple(spec["size"])
    width, height = size
    top, bottom, *highlight = (ImageColor.getrgb(colour) for colour in spec["colours"])
    rng = random.Random(spec["key"])
    is_logo = spec["motif"].endswith("-logo")
    if is_logo:
        disc = PillowImage.new("L", size, 0)
        ImageDraw.Draw(disc).ellipse((8, 8, width - 8, height - 8), fill=255)
        canvas = PillowImage.new("RGBA", size, top + (0,))
        canvas.putalpha(disc)
    else:
        mask = PillowImage.linear_gradient("L").resize(size)
        canvas = PillowImage.composite(
            PillowImage.new("RGB", size, bottom), PillowImage.new("RGB", size, top), mask
        ).convert("RGBA")
    overlay = PillowImage.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    motif = spec["motif"].removesuffix("-logo")
    if motif in ("waves", "waves-sun"):
        if is_logo:
            _draw_waves(draw, size, rng, rows=3, band=(0.32, 0.68), line_width=width // 24)
        else:
            _draw_waves(draw, size, rng, rows=7, band=(0.3, 0.85), line_width=width // 90)
        if motif == "waves-sun":
            radius = height // 6
            centre = (int(width * 0.78), int(height * 0.28))
            draw.ellipse(
                (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius),
                fill=(highlight or [bottom])[0] + (235,),
            )
    elif motif == "ice":
        _draw_skate_tracks(draw, size, rng, tracks=5 if is_logo else 12, is_logo=is_logo)
    elif motif == "tents":
        _draw_campsite(draw, size, rng, disc_colour=top, is_logo=is_logo)
    if is_logo:
        overlay.putalpha(ImageChops.multiply(overlay.getchannel("A"), disc))
    canvas = PillowImage.alpha_composite(canvas, overlay)
    output = BytesIO()
    if spec["filename"].endswith(".png"):
        canvas.save(output, format="PNG", optimize=True)
    else:
        canvas.convert("RGB").save(output, format="JPEG", quality=85)
    return output.getvalue()


def _draw_waves(draw, size, rng, *, rows, band, line_width):
    width, height = size
    for row in range(rows):
        baseline = height * (band[0] + (band[1] - band[0]) * row / (rows - 1))
        amplitude = height * rng.uniform(0.02, 0.045)
        period = width * rng.uniform(0.25, 0.45)
        phase = rng.uniform(0, 2 * math.pi)
        points = [
            (x, baseline + amplitude * math.sin(2 * math.pi * x / period + phase))
            for x in range(0, width + 8, 8)
        ]
        draw.line(points, fill=(255, 255, 255, 230 - row * 15), width=line_width)


def _draw_skate_tracks(draw, size, rng, *, tracks, is_logo):
    width, height = size
    for _track in range(tracks):
        box_width = width * rng.uniform(0.3, 0.9)
        box_height = height * rng.uniform(0.2, 0.6)
        left = rng.uniform(-0.1 * width, width - box_width * 0.6)
        top = rng.uniform(0.05 * height, height - box_height * 0.7)
        start = rng.uniform(0, 360)
        draw.arc(
            (left, top, left + box_width, top + box_height),
            start=start,
            end=start + rng.uniform(90, 250),
            fill=(255, 255, 255, rng.randint(120, 220)),
            width=width // 45 if is_logo else max(width // 160, 3),
        )


def _draw_campsite(draw, size, rng, *, disc_colour, is_logo):
    width, height = size
    forest = (45, 90, 61, 255)
    meadow = (79, 138, 91, 255)
    sun = ImageColor.getrgb("#f6c344") + (255,)
    radius = height // (5 if is_logo else 9)
    sun_centre = (int(width * 0.72), int(height * (0.3 if is_logo else 0.22)))
    draw.ellipse(
        (
            sun_centre[0] - radius,
            sun_centre[1] - radius,
            sun_centre[0] + radius,
            sun_centre[1] + radius,
        ),
        fill=sun,
    )
    if not is_logo:
        horizon = height * 0.62
        hills = (
            [(0, height)]
            + [
                (x, horizon - height * 0.08 * math.sin(math.pi * x / width * 2.2 + 0.4))
                for x in range(0, width + 10, 10)
            ]
            + [(width, height)]
        )
        draw.polygon(hills, fill=meadow)
        draw.rectangle((0, height * 0.88, width, height), fill=(88, 166, 201, 255))
        tent_count = 4
    else:
        tent_count = 1
    for number in range(tent_count):
        tent_width = width * (0.5 if is_logo else rng.uniform(0.1, 0.16))
        left = width * 0.25 if is_logo else width * (0.08 + 0.22 * number) + rng.uniform(0, 40)
        base = height * (0.78 if is_logo else rng.uniform(0.74, 0.84))
        apex = (left + tent_width / 2, base - tent_width * 0.75)
        colour = (255, 255, 255, 255) if is_logo else forest
        draw.polygon([(left, base), apex, (left + tent_width, base)], fill=colour)
        door = tent_width * 0.18
        door_colour = disc_colour + (255,) if is_logo else (246, 210, 139, 255)
        draw.polygon(
            [(apex[0] - door, base), (apex[0], base - tent_width * 0.4), (apex[0] + door, base)],
            fill=door_colour,
        )
