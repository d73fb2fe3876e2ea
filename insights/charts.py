"""Charts drawn on the server as SVG: the geometry is computed here, `insights/_chart.html` draws it.

No script and no style attributes (the Content Security Policy forbids inline styles): sizes are
SVG attributes, colours come from CSS classes in `static/css/portal.css`. Every chart stands next
to a table with the same numbers (`insights.sections`), which is what screen readers read: the
SVG itself is one image with a title.
"""

from dataclasses import dataclass, field

WIDTH = 640
LABEL_WIDTH = 210
VALUE_WIDTH = 80
ROW_HEIGHT = 30
BAR_HEIGHT = 18


@dataclass
class Bar:
    label: str
    value: float
    display: str
    y: float = 0
    width: float = 0
    css: str = ""
    # An optional second, thinner bar under the first (e.g. the population share).
    reference: float | None = None
    reference_display: str = ""
    reference_width: float = 0
    text_y: float = 0
    value_x: float = 0
    reference_y: float = 0
    reference_text_y: float = 0
    reference_value_x: float = 0


@dataclass
class BarChart:
    """Horizontal bars, one per row, labels on the left and values at the end of each bar."""

    title: str
    bars: list[Bar]
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class, text)
    marker: float | None = None  # a vertical line at this value (e.g. the 100 % target)
    marker_label: str = ""
    kind: str = "bars"
    id: str = ""
    width: int = WIDTH
    height: float = 0
    plot_x: int = LABEL_WIDTH
    marker_x: float | None = None
    label_x: int = LABEL_WIDTH - 8

    @property
    def empty(self) -> bool:
        return not any(bar.value for bar in self.bars)

    def layout(self) -> "BarChart":
        area = self.width - LABEL_WIDTH - VALUE_WIDTH
        values = [bar.value for bar in self.bars] + [
            bar.reference for bar in self.bars if bar.reference is not None
        ]
        if self.marker is not None:
            values.append(self.marker)
        top = max([value for value in values if value is not None] + [0]) or 1
        row = ROW_HEIGHT + (12 if any(bar.reference is not None for bar in self.bars) else 0)
        for index, bar in enumerate(self.bars):
            bar.y = index * row + 6
            bar.text_y = bar.y + 14
            bar.width = round(max(bar.value, 0) / top * area, 1)
            bar.value_x = round(LABEL_WIDTH + bar.width + 6, 1)
            if bar.reference is not None:
                bar.reference_width = round(max(bar.reference, 0) / top * area, 1)
                bar.reference_y = bar.y + BAR_HEIGHT + 2
                bar.reference_text_y = bar.reference_y + 9
                bar.reference_value_x = round(LABEL_WIDTH + bar.reference_width + 6, 1)
        if self.marker is not None:
            self.marker_x = round(LABEL_WIDTH + self.marker / top * area, 1)
        self.height = len(self.bars) * row + 12
        return self


@dataclass
class Column:
    label: str
    value: float
    display: str
    x: float = 0
    y: float = 0
    height: float = 0
    center: float = 0
    value_y: float = 0


@dataclass
class ColumnChart:
    """Vertical columns, e.g. one per month."""

    title: str
    columns: list[Column]
    css: str = ""
    kind: str = "columns"
    id: str = ""
    width: int = WIDTH
    height: int = 190
    plot_top: int = 20
    plot_bottom: int = 160
    label_y: int = 178
    column_width: float = 0

    @property
    def empty(self) -> bool:
        return not any(column.value for column in self.columns)

    def layout(self) -> "ColumnChart":
        count = max(len(self.columns), 1)
        step = self.width / count
        self.column_width = round(step * 0.7, 1)
        top = max([column.value for column in self.columns] + [0]) or 1
        plot = self.plot_bottom - self.plot_top
        for index, column in enumerate(self.columns):
            column.height = round(max(column.value, 0) / top * plot, 1)
            column.x = round(index * step + (step - self.column_width) / 2, 1)
            column.y = round(self.plot_bottom - column.height, 1)
            column.center = round(column.x + self.column_width / 2, 1)
            column.value_y = round(column.y - 4, 1)
        return self
