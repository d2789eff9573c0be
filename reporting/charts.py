"""Charts drawn on the server as SVG, each with an accessible name, a one-sentence summary and its table.

One helper for every chart of the extranet (the quarterly dashboards, the yearly usage report and
its PDF), so they look and read alike:

- pygal draws the SVG; what it adds for its interactive mode is taken out (its `<script>`, its
  `<style>`, the tooltip layer and its `style=` attribute, the legend ids that would repeat when a
  page shows two charts). The page's Content-Security-Policy forbids inline scripts and styles, so
  the chart's look comes from `static/css/charts.css` (pygal's own rules, scoped to `.chart-svg`),
  which works without JavaScript and in WeasyPrint alike.
- The SVG carries `role="img"` and is named by its own `<title>` and described by its `<desc>`
  (`aria-labelledby`), so a screen reader announces « graphique : <title> ».
- A chart never stands alone: `templates/reporting/includes/chart.html` prints the summary sentence
  under it and the same figures as a table, and `Chart.download()` gives that table as CSV, XLSX
  or ODS through the shared download helper.

    chart = bar_chart("demandes-par-partenaire", "Demandes par partenaire", "La CAF reçoit…",
                      label_header="Partenaire", labels=["CAF", "CPAM"], series={"Demandes": [12, 7]})
    {% include "reporting/includes/chart.html" with chart=chart %}
"""

import base64
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.etree import ElementTree

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

from extranet.spreadsheets import table_response

# pygal appends to sys.meta_path an import hook for its map plugins (pygal.maps.*) that has no
# find_spec(): Python then warns (ImportWarning) at every import other finders miss, e.g. Django
# probing for templatetags packages, and the warning fails tests run with warnings as errors. We draw
# no maps, so the hook goes.
sys.meta_path[:] = [finder for finder in sys.meta_path if type(finder).__name__ != "PluginImportFixer"]

SVG = "http://www.w3.org/2000/svg"

# Colours with a contrast of at least 3:1 on white (RGAA 3.3, non-text elements), told apart by
# people with the common colour-vision deficiencies (dark blue, orange, green, purple, red, brown…).
COLOURS = ("#000091", "#b34000", "#18753c", "#6e445a", "#ce0500", "#716043", "#0063cb", "#3a3a3a")
FONT = '"Marianne", Arial, sans-serif'

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#161616",
    foreground_strong="#161616",
    foreground_subtle="#666666",
    opacity="1",
    opacity_hover="1",
    colors=COLOURS,
    font_family=FONT,
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=14,
    value_font_size=13,
    title_font_size=16,
)

Number = int | float | None


@dataclass(frozen=True)
class Chart:
    """A chart and its figures. `slug` is unique on its page (element ids, export links)."""

    slug: str
    title: str
    summary: str
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]
    svg: SafeString

    @property
    def display_rows(self) -> list[tuple[str, list[str]]]:
        """The table as the page prints it: (row label, cells in French number format)."""
        return [(str(row[0]), [display_value(value) for value in row[1:]]) for row in self.rows]

    def download(self, filename: str, file_format: str):
        """The chart's table as a CSV, XLSX or ODS download (formulas neutralised)."""
        return table_response(filename, file_format, self.headers, self.rows, title=self.title)

    def print_image(self) -> str:
        """The SVG as a self-contained image for a PDF (a `data:` URI).

        On the page the chart takes its look from static/css/charts.css; WeasyPrint does not apply a
        document's stylesheet inside an inline SVG (the bars came out black), so the PDF gets the same
        rules inside the SVG itself. A PDF is not under the page's Content-Security-Policy.
        """
        opening = re.match(r"<svg\b[^>]*>", self.svg)
        head = opening.group(0)
        if "xmlns=" not in head:
            head = head[:-1] + ' xmlns="http://www.w3.org/2000/svg">'
        standalone = head + f"<style>{stylesheet()}</style>" + self.svg[opening.end() :]
        return "data:image/svg+xml;base64," + base64.b64encode(standalone.encode()).decode()


def display_value(value) -> str:
    """A table cell: figures in French format, « — » for a value nobody gave."""
    if value is None:
        return "—"
    if isinstance(value, int | float):
        return french_number(value)
    return str(value)


