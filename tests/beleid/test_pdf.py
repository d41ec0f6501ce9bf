"""The one PDF module (beleid/pdf.py): PDF/A-3b with the project's own embedded fonts, Dutch
dates, metadata, and a URL fetcher that loads the project's static files and nothing else."""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from pypdf import PdfReader

from beleid.pdf import FetchRefused, render_pdf, static_file_url, static_files_fetcher
from tests.beleid.pdf_kind import pdf_test_templates  # noqa: F401 (fixture)
from tests.pdf_checks import counting_server, fonts, output_intents, pdf_text, pdfa_identification

STATIC = settings.BASE_DIR / "static"
PASSWD_LINE = Path("/etc/passwd").read_text().splitlines()[0]


def sample(**context):
    return {"title": "Attest van deelname", "name": "An Peeters",
            "day": datetime.date(2026, 3, 5), "remark": "", **context}


@pytest.fixture
def sample_pdf(pdf_test_templates):  # noqa: F811
    return render_pdf(template_name="pdf_tests/sample.html", context=sample())


def test_the_pdf_holds_the_text_with_a_dutch_date(sample_pdf):
    text = pdf_text(sample_pdf)

    assert "An Peeters" in text
    assert "Attest van deelname" in text
    assert "5 maart 2026" in text
    assert "Vrijwilligerspunt Stad Gent" in text
    assert "Pagina 1 van 1" in text


def test_the_pdf_is_in_the_language_asked_for(pdf_test_templates):  # noqa: F811
    pdf = render_pdf(template_name="pdf_tests/sample.html", context=sample(), language="en")

    text = pdf_text(pdf)
    assert "5 March 2026" in text
    assert "Page 1 of 1" in text
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "en"


def test_the_pdf_is_pdf_a_3b_with_an_output_intent(sample_pdf):
    assert pdfa_identification(sample_pdf) == ("3", "B")
    assert output_intents(sample_pdf) == ["/GTS_PDFA1"]


def test_every_font_is_the_projects_own_and_embedded(sample_pdf):
    used = fonts(sample_pdf)

    assert used, "the PDF uses no font"
    assert all(used.values()), f"fonts not embedded: {used}"
    assert all("DejaVu-Sans-PDF" in name for name in used), used


def test_title_author_and_language_are_in_the_metadata(sample_pdf):
    reader = PdfReader(io.BytesIO(sample_pdf))

    assert reader.metadata.title == "Attest van deelname"
    assert reader.metadata.author == "Vrijwilligerspunt Stad Gent"
    assert reader.trailer["/Root"]["/Lang"] == "nl-be"


HOSTILE_TEXT = (
    '<img src="http://127.0.0.1:{port}/x"> file:///etc/passwd '
    '<style>body {{ background: url(http://127.0.0.1:{port}/y) }}</style> '
    'url(http://127.0.0.1:{port}/y) <link rel="stylesheet" href="file:///etc/passwd">'
)


def test_user_text_asking_for_resources_makes_no_request(pdf_test_templates):  # noqa: F811
    with counting_server() as server:
        port = server.server_port
        pdf = render_pdf(template_name="pdf_tests/sample.html", context=sample(
            name=HOSTILE_TEXT.format(port=port), remark=f"url(http://127.0.0.1:{port}/y)",
            lines=[f'<img src="http://127.0.0.1:{port}/z">', "file:///etc/passwd"]))

    assert server.paths == []
    text = pdf_text(pdf)
    assert f'<img src="http://127.0.0.1:{port}/x">' in text  # shown as text, escaped
    assert PASSWD_LINE not in text
    assert PASSWD_LINE.encode() not in pdf


def test_raw_html_and_css_asking_for_resources_make_no_request(pdf_test_templates):  # noqa: F811
    # The template itself (not escaped user text) asks for http, https, ftp, data: and file:
    # resources, in <img>, <link>, <object>, <embed>, <iframe>, @import, @font-face, url().
    with counting_server() as server:
        pdf = render_pdf(template_name="pdf_tests/hostile.html", context={
            "title": "Vijandig", "port": server.server_port,
            "static_escape": STATIC.as_uri() + "/../README.md"})

    assert server.paths == []
    text = pdf_text(pdf)
    assert "Rendered anyway." in text
    assert PASSWD_LINE not in text
    assert PASSWD_LINE.encode() not in pdf
    assert all(fonts(pdf).values())


def test_the_fetcher_serves_a_static_file():
    fetcher = static_files_fetcher()

    response = fetcher.fetch((STATIC / "fonts" / "DejaVuSans.ttf").as_uri())

    assert response.read() == (STATIC / "fonts" / "DejaVuSans.ttf").read_bytes()
    assert fetcher.refused == []


def test_the_fetcher_serves_an_apps_static_file():
    css = settings.BASE_DIR / "kennisdeling" / "static" / "kennisdeling" / "kennisdeling.css"

    response = static_files_fetcher().fetch(css.as_uri())

    assert response.read() == css.read_bytes()


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/x.png",
    "https://example.org/logo.png",
    "ftp://127.0.0.1/x",
    "data:text/css,body{color:red}",
    "file:///etc/passwd",
    "file://otherhost" + str(STATIC / "fonts" / "DejaVuSans.ttf"),
    STATIC.as_uri() + "/../README.md",
    STATIC.as_uri() + "/fonts/../../config/settings/base.py",
    STATIC.as_uri() + "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    STATIC.as_uri() + "/fonts",
    STATIC.as_uri() + "/fonts/missing.ttf",
    "javascript:alert(1)",
])
def test_the_fetcher_refuses_anything_else(url):
    fetcher = static_files_fetcher()

    with pytest.raises(FetchRefused):
        fetcher.fetch(url)

    assert fetcher.refused == [url]


def test_the_fetcher_refuses_a_link_out_of_static(tmp_path, settings):
    # A symbolic link inside a static folder that points outside it.
    from beleid import pdf

    static = tmp_path / "static"
    static.mkdir()
    (static / "passwd").symlink_to("/etc/passwd")
    settings.STATICFILES_DIRS = [static]
    pdf.static_roots.cache_clear()
    try:
        with pytest.raises(FetchRefused):
            static_files_fetcher().fetch((static / "passwd").as_uri())
    finally:
        settings.STATICFILES_DIRS = [STATIC]
        pdf.static_roots.cache_clear()


def test_a_template_can_only_name_static_files():
    assert static_file_url("fonts/DejaVuSans.ttf") == (STATIC / "fonts" / "DejaVuSans.ttf").as_uri()
    with pytest.raises((FetchRefused, SuspiciousFileOperation)):
        static_file_url("../README.md")
    with pytest.raises(FetchRefused):
        static_file_url("fonts/missing.ttf")


def test_the_fonts_and_their_licence_are_in_the_repository():
    names = {path.name for path in (STATIC / "fonts").iterdir()}

    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVu-LICENSE.txt"} <= names
