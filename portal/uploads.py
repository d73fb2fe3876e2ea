"""Files people upload: idea images, organization logos and the attachments of pilot proposals.

Nothing the browser says about a file is believed: not its name, not its Content-Type, not its
size. What the portal does instead, in one place for every upload:

- **Type by content.** An image must be one Pillow decodes (JPEG, PNG, WebP or GIF); an attachment
  is such an image or a PDF (it starts with `%PDF-` and ends with `%%EOF`). Anything else, a
  `.jpg` that is really HTML or PHP included, is refused with a message that says what is accepted.
- **Size.** Limits in settings (`UPLOAD_IMAGE_MAX_MB`, `UPLOAD_ATTACHMENT_MAX_MB`), checked on the
  bytes received; `UploadSizeCap` stops keeping a file's bytes past the largest limit, so a huge
  upload never lands on the disk. An image's pixel count is checked from its header before it is
  decoded (`UPLOAD_IMAGE_MAX_MEGAPIXELS`), which stops decompression bombs.
- **Re-encoding.** Every image is decoded and written anew: turned upright by its EXIF orientation,
  scaled to fit `UPLOAD_IMAGE_MAX_SIDE`, converted to sRGB, and saved with no metadata at all (no
  EXIF, so no GPS position or camera serial, no XMP, no comments, no colour profile). JPEG stays
  JPEG, WebP stays WebP, PNG and GIF become PNG (transparency kept; a GIF keeps its first frame).
- **Names.** Files are stored under random names (`uuid4`) with the extension of what the portal
  wrote. The name the person gave is kept only as display text, cleaned (`display_name`).
- **Where.** Public images go to the default storage (`MEDIA_ROOT`, served under `MEDIA_URL`);
  attachments go to the private storage (`PRIVATE_ROOT/uploads`), which has no URL at all: only
  views that check permission, object by object, hand them out (`file_response`).
- **Serving.** Every file response says its real type, `X-Content-Type-Options: nosniff`, and a
  Content Security Policy of `default-src 'none'; sandbox`, so even a crafted file opened in the
  browser runs nothing. Attachments are downloads (`Content-Disposition: attachment`), never cached.
- **Deletion.** A file goes when the row that holds it is deleted, or when it is replaced, after the
  transaction commits (`delete_after_commit`; `connect_file_cleanup` for deleted rows). Django keeps
  files on purpose, because a rolled-back delete would otherwise leave a row without its file.

The services (`ideas.services`, `accounts.services`, `pilots.services`) call `clean_image` /
`clean_attachment` and `store`; forms and API serializers only hand over the uploaded file, so the
pages and the API check exactly the same things.
"""

import io
import re
import unicodedata
import uuid
import warnings
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageCms, ImageOps

# What Pillow may open, and the format each is stored in.
IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "PDF": "pdf"}
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "pdf": "application/pdf"}
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,image/gif"
ATTACHMENT_ACCEPT = f"application/pdf,{IMAGE_ACCEPT}"

# The policy of every file response: the file may not run, load or frame anything.
FILE_CSP = "default-src 'none'; sandbox"


# --- Checking and re-encoding ---------------------------------------------------------------------


@dataclass(frozen=True)
class CleanFile:
    """An upload that passed the checks, ready to store: the bytes the portal wrote (or checked)."""

    content: bytes
    extension: str
    display_name: str
    width: int | None = None
    height: int | None = None

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.extension]

    @property
    def size(self) -> int:
        return len(self.content)

    def stored_name(self) -> str:
        return f"{uuid.uuid4().hex}.{self.extension}"


def _refuse(message: str, code: str, field: str | None) -> ValidationError:
    error = ValidationError(message, code=code)
    return ValidationError({field: error}) if field else error


