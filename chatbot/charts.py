"""Small PNG charts for the digest, drawn with Pillow: bars with a label and a count each.

The picture holds only what it is given (category labels and numbers, never a user's text);
whoever shows it also shows the same figures in text.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 600, 300
MAX_BARS = 8
_BACKGROUND = (255, 255, 255)
_INK = (40, 40, 40)
_MUTED = (120, 120, 120)
_BAR = (46, 125, 182)


_FONTS = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf")
"""System fonts with accented letters, tried in order (Pillow's own font has none)."""

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _font(size: int) -> tuple[Font, bool]:
    """A font of ``size`` and whether it has accented letters."""
    for name in _FONTS:
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size), False
    except (AttributeError, OSError, TypeError):  # pragma: no cover - Pillow without FreeType
        return ImageFont.load_default(), False


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def bar_chart(title: str, bars: Sequence[tuple[str, int]]) -> bytes:
    """A ``WIDTH`` x ``HEIGHT`` PNG: one horizontal bar per ``(label, count)``, in order (the
    first ``MAX_BARS``), each labelled with its count."""
    image = Image.new("RGB", (WIDTH, HEIGHT), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    (title_font, accents), (font, _accents) = _font(18), _font(14)
    if not accents:
        title, bars = _ascii(title), [(_ascii(label), count) for label, count in bars]
    draw.text((16, 12), _fit(draw, title, title_font, WIDTH - 32), fill=_INK, font=title_font)
    shown = list(bars)[:MAX_BARS]
    if not shown:
        return _png(image)
    top, bottom = 48, HEIGHT - 16
    row = (bottom - top) / len(shown)
    thickness = max(min(row * 0.6, 28), 6)
    label_width = 170
    left, right = 16 + label_width + 8, WIDTH - 56
    largest = max(count for _label, count in shown) or 1
    for index, (label, count) in enumerate(shown):
        middle = top + row * index + row / 2
        draw.text(
            (16, middle),
            _fit(draw, label, font, label_width),
            fill=_INK,
            font=font,
            anchor="lm",
        )
        length = (right - left) * max(count, 0) / largest
        box = (left, middle - thickness / 2, left + max(length, 2), middle + thickness / 2)
        draw.rectangle(box, fill=_BAR if count else _MUTED)
        draw.text((box[2] + 6, middle), str(count), fill=_INK, font=font, anchor="lm")
    return _png(image)


def _fit(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: Font,
    width: float,
) -> str:
    """``text``, cut with an ellipsis to fit in ``width`` pixels."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
