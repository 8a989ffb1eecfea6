"""The installable app's pieces that can be checked without building it (the build and a run
of the frozen app are CI's ``make dist-smoke``): the spec's contents, paths under a frozen
bundle, the bundle's trimming rules, the PNG labels, the desktop entry and the icon."""

from __future__ import annotations

import configparser
import importlib.util
import re
import struct
import sys
import zlib
from pathlib import Path
from types import ModuleType
from xml.etree import ElementTree

import pytest

from explorer import paths
from explorer.export import page_cache
from explorer.gui.headless import label_png

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"
ICONS = REPO / "explorer" / "assets" / "icons"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rules = _load("bundle_rules", PACKAGING / "bundle_rules.py")


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake frozen app: ``sys.frozen`` and ``sys._MEIPASS`` as PyInstaller sets them."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    return tmp_path


# ------------------------------------------------------------------------------- the spec


def test_spec_bundles_data_assets_translations_fonts_and_icons() -> None:
    spec = (PACKAGING / "explorer.spec").read_text(encoding="utf-8")
    destinations = set(re.findall(r'\),\s*"([\w/]+)"\)', spec))  # (str(source), "dest")
    package = {"data", "assets/map", "assets/vendor", "assets/translations", "assets/icons"}
    package |= {"assets/help", "assets"}  # the Help menu's texts, the web packages' versions
    assert {f"explorer/{folder}" for folder in package} <= destinations
    assert "explorer/assets/icons/hicolor" in destinations
    assert '"*.qm"' in spec and '"*.ts"' not in spec  # the frozen app cannot compile a .ts
    for package in ("qtawesome", "jionlp", "jiojio"):
        assert f'collect_data_files("{package}"' in spec
    assert 'copy_metadata("jiangmen-explorer")' in spec
    assert "launch.py" in spec and (PACKAGING / "launch.py").is_file()


def test_bundled_folders_exist_in_the_source_tree() -> None:
    """What the spec copies is there (assets/vendor and the .qm are made at set-up)."""
    for folder in ("data/corpus", "data/lexicon", "assets/map", "assets/icons"):
        assert (REPO / "explorer" / folder).is_dir(), folder
    assert paths.gazetteer_path().is_file() and paths.districts_path().is_file()


def test_launcher_supports_frozen_worker_processes() -> None:
    launcher = (PACKAGING / "launch.py").read_text(encoding="utf-8")
    assert "multiprocessing.freeze_support()" in launcher


# ---------------------------------------------------------------------- paths when frozen


def test_paths_resolve_under_the_bundle(bundle: Path) -> None:
    assert paths.is_frozen()
    assert paths.package_dir() == bundle / "explorer"
    assert paths.data_dir() == bundle / "explorer" / "data"
    assert paths.bundled_corpus() == bundle / "explorer" / "data" / "corpus"
    assert paths.gazetteer_path().parent == bundle / "explorer" / "data"
    assert paths.assets_dir() == bundle / "explorer" / "assets"


def test_paths_resolve_in_the_source_tree() -> None:
    assert not paths.is_frozen()
    assert paths.package_dir() == REPO / "explorer"
    assert paths.icon_files()[0] == ICONS / "jiangmen-explorer.svg"


def test_icon_files_are_the_svg_then_pngs_by_size(bundle: Path) -> None:
    icons = bundle / "explorer" / "assets" / "icons"
    for size in (256, 16, 48):
        png = icons / "hicolor" / f"{size}x{size}" / "apps" / "jiangmen-explorer.png"
        png.parent.mkdir(parents=True)
        png.write_bytes(b"")
    (icons / "jiangmen-explorer.svg").write_text("<svg/>")
    found = paths.icon_files()
    assert found[0].name == "jiangmen-explorer.svg"
    assert [p.parts[-3] for p in found[1:]] == ["16x16", "48x48", "256x256"]


