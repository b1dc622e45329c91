"""The hidden-danger tests' fixed today (an autouse clock) and a photo to attach."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

# One moment for the whole module: dates computed here and "today" inside the services always agree,
# even when a run crosses midnight in the site's time zone (Asia/Shanghai midnight is 16:00 UTC).
FROZEN = timezone.now()

TODAY = timezone.localdate(FROZEN)


@pytest.fixture(autouse=True)
def frozen_clock():
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=FROZEN):
        yield


def jpeg(name="p.jpg", exif=False) -> SimpleUploadedFile:
    image = Image.new("RGB", (40, 30), (200, 40, 40))
    out = io.BytesIO()
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "PhoneMaker"  # Make
        tags[0x0110] = "Reporter's phone"  # Model
        image.save(out, format="JPEG", exif=tags)
    else:
        image.save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")
