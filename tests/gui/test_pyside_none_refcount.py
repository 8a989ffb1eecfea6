"""Regression: PySide6 6.12.0 on CPython 3.11 leaked a reference to None per void call.

After a few thousand calls of a Qt method that returns nothing the interpreter aborted
with ``Fatal Python error: none_dealloc``. The pin in pyproject.toml keeps us on 6.11.x
there. The calls run in a child process so that an abort fails this test instead of
killing the whole test session.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

CALLS = 20_000

CHILD = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtCore import QCoreApplication, QPointF
    from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QLabel

    app = QApplication([])
    item = QGraphicsRectItem(0, 0, 10, 10)
    label = QLabel()
    before = sys.getrefcount(None)
    for i in range({CALLS}):
        item.setPos(QPointF(i, i))          # void QGraphicsItem::setPos
        label.setText("封顶")               # void QLabel::setText
        QCoreApplication.processEvents()    # void static
    after = sys.getrefcount(None)
    print("none_refcount_drift=%d" % (before - after))
    """
)


def test_twenty_thousand_void_qt_calls_keep_none_alive() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=300
    )
    assert child.returncode == 0, f"interpreter died: {child.stderr[-2000:]}"
    drift = int(child.stdout.strip().rsplit("=", 1)[1])
    # A leak of one reference per call would show as tens of thousands here.
    assert abs(drift) < 1000, f"None lost {drift} references over {3 * CALLS} void calls"


def test_installed_pyside6_is_not_the_broken_release() -> None:
    import PySide6

    broken = PySide6.__version__.startswith("6.12.0") and sys.version_info < (3, 12)
    assert not broken, "PySide6 6.12.0 on CPython < 3.12 aborts with none_dealloc"
