"""Pictures the demo draws for itself: floor plans for the site plans, photos of hidden dangers."""

from __future__ import annotations

import io

__all__ = ["floor_plan", "photo"]


def floor_plan(rng, width: int, height: int, rooms: int) -> tuple[bytes, list[tuple[float, float, float, float]]]:
    """Outer walls, a corridor and `rooms` rooms; the PNG and each room's box in percent of the plan."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (250, 250, 246))
    draw = ImageDraw.Draw(image)
    margin, corridor = 40, height // 7
    draw.rectangle([margin, margin, width - margin, height - margin], outline=(60, 60, 60), width=6)
    top = (height - corridor) // 2
    draw.rectangle([margin, top, width - margin, top + corridor], fill=(232, 236, 240))
    boxes = []
    per_row = (rooms + 1) // 2
    room_w = (width - 2 * margin) / per_row
    for i in range(rooms):
        row, col = divmod(i, per_row)
        x0, x1 = margin + col * room_w, margin + (col + 1) * room_w
        y0, y1 = (margin, top) if row == 0 else (top + corridor, height - margin)
        shade = rng.choice([(244, 241, 232), (236, 243, 236), (240, 240, 248)])
        draw.rectangle([x0 + 3, y0 + 3, x1 - 3, y1 - 3], fill=shade, outline=(90, 90, 90), width=3)
        door_y = top if row == 0 else top + corridor
        draw.line([(x0 + x1) / 2 - 22, door_y, (x0 + x1) / 2 + 22, door_y], fill=(250, 250, 246), width=8)
        draw.text((x0 + 14, y0 + 12), chr(65 + i), fill=(70, 70, 70))
        boxes.append((100 * x0 / width, 100 * y0 / height, 100 * x1 / width, 100 * y1 / height))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue(), boxes


def photo(label: str, stage: str, seed: int) -> bytes:
    """A small JPEG standing in for a phone photo: before (warm) or after (green) rectification."""
    from PIL import Image, ImageDraw, ImageFont

    colour = (150 + seed * 37 % 80, 110 + seed * 53 % 90, 90 + seed * 71 % 100)
    if stage == "after":
        colour = (90, 160 + seed % 60, 110)
    image = Image.new("RGB", (240, 180), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((8, 8, 231, 171), outline=(255, 255, 255), width=2)
    draw.text((20, 75), label, fill=(255, 255, 255), font=ImageFont.load_default(size=20))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=70)
    return out.getvalue()
