"""The Preferences menu: UI language, light/dark theme, the name corrections carry and the
database the window opens (a file or a team's PostgreSQL server)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QInputDialog, QMainWindow, QMenuBar, QMessageBox

from explorer.gui import theme
from explorer.gui.settings import Settings
from explorer.store.db import StoreError, connect, db_argument, shown


class PreferencesMenu(QObject):
    def __init__(self, bar: QMenuBar, settings: Settings, window: QMainWindow) -> None:
        super().__init__(window)
        self.settings = settings
        self.window = window
        menu = bar.addMenu(self.tr("Preferences"))
        languages = menu.addMenu(self.tr("Language"))
        self.language_actions = self._choices(
            languages,
            [("zh", "中文"), ("en", "English")],  # each language in its own words
            settings.language,
            self._on_language_chosen,
        )
        themes = menu.addMenu(self.tr("Theme"))
        self.theme_actions = self._choices(
            themes,
            [
                ("system", self.tr("Follow the system")),
                ("light", self.tr("Light")),
                ("dark", self.tr("Dark")),
            ],
            settings.theme,
            self._on_theme_chosen,
        )
        menu.addSeparator()
        self.geocode_toggle = QAction(
            self.tr("Look up missing places online (OpenStreetMap Nominatim)"),
            self,
            checkable=True,
            checked=settings.geocode_online,
        )
        self.geocode_toggle.toggled.connect(self._on_geocode_toggled)
        menu.addAction(self.geocode_toggle)
        self.geocode_now = QAction(self.tr("Look up missing places now"), self)
        self.geocode_now.setEnabled(settings.geocode_online)
        self.geocode_now.triggered.connect(lambda: window.place_lookup.run())
        menu.addAction(self.geocode_now)
        menu.addSeparator()
        name = QAction(self.tr("Your name for corrections…"), self)
        name.triggered.connect(self._on_name_triggered)
        menu.addAction(name)
        self.database_action = QAction(self.tr("Database…"), self)
        self.database_action.triggered.connect(self.choose_database)
        menu.addAction(self.database_action)

    def _choices(self, menu, entries, current, handler) -> dict[str, QAction]:
        group = QActionGroup(self)
        actions = {}
        for key, text in entries:
            item = QAction(text, self, checkable=True, checked=key == current)
            item.triggered.connect(lambda _=False, k=key: handler(k))
            group.addAction(item)
            menu.addAction(item)
            actions[key] = item
        return actions

    def _on_language_chosen(self, language: str) -> None:
        if language == self.settings.language:
            return
        self.settings.language = language
        # Every widget reads its strings when built: the new language shows after a restart.
        message = "重新启动后界面将显示中文" if language == "zh" else "Restart to see English"
        self.window.statusBar().showMessage(message, 10000)

    def _on_geocode_toggled(self, on: bool) -> None:
        self.settings.geocode_online = on
        self.geocode_now.setEnabled(on)

    def _on_theme_chosen(self, choice: str) -> None:
        self.settings.theme = choice
        controller = theme.controller()
        if controller is None:
            app = QApplication.instance()
            if isinstance(app, QApplication):
                controller = theme.install_theme(app, choice)
        if controller is not None:
            controller.set_choice(choice)

    def _on_name_triggered(self) -> None:
        name, ok = QInputDialog.getText(
            self.window,
            self.tr("Your name"),
            self.tr("Corrections are stored with this name:"),
            text=self.settings.user_name,
        )
        if ok and name.strip():
            self.settings.user_name = name
            state = getattr(self.window, "state", None)
            if state is not None:
                state.user = self.settings.user_name

    def choose_database(self) -> None:
        """设置 → 数据库…: the database the window opens from the next start — a file, or a
        team's PostgreSQL server by URL (``postgresql://user@host/db``; the password best in
        ~/.pgpass, not here). Empty: the local one. Opened once now, so a mistyped address
        is said at once rather than at the next start."""
        current = self.settings.database
        text, ok = QInputDialog.getText(
            self.window,
            self.tr("Database"),
            self.tr(
                "A database file, or a team server: postgresql://user@host/database\n"
                "(empty: this computer's own database). Used from the next start."
            ),
            text=str(current) if current else "",
        )
        if ok:
            self.set_database(text.strip())

    def set_database(self, text: str) -> bool:
        """Open ``text`` to check it, then remember it (empty: back to the local one)."""
        if text:
            try:
                connect(db_argument(text)).close()
            except StoreError as error:
                QMessageBox.warning(self.window, self.tr("Database"), str(error))
                return False
        self.settings.database = text or None
        QMessageBox.information(
            self.window,
            self.tr("Database"),
            self.tr("The window opens {database} from the next start.").format(
                database=shown(text) if text else self.tr("this computer's own database")
            ),
        )
        return True
