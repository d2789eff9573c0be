"""Checks every uploaded file passes before anything is stored: size, content type, extension.

The type is read from the content (magic bytes, the inside of zip containers), never trusted from
the name or the browser's Content-Type; the extension must then agree with what the content is. A
refused file raises a `ValidationError` with a French message; nothing has been written anywhere.
"""

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class FileKind:
    label: str  # for people: "document PDF"
    content_type: str
    extensions: tuple[str, ...]  # the first one names the stored file
    is_image: bool = False


PDF = FileKind("document PDF", "application/pdf", (".pdf",))
PNG = FileKind("image PNG", "image/png", (".png",), is_image=True)
JPEG = FileKind("image JPEG", "image/jpeg", (".jpg", ".jpeg"), is_image=True)
GIF = FileKind("image GIF", "image/gif", (".gif",), is_image=True)
WEBP = FileKind("image WebP", "image/webp", (".webp",), is_image=True)
ODT = FileKind("texte OpenDocument", "application/vnd.oasis.opendocument.text", (".odt",))
ODS = FileKind("tableur OpenDocument", "application/vnd.oasis.opendocument.spreadsheet", (".ods",))
ODP = FileKind("présentation OpenDocument", "application/vnd.oasis.opendocument.presentation", (".odp",))
DOCX = FileKind(
    "document Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = FileKind(
    "classeur Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)
)
PPTX = FileKind(
    "présentation PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
)
# Legacy Office files share one container (OLE2); telling a .doc from a .xls needs a full parser, so
# the extension picks the type among these three.
OLE2_KINDS = {
    ".doc": FileKind("document Word (ancien format)", "application/msword", (".doc",)),
    ".xls": FileKind("classeur Excel (ancien format)", "application/vnd.ms-excel", (".xls",)),
    ".ppt": FileKind("présentation PowerPoint (ancien format)", "application/vnd.ms-powerpoint", (".ppt",)),
}
TEXT_KINDS = {
    ".csv": FileKind("fichier CSV", "text/csv; charset=utf-8", (".csv",)),
    ".txt": FileKind("texte brut", "text/plain; charset=utf-8", (".txt",)),
}
_ODF_KINDS = {kind.content_type: kind for kind in (ODT, ODS, ODP)}
_OOXML_KINDS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}

ALLOWED_EXTENSIONS = sorted(
    {ext for kind in (PDF, PNG, JPEG, GIF, WEBP, ODT, ODS, ODP, DOCX, XLSX, PPTX) for ext in kind.extensions}
    | OLE2_KINDS.keys()
    | TEXT_KINDS.keys()
)


@dataclass(frozen=True)
class CheckedFile:
    kind: FileKind
    extension: str
    size: int
    sha256: str


def max_upload_bytes() -> int:
    return settings.FICHIERS_MAX_UPLOAD_MB * 1024 * 1024


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Return what `upload` is, or raise a French `ValidationError` saying why it is refused."""
    if not upload.size:
        raise ValidationError("Le fichier est vide.", code="empty")
    if upload.size > max_upload_bytes():
        raise ValidationError(
            "Le fichier pèse %(size)s : la limite est de %(limit)s Mo.",
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": settings.FICHIERS_MAX_UPLOAD_MB},
        )
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            "Ce type de fichier n'est pas accepté. Formats acceptés : %(allowed)s.",
            code="extension",
            params={"allowed": ", ".join(ALLOWED_EXTENSIONS)},
        )
    kind = _sniff(upload, extension)
    if kind is None:
        raise ValidationError(
            "Le contenu du fichier ne correspond à aucun format accepté (document PDF, bureautique, "
            "image ou texte) : il n'a pas été enregistré.",
            code="content",
        )
    if extension not in kind.extensions:
        raise ValidationError(
            "Le nom du fichier se termine par %(extension)s mais son contenu est un %(label)s : "
            "renommez-le en %(expected)s ou choisissez le bon fichier.",
            code="mismatch",
            params={"extension": extension, "label": kind.label, "expected": kind.extensions[0]},
        )
    return CheckedFile(kind=kind, extension=extension, size=upload.size, sha256=_sha256(upload))


def _sniff(upload: UploadedFile, extension: str) -> FileKind | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(_OLE2):
        return OLE2_KINDS.get(extension, OLE2_KINDS[".doc"])
    if head.startswith(_ZIP):
        return _sniff_zip(upload)
    if extension in TEXT_KINDS and _is_utf8_text(upload):
        return TEXT_KINDS[extension]
    return None


def _sniff_zip(upload: UploadedFile) -> FileKind | None:
    """OpenDocument names its type in a `mimetype` entry; Office Open XML in `[Content_Types].xml`."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                return _ODF_KINDS.get(archive.read("mimetype").decode("ascii", "replace").strip())
            if "[Content_Types].xml" in names:
                return next(
                    (
                        kind
                        for prefix, kind in _OOXML_KINDS.items()
                        if any(n.startswith(prefix) for n in names)
                    ),
                    None,
                )
            return None  # a plain zip archive: not accepted
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)


def _is_utf8_text(upload: UploadedFile) -> bool:
    decoder_input = b"".join(upload.chunks())
    upload.seek(0)
    if b"\x00" in decoder_input:
        return False
    try:
        decoder_input.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
