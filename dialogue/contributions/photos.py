"""Photos of paper cards and drawings: checked to be real JPEG or PNG images, re-encoded without metadata.

Pillow is imported by the first upload, not when the app starts: showing a stored photo needs no image library.
"""

import io
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l

from dialogue.contributions.models import PHOTO_MAX_BYTES, Photo
from dialogue.contributions.services import ContributionError

if TYPE_CHECKING:
    from PIL.Image import Image as PillowImage

ACCEPTED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}
MAX_PIXELS = 40_000_000  # refuse decompression bombs long before Pillow's own limit
LONGEST_SIDE = 2400  # enough to read a handwritten card; keeps pages light


def photo_from_upload(stream, field: str = "photo") -> Photo:
    """A Photo made from an uploaded file, or a ContributionError saying why the file was refused."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    raw = stream.read(PHOTO_MAX_BYTES + 1)
    if len(raw) > PHOTO_MAX_BYTES:
        raise ContributionError(_l("The photo is larger than 5 MB. Choose a smaller one."), field=field)
    if not raw:
        raise ContributionError(_l("The file is empty."), field=field)
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            image_format = probe.format
            width, height = probe.size
            if image_format not in ACCEPTED_FORMATS:
                raise ContributionError(_l("Only JPEG and PNG photos can be uploaded."), field=field)
            if width * height > MAX_PIXELS:
                raise ContributionError(_l("The photo has too many pixels."), field=field)
            probe.verify()
        with Image.open(io.BytesIO(raw)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            return _encode(image, image_format)
    except ContributionError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ContributionError(_l("The file is not a JPEG or PNG image that can be read."), field=field) from None


def _encode(image: "PillowImage", image_format: str) -> Photo:
    """Write the pixels again, so nothing but the image survives: no EXIF, GPS, comments or trailing data."""
    output = io.BytesIO()
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(output, format="JPEG", quality=85, optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(output, format="PNG", optimize=True)
    return Photo(
        content_type=ACCEPTED_FORMATS[image_format], data=output.getvalue(), width=image.width, height=image.height
    )
