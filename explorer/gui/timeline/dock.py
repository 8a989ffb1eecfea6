"""TimelinePanel: the timeline with the choice of its lanes above it, for the window's dock.

Signals
-------
lane_mode_chosen(str)
    The user chose the lanes: ``type``, ``district`` or ``subject`` (project lifelines).
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from explorer.gui.timeline.view import TimelineView

# The lane modes TimelineData knows, in the order the selector offers them.
LANE_MODES: tuple[str, ...] = ("type", "district", "subject")


class TimelinePanel(QWidget):
    """A row of lane buttons (类型 / 区县 / 项目) over a :class:`TimelineView`.

    The panel only says what the user chose; the window rebuilds the timeline's data and
    remembers the choice.
    """

    lane_mode_chosen = Signal(str)

    def __init__(self, view: TimelineView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        labels = {
            "type": self.tr("Type"),
            "district": self.tr("District"),
            "subject": self.tr("Project"),
        }
        self.lane_buttons: dict[str, QToolButton] = {}
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 0)
        bar.addWidget(QLabel(self.tr("Lanes")))
        for mode in LANE_MODES:
            button = QToolButton(text=labels[mode], checkable=True)
            button.setAutoRaise(True)
            button.clicked.connect(lambda _=False, m=mode: self._on_lane_button_clicked(m))
            self._group.addButton(button)
            self.lane_buttons[mode] = button
            bar.addWidget(button)
        bar.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(view, 1)
        self.show_lane_mode(view.lane_mode)

    def show_lane_mode(self, mode: str) -> None:
        """Check the button of ``mode`` (from settings or the window); emits nothing."""
        button = self.lane_buttons.get(mode)
        if button is not None:
            blocker = QSignalBlocker(self._group)
            button.setChecked(True)
            blocker.unblock()

    def _on_lane_button_clicked(self, mode: str) -> None:
        if mode != self.view.lane_mode:
            self.lane_mode_chosen.emit(mode)
