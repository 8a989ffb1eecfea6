"""SnapshotDialog: 导出 → 地图快照…: a map snapshot for a report, previewed before it is saved.

Title and subtitle (from the filter, editable), paper (A4/A3, portrait/landscape) or a
pixel size, dpi, labels on/off; a live preview, 复制到剪贴板 and 保存…. The last paper,
dpi, size and labels are remembered (:meth:`Settings.snapshot_spec`).

The dialog does not render: the window hands it ``render(spec) -> QImage`` and
``save(spec, path)``, the offscreen map of :mod:`explorer.gui.headless`. The preview is
the same page laid out at the paper's size, drawn at a low dpi, so it composes exactly as
the saved file does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from explorer.export.report_layout import DPIS, PAPERS, SnapshotSpec

Render = Callable[[SnapshotSpec], QImage]
Save = Callable[[SnapshotSpec, Path], None]
# The preview: the snapshot's own layout drawn this dense (an A4 page ≈ 560 px wide).
PREVIEW_DPI = 48
PREVIEW_DELAY_MS = 400  # typing a title re-renders once it pauses
PIXELS = "pixels"


class SnapshotDialog(QDialog):
    """``rendered(QImage)``: a preview was drawn (tests wait for it)."""

    rendered = Signal(QImage)

    def __init__(
        self,
        spec: SnapshotSpec,
        render: Render,
        save: Save,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Map snapshot"))
        self._render, self._save = render, save
        self._rendering = self._stale = False
        self.title = QLineEdit(spec.title)
        self.subtitle = QLineEdit(spec.subtitle)
        self.paper = QComboBox()
        names = {
            "a4-landscape": self.tr("A4 landscape"),
            "a4-portrait": self.tr("A4 portrait"),
            "a3-landscape": self.tr("A3 landscape"),
            "a3-portrait": self.tr("A3 portrait"),
        }
        for key in PAPERS:
            self.paper.addItem(names.get(key, key), key)
        self.paper.addItem(self.tr("Pixels"), PIXELS)
        self.paper.setCurrentIndex(self.paper.findData(spec.paper or PIXELS))
        self.dpi = QComboBox()
        for dpi in DPIS:
            self.dpi.addItem(f"{dpi} dpi", dpi)
        self.dpi.setCurrentIndex(max(0, self.dpi.findData(spec.dpi)))
        self.width_px = _spin(spec.width)
        self.height_px = _spin(spec.height)
        self.labels = QCheckBox(self.tr("Label the events"), checked=spec.labels)
        self.size_note = QLabel(styleSheet="color:gray")
        self.preview = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(420, 300)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.status = QLabel(styleSheet="color:gray", wordWrap=True)
        self.copy_button = QPushButton(self.tr("Copy to clipboard"))
        self.save_button = QPushButton(self.tr("Save…"))
        close = QPushButton(self.tr("Close"))
        self._lay_out(close)
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self._refresh)
        for field in (self.title, self.subtitle):
            field.textChanged.connect(self._changed)
        for box in (self.paper, self.dpi):
            box.currentIndexChanged.connect(self._changed)
        for spin in (self.width_px, self.height_px):
            spin.valueChanged.connect(self._changed)
        self.labels.toggled.connect(self._changed)
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(self._ask_where_to_save)
        close.clicked.connect(self.accept)
        self._changed()

    def _lay_out(self, close: QPushButton) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Subtitle"), self.subtitle)
        form.addRow(self.tr("Paper"), self.paper)
        form.addRow(self.tr("Resolution"), self.dpi)
        form.addRow(self.tr("Width (px)"), self.width_px)
        form.addRow(self.tr("Height (px)"), self.height_px)
        form.addRow("", self.labels)
        form.addRow("", self.size_note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addStretch(1)
        side.addWidget(self.status)
        side.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.preview, 3)
        layout.addLayout(side, 2)
        self.resize(1000, 560)

    def spec(self) -> SnapshotSpec:
        """What the fields say, as the file will be made."""
        paper = self.paper.currentData()
        return SnapshotSpec(
            title=self.title.text().strip(),
            subtitle=self.subtitle.text().strip(),
            paper=None if paper == PIXELS else paper,
            dpi=int(self.dpi.currentData()),
            width=self.width_px.value(),
            height=self.height_px.value(),
            labels=self.labels.isChecked(),
        )

    def preview_spec(self) -> SnapshotSpec:
        """The same layout (CSS size) at a screen's density, for the preview."""
        spec = self.spec()
        if spec.paper is not None:
            return replace(spec, dpi=PREVIEW_DPI)
        return replace(spec, scale=min(1.0, 560 / spec.width))

    def _changed(self) -> None:
        pixels = self.paper.currentData() == PIXELS
        self.dpi.setEnabled(not pixels)
        self.width_px.setEnabled(pixels)
        self.height_px.setEnabled(pixels)
        width, height = self.spec().pixel_size()
        self.size_note.setText(
            self.tr("{width} × {height} pixels").format(width=width, height=height)
        )
        self._timer.start()

    def _refresh(self) -> None:
        """Render the preview; a change made while rendering renders again after."""
        if self._rendering:
            self._stale = True
            return
        self._rendering = True
        self.status.setText(self.tr("Drawing the preview…"))
        try:
            image = self._render(self.preview_spec())
        except (OSError, TimeoutError, ValueError) as error:
            self.status.setText(self.tr("The preview failed: {error}").format(error=error))
            return
        finally:
            self._rendering = False
        self.status.setText("")
        self._show(image)
        self.rendered.emit(image)
        if self._stale:
            self._stale = False
            self._timer.start()

    def _show(self, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image).scaled(
            self.preview.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.preview.setPixmap(pixmap)

    def copy(self) -> QImage | None:
        """Put the full-size snapshot on the clipboard (to paste into a report or slide)."""
        self.status.setText(self.tr("Drawing the snapshot…"))
        try:
            image = self._render(self.spec())
        except (OSError, TimeoutError, ValueError) as error:
            self.status.setText(self.tr("The snapshot failed: {error}").format(error=error))
            return None
        QGuiApplication.clipboard().setImage(image)
        width, height = image.width(), image.height()
        self.status.setText(
            self.tr("Copied: {width} × {height} pixels").format(width=width, height=height)
        )
        return image

    def _ask_where_to_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the map snapshot"), "", self.tr("PNG image (*.png);;PDF (*.pdf)")
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Write the snapshot (PNG or PDF, by the file's ending); a failure is a message."""
        if path.suffix.lower() not in (".png", ".pdf"):
            path = path.with_suffix(".png")
        self.status.setText(self.tr("Saving…"))
        try:
            self._save(self.spec(), path)
        except (OSError, TimeoutError, ValueError) as error:
            self.status.setText(f"{path}: {error}")
            return False
        self.status.setText(self.tr("Saved {path}").format(path=path))
        return True


def _spin(value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(200, 8000)
    spin.setSingleStep(100)
    spin.setValue(value)
    return spin
