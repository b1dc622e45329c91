"""The one way an uploaded file becomes a stored file: photos, site plans, evidence documents, and later modules'.

An image costs its pixels, not its bytes (a 67-byte PNG can claim 30,000 × 30,000), so the order matters:

1. the byte size, from what the upload declares, before anything is read;
2. the format and the pixel size from the header alone (``Image.open`` decodes nothing), refused above
   ``ZEROHARM_IMAGE_MAX_MEGAPIXELS`` before a single pixel is decoded; Pillow's own decompression-bomb limit is
   the same number (``pillow_limit_apply``, at start-up), and its error or warning becomes the same refusal;
3. decoded and re-encoded: turned as the EXIF orientation says (a phone photo stays upright) and stripped of
   every piece of metadata (EXIF with the phone and GPS position, XMP, ICC, comments, PNG text); photos become
   a JPEG of bounded size, plans keep every pixel (risk points sit on them in percent) as PNG or JPEG;
4. stored under a generated name; the name the user gave is kept only as metadata, where a model has a field.

Documents (PDF, Word, Excel, MP4) are size-checked before reading, recognised by their first bytes and renamed.
A refusal is a ValidationError on the given field: a form error on a page, a 400 naming the field on the API.
"""

from __future__ import annotations

import base64
import binascii
import io
import os
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageFile, ImageOps

__all__ = [
    "MAX_PHOTOS",
    "ImageRule",
    "PHOTO",
    "PLAN",
    "DocumentRule",
    "DOCUMENT",
    "COURSE_MATERIAL",
    "SIGNED_PDF",
    "CleanFile",
    "image_clean",
    "SIGNATURE",
    "drawing_clean",
    "photos_clean",
    "file_clean",
    "max_pixels",
    "pillow_limit_apply",
]

MB = 1024 * 1024
MAX_PHOTOS = 6
# What a phone's gallery offers as a photo; anything else among evidence files is a document.
PHOTO_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic"})
PNG_MODES = frozenset({"1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"})


@dataclass(frozen=True)
class ImageRule:
    """What one kind of image upload accepts, and how it is stored."""

    formats: tuple[str, ...]  # the Pillow decoders trusted with it, no other one is even tried (JPEG covers MPO)
    max_bytes: int
    not_image: str  # the refusal (lazy) when it is not one of `formats`; may use %(name)s
    max_side: int | None = None  # shrink the longest side to this (photos); None keeps every pixel (plans)
    keep_png: bool = False  # a PNG stays PNG (drawings stay sharp); everything else is stored as JPEG
    jpeg_quality: int = 85


PHOTO = ImageRule(
    formats=("JPEG", "PNG", "WEBP", "GIF"),
    max_bytes=10 * MB,
    not_image=gettext_lazy("%(name)s is not a photo (JPEG, PNG, WebP or HEIF-converted JPEG)."),
    max_side=2000,
)
PLAN = ImageRule(
    formats=("PNG", "JPEG"),
    max_bytes=5 * MB,
    not_image=gettext_lazy("The file is not a PNG or JPEG image."),
    keep_png=True,
    jpeg_quality=90,
)

# A signature drawn on the page's canvas: a small PNG, kept as PNG (sharp strokes), re-encoded without metadata.
SIGNATURE = ImageRule(
    formats=("PNG",),
    max_bytes=1 * MB,
    not_image=gettext_lazy("The signature is not a drawing: sign again."),
    max_side=None,
    keep_png=True,
)
DATA_URL_PNG = "data:image/png;base64,"


@dataclass(frozen=True)
class DocumentRule:
    """Files that are not images: recognised by their content, not only by their name."""

    signatures: dict[str, tuple[bytes, ...]]  # extension → bytes of which one must be in the first 12
    max_bytes: int
    not_allowed: str  # the refusal (lazy), with %(name)s


DOCUMENT = DocumentRule(
    signatures={".pdf": (b"%PDF",), ".docx": (b"PK\x03\x04",), ".xlsx": (b"PK\x03\x04",), ".mp4": (b"ftyp",)},
    max_bytes=20 * MB,
    not_allowed=gettext_lazy("%(name)s is not a PDF, Word, Excel or MP4 file, or a photo."),
)

