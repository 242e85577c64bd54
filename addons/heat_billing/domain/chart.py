"""A bar chart drawn as inline SVG, for screens and PDFs alike.

wkhtmltopdf prints without JavaScript, so the cost comparison draws its chart itself:
plain values in, an SVG string out. Every label and number is escaped here; the
caller may mark the result safe.
"""

import math
from html import escape

MARGIN_LEFT = 64
MARGIN_RIGHT = 12
MARGIN_TOP = 14
MARGIN_BOTTOM = 26


def nice_ticks(low, high, count=5):
    """Round tick values covering ``low`` to ``high`` (steps of 1, 2 or 5 × 10^n)."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high = low + 1.0
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step)
    last = math.ceil(high / step)
    return [i * step for i in range(first, last + 1)]


def _element(tag, text=None, **attrs):
    """An SVG element; attribute names use ``_`` for ``-``, values and text are
    escaped."""
    attributes = "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(str(value), quote=True)}"'
        for name, value in attrs.items()
    )
    if text is None:
        return f"<{tag}{attributes}/>"
    return f"<{tag}{attributes}>{text}</{tag}>"


def _number(value):
    return round(value, 2)


def bar_chart_svg(
    categories,
    series,
    title="",
    value_format=str,
    width=720,
    height=260,
):
    """An SVG bar chart, one group of bars per category; its legend is
    ``legend_html``.

    ``series`` is a list of ``(key, label, color, values)``, one value per category;
    negative values hang below the zero line. Each bar is a ``rect`` with the class
    ``o_heat_chart_bar`` and ``data-series`` / ``data-category`` attributes, and a
    ``title`` (the tooltip: category, series and formatted value).
    ``value_format`` turns a number into the text of the axis and tooltips.
    """
    categories = list(categories)
    if not categories or not series:
        return ""
    for _key, _label, _color, values in series:
        if len(values) != len(categories):
            raise ValueError("every series needs one value per category")
    values = [value for *_head, serie in series for value in serie]
    ticks = nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    plot_width = width - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = height - MARGIN_TOP - MARGIN_BOTTOM

    def y(value):
        return MARGIN_TOP + (high - value) / (high - low) * plot_height

    parts = []
    if title:
        parts.append(_element("title", escape(title)))
    # Horizontal grid and value axis.
    for tick in ticks:
        parts.append(
            _element(
                "line",
                x1=MARGIN_LEFT,
                x2=width - MARGIN_RIGHT,
                y1=_number(y(tick)),
                y2=_number(y(tick)),
                stroke="#555555" if tick == 0 else "#dddddd",
                stroke_width=1,
            )
        )
        parts.append(
            _element(
                "text",
                escape(value_format(tick)),
                x=MARGIN_LEFT - 6,
                y=_number(y(tick) + 4),
                font_size=11,
                text_anchor="end",
                fill="#555555",
            )
        )
    # Bars, one group per category.
    group_width = plot_width / len(categories)
    bar_width = group_width * 0.8 / len(series)
    label_every = math.ceil(len(categories) / 20)
    zero = y(0.0)
    for index, category in enumerate(categories):
        group_x = MARGIN_LEFT + index * group_width
        for position, (key, label, color, serie) in enumerate(series):
            value = serie[index]
            tooltip = f"{category} · {label}: {value_format(value)}"
            parts.append(
                _element(
                    "rect",
                    _element("title", escape(tooltip)),
                    class_="o_heat_chart_bar",
                    data_series=key,
                    data_category=category,
                    x=_number(group_x + group_width * 0.1 + position * bar_width),
                    y=_number(min(y(value), zero)),
                    width=_number(bar_width),
                    height=_number(abs(y(value) - zero)),
                    fill=color,
                )
            )
        if index % label_every == 0:
            parts.append(
                _element(
                    "text",
                    escape(str(category)),
                    x=_number(group_x + group_width / 2),
                    y=height - MARGIN_BOTTOM + 16,
                    font_size=11,
                    text_anchor="middle",
                    fill="#555555",
                )
            )
    return _element(
        "svg",
        "".join(parts),
        xmlns="http://www.w3.org/2000/svg",
        width=width,
        height=height,
        viewBox=f"0 0 {width} {height}",
        role="img",
        aria_label=title,
        class_="o_heat_chart",
        style="max-width: 100%; height: auto; font-family: sans-serif; font-size: 12px",
    )


def legend_html(series):
    """The legend of a chart's ``series``, as HTML beside the SVG: wkhtmltopdf draws
    an SVG's text as shapes, and a legend must stay text in the PDF."""
    items = "".join(
        '<span class="o_heat_chart_legend_item" style="margin-right: 16px">'
        '<span style="display: inline-block; width: 10px; height: 10px; '
        f'background: {escape(color, quote=True)}"></span> {escape(label)}</span>'
        for _key, label, color, _values in series
    )
    return f'<div class="o_heat_chart_legend small">{items}</div>'
