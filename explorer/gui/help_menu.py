"""The Help menu (帮助): 使用说明 (F1), 快捷键, 关于.

Kept out of ``main_window`` (wiring only): the window calls :meth:`HelpMenu.add_menu` last,
so Help is the menu bar's last menu, as on every desktop.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow, QMenuBar

from explorer.gui.help_dialogs import AboutDialog, GuideDialog, ShortcutsDialog


class HelpMenu(QObject):
    """The Help menu's actions and the dialogs they open (kept, so tests can read them)."""

    def __init__(self, window: QMainWindow, language: str) -> None:
        super().__init__(window)
        self.window = window
        self.language = language
        self.dialog: QDialog | None = None  # the one opened last

    def add_menu(self, bar: QMenuBar) -> None:
        menu = bar.addMenu(self.tr("Help"))
        menu.setObjectName("menu_help")
        self.guide_action = QAction(self.tr("User guide"), self)
        self.guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.shortcuts_action = QAction(self.tr("Keyboard shortcuts"), self)
        self.about_action = QAction(self.tr("About"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.guide_action.triggered.connect(self.show_guide)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.about_action.triggered.connect(self.show_about)
        for action in (self.guide_action, self.shortcuts_action, self.about_action):
            menu.addAction(action)

    def show_guide(self) -> QDialog:
        return self._open(GuideDialog(self.language, self.window))

    def show_shortcuts(self) -> QDialog:
        return self._open(ShortcutsDialog(self.window.findChildren(QAction), self.window))

    def show_about(self) -> QDialog:
        return self._open(AboutDialog(self.window.windowTitle(), self.language, self.window))

    def _open(self, dialog: QDialog) -> QDialog:
        if self.dialog is not None:
            self.dialog.close()  # deletes it (WA_DeleteOnClose): one help dialog at a time
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: self._forget(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
