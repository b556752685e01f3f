"""The averages chart of the grades pages, drawn as SVG coordinates here (the page only places rectangles and
text; no script, no style attribute). Its values are the report's, already decided with the year's rounding.

It reads in the page's language and direction: each subject's name (not its code) on a line of its own above
its bars, one bar per semester named in the legend, and in a right-to-left page the names start on the right
and the bars grow from the right edge towards the left."""

from django.utils.translation import get_language_bidi

from massar.grades.selectors import SemesterReport
from massar.schools.models import Subject

# The drawing's units; the SVG scales to its box (a phone's width) through its viewBox.
CHART_WIDTH = 360
BAR_HEIGHT = 16
BAR_GAP = 4
LABEL_HEIGHT = 21  # the subject's name, above its bars
GROUP_GAP = 10
VALUE_ROOM = 44  # room after the longest bar (a full mark) for its value
TEXT_GAP = 4


def averages_chart(reports: list[SemesterReport], *, rtl: bool | None = None) -> dict:
    """Bars for each subject's average in each semester, scaled on each sheet's scale (0-20, 0-10 in primary
    school); `rtl` defaults to the active language's direction."""
    if rtl is None:
        rtl = get_language_bidi()
    span = CHART_WIDTH - VALUE_ROOM
    subjects: dict[int, Subject] = {}
    for report in reports:
        for line in report.lines:
            subjects.setdefault(line.subject.pk, line.subject)
    groups: list[dict] = []
    y = 0
    for pk, subject in subjects.items():
        label_y = y + LABEL_HEIGHT - 5
        bars_y = y + LABEL_HEIGHT
        group: list[dict] = []
        for index, report in enumerate(reports):
            shown = next((line for line in report.lines if line.subject.pk == pk), None)
            if shown is None or shown.average is None:
                continue
            average = shown.average
            width = int(span * average / shown.out_of)
            # In a right-to-left page a bar starts at the right edge, and its value sits to its left.
            x = CHART_WIDTH - width if rtl else 0
            group.append({"x": x, "y": bars_y, "width": width, "value": average, "semester": report.semester,
                          "css": f"s{index + 1}", "text_x": x - TEXT_GAP if rtl else width + TEXT_GAP,
                          "text_y": bars_y + BAR_HEIGHT - 3})
            bars_y += BAR_HEIGHT + BAR_GAP
        if group:
            groups.append({"subject": subject, "label_x": CHART_WIDTH if rtl else 0, "label_y": label_y,
                           "bars": group})
            y = bars_y + GROUP_GAP
    legend = [{"semester": report.semester, "css": f"s{index + 1}"} for index, report in enumerate(reports)
              if any(bar["semester"] == report.semester for group in groups for bar in group["bars"])]
    return {"groups": groups, "legend": legend, "height": max(y - GROUP_GAP, 1), "width": CHART_WIDTH,
            "bar_height": BAR_HEIGHT, "direction": "rtl" if rtl else "ltr",
            "out_of": reports[0].out_of if reports else 20}
