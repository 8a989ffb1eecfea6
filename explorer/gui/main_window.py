"""MainWindow: wiring only. Map in the centre, timeline below, filters and details docked.

Every view talks to :class:`~explorer.gui.state.AppState`; none holds another.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QTabWidget, QWidget

from explorer.core.filters import EventFilter
from explorer.gui.detail_pane import DetailPane
from explorer.gui.event_table import EventTable
from explorer.gui.filter_panel import FilterPanel
from explorer.gui.map.view import MapView
from explorer.gui.settings import Settings
from explorer.gui.state import AppState
from explorer.gui.timeline.items import TimelineData
from explorer.gui.timeline.view import TimelineView


class MainWindow(QMainWindow):
    def __init__(self, state: AppState, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.settings = settings
        language = settings.language
        zh = language == "zh"
        self.setWindowTitle("江门产业园区与项目历史" if zh else "Jiangmen Explorer")
        self.map = MapView(language=language)
        self.timeline = TimelineView(language=language)
        self.table = EventTable(language=language)
        self.filters = FilterPanel(language=language)
        self.details = DetailPane(language=language)
        self.status_line = QLabel()
        centre = QTabWidget()
        centre.addTab(self.map, "地图" if zh else "Map")
        centre.addTab(self.table, "事件表" if zh else "Events")
        self.setCentralWidget(centre)
        self._dock(
            self.timeline, "时间轴" if zh else "Timeline", Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self._dock(self.filters, "筛选" if zh else "Filters", Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock(self.details, "详情" if zh else "Details", Qt.DockWidgetArea.RightDockWidgetArea)
        self.statusBar().addPermanentWidget(self.status_line)
        self._brushed = False  # a brush or playback changed the range: keep the timeline view
        self._connect()
        self.map.load_page()
        if state.events:  # a state loaded before the window: show it now (map calls queue)
            self._on_state_events_changed()
            self._on_state_visible_changed(state.visible)
        if (geometry := settings.window_geometry()) is not None:
            self.restoreGeometry(geometry)
        if (layout := settings.window_state()) is not None:
            self.restoreState(layout)

    def _dock(self, widget: QWidget, title: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{widget.__class__.__name__}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        state = self.state
        state.events_changed.connect(self._on_state_events_changed)
        state.visible_changed.connect(self._on_state_visible_changed)
        state.filter_changed.connect(self.filters.set_filter)
        state.selection_changed.connect(self._on_state_selection_changed)
        self.filters.filter_edited.connect(state.set_filter)
        self.timeline.range_changed.connect(self._on_timeline_range_changed)
        for view in (self.timeline, self.table, self.map):
            view.event_selected.connect(state.select)

    def _on_state_events_changed(self) -> None:
        events = self.state.events
        self.filters.show_counts(events)
        days = [e.date for e in events if e.date] + [e.date_end for e in events if e.date_end]
        if days:
            self.filters.set_date_bounds(
                date.fromisoformat(min(days)), date.fromisoformat(max(days))
            )

    def _on_state_visible_changed(self, visible: tuple) -> None:
        keep = self._brushed
        self._brushed = False
        self.timeline.set_events(TimelineData(visible, self.timeline_mode()), keep_view=keep)
        self.table.set_events(visible)
        self.map.set_events(visible)
        counts = self.state.counts()
        zh = self.settings.language == "zh"
        template = (
            "{shown} / {total} 个事件 · {undated} 个无日期 · {unplaced} 个无位置"
            if zh
            else "{shown} of {total} events shown · {undated} undated · {unplaced} without location"
        )
        self.status_line.setText(template.format(**counts))

    def _on_state_selection_changed(self, event_id: int | None) -> None:
        self.timeline.select(event_id)
        self.table.select(event_id)
        self.map.select(event_id)
        event = self.state.event_by_id(event_id)
        source = self.state.source_of(event_id) if event_id is not None else None
        self.details.show_event(event, source)

    def _on_timeline_range_changed(self, first: date, last: date) -> None:
        self._brushed = True
        current = self.state.filter
        self.state.set_filter(
            EventFilter(
                first, last, current.districts, current.types, current.statuses, current.text
            )
        )

    def timeline_mode(self) -> str:
        return self.timeline.lane_mode

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.save_filter(self.state.filter)
        self.settings.sync()
        super().closeEvent(event)
