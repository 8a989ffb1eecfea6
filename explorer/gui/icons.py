"""The one icon table: every icon the window shows, by role, from qtawesome."""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtGui import QIcon

from explorer.core.vocabulary import TYPE_COLORS, TYPE_ICONS

ACTIONS = {
    "reset": "fa5s.undo",
    "export_map": "fa5s.map",
    "export_timeline": "fa5s.stream",
    "export_table": "fa5s.file-csv",
    "search": "fa5s.search",
    "edit": "fa5s.edit",
    "delete": "fa5s.trash-alt",
    "merge": "fa5s.object-group",
    "article": "fa5s.newspaper",
    "undo": "fa5s.undo-alt",
    "redo": "fa5s.redo-alt",
    "import": "fa5s.folder-open",
    "locate": "fa5s.map-marker-alt",
}


def type_icon(event_type: str) -> QIcon:
    return qta.icon(TYPE_ICONS[event_type], color=TYPE_COLORS[event_type])


def action_icon(role: str) -> QIcon:
    return qta.icon(ACTIONS[role])