# Training materials (training.CourseMaterial): slides and videos, larger than evidence. A .pptx is a zip like a .docx.
COURSE_MATERIAL = DocumentRule(
    signatures={".pdf": (b"%PDF",), ".docx": (b"PK\x03\x04",), ".pptx": (b"PK\x03\x04",), ".mp4": (b"ftyp",)},
    max_bytes=200 * MB,
    not_allowed=gettext_lazy("%(name)s is not a PDF, Word, PowerPoint or MP4 file, or a photo."),
)


# A signed PDF brought to the verification page (core.views_signatures): read, checked, never stored.
SIGNED_PDF = DocumentRule(
    signatures={".pdf": (b"%PDF",)},
    max_bytes=20 * MB,
    not_allowed=gettext_lazy("%(name)s is not a PDF file."),
)


@dataclass(frozen=True)
class CleanFile:
    """A checked upload ready for a FileField: `file` bears a generated name, `original_name` is metadata only."""

    file: File
    original_name: str
    width: int = 0
    height: int = 0


def max_pixels() -> int:
    return settings.ZEROHARM_IMAGE_MAX_MEGAPIXELS * 1_000_000


def pillow_limit_apply() -> None:
    """Pillow warns above MAX_IMAGE_PIXELS and refuses above twice it, wherever it opens an image: our limit."""
    Image.MAX_IMAGE_PIXELS = max_pixels()


#
# Images
#


def image_clean(upload, *, rule: ImageRule = PHOTO, field: str | None = "photos") -> CleanFile:
    """The upload checked and re-encoded under `rule`, or a ValidationError on `field` (None: not a dict)."""
    _check_bytes(upload, rule.max_bytes, field)
    image = _opened(upload, rule, field)
    try:
        source_format = image.format
        _decode(image, upload, rule, field)
        data, extension, (width, height) = _encoded(image, rule, source_format)
    finally:
        image.close()
    return CleanFile(ContentFile(data, name=_generated(extension)), upload.name or "", width, height)


