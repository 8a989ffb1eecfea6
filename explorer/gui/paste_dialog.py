"""PasteArticleDialog: an article copied from a phone or a web page, typed into the store.

WeChat articles cannot be saved as files on most phones; analysts copy the text. The
dialog collects title, date, source, URL and text, checks them with the same rules as an
imported file (:func:`explorer.pipeline.documents.pasted_document`) and hands the
document to the window, which imports it like any file (one transaction, de-duplicated).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from explorer.core.articles import Document
from explorer.core.errors import InputError
from explorer.pipeline.documents import pasted_document
from explorer.pipeline.frontmatter import parse_date


class PasteArticleDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Paste an article"))
        self.document: Document | None = None
        self.title = QLineEdit()
        self.date = QLineEdit(placeholderText=self.tr("2022-07-30 or 2022年7月30日"))
        self.source = QLineEdit(placeholderText=self.tr("e.g. 江门日报 WeChat account"))
        self.url = QLineEdit(placeholderText="https://")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("Paste the article's text here"))
        self.error = QLabel(styleSheet="color:#c0392b", wordWrap=True)
        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Date"), self.date)
        form.addRow(self.tr("Source"), self.source)
        form.addRow(self.tr("URL"), self.url)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Import"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.text.textChanged.connect(self._update)
        self.date.textChanged.connect(self._update)
        self.resize(640, 560)
        self._update()

    def _update(self) -> None:
        """OK only for something importable; a bad date says why before the user clicks."""
        when = self.date.text().strip()
        bad_date = bool(when) and parse_date(when) is None
        message = self.tr("Not a date: {value} (e.g. 2022-07-30)").format(value=when)
        self.error.setText(message if bad_date else "")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.text.toPlainText().strip()) and not bad_date)

    def _build(self) -> Document:
        return pasted_document(
            self.text.toPlainText(),
            self.title.text(),
            self.date.text(),
            self.source.text(),
            self.url.text(),
        )

    def accept(self) -> None:
        try:
            self.document = self._build()
        except InputError as error:  # _update keeps OK disabled; this is a last guard
            self.error.setText(error.problem)
            return
        super().accept()
