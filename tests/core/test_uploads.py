"""core.uploads: bytes first, pixels from the header before decoding, every image re-encoded, every name generated."""

from __future__ import annotations

import contextlib
import io
import re
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageFile

from tests.support.images import forged_png, jpeg_bytes, phone_photo, png, png_bytes
from zeroharm.core import uploads

GENERATED = r"[0-9a-f]{32}"


def opened(clean: uploads.CleanFile) -> Image.Image:
    clean.file.seek(0)
    return Image.open(io.BytesIO(clean.file.read()))


def unreadable() -> mock.NonCallableMock:
    """An upload's file object that fails the test when read, or rewound for reading."""
    return mock.NonCallableMock(**{"read.side_effect": AssertionError("read"), "seek.side_effect": AssertionError})


@contextlib.contextmanager
def no_decoding():
    """Fails the test if any pixel is decoded inside: the refusal must come from the header alone."""
    with (
        mock.patch.object(ImageFile.ImageFile, "load", autospec=True) as file_load,
        mock.patch.object(Image.Image, "load", autospec=True) as image_load,
    ):
        yield
    assert not file_load.called and not image_load.called, "pixels were decoded before the refusal"


def test_pillow_refuses_what_the_setting_refuses(settings):
    assert settings.ZEROHARM_IMAGE_MAX_MEGAPIXELS == 40
    assert Image.MAX_IMAGE_PIXELS == 40_000_000


@pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")  # under -W error too, never a 500
@pytest.mark.parametrize(("width", "height"), [(30000, 30000), (12000, 12000), (7000, 7000)])
@pytest.mark.parametrize("rule", [uploads.PHOTO, uploads.PLAN], ids=["photo", "plan"])
def test_too_many_pixels_are_refused_from_the_header(width, height, rule):
    # 30000² and 12000² are past Pillow's own hard limit (twice the setting); 7000² only past ours.
    upload = forged_png(width, height, name="plan.png")
    assert upload.size < 100
    with no_decoding(), pytest.raises(ValidationError) as error:
        uploads.image_clean(upload, rule=rule, field="image")
    grouped = f"{width:,}"
    assert error.value.message_dict["image"] == [
        f"plan.png is {grouped} × {grouped} pixels; at most 40 megapixels are accepted."
    ]


def test_the_limit_is_inclusive_and_follows_the_setting(settings):
    settings.ZEROHARM_IMAGE_MAX_MEGAPIXELS = 1
    assert uploads.image_clean(png("ok.png", 1000, 1000), rule=uploads.PLAN, field=None).width == 1000
    with pytest.raises(ValidationError, match=r"big\.png is 1,001 × 1,000 pixels; at most 1 megapixels"):
        uploads.image_clean(png("big.png", 1001, 1000), rule=uploads.PLAN, field=None)


def test_a_6000_by_6000_photo_is_accepted_and_bounded():
    clean = uploads.image_clean(SimpleUploadedFile("wall.jpg", jpeg_bytes(6000, 6000, mode="L")), field="photos")
    image = opened(clean)
    assert (image.format, image.size) == ("JPEG", (2000, 2000))
    assert re.fullmatch(rf"{GENERATED}\.jpg", clean.file.name) and clean.original_name == "wall.jpg"


def test_the_byte_size_is_checked_before_reading():
    upload = png("heavy.png")
    upload.size = uploads.PHOTO.max_bytes + 1
    opening = mock.patch("PIL.Image.open", side_effect=AssertionError)
    with mock.patch.object(upload, "file", unreadable()), opening, pytest.raises(ValidationError) as error:
        uploads.image_clean(upload, field="photos")
    assert error.value.message_dict["photos"] == ["heavy.png is larger than 10 MB."]


def test_a_phone_photo_is_turned_upright_and_loses_all_metadata():
    clean = uploads.image_clean(phone_photo("IMG_0001.jpg", 60, 40), field="photos")
    image = opened(clean)
    assert image.size == (40, 60), "Orientation 6 applied: the portrait shot stands upright"
    red, white = image.getpixel((36, 30)), image.getpixel((4, 30))  # the top band is now on the right
    assert red[0] > 200 > red[1] and min(white) > 200
    assert not image.getexif() and image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info)
    assert re.fullmatch(rf"{GENERATED}\.jpg", clean.file.name) and clean.original_name == "IMG_0001.jpg"


def test_a_jpeg_comment_and_a_png_text_are_dropped():
    out = io.BytesIO()
    Image.new("RGB", (30, 20)).save(out, "JPEG", comment=b"Shot at 31.23N 121.47E by Zhang San")
    assert "comment" not in opened(uploads.image_clean(SimpleUploadedFile("c.jpg", out.getvalue()))).info
    text = png("t.png", text={"Author": "Zhang San", "Comment": "gate 3"})
    assert not opened(uploads.image_clean(text)).info.get("Author")


