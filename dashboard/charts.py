"""A dashboard section as a chart (see ``manabi.charts``)."""

from manabi.charts import render_chart


def section_chart(section, width=720, height=360):
    """The section's figures as an inline SVG string (no XML declaration, no <script>)."""
    series = [
        (column, [values[index] for _label, values in section.rows])
        for index, column in enumerate(section.columns)
    ]
    labels = [label for label, _values in section.rows]
    return render_chart(
        section.title, labels, series, kind=section.chart, width=width, height=height
    )
