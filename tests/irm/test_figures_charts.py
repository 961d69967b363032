"""irm.charts: the starred-commitments chart, drawn as SVG on the server."""

import re
from xml.etree import ElementTree

from django.test import SimpleTestCase

from irm import charts
from irm.figures import FOCUS_BUCKETS, PlanFigures

SVG = "{http://www.w3.org/2000/svg}"


def plan(total, **focus):
    empty = dict.fromkeys((key for key, _focus, _reason in FOCUS_BUCKETS), 0)
    return PlanFigures(total=total, focus={**empty, **focus})


class FocusChartTests(SimpleTestCase):
    def parse(self, svg):
        return ElementTree.fromstring(str(svg))

    def test_bars_are_shares_of_each_plan_and_the_average_is_marked(self):
        svg = charts.focus_chart(
            [("Action Plan 1", plan(4, star=1, design_ambition=3)), ("Action Plan 2", plan(0))],
            0.25,
        )
        root = self.parse(svg)
        rects = root.findall(f"{SVG}rect")
        self.assertEqual(
            [rect.get("class") for rect in rects], ["fill-star", "fill-design_ambition"]
        )
        widths = [float(rect.get("width")) for rect in rects]
        self.assertAlmostEqual(widths[0], charts.BAR_WIDTH / 4, places=0)
        self.assertAlmostEqual(sum(widths), charts.BAR_WIDTH, places=0)
        average = root.find(f"{SVG}line[@class='chart-average']")
        self.assertAlmostEqual(
            float(average.get("x1")), charts.LABEL_WIDTH + charts.BAR_WIDTH / 4, places=0
        )
        self.assertIn("Global star average 25%", str(svg))
        self.assertIn("No commitments", str(svg))  # the empty plan says so, no bar
        self.assertIn("Action Plan 1: Stars, 1 of 4 (25%)", str(svg))

    def test_no_average_no_line_and_no_inline_style(self):
        svg = str(charts.focus_chart([("Action Plan 1", plan(2, pending=2))], None))
        self.assertNotIn("chart-average", svg)
        self.assertIn("No global star average yet", svg)
        self.assertIsNone(re.search(r"\sstyle=", svg))

    def test_labels_are_escaped(self):
        svg = str(charts.focus_chart([("<b>Plan</b>", plan(1, star=1))], 0.1))
        self.assertNotIn("<b>", svg)
        self.parse(svg)

    def test_a_longer_label_widens_its_column_and_the_bars_still_fill_the_chart(self):
        # "Plan de acción 10" at a phone's 17px bold is wider than the English column.
        label = "Plan de acción 10"
        root = self.parse(charts.focus_chart([(label, plan(2, star=2))], 0.5))
        [bar] = root.findall(f"{SVG}rect")
        start, width = float(bar.get("x")), float(bar.get("width"))
        self.assertGreaterEqual(start, charts.LABEL_CHAR * len(label))
        self.assertGreater(start, charts.LABEL_WIDTH)
        self.assertAlmostEqual(start + width, charts.WIDTH - charts.RIGHT_MARGIN, places=0)
        [text] = [t for t in root.findall(f"{SVG}text") if t.text == label]
        self.assertLess(float(text.get("x")), start)
        line = root.find(f"{SVG}line[@class='chart-average']")
        self.assertAlmostEqual(float(line.get("x1")), start + width / 2, places=0)
