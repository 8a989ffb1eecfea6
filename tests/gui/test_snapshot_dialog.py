"""导出 → 地图快照…: fields, a preview laid out like the file, clipboard, save, and the last
choices remembered. The renderer is the window's; here a stand-in records what it is asked."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QGuiApplication, QImage

from explorer.export.report_layout import SnapshotSpec
from explorer.gui.settings import Settings
from explorer.gui.snapshot_dialog import PREVIEW_DPI, SnapshotDialog


class _Renderer:
    def __init__(self) -> None:
        self.asked: list[SnapshotSpec] = []
        self.saved: list[tuple[SnapshotSpec, Path]] = []

    def __call__(self, spec: SnapshotSpec) -> QImage:
        self.asked.append(spec)
        width, height = spec.pixel_size()
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        return image

    def save(self, spec: SnapshotSpec, path: Path) -> None:
        self.saved.append((spec, path))
        path.write_bytes(b"made")


def _dialog(qtbot, spec: SnapshotSpec | None = None):
    renderer = _Renderer()
    spec = spec or SnapshotSpec(title="新会区 · 2022年", subtitle="全部", paper="a4-landscape")
    dialog = SnapshotDialog(spec, renderer, renderer.save)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.rendered, timeout=5000):
        dialog.show()
    return dialog, renderer


def test_the_preview_is_the_files_layout_at_a_low_dpi(qtbot) -> None:
    dialog, renderer = _dialog(qtbot)
    preview = renderer.asked[-1]
    assert preview.css_size() == dialog.spec().css_size() and preview.dpi == PREVIEW_DPI
    assert dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull()
    assert dialog.size_note.text().startswith("1754 × 1240")  # A4 landscape at 150 dpi


def test_editing_the_title_redraws_the_preview_with_it(qtbot) -> None:
    dialog, renderer = _dialog(qtbot)
    with qtbot.waitSignal(dialog.rendered, timeout=5000):
        dialog.title.clear()
        dialog.title.insert("<script>报告图一</script>")
    assert renderer.asked[-1].title == "<script>报告图一</script>"


def test_pixels_mode_takes_width_and_height_and_no_dpi(qtbot) -> None:
    dialog, _ = _dialog(qtbot)
    dialog.paper.setCurrentIndex(dialog.paper.findData("pixels"))
    dialog.width_px.setValue(1600)
    dialog.height_px.setValue(1000)
    assert not dialog.dpi.isEnabled() and dialog.width_px.isEnabled()
    spec = dialog.spec()
    assert spec.paper is None and spec.pixel_size() == (3200, 2000)


def test_copy_puts_the_full_size_snapshot_on_the_clipboard(qtbot) -> None:
    dialog, renderer = _dialog(qtbot)
    dialog.dpi.setCurrentIndex(dialog.dpi.findData(300))
    image = dialog.copy()
    assert (image.width(), image.height()) == (3508, 2480)
    assert renderer.asked[-1].dpi == 300
    pasted = QGuiApplication.clipboard().image()
    assert (pasted.width(), pasted.height()) == (3508, 2480)


def test_save_writes_png_or_pdf_by_the_ending(qtbot, tmp_path) -> None:
    dialog, renderer = _dialog(qtbot)
    assert dialog.save_to(tmp_path / "图一.pdf")
    assert dialog.save_to(tmp_path / "图二")  # no ending: a PNG
    assert [p.name for _, p in renderer.saved] == ["图一.pdf", "图二.png"]
    assert "图二.png" in dialog.status.text()


def test_the_last_choices_are_remembered(qtbot, tmp_path) -> None:
    settings = Settings(tmp_path / "settings.ini")
    dialog, _ = _dialog(qtbot, settings.snapshot_spec())
    assert dialog.spec().paper == "a4-landscape" and dialog.spec().dpi == 150
    dialog.paper.setCurrentIndex(dialog.paper.findData("a3-portrait"))
    dialog.dpi.setCurrentIndex(dialog.dpi.findData(300))
    dialog.labels.setChecked(False)
    settings.save_snapshot_spec(dialog.spec())
    settings.sync()
    again = Settings(tmp_path / "settings.ini").snapshot_spec()
    assert (again.paper, again.dpi, again.labels) == ("a3-portrait", 300, False)


def test_the_windows_snapshot_dialog_previews_copies_and_saves_the_real_map(
    qtbot, window, tmp_path
) -> None:
    import pdfplumber

    from explorer.core.filters import EventFilter

    window.state.set_filter(EventFilter(districts=frozenset({"新会区"})))
    with qtbot.waitSignal(window.map.bridge.drawn, timeout=10000):
        pass
    dialog = window.open_snapshot_dialog()
    with qtbot.waitSignal(dialog.rendered, timeout=30000) as preview:
        pass
    image = preview.args[0]
    assert (image.width(), image.height()) == dialog.preview_spec().pixel_size()
    assert dialog.title.text().startswith("新会区")  # the default title of the filter
    copied = dialog.copy()
    assert (copied.width(), copied.height()) == (1754, 1240)  # A4 landscape, 150 dpi
    assert copied.dotsPerMeterX() == round(150 / 0.0254)  # pastes A4-sized into a report
    target = tmp_path / "图一.pdf"
    assert dialog.save_to(target)
    with pdfplumber.open(target) as pdf:
        (page,) = pdf.pages
        assert abs(page.width - 842) < 1.5 and abs(page.height - 595) < 1.5  # A4 landscape
    dialog.paper.setCurrentIndex(dialog.paper.findData("a4-portrait"))
    dialog.accept()
    assert window.settings.snapshot_spec().paper == "a4-portrait"