def _read(upload, *, limit: int, field: str | None) -> bytes:
    """The upload's bytes, refusing an empty or too large one (by what arrives, not what is said)."""
    upload.seek(0)
    data = upload.read(limit + 1)
    size = max(getattr(upload, "size", 0) or 0, len(data))
    if size > limit:
        raise _refuse(
            _("The file is too large: %(size)s. The largest accepted is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            "too_big",
            field,
        )
    if not data:
        raise _refuse(_("The file is empty."), "empty", field)
    return data


def clean_image(upload, *, field: str | None = "image") -> CleanFile:
    """Check that `upload` is an image, then re-encode it without metadata. `ValidationError` (on
    `field`) with a message for people when it is not an image, too large, or has too many pixels."""
    data = _read(upload, limit=settings.UPLOAD_IMAGE_MAX_BYTES, field=field)
    return _reencode(data, display=getattr(upload, "name", ""), field=field)


def clean_attachment(upload, *, field: str | None = "file") -> CleanFile:
    """A PDF (checked, stored as sent) or an image (re-encoded as `clean_image` does)."""
    data = _read(upload, limit=settings.UPLOAD_ATTACHMENT_MAX_BYTES, field=field)
    display = getattr(upload, "name", "")
    if data.startswith(b"%PDF-"):
        # A PDF ends with %%EOF (possibly followed by a little whitespace or padding); a file that
        # only starts like one is cut short or something else in disguise.
        if b"%%EOF" not in data[-2048:]:
            raise _refuse(_("The PDF file is incomplete or damaged."), "damaged", field)
        return CleanFile(content=data, extension="pdf", display_name=display_name(display, "pdf"))
    return _reencode(data, display=display, field=field, not_image=_("Attach a PDF file or an image."))


def _reencode(data: bytes, *, display: str, field: str | None, not_image: str | None = None) -> CleanFile:
    not_image = not_image or _("The file is not an image. Choose a JPEG, PNG, WebP or GIF image.")
    max_pixels = settings.UPLOAD_IMAGE_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                source_format = probe.format
                width, height = probe.size
                if source_format in IMAGE_FORMATS and width * height <= max_pixels:
                    probe.verify()  # the structure and checksums, before anything is decoded
            if source_format not in IMAGE_FORMATS:
                raise _refuse(not_image, "not_an_image", field)
            if width * height > max_pixels:
                raise _refuse(
                    _("The image has too many pixels (%(width)s × %(height)s). "
                      "Make it smaller than %(megapixels)s megapixels and try again.")
                    % {"width": width, "height": height, "megapixels": max_pixels // 1_000_000},
                    "too_many_pixels",
                    field,
                )  # fmt: skip
            with Image.open(io.BytesIO(data)) as image:
                image.seek(0)  # the first frame of an animation
                clean = _redraw(image)
            out = io.BytesIO()
            output_format = IMAGE_FORMATS[source_format]
            if output_format == "JPEG":
                clean.save(out, "JPEG", quality=85, optimize=True, progressive=True)
            elif output_format == "WEBP":
                clean.save(out, "WEBP", quality=85, method=4)
            else:
                clean.save(out, "PNG", optimize=True)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(
            _("The image has too many pixels. Make it smaller and try again."), "too_many_pixels", field
        ) from None
    except Exception:  # a crafted or damaged file can make a decoder raise almost anything
        raise _refuse(not_image, "not_an_image", field) from None
    extension = EXTENSIONS[output_format]
    return CleanFile(
        content=out.getvalue(),
        extension=extension,
        display_name=display_name(display, extension),
        width=clean.width,
        height=clean.height,
    )


def _redraw(image: Image.Image) -> Image.Image:
    """The picture alone: upright, bounded in size, in sRGB, with no metadata left."""
    side = settings.UPLOAD_IMAGE_MAX_SIDE
    if image.format == "JPEG":
        # Lets the JPEG decoder scale down by 1/2…1/8 while decoding: far less memory for a big photo.
        image.draft("RGB", (side, side))
    image.load()
    icc = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA", "L", "LA") or "transparency" in image.info:
        # Palettes, CMYK, 16-bit and colour-keyed transparency become plain RGB(A).
        has_alpha = "A" in image.getbands() or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    if icc and image.mode in ("RGB", "RGBA"):
        image = _to_srgb(image, icc)
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    # A fresh image with the pixels only: nothing of the source's `info` (EXIF, XMP, comments,
    # colour profile, PNG text chunks) can reach the encoder.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    clean.info = {}
    return clean


def _to_srgb(image: Image.Image, icc: bytes) -> Image.Image:
    """Colours as the profile meant them, in sRGB, so the profile itself can be dropped."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # a broken profile: keep the pixels as they are


def display_name(raw: str, extension: str) -> str:
    """The name a person gave a file, safe to show and to offer as a download name: no folders,
    no control or markup characters, at most 100 characters, and the extension of what is stored."""
    name = unicodedata.normalize("NFC", str(raw or "")).replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name.strip(".") else name
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] in "LNZ" or ch in "-_.,()&+'")
    stem = re.sub(r"\s+", " ", stem).strip(" .-")[:90].strip(" .-")
    if not stem:
        stem = _("file")
    return f"{stem}.{extension}"


# --- Form fields ----------------------------------------------------------------------------------


def _image_help() -> str:
    return _(
        "JPEG, PNG, WebP or GIF, at most %(size)s. The portal removes the location and other "
        "information that cameras store in the file."
    ) % {"size": filesizeformat(settings.UPLOAD_IMAGE_MAX_BYTES)}


def _attachment_help() -> str:
    return _(
        "A PDF file or an image, at most %(size)s each, %(count)s files in all. Only your team, the "
        "challenge's curators and its evaluators can download them."
    ) % {
        "size": filesizeformat(settings.UPLOAD_ATTACHMENT_MAX_BYTES),
        "count": settings.PILOT_ATTACHMENTS_MAX,
    }


# The services check every upload; a form checks it too, so that a bad file is reported on the form
# together with the other fields' mistakes (the services would only see it once those are fixed).


def _form_checks_image(upload) -> None:
    clean_image(upload, field=None)


def _form_checks_attachment(upload) -> None:
    clean_attachment(upload, field=None)


def image_form_field(label) -> forms.FileField:
    """The file input of a form that takes an image."""
    return forms.FileField(
        label=label,
        required=False,
        help_text=lazy(_image_help, str)(),
        validators=[_form_checks_image],
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
    )


def attachment_form_field(label) -> forms.FileField:
    """The file input of a form that takes a proposal's attachment."""
    return forms.FileField(
        label=label,
        help_text=lazy(_attachment_help, str)(),
        error_messages={"required": gettext_lazy("Choose a file to attach.")},
        validators=[_form_checks_attachment],
        widget=forms.FileInput(attrs={"accept": ATTACHMENT_ACCEPT}),
    )


# --- Storing and deleting -------------------------------------------------------------------------


class PrivateStorage(FileSystemStorage):
    """Confidential uploads under `PRIVATE_ROOT/uploads`. It has no URL: a view that checks the
    person's permission reads the file and sends it (`file_response`)."""

    @cached_property
    def base_location(self):
        return str(Path(settings.PRIVATE_ROOT) / "uploads")

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("Private files have no URL; a permission-checked view serves them.")


def private_storage():
    """The storage of confidential uploads (`STORAGES["private"]`), for `FileField(storage=...)`."""
    return storages["private"]


class UploadField(models.FileField):
    """A file a person uploaded through `portal.uploads`. Not editable in model forms or the admin
    (which would skip the checks); its file is deleted with its row (`connect_file_cleanup`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)


def store(field_file, clean: CleanFile) -> None:
    """Write the file under a new random name into the field (the row is saved by the caller)."""
    field_file.save(clean.stored_name(), ContentFile(clean.content), save=False)


def delete_after_commit(field_file) -> None:
    """Delete the stored file once the current transaction commits (at once outside one). If it
    rolls back, the row still names the file, and the file is still there."""
    name, storage = field_file.name, field_file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _delete_files_of(sender, instance, **kwargs):
    for field in sender._meta.concrete_fields:
        if isinstance(field, UploadField):
            delete_after_commit(getattr(instance, field.attname))


def connect_file_cleanup() -> None:
    """Delete the files of a row with upload fields when the row is deleted, whoever deletes it
    (a service, a cascade, the admin). Called once from `PortalConfig.ready`."""
    from django.apps import apps

    for model in apps.get_models():
        if any(isinstance(field, UploadField) for field in model._meta.concrete_fields):
            post_delete.connect(_delete_files_of, sender=model, dispatch_uid=f"uploads-{model._meta.label}")


class UploadSizeCap(FileUploadHandler):
    """The first upload handler: once a file is larger than any upload limit, its further bytes are
    dropped and it arrives as an empty `OversizedUpload` that knows its real size, which the checks
    refuse as too large. The whole request still has to arrive, so a proxy in front should limit
    request bodies too (see README)."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        limit = max(settings.UPLOAD_IMAGE_MAX_BYTES, settings.UPLOAD_ATTACHMENT_MAX_BYTES)
        return None if self.received > limit else raw_data

    def file_complete(self, file_size):
        limit = max(settings.UPLOAD_IMAGE_MAX_BYTES, settings.UPLOAD_ATTACHMENT_MAX_BYTES)
        if self.received > limit:
            return OversizedUpload(self.file_name, self.received)
        return None


class OversizedUpload(UploadedFile):
    def __init__(self, name: str, size: int):
        super().__init__(io.BytesIO(), name=name, content_type="application/octet-stream", size=size)


# --- Serving --------------------------------------------------------------------------------------

# What the media view serves: the files `store` writes into the public storage, and nothing else.
PUBLIC_NAME = re.compile(r"^(?:[a-z]+/)+[0-9a-f]{32}\.(?:jpg|png|webp)$")


def file_response(storage, name: str, *, download_name: str = "", attachment: bool = True) -> FileResponse:
    """A stored file, with its type from the extension the portal gave it and the safe headers; 404
    if it is missing from the storage."""
    extension = Path(name).suffix.lstrip(".").lower()
    if extension not in CONTENT_TYPES:
        raise Http404
    try:
        handle = storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=attachment,
        filename=download_name or None,
        content_type=CONTENT_TYPES[extension],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    if attachment:
        response["Cross-Origin-Resource-Policy"] = "same-origin"
        response["Cache-Control"] = "private, no-store"
    return response


def public_file_response(name: str) -> FileResponse:
    """A public upload by its stored name (`ideas/….jpg`), for the media view. Each upload gets a
    new name, so a file never changes and may be cached for a year."""
    if not PUBLIC_NAME.match(name):
        raise Http404
    response = file_response(default_storage, name, attachment=False)
    # Public pictures that API clients and other sites may show, unlike the attachments.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
