"""Uploads for the tests: real images, a phone photo with GPS and orientation, and huge images that stay tiny.

A huge image is a 1 × 1 PNG whose header (IHDR) is rewritten to claim any size, with a valid checksum:
Pillow reads the size from the header alone, so it is refused (or not) exactly as a real one would be,
while the file stays 67 bytes and nothing ever decodes its pixels.
"""

from __future__ import annotations

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, PngImagePlugin

__all__ = ["forged_png", "phone_photo", "png", "png_bytes", "jpeg_bytes"]


def png_bytes(width: int = 40, height: int = 30, *, mode: str = "RGB", text: dict | None = None) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    out = io.BytesIO()
    Image.new(mode, (width, height), "white" if mode != "1" else 1).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def png(name: str = "plan.png", width: int = 40, height: int = 30, **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(width, height, **kwargs), content_type="image/png")


def forged_png(width: int, height: int, name: str = "huge.png") -> SimpleUploadedFile:
    data = bytearray(png_bytes(1, 1, mode="1"))
    data[16:24] = struct.pack(">II", width, height)  # IHDR width and height
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))  # the chunk's CRC over type and data
    return SimpleUploadedFile(name, bytes(data), content_type="image/png")


def jpeg_bytes(width: int = 60, height: int = 40, *, mode: str = "RGB", exif: Image.Exif | None = None) -> bytes:
    image = Image.new(mode, (width, height), "white")
    if mode == "RGB":
        image.paste((255, 0, 0), (0, 0, width, height // 4))  # a red top band, to see which way it was turned
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def phone_photo(name: str = "IMG_0001.jpg", width: int = 60, height: int = 40) -> SimpleUploadedFile:
    """As a phone stores a portrait shot: landscape pixels, Orientation 6 (turn 90° clockwise), and where it was."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Reporter's phone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (31.0, 14.0, 2.5)
    return SimpleUploadedFile(name, jpeg_bytes(width, height, exif=exif), content_type="image/jpeg")
