"""What a file must be to count as evidence: a type the office accepts, known by its bytes and
matching its extension, within the size limit; and the name it keeps.

The extension alone says nothing: an HTML page, an SVG with a script or a PHP file renamed
`.pdf` would be stored and handed to the next person who downloads it. Each accepted type has
a signature at the start of the file; the office formats are zip files whose own entries say
which format they are (`[Content_Types].xml` with `word/` or `xl/`, ODT's `mimetype` entry).
"""

import zipfile
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

# What the evidence name keeps (Evidence.filename).
NAME_MAX_LENGTH = 200
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _starts_with(signature: bytes):
    def matches(head: bytes, _file: IO[bytes]) -> bool:
        return head.startswith(signature)

    return matches


def _zip_entries(file: IO[bytes]) -> list[zipfile.ZipInfo] | None:
    """The entries of a zip file (read from its directory, nothing unpacked), None when it is
    no zip file."""
    try:
        with zipfile.ZipFile(file) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)


def _office_open_xml(folder: str):
    def matches(head: bytes, file: IO[bytes]) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        names = [entry.filename for entry in _zip_entries(file) or []]
        return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)

    return matches


def _open_document_text(head: bytes, file: IO[bytes]) -> bool:
    """ODF's first entry is `mimetype`, stored uncompressed, holding the document's media
    type (read only when it is as small as it must be)."""
    if not head.startswith(b"PK\x03\x04"):
        return False
    entries = _zip_entries(file)
    if not entries or entries[0].filename != "mimetype" or entries[0].file_size > 100:
        return False
    try:
        with zipfile.ZipFile(file) as archive:
            return archive.read(entries[0]).strip() == ODT_MIMETYPE
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return False
    finally:
        file.seek(0)


# Extension -> (the name of the type for messages, the check of its content).
TYPES = {
    ".pdf": ("PDF", _starts_with(b"%PDF-")),
    ".png": ("PNG", _starts_with(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("JPG", _starts_with(b"\xff\xd8\xff")),
    ".jpeg": ("JPG", _starts_with(b"\xff\xd8\xff")),
    ".docx": ("DOCX", _office_open_xml("word/")),
    ".xlsx": ("XLSX", _office_open_xml("xl/")),
    ".odt": ("ODT", _open_document_text),
}


def evidence_file_problems(*, name: str, size: int, file: IO[bytes] | None = None) -> list[str]:
    """Why a file cannot be evidence (empty: it can): its type by its extension and, when the
    file is given, by its content; its size."""
    name = Path(name).name
    suffix = Path(name).suffix.lower()
    problems = []
    if suffix not in TYPES:
        problems.append(
            _("%(name)s: only PDF, DOCX, XLSX, ODT, PNG and JPG files.") % {"name": name}
        )
    elif file is not None and not _content_matches(suffix, file):
        problems.append(
            _(
                "%(name)s is not a %(type)s file: its content does not match its extension. "
                "Save it again as %(type)s, or choose the right file."
            )
            % {"name": _shortened(name, 80), "type": TYPES[suffix][0]}
        )
    if size > settings.EVIDENCE_MAX_UPLOAD_MB * 1024 * 1024:
        problems.append(
            _("%(name)s is larger than %(limit)s MB.")
            % {"name": _shortened(name, 80), "limit": settings.EVIDENCE_MAX_UPLOAD_MB}
        )
    return problems


def _content_matches(suffix: str, file: IO[bytes]) -> bool:
    file.seek(0)
    head = file.read(128)
    file.seek(0)
    return TYPES[suffix][1](head, file)


def _shortened(name: str, length: int) -> str:
    """`name` in at most `length` characters, its extension kept (the stem is cut)."""
    if len(name) <= length:
        return name
    suffix = Path(name).suffix
    if len(suffix) >= length:
        return name[:length]
    return name[: length - len(suffix)] + suffix


def evidence_name(name: str) -> str:
    """The name a piece of evidence keeps: the upload's own name without any folder, shortened
    to what is stored, with its extension."""
    return _shortened(Path(name).name, NAME_MAX_LENGTH)
