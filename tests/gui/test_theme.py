"""Light and dark themes: the palette, the timeline, the map page, and exports that stay light."""

from __future__ import annotations

import statistics

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QToolTip, QWidget

from explorer.gui.map.view import MapView
from explorer.gui.theme import ThemeController, controller, install_theme, resolve
from explorer.gui.timeline.items import TimelineData
from explorer.gui.timeline.view import HEADER_WIDTH, TimelineView
from tests.gui.page_js import js_value


@pytest.fixture
def theme(qapp):
    """Makes theme controllers; puts the application's palette back afterwards."""
    palette, tips = qapp.palette(), QToolTip.palette()
    made: list[ThemeController] = []

    def make(choice: str) -> ThemeController:
        made.append(ThemeController(qapp, choice))
        return made[-1]

    yield make
    for item in [*made, controller(qapp)]:
        if item is not None:
            item.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.setPalette(palette)
    QToolTip.setPalette(tips)


@pytest.fixture
def events(make_event):
    return [
        make_event(id=1, type="signing", date="2022-01-10", date_end="2022-01-10",
                   lat=22.58, lon=113.08),
        make_event(id=2, type="groundbreaking", date="2022-03-10", date_end="2022-03-10",
                   lat=22.25, lon=112.79),
        make_event(id=3, type="topping_out", date="2022-05-01", date_end="2022-05-31",
                   date_precision="month", status="planned", lat=22.53, lon=113.03),
    ]  # fmt: skip


def _lightness(image: QImage, step: int = 7) -> float:
    """The median lightness (0-255) of a grid of the image's pixels."""
    values = [
        image.pixelColor(x, y).lightness()
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    ]
    return statistics.median(values)


def test_choices_resolve_against_the_system_scheme() -> None:
    assert resolve("system", Qt.ColorScheme.Dark) == "dark"
    assert resolve("system", Qt.ColorScheme.Light) == "light"
    assert resolve("system", Qt.ColorScheme.Unknown) == "light"
    assert resolve("light", Qt.ColorScheme.Dark) == "light"
    assert resolve("dark", Qt.ColorScheme.Light) == "dark"
    with pytest.raises(ValueError):
        resolve("blue", Qt.ColorScheme.Unknown)


def test_dark_override_gives_a_dark_palette(qapp, theme) -> None:
    chosen = theme("dark")
    assert chosen.current() == "dark"
    palette = QWidget().palette()  # what a new widget gets
    assert palette.window().color().lightness() < 70
    assert palette.base().color().lightness() < 70
    assert palette.text().color().lightness() > 200
    assert qapp.style().name().lower() == "fusion"


def test_system_choice_follows_the_desktop_and_overrides_do_not(qtbot, qapp, theme) -> None:
    chosen = theme("system")  # offscreen the scheme is Unknown: light
    assert chosen.current() == "light"
    with qtbot.waitSignal(chosen.theme_changed) as changed:
        qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert changed.args == ["dark"]
    assert qapp.palette().window().color().lightness() < 70
    with qtbot.waitSignal(chosen.theme_changed) as changed:
        chosen.set_choice("light")
    assert changed.args == ["light"]
    with qtbot.assertNotEmitted(chosen.theme_changed):
        qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        chosen.set_choice("light")  # no change, no signal
    assert qapp.palette().window().color().lightness() > 200


def test_install_theme_keeps_one_controller_per_application(qapp, theme) -> None:
    first = install_theme(qapp, "dark")
    again = install_theme(qapp, "light")
    assert first is again is controller(qapp)
    assert again.current() == "light" and again.choice == "light"


@pytest.fixture
def timeline(qtbot, events):
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)
    view.set_events(TimelineData(events, "type"))
    return view


