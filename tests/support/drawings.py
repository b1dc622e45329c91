"""What a page's signature canvas sends (core.forms.DrawingField): a PNG data: URL, with a stroke or blank."""

from __future__ import annotations

import base64
import io

from PIL import Image, ImageDraw


def drawn(*, ink: bool = True, size=(600, 200)) -> str:
    """A transparent PNG of `size` with a stroke on it (or none), as the canvas's data: URL."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    if ink:
        ImageDraw.Draw(image).line([(20, 150), (200, 40), (380, 160), (560, 50)], fill=(17, 17, 17, 255), width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
