"""Pictures for the demo content, drawn with Pillow while the demo loads, so the repository holds no
image files. They go through the same upload checks and re-encoding as a person's photo would."""

import io
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

WIDTH, HEIGHT = 960, 600


def _sky_and_ground(top: tuple, bottom: tuple, ground: tuple, horizon: int) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), ground)
    draw = ImageDraw.Draw(image)
    for y in range(horizon):
        t = y / horizon
        draw.line(
            [(0, y), (WIDTH, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    return image


def _jpeg(image: Image.Image, name: str) -> ContentFile:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return ContentFile(out.getvalue(), name=name)


def cargo_bikes() -> ContentFile:
    """A cargo bike by a shopping centre and a metro entrance, under a summer sky."""
    image = _sky_and_ground((120, 180, 235), (205, 230, 250), (150, 150, 150), 380)
    draw = ImageDraw.Draw(image)
    draw.rectangle([60, 170, 620, 380], fill=(225, 220, 210))  # the shopping centre
    for x in range(90, 560, 70):
        draw.rectangle([x, 200, x + 45, 250], fill=(120, 160, 200))
        draw.rectangle([x, 280, x + 45, 330], fill=(120, 160, 200))
    draw.rectangle([660, 250, 820, 380], fill=(240, 110, 30))  # the metro entrance
    draw.rectangle([700, 300, 780, 380], fill=(60, 60, 60))
    for cx in (330, 560):  # the bike: two wheels, a box in front, the frame and the rider's seat
        draw.ellipse([cx - 55, 430, cx + 55, 540], outline=(30, 30, 30), width=10)
    draw.rectangle([260, 360, 430, 450], fill=(0, 120, 110))
    draw.line([(430, 450), (520, 400), (560, 485)], fill=(30, 30, 30), width=10)
    draw.line([(520, 400), (505, 350)], fill=(30, 30, 30), width=8)
    draw.rectangle([485, 338, 530, 350], fill=(30, 30, 30))
    return _jpeg(image, "cargo-bike.jpg")


def garden_beds() -> ContentFile:
    """Raised garden beds with greens, by a row of blocks of flats."""
    rng = random.Random(7)  # noqa: S311 — the same picture every time, nothing secret
    image = _sky_and_ground((150, 200, 240), (230, 240, 250), (110, 165, 80), 300)
    draw = ImageDraw.Draw(image)
    for x in range(40, 900, 170):  # the blocks of flats
        draw.rectangle([x, 120, x + 130, 300], fill=(235, 225, 200))
        for y in range(140, 290, 35):
            draw.rectangle([x + 15, y, x + 50, y + 20], fill=(110, 140, 170))
            draw.rectangle([x + 80, y, x + 115, y + 20], fill=(110, 140, 170))
    draw.ellipse([800, 30, 880, 110], fill=(255, 215, 90))  # the sun
    for left in (80, 370, 660):  # three raised beds full of greens
        draw.rectangle([left, 420, left + 230, 520], fill=(140, 90, 50))
        for _ in range(40):
            x, y = rng.randint(left + 10, left + 220), rng.randint(385, 430)
            draw.ellipse([x - 12, y - 12, x + 12, y + 12], fill=(40, rng.randint(120, 170), 50))
    return _jpeg(image, "garden-beds.jpg")


def path_logo() -> ContentFile:
    """Polku Mobility's logo: a winding path on a teal disc, on a transparent background."""
    size = 400
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse([10, 10, size - 10, size - 10], fill=(0, 110, 100, 255))
    draw.line(
        [(120, 340), (250, 260), (140, 170), (280, 70)], fill=(255, 255, 255, 255), width=34, joint="curve"
    )
    out = io.BytesIO()
    image.save(out, "PNG")
    return ContentFile(out.getvalue(), name="polku-logo.png")


def project_plan() -> ContentFile:
    """A one-page PDF "project plan", attached to a demo proposal."""
    from PIL import ImageFont

    page = Image.new("RGB", (1240, 1754), "white")  # A4 at 150 dpi
    draw = ImageDraw.Draw(page)
    title, text = ImageFont.load_default(size=56), ImageFont.load_default(size=30)
    draw.text((120, 140), "Project plan", font=title, fill=(0, 90, 80))
    lines = [
        "AI chat assistant for customer service",
        "",
        "Weeks 1-2: the assistant reads the city's service pages",
        "Weeks 3-4: staff test it and correct its answers",
        "Weeks 5-6: residents use it on espoo.fi, rating each answer",
        "",
        "Budget: 25,000 euros (staff 18,000, hosting 4,000, workshops 3,000)",
    ]
    for row, line in enumerate(lines):
        draw.text((120, 280 + row * 56), line, font=text, fill=(30, 30, 30))
    out = io.BytesIO()
    page.save(out, "PDF", resolution=150)
    return ContentFile(out.getvalue(), name="Project plan.pdf")
