"""The averages chart of the grades pages, drawn as SVG coordinates here (the page only places rectangles;
no script, no style attribute). Its values are the report's, already decided with the year's rounding."""

from massar.grades.selectors import SemesterReport
from massar.schools.models import Subject

CHART_WIDTH, BAR_HEIGHT, LABEL_WIDTH = 480, 14, 90


def averages_chart(reports: list[SemesterReport]) -> dict:
    """Bars for each subject's average in each semester, scaled on each sheet's scale (0-20, 0-10 in primary
    school)."""
    subjects: dict[int, Subject] = {}
    for report in reports:
        for line in report.lines:
            subjects.setdefault(line.subject.pk, line.subject)
    bars: list[dict] = []
    y = 0
    span = CHART_WIDTH - LABEL_WIDTH - 60
    for pk, subject in subjects.items():
        group: list[dict] = []
        for index, report in enumerate(reports):
            shown = next((line for line in report.lines if line.subject.pk == pk), None)
            if shown is None or shown.average is None:
                continue
            average = shown.average
            width = int(span * average / shown.out_of)
            group.append({"y": y, "width": width, "value": average, "semester": report.semester.number,
                          "css": f"s{index + 1}", "text_x": LABEL_WIDTH + width + 4})
            y += BAR_HEIGHT + 2
        if group:
            bars.append({"subject": subject, "label_y": group[0]["y"] + BAR_HEIGHT - 3, "bars": group})
            y += 8
    return {"groups": bars, "height": max(y, 1), "width": CHART_WIDTH, "label_width": LABEL_WIDTH,
            "bar_height": BAR_HEIGHT, "out_of": reports[0].out_of if reports else 20}
