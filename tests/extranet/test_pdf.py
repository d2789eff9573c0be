"""The one PDF helper (extranet/pdf.py): templates to A4 PDFs, our static files only, one download header."""

import logging

import pytest

from extranet.pdf import StaticOnlyFetcher, html_to_pdf, pdf_response, render_pdf, static_file_path
from tests.pdf_files import pdf_reader, pdf_text

A4_POINTS = (595, 842)


def test_template_becomes_an_a4_pdf_whose_text_reads_back():
    content = render_pdf("extranet/pdf_base.html", {})

    reader = pdf_reader(content)
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == A4_POINTS
    assert "France Services de Tarn-et-Garonne" in pdf_text(content)


def test_print_stylesheet_is_applied():
    # print.css numbers the pages « 1 / 2 » at their foot: only there if the stylesheet was read.
    paragraphs = "".join(f"<p>Ligne {n}</p>" for n in range(120))
    head = '<head><link rel="stylesheet" href="/static/css/print.css"></head>'
    html = f'<html lang="fr">{head}<body>{paragraphs}</body></html>'

    content = html_to_pdf(html)

    pages = len(pdf_reader(content).pages)
    assert pages > 1
    assert f"1 / {pages}" in pdf_text(content)


def test_fetcher_reads_static_files_and_data_uris():
    fetcher = StaticOnlyFetcher()

    css = fetcher.fetch("https://pdf.invalid/static/css/print.css")
    assert b"@page" in css.read()
    assert css.content_type == "text/css"
    assert fetcher.fetch("data:text/plain;base64,QUJD").read() == b"ABC"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/static/css/print.css",  # another origin
        "http://pdf.invalid/static/css/print.css",  # another scheme
        "https://pdf.invalid/media/fichiers/2026/x.pdf",  # not a static file
        "https://pdf.invalid/static/css/nothing-here.css",
        "https://pdf.invalid/static/../extranet/settings.py",
        "https://pdf.invalid/static/%2E%2E/%2E%2E/etc/passwd",
        "file:///etc/passwd",
        "ftp://example.org/x.css",
    ],
)
def test_fetcher_refuses_everything_else(url):
    assert static_file_path(url) is None
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(url)


def test_remote_resources_are_left_out_without_reaching_the_network(monkeypatch, caplog):
    def no_network(*args, **kwargs):
        raise AssertionError("the network was contacted")

    monkeypatch.setattr("socket.create_connection", no_network)
    monkeypatch.setattr("socket.getaddrinfo", no_network)
    html = (
        '<html><head><link rel="stylesheet" href="https://example.org/evil.css"></head>'
        '<body><p>Affiche</p><img src="http://example.org/tracker.png" alt=""></body></html>'
    )

    with caplog.at_level(logging.WARNING, logger="extranet.pdf"):
        content = html_to_pdf(html)

    assert "Affiche" in pdf_text(content)
    assert "refused to fetch https://example.org/evil.css" in caplog.text


def test_response_is_an_attachment_or_inline():
    attachment = pdf_response("extranet/pdf_base.html", {}, "Affiche Molières.pdf")
    inline = pdf_response("extranet/pdf_base.html", {}, "Affiche Molières.pdf", inline=True)

    assert attachment["Content-Type"] == "application/pdf"
    assert attachment["Content-Disposition"] == "attachment; filename*=utf-8''Affiche%20Moli%C3%A8res.pdf"
    assert inline["Content-Disposition"] == "inline; filename*=utf-8''Affiche%20Moli%C3%A8res.pdf"
    assert pdf_text(inline.content) == pdf_text(attachment.content)
