"""FilterIndicator: "筛选中 · 清除" in the status bar while any filter is active.

A filter remembered from the last session comes back at start-up; without this mark a user
sees fewer events than were imported and cannot tell why.

Signals
-------
clear_requested()
    The user clicked 清除 (Clear): every filter should go.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from explorer.core.filters import EventFilter

# A fixed amber, readable in the light and the dark theme alike: it must catch the eye.
_STYLE = (
    "#filterIndicator { background: #ffe08a; border-radius: 3px; }"
    "#filterIndicator QLabel, #filterIndicator QToolButton { color: #222; }"
    "#filterIndicator QToolButton { text-decoration: underline; border: none; padding: 0 2px; }"
)


class FilterIndicator(QWidget):
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None, language: str = "zh") -> None:
        super().__init__(parent)
        self.language = language
        self.setObjectName("filterIndicator")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # else no background drawn
        self.setStyleSheet(_STYLE)
        self.label = QLabel(self.tr("Filtered") + " ·")
        self.clear_button = QToolButton(text=self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Show every event again"))
        self.clear_button.clicked.connect(self.clear_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 4, 0)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.clear_button)
        self.setVisible(False)

    def show_filter(self, wanted: EventFilter) -> None:
        """Show the mark while ``wanted`` filters anything; its tooltip says what."""
        active = wanted != EventFilter()
        # Escaped rich text: a tooltip would render a searched "<img …>" as HTML.
        caption = f"<p>{html.escape(wanted.describe(self.language))}</p>" if active else ""
        self.label.setToolTip(caption)
        self.setVisible(active)
