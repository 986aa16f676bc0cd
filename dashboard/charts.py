"""Server-rendered SVG charts (pygal): no script, no font from another host, text kept as text."""

import pygal
from pygal.style import Style

# The system's Japanese font by name only: nothing is fetched, the SVG's text stays selectable.
STYLE = Style(
    font_family="'Noto Sans CJK JP', 'Noto Sans JP', sans-serif",
    background="white",
    plot_background="white",
    colors=("#2e5c8a", "#e07b39", "#5a9e4b", "#b0413e"),
)


def section_chart(section, width=720, height=360):
    """The section's figures as an inline SVG string (no XML declaration, no <script>)."""
    config = {
        "js": [],  # pygal's tooltips load a script from a CDN by default
        "style": STYLE,
        "width": width,
        "height": height,
        "disable_xml_declaration": True,
        "show_legend": len(section.columns) > 1,
        "legend_at_bottom": True,
        "print_values": False,
        "explicit_size": True,
        "title": section.title,
        "x_label_rotation": 30 if len(section.rows) > 6 else 0,
        "no_data_text": "データなし",
    }
    chart = (pygal.Line if section.chart == "line" else pygal.Bar)(**config)
    chart.x_labels = [label for label, _values in section.rows]
    for index, column in enumerate(section.columns):
        chart.add(column, [values[index] for _label, values in section.rows])
    return _without_scripts(chart.render(is_unicode=True))


def _without_scripts(svg):
    """pygal always inlines a config <script> for its tooltips; a static chart needs none."""
    from xml.etree import ElementTree

    from defusedxml.ElementTree import fromstring

    ElementTree.register_namespace("", "http://www.w3.org/2000/svg")
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = fromstring(svg)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return ElementTree.tostring(root, encoding="unicode")
