"""Files for upload tests, made in memory: images with and without metadata, PDFs, impostors."""

import io
import os
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

CAMERA = "SpyCam 3000"
GPS = {1: "N", 2: (60.0, 10.0, 30.5), 3: "E", 4: (24.0, 39.0, 20.0)}  # Espoo, to the second


def image_bytes(fmt="JPEG", size=(400, 200), mode="RGB", color=(200, 30, 30), **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, fmt, **save)
    return out.getvalue()


def jpeg_with_gps(size=(400, 200), orientation=None) -> bytes:
    """A photo as a phone writes it: camera make, GPS position, a comment, maybe an orientation."""
    exif = Image.Exif()
    exif[0x010F] = CAMERA  # Make
    if orientation:
        exif[0x0112] = orientation
    exif.get_ifd(0x8825).update(GPS)
    data = image_bytes("JPEG", size=size, exif=exif, comment=b"taken at home")
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825), "the test photo must carry GPS"
    return data


def noise_png(side=100) -> bytes:
    """A PNG that does not compress: about 3 bytes a pixel."""
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG")
    return out.getvalue()


def pdf_bytes() -> bytes:
    """A one-page PDF, the same bytes every time (its dates fixed)."""
    out = io.BytesIO()
    moment = time.gmtime(0)
    Image.new("RGB", (200, 280), "white").save(out, "PDF", creationDate=moment, modDate=moment)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    """What a browser would send; its name and content type are whatever the sender claims."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def photo(name="photo.jpg") -> SimpleUploadedFile:
    return upload(name, jpeg_with_gps())


HTML_AS_JPEG = b"<html><script>alert(document.cookie)</script></html>"
PHP_AS_JPEG = b"<?php system($_GET['cmd']); ?>"
