"""Pictures for lesson guides: checked to be real images, resized to at most 1280 px,
stored as WebP without metadata, named by their content (so never overwritten)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from lms.models import Course, Person
from lms.services.errors import Invalid
from lms.services.studio import audit as studio_audit

MAX_BYTES = 8 * 1024 * 1024
MAX_SIDE = 1280
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding


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
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise Invalid(
                    _l("This picture is too large. Choose a smaller one."),
                    code="too_large",
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            has_alpha = image.mode in ("RGBA", "LA", "P")
            image = image.convert("RGBA" if has_alpha else "RGB")
            buffer = io.BytesIO()
            image.save(buffer, "WEBP", quality=82)  # no exif/icc: metadata stripped
            return buffer.getvalue()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise Invalid(
            _l(
                "This file is not a picture we can read. Choose a JPEG, "
                "PNG or WebP photo."
            ),
            code="not_image",
        ) from None
