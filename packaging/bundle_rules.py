"""What the spec leaves out of the bundle: plain rules over PyInstaller's (dest, source, kind)
entries, kept apart from ``explorer.spec`` so that tests can check them.

QtWebEngine links Qt Quick and Qml, so PyInstaller's PySide6 hooks bring every QML plugin
and, through them, Qt 3D, Charts, Multimedia, Quick 3D, Wayland compositor … (over 150 MB)
that the app never loads: it has no QML. Qt's own translations and Chromium's locale packs
come in every language; the app speaks Chinese and English.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

Entry = tuple[str, str, str]  # PyInstaller's TOC entry: (dest in bundle, source, typecode)

LANGUAGES = ("zh_CN", "en")
CHROMIUM_LOCALES = ("zh-CN.pak", "en-US.pak")
_QT_TRANSLATION = re.compile(r"^(qt|qtbase|qtwebengine|qt_help)_(?P<lang>[a-zA-Z_]+)\.qm$")
_QML = ("PySide6/Qt/qml/", "PySide6/Qt/plugins/qmltooling/")
_TRANSLATIONS = "PySide6/Qt/translations/"


def unwanted(dest: str) -> bool:
    """True for a file the app cannot use: QML and its tooling, other languages."""
    dest = dest.replace("\\", "/")
    if dest.startswith(_QML):
        return True
    if not dest.startswith(_TRANSLATIONS):
        return False
    name = _name(dest)
    if "/qtwebengine_locales/" in dest:
        return name not in CHROMIUM_LOCALES
    match = _QT_TRANSLATION.match(name)
    return bool(match) and match.group("lang") not in LANGUAGES


def _name(dest: str) -> str:
    return PurePosixPath(dest.replace("\\", "/")).name


def is_qt_library(dest: str) -> bool:
    """A Qt shared library (not a plugin, not a Python module) on Linux or Windows."""
    name = _name(dest)
    return name.startswith("libQt6") or (name.startswith("Qt6") and name.endswith(".dll"))


def needed_qt_libraries(
    entries: Iterable[Entry], imports: Callable[[str], Iterable[str]]
) -> set[str]:
    """Names of the Qt libraries that something else in the bundle links to, directly or
    through other Qt libraries.

    ``imports(source)`` gives the names (or paths) of the libraries a binary links to. Every
    binary that is not a Qt library is a root: Python modules, Qt plugins, QtWebEngineProcess,
    other libraries.
    """
    entries = list(entries)
    qt_sources = {_name(dest): source for dest, source, _ in entries if is_qt_library(dest)}
    queue = [source for dest, source, _ in entries if not is_qt_library(dest)]
    seen: set[str] = set()
    needed: set[str] = set()
    while queue:
        source = queue.pop()
        if source in seen:
            continue
        seen.add(source)
        for name in map(_name, imports(source)):
            if name in qt_sources and name not in needed:
                needed.add(name)
                queue.append(qt_sources[name])
    return needed


def trim(
    datas: list[Entry], binaries: list[Entry], imports: Callable[[str], Iterable[str]] | None
) -> tuple[list[Entry], list[Entry]]:
    """The entries to keep. Without ``imports`` (no dependency reader: macOS frameworks are
    not trimmed) only the QML files and other languages are dropped."""
    datas = [entry for entry in datas if not unwanted(entry[0])]
    binaries = [entry for entry in binaries if not unwanted(entry[0])]
    if imports is not None:
        needed = needed_qt_libraries(binaries, imports)
        binaries = [
            entry for entry in binaries if not is_qt_library(entry[0]) or _name(entry[0]) in needed
        ]
    # PyInstaller links libraries into the top folder (SYMLINK entries, among the datas):
    # drop the links whose target is gone.
    kept = {_posix(dest) for dest, _, kind in [*datas, *binaries] if kind != "SYMLINK"}
    datas = [entry for entry in datas if entry[2] != "SYMLINK" or _link_target(entry) in kept]
    return datas, binaries


def _posix(dest: str) -> str:
    return str(PurePosixPath(dest.replace("\\", "/")))


def _link_target(entry: Entry) -> str:
    dest, target, _ = entry
    return posixpath.normpath(posixpath.join(posixpath.dirname(_posix(dest)), _posix(target)))
