"""Reading back the PDFs the product makes (pypdf), and a local web server that counts the
requests a rendering makes of it (it must receive none)."""

import io
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    """The text of every page, whitespace folded to single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def xmp(pdf: bytes) -> str:
    """The XMP metadata packet of the document, as text."""
    reader = PdfReader(io.BytesIO(pdf))
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()


def pdfa_identification(pdf: bytes) -> tuple[str, str]:
    """(part, conformance) of the PDF/A identification in the XMP metadata."""
    packet = xmp(pdf)
    part = re.search(r'pdfaid:part(?:="|>)(\d)', packet)
    conformance = re.search(r'pdfaid:conformance(?:="|>)([A-Za-z])', packet)
    return (part[1] if part else "", conformance[1] if conformance else "")


def output_intents(pdf: bytes) -> list[str]:
    """The /S of each output intent of the catalogue (PDF/A needs one)."""
    reader = PdfReader(io.BytesIO(pdf))
    intents = reader.trailer["/Root"].get("/OutputIntents") or []
    return [str(intent.get_object()["/S"]) for intent in intents]


def fonts(pdf: bytes) -> dict[str, bool]:
    """Every font used on any page (by its base name) and whether its font file is embedded
    (FontFile, FontFile2 or FontFile3 in its descriptor)."""
    reader = PdfReader(io.BytesIO(pdf))
    found: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            found[str(font.get("/BaseFont"))] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


class _CountingHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        self.server.paths.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"leaked")

    do_POST = do_HEAD = do_GET

    def log_message(self, *args):
        pass


@contextmanager
def counting_server() -> Iterator[ThreadingHTTPServer]:
    """A web server on 127.0.0.1 at a random port, in a thread; `server.paths` lists the
    paths it was asked for, `server.server_port` is its port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    server.paths = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
