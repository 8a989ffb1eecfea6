"""Light and dark palettes that follow the system's colour scheme (Qt ≥ 6.5).

The user's choice is a plain value, ``system``, ``light`` or ``dark``, passed in by the caller
(settings are read by the caller, not here). The application always runs the Fusion style: it
draws every widget from the palette, so one dark palette darkens the whole window the same way
on every platform. Widgets follow the palette by themselves; the map page is a web page and is
told through :meth:`MapView.set_theme`, connected to :attr:`ThemeController.theme_changed`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QToolTip

CHOICES = ("system", "light", "dark")

_Role = QPalette.ColorRole
_Group = QPalette.ColorGroup

# Neutral greys rather than black: pure black under white text tires the eye, and the event
# type colours (vocabulary.TYPE_COLORS) stay distinguishable on a dark grey.
_DARK = {
    _Role.Window: "#2d2d30",
    _Role.WindowText: "#e6e6e6",
    # Lighter than the window: Fusion outlines check boxes with the window colour darkened.
    _Role.Base: "#38383c",
    _Role.AlternateBase: "#3f3f44",
    _Role.ToolTipBase: "#3a3a3e",
    _Role.ToolTipText: "#e6e6e6",
    _Role.PlaceholderText: "#8c8c8c",
    _Role.Text: "#e6e6e6",
    _Role.Button: "#353538",
    _Role.ButtonText: "#e6e6e6",
    _Role.BrightText: "#ff6b6b",
    _Role.Light: "#4a4a4e",
    _Role.Midlight: "#3e3e42",
    _Role.Mid: "#2a2a2d",
    _Role.Dark: "#1a1a1c",
    _Role.Shadow: "#000000",
    _Role.Highlight: "#2f7fd0",
    _Role.HighlightedText: "#ffffff",
    _Role.Link: "#6cb4ff",
    _Role.LinkVisited: "#b48cff",
    _Role.Accent: "#2f7fd0",
}
_DARK_DISABLED = {
    _Role.WindowText: "#7f7f7f",
    _Role.Text: "#7f7f7f",
    _Role.ButtonText: "#7f7f7f",
    _Role.Base: "#2a2a2d",
    _Role.Highlight: "#4a4a4e",
    _Role.HighlightedText: "#b0b0b0",
    _Role.PlaceholderText: "#5f5f5f",
}


def scheme_name(scheme: Qt.ColorScheme) -> str:
    """``dark`` for :attr:`Qt.ColorScheme.Dark`; ``light`` otherwise (Unknown included)."""
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def resolve(choice: str, scheme: Qt.ColorScheme) -> str:
    """The theme to show, ``light`` or ``dark``, for a user ``choice`` and a system ``scheme``.

    Raises
    ------
    ValueError
        ``choice`` is not one of :data:`CHOICES`.
    """
    if choice not in CHOICES:
        raise ValueError(f"unknown theme {choice!r}; expected one of {', '.join(CHOICES)}")
    return scheme_name(scheme) if choice == "system" else choice


def dark_palette() -> QPalette:
    """A complete dark palette: every role in every colour group is set."""
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))  # all groups
    for role, colour in _DARK_DISABLED.items():
        palette.setColor(_Group.Disabled, role, QColor(colour))
    return palette


def light_palette() -> QPalette:
    """Fusion's own light palette, whatever the system scheme is (also used for exports)."""
    style = QStyleFactory.create("Fusion")
    return style.standardPalette()


def palette_for(name: str) -> QPalette:
    """:func:`dark_palette` for ``dark``, :func:`light_palette` for anything else."""
    return dark_palette() if name == "dark" else light_palette()


class ThemeController(QObject):
    """Applies the light or dark palette to the application and follows the system.

    On ``system`` it listens to ``styleHints().colorSchemeChanged``; on ``light`` or ``dark``
    the system scheme is ignored.

    Signals
    -------
    theme_changed(str)
        The theme shown changed: ``light`` or ``dark`` (emitted only on a real change).
    """

    theme_changed = Signal(str)

    def __init__(
        self, app: QApplication, choice: str = "system", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        resolve(choice, Qt.ColorScheme.Unknown)  # refuse a bad choice before touching the app
        self._app = app
        self._choice = choice
        self._current = ""
        app.setStyle("Fusion")
        app.styleHints().colorSchemeChanged.connect(self._on_style_hints_color_scheme_changed)
        self._apply(resolve(choice, app.styleHints().colorScheme()))

    def current(self) -> str:
        """The theme shown: ``light`` or ``dark``."""
        return self._current

    @property
    def choice(self) -> str:
        """The user's choice: ``system``, ``light`` or ``dark``."""
        return self._choice

    def set_choice(self, choice: str) -> None:
        """Follow the system (``system``) or force ``light`` / ``dark``."""
        resolved = resolve(choice, self._app.styleHints().colorScheme())
        self._choice = choice
        self._apply(resolved)

    def _on_style_hints_color_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        if self._choice == "system":
            self._apply(scheme_name(scheme))

    def _apply(self, name: str) -> None:
        if name == self._current:
            return
        palette = palette_for(name)
        self._app.setPalette(palette)
        QToolTip.setPalette(palette)  # tooltips keep their own copy of the palette
        self._current = name
        self.theme_changed.emit(name)


def install_theme(app: QApplication, choice: str = "system") -> ThemeController:
    """The application's theme controller (made once, owned by ``app``), set to ``choice``."""
    existing = controller(app)
    if existing is not None:
        existing.set_choice(choice)
        return existing
    return ThemeController(app, choice, parent=app)


def controller(app: QApplication | None = None) -> ThemeController | None:
    """The controller :func:`install_theme` gave ``app`` (default: the running application)."""
    app = app or QApplication.instance()  # type: ignore[assignment]  # instance() is typed as the QCoreApplication base
    if app is None:
        return None
    return app.findChild(ThemeController)