def french_number(value) -> str:
    """« 1 234 » or « 2,5 »: how axis labels read in French (the table holds the exact figures)."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")


def _config(**options) -> dict:
    return {
        "style": STYLE,
        "js": [],
        "css": [],
        "no_prefix": True,
        "disable_xml_declaration": True,
        "width": 800,
        "height": 400,
        "legend_at_bottom": True,
        "truncate_legend": -1,
        "truncate_label": -1,
        "print_zeroes": True,
        "no_data_text": "Aucune donnée",
        "value_formatter": french_number,
        **options,
    }


def clean_svg(svg: str, slug: str, title: str, summary: str) -> SafeString:
    """pygal's SVG with nothing the CSP forbids or the page would repeat, named by `title`."""
    root = ElementTree.fromstring(svg)
    for parent in root.iter():
        for child in list(parent):
            tag = child.tag if isinstance(child.tag, str) else ""
            classes = (child.get("class") or "").split()
            if (
                tag in (f"{{{SVG}}}script", f"{{{SVG}}}style", f"{{{SVG}}}title", f"{{{SVG}}}desc")
                or "tooltip-overlay" in classes
                or not tag
            ):
                parent.remove(child)
    for element in root.iter():
        element.attrib.pop("style", None)
        element.attrib.pop("id", None)
        if element.get("class") == "":
            del element.attrib["class"]
    root.set("class", "chart-svg")
    root.set("role", "img")
    root.set("aria-labelledby", f"{slug}-titre {slug}-description")
    root.set("focusable", "false")
    title_element = ElementTree.Element(f"{{{SVG}}}title", id=f"{slug}-titre")
    title_element.text = title
    desc_element = ElementTree.Element(f"{{{SVG}}}desc", id=f"{slug}-description")
    desc_element.text = summary
    root.insert(0, desc_element)
    root.insert(0, title_element)
    # SVG is written as the default namespace by hand: ElementTree's prefix registry is global, and
    # once another library registers "svg" there, an inlined `<svg:svg>` would not draw in HTML.
    for element in root.iter():
        if element.tag.startswith(f"{{{SVG}}}"):
            element.tag = element.tag[len(SVG) + 2 :]
    root.set("xmlns", SVG)
    # Text from the database (names of structures, partners) was escaped by ElementTree on output.
    return mark_safe(ElementTree.tostring(root, encoding="unicode"))  # noqa: S308


def _chart(kind, slug, title, summary, label_header, labels, series, **options) -> Chart:
    labels = [str(label) for label in labels]
    drawing = kind(**_config(**options))
    drawing.x_labels = labels
    for name, values in series.items():
        drawing.add(name, list(values))
    headers = (label_header, *series.keys())
    rows = tuple(
        (label, *(values[index] for values in series.values())) for index, label in enumerate(labels)
    )
    svg = clean_svg(drawing.render(is_unicode=True), slug, title, summary)
    return Chart(slug=slug, title=title, summary=summary, headers=headers, rows=rows, svg=svg)


def bar_chart(
    slug: str,
    title: str,
    summary: str,
    *,
    label_header: str,
    labels: Sequence,
    series: Mapping[str, Sequence[Number]],
    horizontal: bool = False,
    stacked: bool = False,
) -> Chart:
    """Bars per label (one colour per series). Horizontal suits long names (structures, partners)."""
    kinds = {
        (False, False): pygal.Bar,
        (True, False): pygal.HorizontalBar,
        (False, True): pygal.StackedBar,
        (True, True): pygal.HorizontalStackedBar,
    }
    options = {}
    if horizontal:
        # One bar row per label, tall enough to read however many structures there are.
        options["height"] = max(300, 120 + 28 * len(labels) * (1 if stacked else max(1, len(series))))
    return _chart(kinds[(horizontal, stacked)], slug, title, summary, label_header, labels, series, **options)


def line_chart(
    slug: str,
    title: str,
    summary: str,
    *,
    label_header: str,
    labels: Sequence,
    series: Mapping[str, Sequence[Number]],
) -> Chart:
    """A trend over periods (quarters, months, years): one line per series."""
    return _chart(
        pygal.Line, slug, title, summary, label_header, labels, series, x_label_rotation=0, dots_size=4
    )


def stylesheet() -> str:
    """pygal's rules for `STYLE`, scoped to `.chart-svg`: the content of static/css/charts.css.

    A test keeps the file equal to this, so changing `STYLE` means regenerating the file:
    `.venv/bin/python -c "import django; django.setup(); from reporting.charts import stylesheet; …"`
    (see docs/decisions.md, « Charts »).
    """
    drawing = pygal.Bar(**{**_config(), "css": pygal.config.Config.css.value})
    drawing.add("", [1] * len(COLOURS))
    for _index in range(1, len(COLOURS)):
        drawing.add("", [1])
    root = ElementTree.fromstring(drawing.render(is_unicode=True))
    rules = []
    for style in root.iter(f"{{{SVG}}}style"):
        for block in (style.text or "").split("}"):
            if "{" not in block:
                continue
            selectors, declarations = block.split("{", 1)
            scoped = ",".join(
                ".chart-svg" + (f" {selector.strip()}" if selector.strip() else "")
                for selector in selectors.split(",")
            )
            rules.append(f"{scoped}{{{declarations.strip()}}}")
    header = "/* Generated by reporting.charts.stylesheet(): pygal's look for our server-side charts. */\n"
    # The drawing scales to its column, keeping its proportions (the viewBox).
    rules.append(".chart-svg{display:block;width:100%;height:auto}")
    return header + "\n".join(rules) + "\n"
