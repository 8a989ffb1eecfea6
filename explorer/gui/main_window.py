"""MainWindow: wiring only. Map in the centre, timeline below, filters and details docked.

Every view talks to :class:`~explorer.gui.state.AppState`; none holds another.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from explorer.core.articles import Document
from explorer.core.filters import EventFilter
from explorer.gui import translations
from explorer.gui.curation_actions import CurationActions
from explorer.gui.db_health import add_health_actions
from explorer.gui.detail_pane import DetailPane
from explorer.gui.event_table import EventTable
from explorer.gui.filter_indicator import FilterIndicator
from explorer.gui.filter_panel import FilterPanel
from explorer.gui.help_menu import HelpMenu
from explorer.gui.icons import action_icon
from explorer.gui.map.view import MapView
from explorer.gui.place_lookup import PlaceLookup
from explorer.gui.preferences_menu import PreferencesMenu
from explorer.gui.settings import Settings
from explorer.gui.state import AppState
from explorer.gui.theme import controller as theme_controller
from explorer.gui.timeline.dock import TimelinePanel
from explorer.gui.timeline.items import TimelineData
from explorer.gui.timeline.view import TimelineView
from explorer.pipeline.corpus import KINDS
from explorer.store.db import location
from explorer.store.repository import event_citations

EXPORT_FILTERS = {
    "png_map": "PNG (*.png)",
    "html_map": "HTML (*.html)",
    "timeline": "PNG (*.png);;SVG (*.svg)",
    "table": "CSV (*.csv);;Excel (*.xlsx);;GeoJSON (*.geojson)",
}
# How long closing waits for background work (an import stops at its next file, a lookup
# after its current request) before the window goes anyway.
CLOSE_WAIT_MS = 5000

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, state: AppState, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.settings = settings
        state.user = settings.user_name
        # The labels of types, statuses and precisions speak the language the Qt strings
        # do: the saved choice, or English when its translation could not be loaded.
        language = self.language = translations.ui_language()
        self.setWindowTitle(self.tr("Jiangmen Explorer"))
        self.map = MapView(language=language)
        self.timeline = TimelineView(language=language)
        self.timeline.set_lane_mode(settings.timeline_lanes)
        self.timeline_panel = TimelinePanel(self.timeline)
        self.table = EventTable(language=language)
        # The table's article columns (文章标题, 媒体, 发布日期, URL) come from the store.
        self.table.set_citation_source(
            lambda ids: event_citations(state.conn, ids) if state.conn is not None else {}
        )
        self.filters = FilterPanel(language=language)
        self.details = DetailPane(language=language)
        self.status_line = QLabel()
        self.filter_indicator = FilterIndicator(language=language)
        self.centre = centre = QTabWidget()
        centre.addTab(self.map, self.tr("Map"))
        centre.addTab(self.table, self.tr("Events"))
        self.setCentralWidget(centre)
        # Named after the view it used to hold alone, so saved layouts still restore it.
        self._dock(
            self.timeline_panel,
            self.tr("Timeline"),
            Qt.DockWidgetArea.BottomDockWidgetArea,
            "dock_TimelineView",
        )
        self._dock(
            _scrolling(self.filters),
            self.tr("Filters"),
            Qt.DockWidgetArea.LeftDockWidgetArea,
            "dock_FilterPanel",
        )
        self._dock(self.details, self.tr("Details"), Qt.DockWidgetArea.RightDockWidgetArea)
        self.statusBar().addPermanentWidget(self.filter_indicator)
        self.statusBar().addPermanentWidget(self.status_line)
        self._brushed = False  # a brush or playback changed the range: keep the timeline view
        self._all_events_timeline: tuple[tuple, str, TimelineData] | None = None
        self.curation = CurationActions(state, settings, self)
        self.curation.selected_rows = self.table.selected_ids
        self.place_lookup = PlaceLookup(state, settings, self)
        self._connect()
        self._menus()
        self.setAcceptDrops(True)
        self.import_job = None
        self._closing = False
        self.map.set_basemap(settings.basemap)
        self.map.load_page()
        if state.events:  # a state loaded before the window: show it now (map calls queue)
            self._on_state_events_changed()
            self._on_state_visible_changed(state.visible)
        if (geometry := settings.window_geometry()) is not None:
            self.restoreGeometry(geometry)
        # Until the first show: a window with no saved layout then gets the default one.
        self._default_layout_pending = True
        if (layout := settings.window_state()) is not None:
            self._default_layout_pending = not self.restoreState(layout)
        self.table.restore_header(settings.table_header(self.table.header_columns()))

    def _dock(
        self, widget: QWidget, title: str, area: Qt.DockWidgetArea, name: str | None = None
    ) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name or f"dock_{widget.__class__.__name__}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._default_layout_pending:
            self._default_layout_pending = False
            self._size_docks()

    def _size_docks(self) -> None:
        """The default layout, set at the first show, when the window has its size: the
        timeline tall enough for three lanes, the detail pane wide enough for its quote.
        Left alone, docks got their minimum heights and the timeline showed its axis only
        (at 1366×768, issue 16)."""
        docks = {d.objectName(): d for d in self.findChildren(QDockWidget)}
        timeline = docks["dock_TimelineView"]
        extra = timeline.height() - self.timeline.height()  # title bar and lane buttons
        self.resizeDocks(
            [timeline], [self.timeline.sizeHint().height() + extra], Qt.Orientation.Vertical
        )
        self.resizeDocks(
            [docks["dock_FilterPanel"], docks["dock_DetailPane"]],
            [280, 330],
            Qt.Orientation.Horizontal,
        )

    def _connect(self) -> None:
        state = self.state
        self.map.basemap_changed.connect(lambda name: setattr(self.settings, "basemap", name))
        self.map.location_picked.connect(self.curation.on_location_picked)
        self.map.near_requested.connect(self.curation.show_events_near)
        theme = theme_controller()
        if theme is not None:  # None when a test builds the window without run_app
            theme.theme_changed.connect(self.map.set_theme)
            self.map.set_theme(theme.current())
        state.events_changed.connect(self._on_state_events_changed)
        state.visible_changed.connect(self._on_state_visible_changed)
        state.filter_changed.connect(self.filters.set_filter)
        state.filter_changed.connect(self.filter_indicator.show_filter)
        self.filter_indicator.clear_requested.connect(self.filters.clear)
        state.selection_changed.connect(self._on_state_selection_changed)
        self.filters.filter_edited.connect(state.set_filter)
        self.timeline.range_changed.connect(self._on_timeline_range_changed)
        self.timeline_panel.lane_mode_chosen.connect(self._on_timeline_panel_lane_mode_chosen)
        for view in (self.timeline, self.table, self.map, self.details):
            view.event_selected.connect(state.select)
        for view in (self.table, self.details):
            view.edit_requested.connect(self.curation.edit_event)
            view.delete_requested.connect(self.curation.delete_event)
            view.merge_requested.connect(self.curation.merge_events)
        self.details.article_requested.connect(self.curation.show_article)

    def show_loading(self) -> None:
        """Say that the events are on their way (a large database loads in the background)."""
        self.status_line.setText(self.tr("Loading events…"))

    def _on_state_events_changed(self) -> None:
        columns = self.state.columns
        self.map.load_events(self.state.events)
        self.filters.show_columns(columns, self.state.visible_mask)
        starts, ends = columns.date[columns.date != ""], columns.date_end[columns.date_end != ""]
        if len(starts) and len(ends):
            self.filters.set_date_bounds(
                date.fromisoformat(min(starts.tolist())), date.fromisoformat(max(ends.tolist()))
            )

    def _on_state_visible_changed(self, visible: tuple) -> None:
        keep = self._brushed
        self._brushed = False
        self.timeline.set_events(self._timeline_data(visible), keep_view=keep)
        self.table.set_events(visible)
        self.map.show_only(self.state.visible_ids())
        self.filters.show_visible_columns(self.state.columns, self.state.visible_mask)
        self.filters.show_facet_counts(self.state.facet_counts)
        counts = self.state.counts()
        template = self.tr(
            "{shown} of {total} events shown · {undated} undated · {unplaced} without location"
        )
        self.status_line.setText(template.format(**counts))

    def _on_state_selection_changed(self, event_id: int | None) -> None:
        self.timeline.select(event_id)
        self.table.select(event_id)
        self.map.select(event_id)
        event = self.state.event_by_id(event_id)
        source = self.state.source_of(event_id) if event_id is not None else None
        related = self.state.related(event_id) if event else {}
        nearby = self.state.nearby(event_id, self.details.nearby_km) if event else []
        fix = self.state.location_fix(event_id) if event else None
        self.details.show_event(event, source, related, nearby, fix)

    def _on_timeline_range_changed(self, first: date, last: date) -> None:
        self._brushed = True
        current = self.state.filter
        self.state.set_filter(
            EventFilter(
                first, last, current.districts, current.types, current.statuses, current.text
            )
        )

    def _on_timeline_panel_lane_mode_chosen(self, mode: str) -> None:
        self.settings.timeline_lanes = mode
        self.timeline.set_lane_mode(mode)
        self.timeline_panel.show_lane_mode(mode)

    def _timeline_data(self, visible: tuple) -> TimelineData:
        """The timeline's data. That of all events is built once per event set (~110 ms at
        100k) and kept; a filtered set is sliced from it by the state's mask."""
        mode, events = self.timeline_mode(), self.state.events
        kept = self._all_events_timeline
        if kept is None or kept[0] is not events or kept[1] != mode:
            kept = self._all_events_timeline = (events, mode, TimelineData(events, mode))
        full = kept[2]
        if visible is events:
            return full
        mask = self.state.visible_mask
        if len(mask) != len(events):  # a state changed behind the mask: build afresh
            return TimelineData(visible, mode)
        rows = np.flatnonzero(mask[full.source_rows])
        return TimelineData.subset(full, rows, undated=len(visible) - len(rows))

    def timeline_mode(self) -> str:
        return self.timeline.lane_mode

    # ---------------------------------------------------------------- menus and actions
    def _menus(self) -> None:
        def action(text: str, handler, icon: str | None = None) -> QAction:
            item = QAction(action_icon(icon), text, self) if icon else QAction(text, self)
            item.triggered.connect(handler)
            return item

        file_menu = self.menuBar().addMenu(self.tr("File"))
        file_menu.addAction(action(self.tr("Import folder…"), self._on_import_folder))
        file_menu.addAction(action(self.tr("Import files…"), self._on_import_files))
        file_menu.addAction(action(self.tr("Paste an article…"), self._on_paste_article))
        add_health_actions(file_menu, self)  # check the database, restore a backup
        self.curation.add_menu(self.menuBar())
        export = self.menuBar().addMenu(self.tr("Export"))
        toolbar = self.addToolBar(self.tr("Export"))
        toolbar.setObjectName("toolbar_export")
        # Icons alone say little to a new user: every button names what it does.
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        entries = [
            (self.tr("Map snapshot…"), "snapshot", "export_map"),
            (self.tr("Map page HTML…"), "html_map", None),
            (self.tr("Timeline PNG/SVG…"), "timeline", "export_timeline"),
            (
                self.tr("Events CSV/XLSX/GeoJSON…"),
                "table",
                "export_table",
            ),
        ]
        for text, kind, icon in entries:
            item = action(text, lambda _=False, k=kind: self._on_export(k), icon)
            export.addAction(item)
            if icon:
                toolbar.addAction(item)
        export.addSeparator()
        export.addAction(action(self.tr("Briefing (PDF/DOCX)…"), self._on_export_briefing))
        self.preferences = PreferencesMenu(self.menuBar(), self.settings, self)
        self.help = HelpMenu(self, self.language)
        self.help.add_menu(self.menuBar())

    def _on_export(self, kind: str) -> None:
        if kind == "snapshot":
            self.open_snapshot_dialog()
            return
        path, _ = QFileDialog.getSaveFileName(self, "", "", EXPORT_FILTERS[kind])
        if path:
            self.export(kind, Path(path))

    def export(self, kind: str, path: Path) -> None:
        """Export the visible events; a failure is a message naming the file."""
        # Imported here: folium and pandas cost a second at start-up and only exports need them.
        from explorer.atomic import write_text_atomically
        from explorer.export.event_rows import with_machine_columns
        from explorer.export.map_page import standalone_map
        from explorer.export.tables import write_events

        visible = self.state.visible
        try:
            if kind == "table":  # as the table shows them: its sort, its shown columns
                write_events(
                    self.table.shown_events(),
                    path,
                    citations=self.table.citations(),
                    language=self.language,
                    columns=with_machine_columns(self.table.visible_columns()),
                )
            elif kind == "timeline":
                self._export_timeline(path, list(visible))
            elif kind == "html_map":
                caption = self.state.filter.describe(self.language)
                write_text_atomically(path, standalone_map(list(visible), caption, self.language))
            else:
                from explorer.export.report_layout import SnapshotSpec, default_titles
                from explorer.gui.headless import export_map
                from explorer.store.repository import data_date

                shown = list(visible)
                title, subtitle = default_titles(shown, self.state.filter, self.language)
                spec = SnapshotSpec(title=title, subtitle=subtitle, width=1200, height=900)
                export_map(
                    shown,
                    path,
                    language=self.language,
                    spec=spec,
                    data_date=data_date(self.state.conn) if self.state.conn else None,
                    districts=sorted(self.state.filter.districts),
                )
        except (OSError, ValueError, TimeoutError) as error:
            QMessageBox.warning(self, "", f"{path}: {error}")

    def _export_timeline(self, path: Path, shown: list) -> None:
        """Every lane of the timeline over the time range shown, titled with the filter."""
        from explorer.export.timeline_page import timeline_page
        from explorer.gui.headless import png_labels

        page = timeline_page(shown, self.state.filter, self.language)
        if path.suffix.lower() == ".svg":
            self.timeline.export_svg(path, page)
        else:
            self.timeline.export_png(path, labels=png_labels(page.title), page=page)

    def open_snapshot_dialog(self) -> QDialog:
        """导出 → 地图快照…: the shown events' print-ready map, previewed, copied or saved;
        the paper, dpi, size and labels chosen last come back next time."""
        from explorer.export.report_layout import default_titles
        from explorer.gui.headless import export_map, render_snapshot
        from explorer.gui.snapshot_dialog import SnapshotDialog
        from explorer.store.repository import data_date

        shown = list(self.state.visible)
        title, subtitle = default_titles(shown, self.state.filter, self.language)
        spec = replace(self.settings.snapshot_spec(), title=title, subtitle=subtitle)
        options = {
            "language": self.language,
            "data_date": data_date(self.state.conn),
            "districts": sorted(self.state.filter.districts),
            "basemap": self.map.basemap,  # what the user sees; offline if tiles cannot load
        }
        dialog = SnapshotDialog(
            spec,
            lambda chosen: render_snapshot(shown, chosen, **options),
            lambda chosen, path: export_map(shown, path, spec=chosen, **options),
            self,
        )
        dialog.finished.connect(lambda _: self.settings.save_snapshot_spec(dialog.spec()))
        dialog.open()
        return dialog

    def _on_export_briefing(self) -> None:
        """The shown events as a briefing: map, timeline and the numbered, quoted table."""
        from explorer.export.report_layout import default_titles

        visible = list(self.state.visible)
        if not visible:
            QMessageBox.information(self, "", self.tr("No events are shown: nothing to brief"))
            return
        title, _ = default_titles(visible, self.state.filter, self.language)
        title, ok = QInputDialog.getText(self, self.tr("Briefing"), self.tr("Title"), text=title)
        if not ok:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the briefing"), "", "PDF (*.pdf);;Word (*.docx)"
        )
        if path:
            self.export_briefing(Path(path), title.strip() or None)

    def export_briefing(self, path: Path, title: str | None = None) -> bool:
        """Write the briefing of the shown events; a failure is a message naming the file."""
        from explorer.gui.briefing import export_briefing

        if path.suffix.lower() not in (".pdf", ".docx"):
            path = path.with_suffix(".pdf")
        self.statusBar().showMessage(self.tr("Writing the briefing…"))
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            export_briefing(
                self.state.conn,
                list(self.state.visible),
                path,
                self.state.filter,
                title=title,
                language=self.language,
            )
        except (OSError, ValueError, TimeoutError) as error:
            QMessageBox.warning(self, "", f"{path}: {error}")
            return False
        finally:
            QApplication.restoreOverrideCursor()
            self.statusBar().clearMessage()
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 8000)
        return True

    # ---------------------------------------------------------------- import
    def _on_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self)
        if folder:
            self.start_import([folder])

    def _on_import_files(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in KINDS)
        files, _ = QFileDialog.getOpenFileNames(
            self, "", "", self.tr("Articles ({patterns});;All (*)").format(patterns=patterns)
        )
        if files:
            self.start_import(files)

    def _on_paste_article(self) -> None:
        from explorer.gui.paste_dialog import PasteArticleDialog

        dialog = PasteArticleDialog(self)
        if dialog.exec() and dialog.document is not None:
            self.start_import([], [dialog.document])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.start_import(paths)

    def start_import(self, paths: list[str], documents: Sequence[Document] = ()) -> None:
        """Import in a background worker with progress and Cancel, then reload the views.

        ``documents``: made in the window (a pasted article), stored like files."""
        from explorer.gui.workers import ImportJob

        db_path = location(self.state.conn)  # a file, or a team server's URL
        # errors: the error dialog
        job = ImportJob(db_path, paths, self.tr("Import failed"), documents)
        worker = job.worker
        progress = QProgressDialog(self.tr("Importing…"), self.tr("Cancel"), 0, 0, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        worker.yielded.connect(lambda p: (progress.setMaximum(p.total), progress.setValue(p.done)))
        progress.canceled.connect(job.cancel)
        worker.returned.connect(self._on_import_returned)
        worker.finished.connect(progress.close)
        self.import_job = job
        progress.show()
        worker.start()

    def _on_import_returned(self, report) -> None:
        self.last_import_report = report
        if self._closing:  # cancelled by closing the window: nobody to tell
            return
        if report is None:  # cancelled: the database is as it was
            QMessageBox.information(self, "", self.tr("Import cancelled; nothing was changed"))
            return
        self.state.reload()
        for line in report.summary_lines():  # the log keeps the report, failed files included
            log.info("import: %s", line)
        summary, details = self._import_report_text(report)
        box = QMessageBox(self)
        box.setText(summary)
        box.setDetailedText(details)
        box.show()
        if self.settings.geocode_online:  # after the import, never inside it
            self.place_lookup.run()

    def _import_report_text(self, report) -> tuple[str, str]:
        """The report's counts and its problems, file by file, in the UI's language (the
        store's ``summary_lines`` are the CLI's English). A problem's own wording comes
        from the reader that found it."""
        summary = [
            self.tr("Imported {documents} documents ({articles} articles, {events} events)"),
            self.tr("Skipped {duplicates} already imported"),
            self.tr("Failed {failures}"),
        ]
        if report.ignored:
            summary.append(self.tr("Ignored {ignored} files of other kinds"))
        if report.warnings:
            summary.append(self.tr("{warnings} warnings (see Show Details)"))
        counts = {
            "documents": report.documents,
            "articles": report.articles,
            "events": report.events,
            "duplicates": len(report.duplicates),
            "failures": len(report.failures),
            "ignored": len(report.ignored),
            "warnings": len(report.warnings),
        }
        lines = [line.format(**counts) for line in summary]
        per_format = self.tr(
            "{format}: {documents} imported ({articles} articles), {failed} failed"
        )
        for fmt, count in sorted(report.formats.items()):
            lines.append(
                per_format.format(
                    format=self._format_name(fmt),
                    documents=count.documents,
                    articles=count.articles,
                    failed=count.failed,
                )
            )
        # Every skipped file by name, however many: the details pane scrolls.
        details = [self.tr("Failed: {problem}").format(problem=e) for e in report.failures]
        details += [
            self.tr("Already imported: {entry}").format(entry=line) for line in report.duplicates
        ]
        details += [
            self.tr("Not read (not a kind of file it reads): {path}").format(path=path)
            for path in report.ignored
        ]
        details += [self.tr("Warning: {warning}").format(warning=w) for w in report.warnings]
        return "\n".join(lines), "\n".join(details)

    def _format_name(self, fmt: str) -> str:
        names = {
            "text": self.tr("Text files"),
            "jsonl": "JSONL",
            "csv": "CSV",
            "html": self.tr("Web pages"),
            "mhtml": self.tr("Web archives (MHTML)"),
            "pdf": self.tr("PDF pages"),
            "docx": self.tr("Word documents"),
            "pasted": self.tr("Pasted articles"),
        }
        return names.get(fmt, fmt)

    def closeEvent(self, event: QCloseEvent) -> None:
        from explorer.gui.workers import stop_workers

        # Stop imports and lookups, and wait for them: an import's rollback and a worker's
        # own connection must end before the app (and its database) does.
        self._closing = True
        stop_workers(CLOSE_WAIT_MS)
        # An ephemeral Settings (a screenshot run) keeps these to itself.
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.save_table_header(self.table.header_columns(), self.table.header_state())
        self.settings.save_filter(self.state.filter)
        self.settings.sync()
        super().closeEvent(event)


def _scrolling(panel: QWidget) -> QScrollArea:
    """``panel`` in a vertical scroll area: on a short screen its dock scrolls instead of
    pushing the window taller than the screen."""
    area = QScrollArea()
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    bar = area.verticalScrollBar().sizeHint().width()
    area.setMinimumWidth(panel.minimumSizeHint().width() + bar)
    return area
