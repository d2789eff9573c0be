"""Previews of uploaded images, made with Pillow and stored beside the file (served by the same view)."""

import io
import logging
import warnings

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, UnidentifiedImageError

THUMBNAIL_SIZE = (480, 480)

logger = logging.getLogger(__name__)


def make_thumbnail(upload: UploadedFile) -> ContentFile | None:
    """A PNG preview at most 480 px wide or high, or None when the image cannot be read safely."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # An image larger than Pillow's pixel limit is a possible decompression bomb: no preview.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image.thumbnail(THUMBNAIL_SIZE)
                output = io.BytesIO()
                image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB").save(output, "PNG")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, Warning):
        logger.info("No preview for %s: Pillow could not read it.", upload.name)
        return None
    finally:
        upload.seek(0)
    return ContentFile(output.getvalue(), name="apercu.png")
