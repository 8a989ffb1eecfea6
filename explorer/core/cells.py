"""Text cells for spreadsheets: a cell that starts like a formula is made inert.

Imported news text and document ids reach CSV and XLSX exports, and a spreadsheet runs a
cell starting with ``=``, ``+``, ``-`` or ``@`` (and, after a leading TAB or CR, what
follows) as a formula: ``=HYPERLINK("http://evil", …)`` in a title would become a live link.
As OWASP's CSV-injection guidance recommends, such a text cell gets a leading apostrophe,
which Excel, LibreOffice and WPS show as text. Numbers are never touched: a negative
amount stays a number.
"""

from __future__ import annotations

from explorer.core.xml_text import xml_safe

# OWASP's list of characters a spreadsheet reads as the start of a formula, and LF, which
# :func:`inert_cell` turns a CR into.
FORMULA_LEADERS = ("=", "+", "-", "@", "\t", "\r", "\n")
NEUTRALISER = "'"


def inert_cell(value: object) -> object:
    """``value`` with an apostrophe in front when it is text starting like a formula, and
    its line breaks as LF; characters an XLSX cannot hold are U+FFFD (:func:`xml_safe`).

    A lone CR is not quoted by a CSV writer whose rows end in LF (pandas on Linux), yet
    Excel and Python's csv reader end the row there: text after it would start a row of its
    own, formula and all. As LF, the writer quotes the cell and the break stays inside it.
    """
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_LEADERS):
        value = NEUTRALISER + value
    return xml_safe(value.replace("\r\n", "\n").replace("\r", "\n"))


def restored_cell(text: str) -> str:
    """A cell read back from a file this app wrote: the apostrophe of :func:`inert_cell`
    taken off again, so an export imports as it was."""
    if text.startswith(NEUTRALISER) and text[1:].startswith(FORMULA_LEADERS):
        return text[1:]
    return text
