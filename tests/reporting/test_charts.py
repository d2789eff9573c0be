"""The one chart helper: SVG the CSP lets through, named for screen readers, always with its table."""

import io
from pathlib import Path

import openpyxl
from django.conf import settings
from django.template.loader import render_to_string

from reporting.charts import bar_chart, line_chart, stylesheet


def _chart():
    return bar_chart(
        "demandes",
        "Demandes par partenaire",
        "La CAF reçoit le plus de demandes (12).",
        label_header="Partenaire",
        labels=["CAF", "CPAM <b>"],
        series={"Demandes": [12, 7], "Niveau 2": [1, None]},
    )


def test_the_svg_holds_nothing_the_csp_refuses_and_names_itself():
    svg = str(_chart().svg)

    assert "<script" not in svg and "<style" not in svg and "style=" not in svg
    assert 'role="img"' in svg and 'aria-labelledby="demandes-titre demandes-description"' in svg
    assert '<title id="demandes-titre">Demandes par partenaire</title>' in svg
    assert "La CAF reçoit le plus de demandes (12)." in svg
    assert "CPAM &lt;b&gt;" in svg  # names from the database are escaped
    assert 'id="activate-serie' not in svg  # no id repeated when a page shows two charts


def test_a_chart_comes_with_its_summary_and_table():
    html = render_to_string("reporting/includes/chart.html", {"chart": _chart(), "exports": ""})

    assert "La CAF reçoit le plus de demandes (12).</figcaption>" in html
    cell = '<td class="text-end">{}</td>'.format
    assert f'<th scope="row">CAF</th>{cell(12)}{cell(1)}' in html
    assert f'<th scope="row">CPAM &lt;b&gt;</th>{cell(7)}{cell("—")}' in html


def test_a_line_chart_keeps_its_figures():
    chart = line_chart(
        "tendance",
        "Tendance",
        "En hausse.",
        label_header="Trimestre",
        labels=["T1", "T2"],
        series={"A": [1, 2.5]},
    )

    assert chart.rows == (("T1", 1), ("T2", 2.5))
    assert chart.display_rows == [("T1", ["1"]), ("T2", ["2,5"])]


def test_the_table_downloads_as_a_spreadsheet():
    response = _chart().download("demandes", "xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == ["Partenaire", "Demandes", "Niveau 2"]
    assert [cell.value for cell in sheet[2]] == ["CAF", 12, 1]


def test_the_chart_stylesheet_is_the_generated_one():
    # Regenerate static/css/charts.css with reporting.charts.stylesheet() after changing the style.
    path = Path(settings.BASE_DIR) / "static" / "css" / "charts.css"
    assert path.read_text() == stylesheet()


def test_the_svg_is_in_the_default_namespace_whatever_another_library_registered():
    from xml.etree import ElementTree

    ElementTree.register_namespace("svg", "http://www.w3.org/2000/svg")
    try:
        svg = str(_chart().svg)
    finally:
        ElementTree._namespace_map.pop("http://www.w3.org/2000/svg", None)

    assert svg.startswith("<svg ") and 'xmlns="http://www.w3.org/2000/svg"' in svg and "<svg:" not in svg
