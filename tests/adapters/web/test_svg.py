"""The cockpit's charts: well-formed SVG a screen reader can name, user labels escaped."""

import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest

from adapters.web import svg
from chatbot.i18n import set_language

NS = {"s": "http://www.w3.org/2000/svg"}
DAYS = [f"{day:02d}/11" for day in range(1, 15)]


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def parsed(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # raises on anything not well-formed


def first(root: ET.Element, path: str) -> ET.Element:
    found = root.find(path, NS)
    assert found is not None, path
    return found


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_stacked_bars_name_themselves_and_list_every_category_in_the_legend() -> None:
    markup = svg.stacked_bars(
        ident="new",
        title="New reports per day",
        desc="Site: 3, Safety: 1",
        columns=DAYS,
        series=[("Site", [1] * 14), ("Safety", [0] * 13 + [1])],
    )
    root = parsed(markup)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "new-title new-desc"
    assert first(root, "s:title").text == "New reports per day"
    assert first(root, "s:desc").text == "Site: 3, Safety: 1"
    legend = root.findall(".//s:g[@class='legend-item']/s:text", NS)
    assert [t.text for t in legend] == ["Site", "Safety"]
    bars = root.findall("s:rect/s:title", NS)
    assert len(bars) == 15  # one segment per non-zero value, each with its figures
    assert "Safety, 14/11: 1" in [b.text for b in bars]
    assert "01/11" in texts(root) and "08/11" in texts(root)  # a day label every week


def test_a_category_holding_markup_is_drawn_as_text() -> None:
    evil = '<script>alert("x")</script>&'
    markup = svg.stacked_bars(
        ident="x", title=evil, desc=evil, columns=["d1"], series=[(evil, [2])]
    )
    assert "<script" not in markup
    root = parsed(markup)
    assert first(root, "s:title").text == evil
    assert evil in texts(root)
    assert first(root, "s:rect/s:title").text == f"{evil}, d1: 2"


def test_the_ident_cannot_break_out_of_its_attribute() -> None:
    markup = svg.funnel(ident='a" onload="x', title="t", desc="d", steps=[("s", 1)], total=1)
    assert parsed(markup).get("onload") is None


@pytest.mark.parametrize(
    "draw",
    [
        lambda: svg.stacked_bars(ident="e", title="T", desc="D", columns=[], series=[]),
        lambda: svg.stacked_bars(ident="e", title="T", desc="D", columns=DAYS, series=[]),
        lambda: svg.stacked_bars(
            ident="e", title="T", desc="D", columns=DAYS, series=[("Site", [0] * 14)]
        ),
        lambda: svg.grouped_bars(
            ident="e", title="T", desc="D", columns=["w1"], series=[("Ack", [None])], fmt=str
        ),
        lambda: svg.funnel(ident="e", title="T", desc="D", steps=[], total=0),
    ],
)
def test_no_data_draws_a_sentence_not_an_empty_frame(draw: Callable[[], str]) -> None:
    root = parsed(draw())
    assert "No data yet" in texts(root)
    assert first(root, "s:title").text == "T"


def test_grouped_bars_label_each_value_and_dash_a_missing_one() -> None:
    markup = svg.grouped_bars(
        ident="times",
        title="Median times",
        desc="d",
        columns=["w1", "w2"],
        series=[("Acknowledged", [3600.0, None]), ("Resolved", [7200.0, 86400.0])],
        fmt=lambda seconds: f"{seconds / 3600:g} h",
    )
    root = parsed(markup)
    shown = texts(root)
    assert {"1 h", "2 h", "24 h", "–"} <= set(shown)
    heights = {
        first(b, "s:title").text: float(b.get("height", "0"))
        for b in root.findall("s:rect", NS)
        if b.find("s:title", NS) is not None
    }
    assert (
        heights["Resolved, w2: 24 h"]
        > heights["Resolved, w1: 2 h"]
        > heights["Acknowledged, w1: 1 h"]
    )


def test_the_funnel_draws_each_steps_share_and_cuts_long_titles() -> None:
    long_title = "3. " + "Read the volunteer charter carefully " * 3
    markup = svg.funnel(
        ident="f",
        title="Steps",
        desc="d",
        steps=[("1. Say hello", 4), ("2. <b>Meet</b>", 2), (long_title, 0)],
        total=4,
    )
    root = parsed(markup)
    shown = texts(root)
    assert "4/4 (100%)" in shown and "2/4 (50%)" in shown and "0/4 (0%)" in shown
    assert "2. <b>Meet</b>" in shown
    cut = [t for t in shown if t.startswith("3. Read")]
    assert cut and cut[0].endswith("…") and len(cut[0]) <= svg.MAX_LABEL
    tips = [first(g, "s:title").text for g in root.findall("s:g", NS)]
    assert f"{long_title}: 0/4 (0%)" in tips  # the whole title stays in the tooltip


def test_the_data_table_escapes_its_cells_and_heads_its_rows() -> None:
    html = svg.data_table("Figures", ["Day", "<i>Site</i>"], [["01/11", "<b>3</b>"]])
    assert "<b>" not in html and "<i>" not in html
    root = ET.fromstring(html)
    assert first(root, "caption").text == "Figures"
    assert first(root, "tbody/tr/th").get("scope") == "row"
    assert first(root, "tbody/tr/td").text == "<b>3</b>"


def test_every_colour_stands_out_from_the_white_background() -> None:
    for series_colour in svg.PALETTE:
        assert svg.contrast(series_colour) >= 3.0, series_colour
    assert svg.contrast(svg.INK) >= 4.5 and svg.contrast(svg.MUTED) >= 4.5
    assert svg.contrast("#ffffff") == pytest.approx(1.0)
