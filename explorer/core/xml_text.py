"""Text for XML-based files (XLSX, DOCX): characters XML 1.0 cannot hold are replaced.

Pages and PDFs bring control characters (ESC, NUL, vertical tab) into titles and sentences.
XML 1.0 allows none of the C0 controls but TAB, LF and CR, nor U+FFFE/U+FFFF or unpaired
surrogates: openpyxl and python-docx refuse such text, and the export fails whole. Each is
shown as U+FFFD instead, so the reader sees that something was there.
"""

from __future__ import annotations

import re

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub(REPLACEMENT, text)