def test_a_plan_keeps_its_pixels_and_format_but_not_its_bytes_or_name():
    data = png_bytes(640, 480, text={"Author": "Zhang San"})
    clean = uploads.image_clean(SimpleUploadedFile("Floor 2 (final).png", data), rule=uploads.PLAN, field="image")
    image = opened(clean)
    clean.file.seek(0)
    stored = clean.file.read()
    assert (image.format, image.size, (clean.width, clean.height)) == ("PNG", (640, 480), (640, 480))
    assert stored != data and b"tEXt" not in stored and not image.text
    assert re.fullmatch(rf"{GENERATED}\.png", clean.file.name) and clean.original_name == "Floor 2 (final).png"
    photographed = uploads.image_clean(phone_photo("plan.jpg", 300, 200), rule=uploads.PLAN, field="image")
    assert (opened(photographed).format, photographed.width, photographed.height) == ("JPEG", 200, 300)
    assert photographed.file.name.endswith(".jpg") and not opened(photographed).getexif()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.jpg", b"<?php echo 1; ?>"),
        ("cut.png", png_bytes(200, 200)[:60]),  # a real header whose pixels are missing
        ("scan.tif", None),  # a real image, but not a format we decode
    ],
)
def test_what_is_not_an_accepted_image_is_refused_with_its_name(name, content):
    if content is None:
        out = io.BytesIO()
        Image.new("RGB", (10, 10)).save(out, "TIFF")
        content = out.getvalue()
    with pytest.raises(ValidationError) as error:
        uploads.image_clean(SimpleUploadedFile(name, content), field="photos")
    assert error.value.message_dict["photos"] == [f"{name} is not a photo (JPEG, PNG, WebP or HEIF-converted JPEG)."]
    with pytest.raises(ValidationError, match="not a PNG or JPEG image"):
        uploads.image_clean(SimpleUploadedFile(name, content), rule=uploads.PLAN, field=None)


def test_photos_are_counted():
    assert uploads.photos_clean([None, ""], field="photos") == []
    with pytest.raises(ValidationError) as error:
        uploads.photos_clean([png(f"{i}.png") for i in range(uploads.MAX_PHOTOS + 1)], field="after_photos")
    assert error.value.message_dict["after_photos"] == ["At most 6 photos."]


#
# Files that are not images (incident evidence)
#


def test_a_document_is_checked_by_content_and_stored_under_a_generated_name():
    clean = uploads.file_clean(SimpleUploadedFile("Investigation report.PDF", b"%PDF-1.7\n..."), field="files")
    assert re.fullmatch(rf"{GENERATED}\.pdf", clean.file.name)
    assert clean.original_name == "Investigation report.PDF"
    assert clean.file.read() == b"%PDF-1.7\n..."
    with pytest.raises(ValidationError) as error:
        uploads.file_clean(SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf"), field="files")
    assert error.value.message_dict["files"] == ["report.pdf is not a PDF, Word, Excel or MP4 file, or a photo."]
    with pytest.raises(ValidationError, match="run.exe is not a PDF"):
        uploads.file_clean(SimpleUploadedFile("run.exe", b"%PDF-1.7"), field="files")


def test_a_document_is_size_checked_before_reading():
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.7")
    upload.size = uploads.DOCUMENT.max_bytes + 1
    with mock.patch.object(upload, "file", unreadable()), pytest.raises(ValidationError) as error:
        uploads.file_clean(upload, field="files")
    assert error.value.message_dict["files"] == ["big.pdf is larger than 20 MB."]


def test_a_photo_among_the_files_is_re_encoded():
    clean = uploads.file_clean(phone_photo("site.jpg"), field="files")
    assert re.fullmatch(rf"{GENERATED}\.jpg", clean.file.name) and not opened(clean).getexif()
    with pytest.raises(ValidationError, match=r"huge\.png is 30,000 × 30,000 pixels"):
        uploads.file_clean(forged_png(30000, 30000), field="files")


def test_transparent_parts_of_a_photo_become_white_not_black():
    clear, palette = io.BytesIO(), io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 0, 0)).save(clear, "PNG")
    Image.new("P", (20, 20), 0).save(palette, "PNG", transparency=0)  # colour 0 is black, and transparent
    for upload in (SimpleUploadedFile("clear.png", clear.getvalue()), SimpleUploadedFile("p.png", palette.getvalue())):
        image = opened(uploads.image_clean(upload))
        assert image.mode == "RGB" and min(image.getpixel((10, 10))) > 250, upload.name


def test_a_cut_image_is_refused_even_after_a_pdf_was_made():
    """WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process; uploads stay strict."""
    import io

    import weasyprint  # noqa: F401 - what sets the flag
    from PIL import Image, ImageFile

    from zeroharm.core.uploads import image_clean

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    out = io.BytesIO()
    Image.effect_noise((300, 300), 60).convert("RGB").save(out, "PNG")
    cut = SimpleUploadedFile("cut.png", out.getvalue()[: len(out.getvalue()) // 2], content_type="image/png")
    with pytest.raises(ValidationError):
        image_clean(cut)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # put back as it was
