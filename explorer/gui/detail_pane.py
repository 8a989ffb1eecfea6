"""DetailPane: one event with the sentence that states it, highlighted in its paragraph, then
related events and the events nearby."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from explorer.core.date_labels import event_date_label, period_label
from explorer.core.events import Event
from explorer.core.vocabulary import STATUS_LABELS, TYPE_COLORS, TYPE_LABELS
from explorer.gui.icons import action_icon
from explorer.pipeline.nearby import DEFAULT_KM
from explorer.pipeline.reading import is_traditional
from explorer.store.place_fixes import Override
from explorer.store.sources import EventSource

# How many events a list of related or nearby events shows.
SHOWN = 12


class DetailPane(QWidget):
    """Shows the selected event; every text from articles is escaped.

    Signals
    -------
    event_selected(int)
        The user clicked one of the related or nearby events listed under the quote.
    edit_requested(int), delete_requested(int), article_requested(int)
        The user asked to correct or delete the shown event, or to read its whole article.
    merge_requested(int, int)
        The user asked to merge another report (second id) into the shown event (first id).
    """

    event_selected = Signal(int)
    edit_requested = Signal(int)
    delete_requested = Signal(int)
    article_requested = Signal(int)
    merge_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None, language: str = "zh") -> None:
        super().__init__(parent)
        self.lang = 0 if language.startswith("zh") else 1
        self.language = "zh" if self.lang == 0 else "en"
        self.event_id: int | None = None
        self.nearby_km = DEFAULT_KM  # the radius of the "nearby events" list
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)  # event links select; web links open outside
        self.text.anchorClicked.connect(self._on_anchor_clicked)
        self.edit_button = QPushButton(action_icon("edit"), self.tr("Correct…"))
        self.delete_button = QPushButton(action_icon("delete"), self.tr("Delete"))
        self.article_button = QPushButton(action_icon("article"), self.tr("Full article"))
        self.article_button.setToolTip(self.tr("The whole article, all its events highlighted"))
        self.edit_button.setToolTip(self.tr("Correct type, date, status or place (Ctrl+E)"))
        self.delete_button.setToolTip(self.tr("Delete a falsely extracted event (Ctrl+Z undoes)"))
        buttons = QHBoxLayout()
        for button, signal in (
            (self.article_button, self.article_requested),
            (self.edit_button, self.edit_requested),
            (self.delete_button, self.delete_requested),
        ):
            button.clicked.connect(lambda _=False, s=signal: self._emit_for_shown(s))
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.text)
        self.show_event(None, None)

    def toPlainText(self) -> str:
        return self.text.toPlainText()

    def _emit_for_shown(self, signal) -> None:
        if self.event_id is not None:
            signal.emit(self.event_id)

    def show_event(
        self,
        event: Event | None,
        source: EventSource | None,
        related: dict[str, list[Event]] | None = None,
        nearby: Sequence[tuple[Event, float]] = (),
        location_fix: Override | None = None,
    ) -> None:
        """``related``: titled lists of other events (same article, project, other reports);
        ``nearby``: the events within :attr:`nearby_km`, nearest first, with km;
        ``location_fix``: the user's location that places the event, if any."""
        self.event_id = event.id if event is not None else None
        for button in (self.edit_button, self.delete_button, self.article_button):
            button.setEnabled(event is not None and event.id is not None)
        if event is None:
            empty = self.tr("Select an event on the map, timeline or table")
            self.text.setHtml(f"<p style='color:gray'>{escape(empty)}</p>")
            return
        rows = "".join(
            f"<tr><td style='color:gray;padding-right:8px'>{k}</td><td>{v}</td></tr>"
            for k, v in self._rows(event, location_fix)
        )
        merge = escape(self.tr("merge into this"))
        origin = _origin(source, self._page(source), self._script(source), self.language)
        self.text.setHtml(
            f"<h3>{escape(event.title)}</h3><table>{rows}</table>"
            f"{_quote(event, source)}{origin}"
            f"{_related(related or {}, merge, self.language)}"
            f"{self._nearby(nearby)}"
        )

    def _page(self, source: EventSource | None) -> str | None:
        """Where on paper: "A10 版" for a newspaper page, "第 3 页" for a PDF page number."""
        if source is None or not source.page:
            return None
        if source.page.isdigit():
            return self.tr("page {page}").format(page=source.page)
        # "3版": a printed page number (第3版), as against the PDF's page 3
        return self.tr("{page} edition page").format(page=source.page.removesuffix("版"))

    def _script(self, source: EventSource | None) -> str | None:
        """Say so when the quote is traditional: the project and place above are the
        simplified names extraction read it with, the quote is the source's own text."""
        if source is None or not is_traditional(source.paragraph):
            return None
        return self.tr("traditional script, read as simplified")

    def _nearby(self, nearby: Sequence[tuple[Event, float]]) -> str:
        if not nearby:
            return ""
        heading = self.tr("Nearby events ({km} km)").format(km=f"{self.nearby_km:g}")
        items = "".join(
            f"<li><a href='event:{e.id}'>{_when(e, self.language)} {escape(e.title)}</a>"
            f" <span style='color:gray'>{_distance(km)}</span></li>"
            for e, km in nearby[:SHOWN]
        )
        if len(nearby) > SHOWN:
            more = self.tr("… and {count} more").format(count=len(nearby) - SHOWN)
            items += f"<li style='color:gray'>{escape(more)}</li>"
        return f"<p style='color:gray;margin-bottom:0'>{escape(heading)}</p><ul>{items}</ul>"

    def _on_anchor_clicked(self, url: QUrl) -> None:
        # Only our own links use these schemes: article URLs are linked only when they are
        # http(s) (see _origin), so a page cannot smuggle in an event: or merge: link.
        target = url.path() or url.host()
        if url.scheme() == "event" and target.isdigit():
            self.event_selected.emit(int(target))
        elif url.scheme() == "merge" and target.isdigit() and self.event_id is not None:
            self.merge_requested.emit(self.event_id, int(target))
        elif url.scheme() in ("http", "https"):
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(url)

    def _rows(self, event: Event, location_fix: Override | None) -> list[tuple[str, str]]:
        when = escape(event_date_label(event, self.language, planned=False, inferred=False)) or "—"
        status = STATUS_LABELS[event.status][self.lang]
        kind = f"<span style='color:{TYPE_COLORS[event.type]}'>●</span> "
        kind += f"{escape(TYPE_LABELS[event.type][self.lang])} · {status}"
        place = " · ".join(p for p in (event.place, event.district) if p) or "—"
        geo = self._geo_label(event.geo_precision)
        rows = [
            (self.tr("Date"), when + self._inferred(event) + self._date_source(event)),
            (self.tr("Type"), kind),
            (self.tr("Subject"), escape(event.subject or "—")),
            (self.tr("Place"), escape(place) + (f" ({geo})" if geo else "")),
        ]
        if event.amount_cny:
            amount = self.tr("CNY {billions} bn").format(
                billions=f"{event.amount_cny / 1e9:g}", yi=f"{event.amount_cny / 1e8:g}"
            )
            rows.append((self.tr("Investment"), amount))
        if location_fix is not None:
            who = " · ".join(escape(x) for x in (location_fix.who, _minute(location_fix.at)) if x)
            located = escape(self.tr("location set by hand"))
            rows.append(("", f"◎ {located}" + (f" · {who}" if who else "")))
        if event.edited:
            who = " · ".join(escape(x) for x in (event.edited_by, _minute(event.edited_at)) if x)
            edited = escape(self.tr("edited"))
            rows.append(("", f"✎ {edited}" + (f" · {who}" if who else "")))
        return rows

    def _inferred(self, event: Event) -> str:
        """A year the article never states (its date resolved against a publication year
        guessed from the text) is marked, so nobody cites it as stated."""
        if event.edited or not event.date_inferred:
            return ""
        note = escape(self.tr("year inferred, not stated in the article"))
        return f" <span style='color:#b35900'>⚠ {note}</span>"

    def _date_source(self, event: Event) -> str:
        """Where the date came from, so a reader knows how sure it is (extraction's
        ``date_source``); a corrected event's date is the user's."""
        if event.edited or not event.date_source:
            return ""
        labels = {
            "sentence": self.tr("stated in the sentence"),
            "frame": self.tr("from the ceremony or paragraph it is told under"),
            "dateline": self.tr("from the article's dateline"),
            "publication": self.tr("from the publication date"),
        }
        label = labels.get(event.date_source)
        return f" · {escape(label)}" if label else ""

    def _geo_label(self, precision: str | None) -> str:
        """How precisely the event is placed, for people."""
        labels = {
            "exact": self.tr("exact"),
            "park": self.tr("park"),
            "town": self.tr("approx. town"),
            "district": self.tr("approx. district"),
            "city": self.tr("approx. city"),
        }
        return labels.get(precision or "", "")