def drawing_clean(data_url: str, *, field: str | None, rule: ImageRule = SIGNATURE) -> CleanFile:
    """A drawing a page sends as a canvas's `data:image/png;base64,…` text, checked like any upload under `rule`."""
    if not data_url.startswith(DATA_URL_PNG):
        raise _refusal(field, str(rule.not_image))
    encoded = data_url[len(DATA_URL_PNG) :]
    if len(encoded) * 3 // 4 > rule.max_bytes:  # before decoding: the text's length gives the size
        raise _refusal(field, _("The drawing is larger than %(mb)s MB.") % {"mb": rule.max_bytes // MB})
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise _refusal(field, str(rule.not_image)) from None
    clean = image_clean(ContentFile(data, name="drawing.png"), rule=rule, field=field)
    if not _has_ink(clean.file):
        raise _refusal(field, _("The drawing is empty: sign with your finger or the mouse, or leave it out."))
    return clean


def _has_ink(file) -> bool:
    """Whether a re-encoded drawing has a stroke: a canvas is transparent until drawn on (a white one, dark marks)."""
    file.seek(0)
    with Image.open(file) as image:
        if "A" in image.getbands():
            marked = image.getchannel("A").getbbox() is not None
        else:
            marked = ImageOps.invert(image.convert("L")).getbbox() is not None
    file.seek(0)
    return marked


def photos_clean(files, *, field: str = "photos", max_count: int = MAX_PHOTOS) -> list[CleanFile]:
    """Several photos of one input: at most `max_count`, each through `image_clean`; empty inputs skipped."""
    files = [f for f in files or [] if f]
    if len(files) > max_count:
        raise _refusal(field, _("At most %(n)s photos.") % {"n": max_count})
    return [image_clean(upload, rule=PHOTO, field=field) for upload in files]


def _opened(upload, rule: ImageRule, field: str | None) -> Image.Image:
    """The image with only its header read: refused unless one of `rule.formats` of at most `max_pixels()`."""
    upload.seek(0)
    try:
        image = Image.open(upload, formats=rule.formats)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _refusal(field, _too_many_pixels(upload.name, _header_size(upload, rule.formats))) from exc
    except Exception as exc:  # UnidentifiedImageError, or a plugin's OSError, SyntaxError, struct.error…
        raise _refusal(field, rule.not_image % {"name": upload.name}) from exc
    if image.width * image.height > max_pixels():
        image.close()
        raise _refusal(field, _too_many_pixels(upload.name, image.size))
    return image


def _header_size(upload, formats: tuple[str, ...]) -> tuple[int, int] | None:
    """Width and height for the message when Pillow refused first (its error gives only a pixel count).

    The format's plugin alone parses the header without Pillow's bomb check, and still decodes nothing."""
    for name in formats:
        upload.seek(0)
        try:
            with Image.OPEN[name][0](upload) as image:
                return image.size
        except Exception:  # noqa: S112 - not this format (or WebP, which checks inside): try the next
            continue
    return None


def _too_many_pixels(name: str, size: tuple[int, int] | None) -> str:
    limit = settings.ZEROHARM_IMAGE_MAX_MEGAPIXELS
    if size is None:
        return _("%(name)s has too many pixels; at most %(mp)s megapixels are accepted.") % {"name": name, "mp": limit}
    width, height = (number_format(n, force_grouping=True) for n in size)
    return _("%(name)s is %(width)s × %(height)s pixels; at most %(mp)s megapixels are accepted.") % {
        "name": name,
        "width": width,
        "height": height,
        "mp": limit,
    }


@contextmanager
def _strict_decoding():
    """A cut file must be refused, but WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process once
    it is imported (any PDF): decode uploads with it off. (Sync workers: one request per process at a time.)"""
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _decode(image: Image.Image, upload, rule: ImageRule, field: str | None) -> None:
    """Decode the pixels (a photo's JPEG at 1/2, 1/4 or 1/8 scale when that still covers `max_side`) and turn
    them upright as the EXIF orientation says."""
    if rule.max_side:
        image.draft("RGB", (rule.max_side, rule.max_side))
    try:
        with _strict_decoding():
            image.load()
        ImageOps.exif_transpose(image, in_place=True)
    except Exception as exc:  # a truncated or corrupt file fails only here, with any of Pillow's error types
        raise _refusal(field, rule.not_image % {"name": upload.name}) from exc


def _encoded(image: Image.Image, rule: ImageRule, source_format: str | None) -> tuple[bytes, str, tuple[int, int]]:
    """The pixels alone as PNG or JPEG, with the extension and the size: no metadata of the upload passes,
    because Pillow's writers copy some of it (ICC, JPEG comment, transparency) from `info` unless it is emptied."""
    out = io.BytesIO()
    if rule.keep_png and source_format == "PNG":
        if image.mode not in PNG_MODES:
            image = image.convert("RGBA")
        transparency = image.info.get("transparency")
        image.info = {}
        image.save(out, "PNG", **({"transparency": transparency} if transparency is not None else {}))
        return out.getvalue(), ".png", image.size
    if image.mode not in ("RGB", "RGBA", "L", "LA"):  # palette, 1-bit, CMYK…: to a mode that resamples well
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if rule.max_side:
        image.thumbnail((rule.max_side, rule.max_side))  # first: the conversions below then work on few pixels
    if image.mode in ("RGBA", "LA"):  # transparent parts white, as a page shows them, not a bare convert's black
        image = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image).convert("RGB")
    image.info = {}
    image.save(out, "JPEG", quality=rule.jpeg_quality)
    return out.getvalue(), ".jpg", image.size


#
# Any file: photos among them re-encoded, documents recognised by content
#


def file_clean(upload, *, field: str | None = "files", rule: DocumentRule = DOCUMENT) -> CleanFile:
    """An evidence file: a photo (by its extension) goes through `image_clean`; a document must be one of
    `rule.signatures` by its first bytes, and is stored as it came, under a generated name."""
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension in PHOTO_EXTENSIONS:
        return image_clean(upload, rule=PHOTO, field=field)
    _check_bytes(upload, rule.max_bytes, field)
    signatures = rule.signatures.get(extension, ())
    head = b""
    if signatures:
        upload.seek(0)
        head = upload.read(16)[:12]
        upload.seek(0)
    if not any(signature in head for signature in signatures):
        raise _refusal(field, rule.not_allowed % {"name": upload.name})
    return CleanFile(File(upload, name=_generated(extension)), upload.name or "")


def _check_bytes(upload, max_bytes: int, field: str | None) -> None:
    if upload.size > max_bytes:
        raise _refusal(field, _("%(name)s is larger than %(mb)s MB.") % {"name": upload.name, "mb": max_bytes // MB})


def _refusal(field: str | None, message: str) -> ValidationError:
    return ValidationError({field: message} if field else message)


def _generated(extension: str) -> str:
    return f"{uuid.uuid4().hex}{extension}"
