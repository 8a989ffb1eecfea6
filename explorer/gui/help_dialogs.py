"""The Help menu's dialogs: the user guide, the keyboard shortcuts and About.

Their words come from :mod:`explorer.help_texts` (data files) and, for the shortcuts, from the
window's own actions at the moment the dialog opens, so the list cannot go stale. Everything
that reaches rich text is escaped, and the guide's Markdown is read without raw HTML.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence, QShowEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from explorer import help_texts
from explorer.help_texts import Credit


class _TextDialog(QDialog):
    """A read-only text in a scrolling browser that follows no link, with a Close button."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)  # a link in the guide must not replace the guide
        self.browser.setOpenExternalLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(640, 560)

    def text(self) -> str:
        return self.browser.toPlainText()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)  # open at the top


class GuideDialog(_TextDialog):
    """帮助 → 使用说明: the short guide (``assets/help/guide.<language>.md``)."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("User guide"), parent)
        features = (
            QTextDocument.MarkdownFeature.MarkdownDialectGitHub
            | QTextDocument.MarkdownFeature.MarkdownNoHTML
        )
        self.browser.document().setMarkdown(help_texts.guide(language), features)


class AboutDialog(_TextDialog):
    """帮助 → 关于: the app, its version, the data it ships and the libraries, with licences."""

    def __init__(self, app_name: str, language: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("About {name}").format(name=app_name), parent)
        credits = help_texts.credits(language)
        version = help_texts.app_version() or self.tr("unknown")
        version_line = self.tr("Version {version}").format(version=version)
        purpose = self.tr(
            "Dated events from the news articles you import, on a map and a timeline; "
            "works offline."
        )
        parts = [
            f"<h2>{html.escape(app_name)}</h2>",
            f"<p>{html.escape(version_line)}</p>",
            f"<p>{html.escape(purpose)}</p>",
            self._section(self.tr("Data sources"), credits.data),
            self._section(self.tr("Online basemaps (optional)"), credits.basemaps),
            self._section(self.tr("Map libraries"), credits.web),
            self._section(self.tr("Python libraries"), credits.python),
        ]
        self.browser.setHtml("".join(parts))

    def _section(self, heading: str, entries: Iterable[Credit]) -> str:
        header = (self.tr("Name"), self.tr("Version or source"), self.tr("Licence"), "")
        rows = [
            "<tr>" + "".join(f"<th align='left'>{html.escape(h)}</th>" for h in header) + "</tr>"
        ]
        for entry in entries:
            cells = (entry.name, entry.detail, entry.licence, entry.note)
            rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        table = "<table cellspacing='0' cellpadding='3'>" + "".join(rows) + "</table>"
        return f"<h3>{html.escape(heading)}</h3>{table}"


class ShortcutsDialog(QDialog):
    """帮助 → 快捷键: every action of the window that has a shortcut, as it is now."""

    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.rows = shortcut_rows(actions)
        self.table = QTableWidget(len(self.rows), 2)
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Shortcut")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, (text, keys) in enumerate(self.rows):
            self.table.setItem(row, 0, QTableWidgetItem(text))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(460, 420)


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """``(action text, its shortcuts)`` for every action with a shortcut, once each, in
    the order given; the text as a menu shows it (no ``&`` mnemonics), the keys as the
    platform writes them."""
    rows: dict[tuple[str, str], None] = {}
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        keys = [k for k in keys if k]
        text = _without_mnemonic(action.text())
        if keys and text:
            rows.setdefault((text, ", ".join(keys)), None)
    return list(rows)


def _without_mnemonic(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()
