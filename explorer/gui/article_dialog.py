"""ArticleDialog: the whole article, every event's sentence highlighted in its type colour.

Signals
-------
event_selected(int)
    The user clicked a highlighted sentence: that event's id.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from explorer.core.date_labels import period_label
from explorer.core.vocabulary import TYPE_COLORS, TYPE_LABELS
from explorer.store.sources import ArticleText


class ArticleDialog(QDialog):
    event_selected = Signal(int)

    def __init__(
        self,
        article: ArticleText,
        current: int | None = None,
        parent: QWidget | None = None,
        language: str = "zh",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(article.title)
        self.resize(720, 640)
        self.text = QTextBrowser(openLinks=False)
        self.text.anchorClicked.connect(self._on_text_anchor_clicked)
        self.text.setHtml(article_html(article, current, language))
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)

    def _on_text_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "event" and url.path().isdigit():
            self.event_selected.emit(int(url.path()))
        elif url.scheme() in ("http", "https"):
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(url)


def article_html(article: ArticleText, current: int | None, language: str = "zh") -> str:
    """The article as HTML: escaped text, paragraphs kept, event sentences as links."""
    lang = 0 if language.startswith("zh") else 1
    text = article.text
    parts: list[str] = []
    position = 0
    for event_id, start, end, kind in article.marks:
        if start < position:  # a second event in the same sentence: already marked
            continue
        colour = TYPE_COLORS[kind]
        weight = "font-weight:bold;" if event_id == current else ""
        label = escape(TYPE_LABELS[kind][lang])
        parts.append(_paragraphs(text[position:start]))
        parts.append(
            f"<a href='event:{event_id}' style='color:black;text-decoration:none;{weight}"
            f"background:{_tint(colour)};border-bottom:2px solid {colour}'>"
            f"{_paragraphs(text[start:end])}<sup style='color:{colour}'>{label}</sup></a>"
        )
        position = end
    parts.append(_paragraphs(text[position:]))
    published = period_label(article.pub_date, None, article.pub_precision, language)
    meta = " · ".join(escape(x) for x in (article.source, published) if x)
    web = article.url and article.url.lower().startswith(("http://", "https://"))
    link = (
        f" · <a href='{escape(article.url or '')}'>{escape(article.url or '')}</a>" if web else ""
    )
    return (
        f"<h2>{escape(article.title)}</h2><p style='color:gray'>{meta}{link}</p>"
        f"<div style='line-height:160%'>{''.join(parts)}</div>"
    )


def _paragraphs(text: str) -> str:
    return escape(text).replace("\n\n", "<br><br>").replace("\n", "<br>")


def _tint(colour: str, strength: float = 0.25) -> str:
    """``colour`` (#rrggbb) mixed with white: a highlight the text stays readable on."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * strength):02x}" for c in rgb)
