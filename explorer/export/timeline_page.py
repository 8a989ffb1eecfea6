"""The words around an exported timeline: its title, the filter caption, the legend's
labels and the count of what is drawn. No Qt.

The window's export, ``explorer export-timeline`` and the briefing's timeline page say the
same things in the same words, in the language asked for (the CLI's ``--language``), so a
picture pasted into a report tells its reader what was left out and what each mark means.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from explorer import paths
from explorer.core.events import Event
from explorer.core.filters import EventFilter
from explorer.export.report_layout import default_titles


@cache
def _legend_words() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """(marks, lane modes) → (zh, en), from ``assets/help/timeline_legend.json``: words a
    translator or domain expert edits without touching code. Read at the first export,
    not when the window starts."""
    raw = json.loads(
        (paths.assets_dir() / "help" / "timeline_legend.json").read_text(encoding="utf-8")
    )
    pairs = [{k: (v["zh"], v["en"]) for k, v in raw[part].items()} for part in ("marks", "lanes")]
    return pairs[0], pairs[1]


@dataclass(frozen=True, slots=True)
class TimelinePage:
    """The texts of an exported timeline; an empty ``title`` or ``caption`` is left out
    (the briefing's page has its own heading and subtitle)."""

    title: str
    caption: str
    language: str = "zh"

    @property
    def zh(self) -> bool:
        return self.language.startswith("zh")

    def mark_label(self, mark: str) -> str:
        return _legend_words()[0][mark][0 if self.zh else 1]

    def count_note(self, drawn: int, undated: int, lanes: int, mode: str) -> str:
        """ "按类型分道 · 12 道 · 45 个事件 · 3 个无日期事件未画出" (en alike)."""
        mode_label = _legend_words()[1].get(mode, ("", ""))[0 if self.zh else 1]
        if self.zh:
            parts = [mode_label, f"{lanes} 道", f"{drawn} 个事件"]
            if undated:
                parts.append(f"{undated} 个无日期事件未画出")
        else:
            parts = [mode_label, f"{lanes} lanes", f"{drawn} events"]
            if undated:
                parts.append(f"{undated} undated events not drawn")
        return " · ".join(part for part in parts if part)


def timeline_page(
    events: Sequence[Event],
    event_filter: EventFilter | None = None,
    language: str = "zh",
    title: str | None = None,
) -> TimelinePage:
    """The title ("时间轴 · 新会区 · 2022年 · 签约/动工", or ``title``) and the filter caption
    ("筛选：…", every active filter) of the timeline of ``events``."""
    event_filter = event_filter or EventFilter()
    zh = language.startswith("zh")
    if title is None:
        shown, _ = default_titles(events, event_filter, language)
        title = f"{'时间轴' if zh else 'Timeline'} · {shown}"
    caption = ("筛选：" if zh else "Filter: ") + event_filter.describe(language)
    return TimelinePage(title=title, caption=caption, language=language)
