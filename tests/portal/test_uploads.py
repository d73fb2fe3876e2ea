"""portal.uploads: what an upload must be, what is stored of it, and how it is served."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, ImageCms

from portal import uploads
from tests.portal.files import (
    CAMERA,
    HTML_AS_JPEG,
    PHP_AS_JPEG,
    image_bytes,
    jpeg_with_gps,
    noise_png,
    pdf_bytes,
    upload,
)


def _codes(error: ValidationError) -> list[str]:
    return [e.code for errors in error.error_dict.values() for e in errors]


def _opened(clean: uploads.CleanFile) -> Image.Image:
    return Image.open(io.BytesIO(clean.content))


# --- Images are re-encoded without metadata -------------------------------------------------------


def test_a_photo_with_a_gps_position_is_stored_without_any_metadata():
    clean = uploads.clean_image(upload("holiday.jpg", jpeg_with_gps()))

    stored = _opened(clean)
    assert stored.format == "JPEG" and clean.extension == "jpg"
    assert len(stored.getexif()) == 0
    assert not stored.getexif().get_ifd(0x8825)
    assert "exif" not in stored.info and "comment" not in stored.info
    for trace in (b"Exif", CAMERA.encode(), b"taken at home"):
        assert trace not in clean.content


def test_the_photo_is_turned_upright_by_its_orientation_tag():
    # Orientation 6: the camera was held sideways; the pixels are stored 400 wide, shown 200 wide.
    clean = uploads.clean_image(upload("sideways.jpg", jpeg_with_gps(size=(400, 200), orientation=6)))
    assert (clean.width, clean.height) == (200, 400) == _opened(clean).size


def test_a_large_image_is_scaled_to_fit_the_longest_side(settings):
    settings.UPLOAD_IMAGE_MAX_SIDE = 100
    clean = uploads.clean_image(upload("wide.png", image_bytes("PNG", size=(400, 200)), "image/png"))
    assert _opened(clean).size == (100, 50)


def test_colour_profiles_are_converted_to_srgb_and_dropped():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    # PNG: Pillow would copy the source's profile into a PNG it writes, unless the portal drops it.
    data = image_bytes("PNG", icc_profile=profile)
    assert "icc_profile" in Image.open(io.BytesIO(data)).info
    clean = uploads.clean_image(upload("p.png", data, "image/png"))
    assert "icc_profile" not in _opened(clean).info


@pytest.mark.parametrize(
    ("fmt", "mode", "stored_format", "stored_mode"),
    [
        ("PNG", "RGBA", "PNG", "RGBA"),  # a logo keeps its transparency
        ("WEBP", "RGB", "WEBP", "RGB"),
        ("GIF", "P", "PNG", "RGB"),  # the first frame, as PNG
        ("JPEG", "CMYK", "JPEG", "RGB"),  # printers' colours, for screens
    ],
)
def test_each_accepted_format_is_stored_in_a_format_for_the_web(fmt, mode, stored_format, stored_mode):
    color = (10, 20, 30, 128) if mode in ("RGBA", "CMYK") else 1 if mode == "P" else (10, 20, 30)
    clean = uploads.clean_image(upload(f"x.{fmt.lower()}", image_bytes(fmt, mode=mode, color=color)))
    stored = _opened(clean)
    assert (stored.format, stored.mode) == (stored_format, stored_mode)
    assert (
        clean.content_type == {"PNG": "image/png", "WEBP": "image/webp", "JPEG": "image/jpeg"}[stored_format]
    )


def test_a_gif_with_php_in_its_comment_loses_it_in_the_re_encoding():
    data = image_bytes("GIF", mode="P", color=1, comment=PHP_AS_JPEG)
    assert PHP_AS_JPEG in data
    clean = uploads.clean_image(upload("polyglot.gif", data, "image/gif"))
    assert b"<?php" not in clean.content and clean.extension == "png"


# --- What is refused --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        HTML_AS_JPEG,
        PHP_AS_JPEG,
        b"GIF89a" + PHP_AS_JPEG,  # a GIF header and nothing of a picture after it
        b"%PDF-1.4\n%%EOF",  # a PDF is no image
        image_bytes("BMP"),  # an image, but not one the portal takes
        image_bytes("JPEG")[:300],  # a photo cut short
    ],
    ids=["html", "php", "gif-header-php", "pdf", "bmp", "truncated"],
)
def test_a_file_that_is_not_an_accepted_image_is_refused_whatever_its_name(content):
    with pytest.raises(ValidationError) as refused:
        uploads.clean_image(upload("cat.jpg", content, "image/jpeg"))
    assert _codes(refused.value) == ["not_an_image"]
    assert "not an image" in str(refused.value)


def test_a_file_over_the_limit_is_refused_saying_the_limit(settings):
    settings.UPLOAD_IMAGE_MAX_BYTES = 2000
    with pytest.raises(ValidationError) as refused:
        uploads.clean_image(upload("big.png", noise_png(), "image/png"))
    assert _codes(refused.value) == ["too_big"]
    assert "largest accepted is 2.0\xa0KB" in refused.value.messages[0]


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as refused:
        uploads.clean_image(upload("empty.jpg", b""))
    assert _codes(refused.value) == ["empty"]


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a size and holds almost nothing: a few hundred bytes that would decode
    into gigabytes (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("side", [8000, 100_000], ids=["over-the-portal-limit", "over-pillow-limit"])
def test_a_pixel_bomb_is_refused_before_it_is_decoded(side):
    data = _png_header_only(side, side)
    assert len(data) < 1000
    with pytest.raises(ValidationError) as refused:
        uploads.clean_image(upload("bomb.png", data, "image/png"))
    assert _codes(refused.value) == ["too_many_pixels"]


# --- Attachments --------------------------------------------------------------------------------


def test_a_pdf_attachment_is_kept_as_it_is():
    data = pdf_bytes()
    clean = uploads.clean_attachment(upload("plan.pdf", data, "application/pdf"))
    assert (clean.content, clean.extension, clean.content_type) == (data, "pdf", "application/pdf")


def test_an_image_attachment_is_re_encoded_like_any_image():
    clean = uploads.clean_attachment(upload("site.jpg", jpeg_with_gps()))
    assert clean.extension == "jpg" and CAMERA.encode() not in clean.content


@pytest.mark.parametrize(
    "content",
    [HTML_AS_JPEG, PHP_AS_JPEG, b"%PDF-1.7\n<html><script>alert(1)</script>", b"PK\x03\x04 a zip"],
    ids=["html", "php", "pdf-without-end", "zip"],
)
def test_anything_but_a_pdf_or_an_image_is_refused_as_an_attachment(content):
    with pytest.raises(ValidationError) as refused:
        uploads.clean_attachment(upload("plan.pdf", content, "application/pdf"))
    assert _codes(refused.value)[0] in ("not_an_image", "damaged")


# --- Names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\aino\\Budget plan.pdf", "Budget plan.pdf"),
        ("<script>alert(1)</script>.pdf", "script.pdf"),
        ("<img src=x onerror=alert(1)>.pdf", "img src=x onerror=alert(1).pdf".replace("=", "")),
        ("invoice\u202efdp.exe", "invoicefdp.pdf"),  # a right-to-left override, to fake the extension
        ("line\nbreak\x00.pdf", "linebreak.pdf"),
        ("Hyvä ehdotus – Äänekoski.PDF", "Hyvä ehdotus Äänekoski.pdf"),
        (".htaccess", "htaccess.pdf"),
        ("...", "file.pdf"),
        ("", "file.pdf"),
    ],
)
def test_a_file_name_is_only_display_text_and_is_cleaned(given, shown):
    assert uploads.display_name(given, "pdf") == shown


def test_a_long_file_name_is_cut():
    assert len(uploads.display_name("a" * 500 + ".pdf", "pdf")) <= 100


def test_stored_files_get_random_names_whatever_they_were_called(media_root):
    clean = uploads.clean_image(upload("../../../etc/<script>.jpg", jpeg_with_gps()))
    names = {clean.stored_name() for _ in range(3)}
    assert len(names) == 3
    assert all(uploads.PUBLIC_NAME.match(f"ideas/{name}") for name in names)


# --- Too large uploads do not land on the disk ----------------------------------------------------


def test_the_upload_handler_stops_keeping_bytes_past_the_limit(settings, rf):
    settings.UPLOAD_IMAGE_MAX_BYTES = settings.UPLOAD_ATTACHMENT_MAX_BYTES = 1000
    handler = uploads.UploadSizeCap(rf.post("/"))
    handler.new_file("file", "huge.jpg", "image/jpeg", 0)
    assert handler.receive_data_chunk(b"x" * 600, 0) == b"x" * 600
    assert handler.receive_data_chunk(b"x" * 600, 600) is None  # past the limit: dropped
    assert handler.receive_data_chunk(b"x" * 600, 1200) is None
    oversized = handler.file_complete(1800)
    assert oversized.size == 1800 and oversized.read() == b""
    with pytest.raises(ValidationError) as refused:
        uploads.clean_image(oversized)
    assert _codes(refused.value) == ["too_big"]


def test_a_small_upload_passes_the_handler_untouched(settings, rf):
    handler = uploads.UploadSizeCap(rf.post("/"))
    handler.new_file("file", "small.jpg", "image/jpeg", 0)
    assert handler.receive_data_chunk(b"abc", 0) == b"abc"
    assert handler.file_complete(3) is None  # the next handler makes the file


# --- Serving public files -------------------------------------------------------------------------


def _stored_public(data: bytes) -> str:
    clean = uploads.clean_image(upload("x.png", data, "image/png"))
    return default_storage.save(f"ideas/{clean.stored_name()}", io.BytesIO(clean.content))


def test_the_media_view_serves_a_public_image_with_safe_headers(client, media_root):
    name = _stored_public(image_bytes("PNG"))
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "immutable" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "address",
    [
        "/media/../portal/settings.py",
        "/media/ideas/../../portal/settings.py",
        "/media/ideas/%2e%2e/%2e%2e/manage.py",
        "/media/ideas/0123456789abcdef0123456789abcdef.html",
        "/media/ideas/0123456789abcdef0123456789abcdef.png",  # a name that was never stored
        "/media/pilots/0123456789abcdef0123456789abcdef.pdf",  # attachments are never media
        "/media/exports/anything.json",
    ],
)
def test_the_media_view_serves_nothing_but_stored_public_images(client, media_root, address):
    assert client.get(address).status_code == 404


def test_the_media_view_only_reads(client, media_root):
    name = _stored_public(image_bytes("PNG"))
    assert client.post(f"/media/{name}").status_code == 405


# --- Files go with their rows ---------------------------------------------------------------------


def test_a_deleted_rows_file_is_deleted_after_the_commit(db, media_root, django_capture_on_commit_callbacks):
    from tests.ideas.factories import IdeaFactory

    idea = IdeaFactory(image_alt="A red square.")
    uploads.store(idea.image, uploads.clean_image(upload("x.jpg", jpeg_with_gps())))
    idea.save()
    name = idea.image.name
    assert default_storage.exists(name)

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        type(idea).objects.filter(pk=idea.pk).delete()  # a bulk delete, as a cascade or the admin does
        transaction.set_rollback(True)
    assert callbacks == [] and default_storage.exists(name)  # rolled back: the file stays

    with django_capture_on_commit_callbacks(execute=True):
        idea.delete()
    assert not default_storage.exists(name)


# --- What people type about their files is rendered inert ----------------------------------------


def test_image_descriptions_and_file_names_with_xss_payloads_render_inert(client, media_root, official):
    from ideas import services as idea_services
    from pilots import services as pilot_services
    from tests.pilots.factories import PilotFactory
    from tests.portal.test_xss import PAYLOADS, executable_parts

    payload = " ".join(PAYLOADS)

    idea = idea_services.idea_create(
        actor=official,
        title="Benches",
        body="More benches.",
        image=upload(payload[:200] + ".jpg", jpeg_with_gps()),
        image_alt=payload[:250],
    )
    pilot = PilotFactory(created_by=official)
    pilot_services.attachment_add(
        actor=official, pilot=pilot, file=upload(payload[:200] + ".pdf", pdf_bytes(), "application/pdf")
    )
    client.force_login(official)
    for url in (idea.get_absolute_url(), f"/en/ideas/{idea.pk}/edit/", pilot.get_absolute_url()):
        assert not executable_parts(client.get(url).content.decode()), url
