"""The printable directory as a PDF (fpdf2: pure Python, no browser): the same content as
:mod:`chatbot.formats.directory_html`, each theme starting a page, "Internal — do not share"
in the header and footer of every page of the internal list.

Accents need a Unicode font: DejaVu Sans where the system has it (``fonts-dejavu-core`` on
Debian); otherwise the PDF's built-in Helvetica, which holds Latin-1 only: other characters
become ``?``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from fpdf import FPDF

from chatbot.directory import Entry
from chatbot.formats.directory_html import by_theme, details
from chatbot.i18n import _

logging.getLogger("fontTools").setLevel(logging.WARNING)  # a line per glyph table otherwise

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
)


def unicode_font() -> tuple[Path, Path] | None:
    """DejaVu Sans and its bold, if the system has them."""
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file():
            return regular, bold if bold.is_file() else regular
    return None


class _Document(FPDF):
    def __init__(self, *, warning: str, title: str) -> None:
        super().__init__(format="A4")
        self.warning = warning
        font = unicode_font()
        self.has_unicode = font is not None
        if font is not None:
            self.add_font("body", "", str(font[0]))
            self.add_font("body", "B", str(font[1]))
            self.body_font = "body"
        else:
            self.body_font = "helvetica"
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(self.clean(title))

    def clean(self, value: str) -> str:
        if self.has_unicode:
            return value
        return value.replace("—", "-").encode("latin-1", "replace").decode("latin-1")

    def header(self) -> None:
        if self.warning:
            self.set_font(self.body_font, "B", 9)
            self.cell(0, 6, self.clean(self.warning), align="C", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(self.body_font, "B" if self.warning else "", 8)
        line = f"{self.warning} — {self.page_no()}" if self.warning else str(self.page_no())
        self.cell(0, 6, self.clean(line), align="C")


def directory_pdf(
    entries: Iterable[Entry], *, internal: bool, at: datetime, compress: bool = True
) -> bytes:
    """The PDF for ``entries`` (already the public view for a public list), dated ``at``;
    ``compress=False`` leaves the page contents readable (tests read them)."""
    title = _("Directory — internal") if internal else _("Directory")
    pdf = _Document(warning=_("Internal — do not share") if internal else "", title=title)
    pdf.set_compression(compress)
    day = at.date().isoformat()
    mark = " (" + _("internal") + ")"
    groups = by_theme(entries)
    for number, (theme, group) in enumerate(groups or [("", [])]):
        pdf.add_page()
        if number == 0:
            pdf.set_font(pdf.body_font, "B", 18)
            pdf.cell(0, 10, pdf.clean(title), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(pdf.body_font, "", 10)
            line = _("Updated on {date}").format(date=day)
            pdf.cell(0, 6, pdf.clean(line), new_x="LMARGIN", new_y="NEXT")
        if not group:
            continue
        pdf.set_font(pdf.body_font, "B", 14)
        pdf.cell(0, 10, pdf.clean(theme or _("Other")), new_x="LMARGIN", new_y="NEXT")
        for entry in group:
            lines = [
                _("{label}: {text}").format(label=label, text=text) + (mark if hidden else "")
                for label, text, hidden in details(entry, internal=internal)
            ]
            if pdf.will_page_break(6 + 5 * (len(lines) + 1)):
                pdf.add_page()
            pdf.set_font(pdf.body_font, "B", 11)
            name = entry.name + (mark if entry.internal else "")
            pdf.multi_cell(0, 6, pdf.clean(name), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(pdf.body_font, "", 10)
            if entry.aliases:
                pdf.multi_cell(
                    0, 5, pdf.clean(", ".join(entry.aliases)), new_x="LMARGIN", new_y="NEXT"
                )
            for line in lines:
                pdf.multi_cell(0, 5, pdf.clean(line), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    return bytes(pdf.output())
