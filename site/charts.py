"""Server-rendered SVG charts (pygal) shared by the dashboard and survey results.

No script, no font from another host; labels stay text (selectable, extractable from the PDF).
"""

from xml.etree import ElementTree

import pygal
from defusedxml.ElementTree import fromstring
from pygal.style import Style

# The system's Japanese font by name only: nothing is fetched.
STYLE = Style(
    font_family="'Noto Sans CJK JP', 'Noto Sans JP', sans-serif",
    background="white",
    plot_background="white",
    colors=("#2e5c8a", "#e07b39", "#5a9e4b", "#b0413e"),
)


def render_chart(title, labels, series, kind="bar", width=720, height=360):
    """``series``: [(name, [value per label])]. Returns an inline SVG string."""
    config = {
        "js": [],  # pygal's tooltips would load a script from a CDN
        "style": STYLE,
        "width": width,
        "height": height,
        "disable_xml_declaration": True,
        "show_legend": len(series) > 1,
        "legend_at_bottom": True,
        "explicit_size": True,
        "title": title,
        "x_label_rotation": 30 if len(labels) > 6 else 0,
        "no_data_text": "データなし",
    }
    chart = {"line": pygal.Line, "hbar": pygal.HorizontalBar}.get(kind, pygal.Bar)(**config)
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    return without_scripts(chart.render(is_unicode=True))


def without_scripts(svg):
    """pygal always inlines a config <script> for its tooltips; a static chart needs none."""
    ElementTree.register_namespace("", "http://www.w3.org/2000/svg")
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = fromstring(svg)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return ElementTree.tostring(root, encoding="unicode")