def test_timeline_paints_from_the_palette(qtbot, timeline, theme) -> None:
    empty_plot = (timeline.width() - 20, timeline.height() - 6)  # below the last lane
    header = (10, timeline.height() - 6)
    light = timeline.grab().toImage()
    assert light.pixelColor(*empty_plot).lightness() > 200
    theme("dark")
    # The application's palette reaches existing widgets through a posted event.
    qtbot.waitUntil(lambda: timeline.palette().base().color().lightness() < 70, timeout=2000)
    dark = timeline.grab().toImage()
    assert dark.pixelColor(*empty_plot).lightness() < 70
    assert dark.pixelColor(*header).lightness() < 70
    axis_text = max(
        dark.pixelColor(x, y).lightness()
        for x in range(HEADER_WIDTH, timeline.width(), 2)
        for y in range(8, 26)
    )
    assert axis_text > 150  # tick labels are light on the dark axis


def test_timeline_exports_stay_light_in_a_dark_window(qtbot, timeline, theme, tmp_path) -> None:
    theme("dark")
    qtbot.waitUntil(lambda: timeline.palette().base().color().lightness() < 70, timeout=2000)
    png, svg = tmp_path / "t.png", tmp_path / "t.svg"
    timeline.export_png(png, scale=1)
    timeline.export_svg(svg)
    image = QImage(str(png))
    assert image.pixelColor(image.width() - 20, image.height() - 6).lightness() > 230
    assert image.pixelColor(10, image.height() - 6).lightness() > 200  # lane headers
    text = svg.read_text(encoding="utf-8").lower()
    assert "#ffffff" in text and "#1f1f22" not in text  # light base, not the dark one


@pytest.fixture
def map_view(qtbot):
    view = MapView()
    qtbot.addWidget(view)
    view.resize(600, 450)
    view.show()
    return view


_IS_DARK = "document.body.classList.contains('theme-dark')"


def test_map_page_goes_dark_and_back(qtbot, map_view) -> None:
    with qtbot.waitSignal(map_view.bridge.ready, timeout=20000):
        map_view.load_page()
    assert js_value(qtbot, map_view, _IS_DARK) is False  # light by default
    qtbot.waitUntil(lambda: _lightness(map_view.grab().toImage()) > 180, timeout=5000)
    map_view.set_theme("dark")
    qtbot.waitUntil(lambda: js_value(qtbot, map_view, _IS_DARK) is True, timeout=5000)
    background = "getComputedStyle(document.querySelector('.leaflet-container')).backgroundColor"
    assert js_value(qtbot, map_view, background) == "rgb(21, 24, 28)"
    # The district polygons are canvas paths: the picture as a whole must be dark.
    qtbot.waitUntil(lambda: _lightness(map_view.grab().toImage()) < 90, timeout=5000)
    map_view.set_theme("light")
    qtbot.waitUntil(lambda: js_value(qtbot, map_view, _IS_DARK) is False, timeout=5000)
    qtbot.waitUntil(lambda: _lightness(map_view.grab().toImage()) > 180, timeout=5000)
    with pytest.raises(ValueError):
        map_view.set_theme("sepia")


def test_theme_set_before_the_page_loads_is_applied_once_ready(qtbot, map_view) -> None:
    map_view.set_theme("dark")
    with qtbot.waitSignal(map_view.bridge.ready, timeout=20000):
        map_view.load_page()
    qtbot.waitUntil(lambda: js_value(qtbot, map_view, _IS_DARK) is True, timeout=5000)
    with qtbot.waitSignal(map_view.bridge.ready, timeout=20000):
        map_view.load_page()  # a rebuilt page starts light and is told again
    qtbot.waitUntil(lambda: js_value(qtbot, map_view, _IS_DARK) is True, timeout=5000)
    assert js_value(qtbot, map_view, "window.explorer.theme()") == "dark"


def test_map_export_stays_light_in_a_dark_window(theme, events, tmp_path) -> None:
    from explorer.gui.headless import export_map

    theme("dark")
    png = tmp_path / "map.png"
    export_map(events, png, size=(500, 400), scale=1.0, caption="2022")
    assert _lightness(QImage(str(png))) > 180