def _quote(event: Event, source: EventSource | None) -> str:
    if source is None:
        return f"<blockquote>{escape(event.excerpt)}</blockquote>"
    start, end = source.quote
    text = source.paragraph
    marked = f"<b style='color:#000;background:#fff3b0'>{escape(text[start:end])}</b>"
    return (
        f"<blockquote style='color:gray'>{escape(text[:start])}{marked}"
        f"{escape(text[end:])}</blockquote>"
    )


def _origin(
    source: EventSource | None,
    page: str | None = None,
    script: str | None = None,
    language: str = "zh",
) -> str:
    if source is None:
        return ""
    title = escape(source.title or source.doc_id)
    published = period_label(source.pub_date, None, source.pub_precision, language)
    meta = " · ".join(escape(x) for x in (source.source, published, page, script) if x)
    web = source.url and source.url.lower().startswith(("http://", "https://"))
    link = f"<a href='{escape(source.url or '')}'>{title}</a>" if web else title
    return f"<p style='color:gray'>{link}<br>{meta}</p>"


def _distance(km: float) -> str:
    """A distance for people: metres below a kilometre (to 10 m), else km to 100 m; the
    unit never wraps away from its number."""
    metres = round(km * 1000, -1)
    return f"{metres:.0f}\u00a0m" if metres < 1000 else f"{km:.1f}\u00a0km"


def _minute(stamp: str | None) -> str | None:
    """An ISO timestamp to the minute, for people (2026-11-21 12:05)."""
    return stamp[:16].replace("T", " ") if stamp else None


def _when(event: Event, language: str) -> str:
    """An event's date in a list, as precise as it is known (escaped)."""
    return escape(event_date_label(event, language))


def _related(groups: dict[str, list[Event]], merge: str, language: str = "zh") -> str:
    """Titled lists of events; the first group (other reports of the same event) offers
    to merge each of them into the shown one."""
    parts = []
    for n, (heading, events) in enumerate(groups.items()):
        if not events:
            continue
        items = "".join(
            f"<li><a href='event:{e.id}'>{_when(e, language)} {escape(e.title)}</a>"
            + (f" <a href='merge:{e.id}' style='color:gray'>[{merge}]</a>" if n == 0 else "")
            + "</li>"
            for e in events[:SHOWN]
        )
        parts.append(f"<p style='color:gray;margin-bottom:0'>{escape(heading)}</p><ul>{items}</ul>")
    return "".join(parts)
