"""Pictures for lesson guides: checked to be real images, resized to at most 1280 px,
stored as WebP without metadata, named by their content (so never overwritten)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from xml.etree import ElementTree

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from lms.models import Course, Person
from lms.services.errors import Invalid
from lms.services.studio import audit as studio_audit

MAX_BYTES = 8 * 1024 * 1024
MAX_SIDE = 1280
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
# What the upload accepts; a course zip's pictures keep their format (by suffix).
PICTURE_FORMATS = {"JPEG", "PNG", "WEBP"}
PICTURE_SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}


def add_image(
    actor: Person, course: Course, data: bytes, alt: str, images: Path
) -> str:
    """Store the picture in the course's images; return the Markdown that shows it."""
    alt = " ".join((alt or "").replace("[", "").replace("]", "").split())
    if not alt:
        raise Invalid(
            _l(
                "Describe the picture in a few words (alt text): "
                "people who cannot see it hear this text."
            ),
            code="no_alt",
        )
    if not data:
        raise Invalid(_l("Choose a picture file."), code="no_file")
    if len(data) > MAX_BYTES:
        raise Invalid(
            _l("This picture is larger than 8 MB. Choose a smaller one."),
            code="too_large",
        )
    out = _converted(data)
    name = f"{hashlib.sha256(out).hexdigest()[:16]}.webp"
    images.mkdir(parents=True, exist_ok=True)
    (images / name).write_bytes(out)
    studio_audit.record(actor, "image_add", course, None, name=name)
    return f"![{alt}](../images/{name})"


def _converted(data: bytes) -> bytes:
    return reencoded(data, "WEBP")


def reencoded(data: bytes, fmt: str) -> bytes:
    """`data` decoded as a picture, turned upright, at most MAX_SIDE px, saved again as
    `fmt` (WEBP, PNG or JPEG) without metadata; anything else is refused."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in PICTURE_FORMATS:
                raise UnidentifiedImageError(probe.format)
            if probe.width * probe.height > MAX_PIXELS:
                raise Invalid(
                    _l("This picture is too large. Choose a smaller one."),
                    code="too_large",
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            return _saved(image, fmt)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise Invalid(
            _l(
                "This file is not a picture we can read. Choose a JPEG, "
                "PNG or WebP photo."
            ),
            code="not_image",
        ) from None


def _saved(image: Image.Image, fmt: str) -> bytes:
    image = ImageOps.exif_transpose(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    has_alpha = image.mode in ("RGBA", "LA", "P") and fmt != "JPEG"
    image = image.convert("RGBA" if has_alpha else "RGB")
    buffer = io.BytesIO()
    image.save(buffer, fmt, quality=82)  # no exif/icc: metadata stripped
    return buffer.getvalue()


# A drawing, nothing that runs or reaches out: these elements, no `on*` attribute,
# links only to the drawing's own parts (`#id`).
SVG_ELEMENTS = {
    "svg",
    "g",
    "defs",
    "title",
    "desc",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "path",
    "text",
    "tspan",
    "marker",
    "use",
    "symbol",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
    "pattern",
}


def is_plain_drawing(data: bytes) -> bool:
    """True when `data` is an SVG drawing without script, events or outside links."""
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        return False
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return False
    return all(_plain_element(element) for element in root.iter())


def _plain_element(element) -> bool:
    if not isinstance(element.tag, str) or _local(element.tag) not in SVG_ELEMENTS:
        return False
    for name, value in element.attrib.items():
        name = _local(name).lower()
        if name.startswith("on") or (name == "style" and "url(" in value):
            return False
        if name == "href" and not value.startswith("#"):
            return False
    return True


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]