def test_map_page_key_without_python_sources(bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The frozen app has no .py files: the executable stands for the page builder's code,
    and a key can still be made (the cache works), the same at every start."""
    monkeypatch.setattr(page_cache, "__file__", str(bundle / "explorer/export/page_cache.pyc"))
    assert page_cache.builder_code() == [Path(sys.executable)]
    assert page_cache.page_key("zh") == page_cache.page_key("zh") != page_cache.page_key("en")


def test_map_page_key_follows_the_builder_sources() -> None:
    code = page_cache.builder_code()
    names = [p.name for p in code]
    assert {"map_page.py", "map_payload.py", "basemaps.py", "vocabulary.py"} <= set(names)
    assert all(p.is_file() for p in code)
    assert all(p in page_cache.page_inputs() for p in code)


def test_frozen_app_uses_the_shipped_translation_and_never_runs_lrelease(
    bundle: Path, tmp_path: Path
) -> None:
    pytest.importorskip("PySide6")
    from explorer.gui import translations

    folder = bundle / "explorer" / "assets" / "translations"
    folder.mkdir(parents=True)
    assert translations.compiled("zh_CN") is None  # nothing shipped: no attempt to build
    assert not translations.build(tmp_path / "x.ts", tmp_path / "x.qm")
    (folder / "explorer_zh_CN.ts").write_text("<TS/>")  # even beside a newer source …
    (folder / "explorer_zh_CN.qm").write_bytes(b"qm")
    assert translations.compiled("zh_CN") == folder / "explorer_zh_CN.qm"  # … the .qm


# ------------------------------------------------------------------------ trimming rules


@pytest.mark.parametrize(
    ("dest", "dropped"),
    [
        ("PySide6/Qt/qml/QtQuick/Controls/libqtquickcontrols2plugin.so", True),
        ("PySide6/Qt/plugins/qmltooling/libqmldbg_debugger.so", True),
        ("PySide6/Qt/translations/qtbase_de.qm", True),
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", False),
        ("PySide6/Qt/translations/qt_en.qm", False),
        ("PySide6/Qt/translations/qtwebengine_locales/fr.pak", True),
        ("PySide6/Qt/translations/qtwebengine_locales/zh-CN.pak", False),
        ("PySide6/Qt/translations/qtwebengine_locales/en-US.pak", False),
        ("PySide6/Qt/resources/qtwebengine_resources.pak", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
        ("explorer/assets/translations/explorer_zh_CN.qm", False),
        ("data/corpus/a.txt", False),
    ],
)
def test_unwanted(dest: str, dropped: bool) -> None:
    assert rules.unwanted(dest) is dropped


def test_trim_keeps_the_qt_libraries_something_links_to() -> None:
    links = {
        "/site/QtWebEngineWidgets.abi3.so": ["libQt6WebEngineCore.so.6", "libQt6Widgets.so.6"],
        "/site/lib/libQt6WebEngineCore.so.6": ["/x/libQt6Quick.so.6"],  # direct links only
        "/site/lib/libQt6Quick.so.6": ["libQt6Qml.so.6"],
        "/site/qml/libquick3dplugin.so": ["libQt6Quick3D.so.6"],
    }
    lib = "PySide6/Qt/lib/"
    binaries = [
        ("PySide6/QtWebEngineWidgets.abi3.so", "/site/QtWebEngineWidgets.abi3.so", "EXTENSION"),
        ("PySide6/Qt/qml/QtQuick3D/libquick3dplugin.so", "/site/qml/libquick3dplugin.so", "BINARY"),
        *[
            (lib + name, f"/site/lib/{name}", "BINARY")
            for name in (
                "libQt6WebEngineCore.so.6",
                "libQt6Widgets.so.6",
                "libQt6Quick.so.6",
                "libQt6Qml.so.6",
                "libQt6Quick3D.so.6",
            )
        ],
    ]
    datas = [
        ("libQt6Qml.so.6", lib + "libQt6Qml.so.6", "SYMLINK"),
        ("libQt6Quick3D.so.6", lib + "libQt6Quick3D.so.6", "SYMLINK"),
        ("data/corpus/a.txt", "/repo/data/corpus/a.txt", "DATA"),
    ]
    kept_datas, kept = rules.trim(datas, binaries, lambda source: links.get(source, []))
    names = {Path(dest).name for dest, _, _ in kept}
    assert names == {
        "QtWebEngineWidgets.abi3.so",
        "libQt6WebEngineCore.so.6",
        "libQt6Widgets.so.6",
        "libQt6Quick.so.6",
        "libQt6Qml.so.6",
    }
    assert [dest for dest, _, _ in kept_datas] == ["libQt6Qml.so.6", "data/corpus/a.txt"]


def test_trim_without_a_dependency_reader_keeps_every_library() -> None:
    binaries = [("PySide6/Qt/lib/libQt6Quick3D.so.6", "/x", "BINARY")]
    assert rules.trim([], binaries, None) == ([], binaries)


# ----------------------------------------------------------------------------- PNG labels


def _png(width: int = 2, height: int = 1) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\0" + b"\xff\0\0" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    found, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        found.append((kind, body))
        at += 12 + length
    return found


def test_label_png_writes_utf8_text_after_the_header(tmp_path: Path) -> None:
    image = tmp_path / "map.png"
    image.write_bytes(_png())
    label_png(image, {"Software": "Jiangmen Explorer 0.1.0", "Title": "新会区 · 签约"})
    chunks = _chunks(image.read_bytes())
    assert [kind for kind, _ in chunks] == [b"IHDR", b"iTXt", b"iTXt", b"IDAT", b"IEND"]
    texts = {}
    for kind, body in chunks:
        if kind == b"iTXt":
            key, rest = body.split(b"\0", 1)
            assert rest[:2] == b"\0\0"  # not compressed
            _language, _translated, text = rest[2:].split(b"\0", 2)
            texts[key.decode()] = text.decode("utf-8")
    assert texts == {"Software": "Jiangmen Explorer 0.1.0", "Title": "新会区 · 签约"}


def test_label_png_refuses_other_files(tmp_path: Path) -> None:
    other = tmp_path / "x.png"
    other.write_bytes(b"GIF89a")
    with pytest.raises(ValueError, match="not a PNG"):
        label_png(other, {"Software": "x"})


# -------------------------------------------------------------- desktop entry and the icon


def test_desktop_entry() -> None:
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(PACKAGING / "jiangmen-explorer.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Name"] == paths.DISPLAY_NAME
    assert desktop["Icon"] == paths.ICON_NAME
    assert desktop["Exec"].split()[0] == "explorer"  # install-linux.sh makes it absolute
    assert desktop["Categories"].endswith(";")
    assert desktop["Name[zh_CN]"]


def test_icon_is_a_square_svg_tiny() -> None:
    svg = ElementTree.parse(ICONS / f"{paths.ICON_NAME}.svg").getroot()
    assert svg.tag.endswith("svg") and svg.get("viewBox") == "0 0 256 256"
    assert svg.get("baseProfile") == "tiny"  # what Qt's SVG renderer draws faithfully


# ------------------------------------------------------------------------- the wheel's data


def test_package_data_covers_every_tracked_data_and_asset_file() -> None:
    """A wheel carries what pyproject's package-data names; a file added under explorer/data or
    explorer/assets that no pattern matches would be missing from every installed app."""
    import shutil
    import subprocess
    import tomllib

    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs the git checkout")
    tracked = subprocess.run(
        ["git", "ls-files", "explorer/data", "explorer/assets"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert tracked, "no data files tracked"
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["explorer"]
    package = REPO / "explorer"
    covered = {str(p.relative_to(REPO)) for pattern in patterns for p in package.glob(pattern)}
    assert sorted(set(tracked) - covered) == []
