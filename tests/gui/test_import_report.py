"""The window's import report: every skipped file by name, and the warnings of an article
whose front matter is damaged, in the details the user can expand."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox


def test_the_report_names_every_skipped_file_and_the_front_matter_warning(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "show", lambda box: shown.append(box))
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(12):
        (folder / f"copy{i:02d}.txt").write_text(
            f"---\ntitle: 某某项目{i}\ndate: 2023-05-02\n---\n昨日,某某项目{i}签约。\n",
            encoding="utf-8",
        )
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "damaged.txt").write_text(
        "---\ntitle 某某材料项目签约\ndate: 2023-05-02\n---\n昨日,某某材料项目在新会区签约。\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.state.events_changed, timeout=30000):
        window.start_import([str(folder)])
    shown.clear()
    (folder / "photo2.png").write_bytes(b"\x89PNG")
    with qtbot.waitSignal(window.state.events_changed, timeout=30000):
        window.start_import([str(folder)])  # the second time: all already imported
    (box,) = shown
    details = box.detailedText().splitlines()
    for i in range(12):  # no "… and 2 more": each file by name
        assert any(f"copy{i:02d}.txt" in line for line in details)
    assert sum("photo" in line for line in details) == 2
    assert "跳过 13 个已导入的文档" in box.text()


def test_a_damaged_front_matter_warning_names_file_and_line(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "show", lambda box: shown.append(box))
    path = tmp_path / "damaged.txt"
    path.write_text(
        "---\ntitle 某某材料项目签约\ndate: 2023-05-02\n---\n昨日,某某材料项目在新会区签约。\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.state.events_changed, timeout=30000):
        window.start_import([str(path)])
    (box,) = shown
    (warning,) = [line for line in box.detailedText().splitlines() if "damaged.txt" in line]
    assert "line 2" in warning
    assert "1 条警告" in box.text()  # the summary says there is one to read
