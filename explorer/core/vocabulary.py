"""The controlled vocabulary of events (``shared/spec/events.md``).

Every layer — extraction, storage, exports, timeline and map — takes its type names,
districts and precisions from here, so a value can never mean two things.
"""

from __future__ import annotations

EVENT_TYPES: tuple[str, ...] = (
    "signing",
    "groundbreaking",
    "topping_out",
    "completion",
    "production_start",
    "opening",
    "first_departure",
    "launch",
    "unveiling",
    "settlement",
    "award",
    "meeting",
)

STATUSES: tuple[str, ...] = ("occurred", "planned")

DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "quarter", "half", "year")

GEO_PRECISIONS: tuple[str, ...] = ("exact", "park", "town", "district", "city")

# County-level divisions of Jiangmen, in the order of their administrative codes.
DISTRICTS: tuple[str, ...] = (
    "蓬江区",
    "江海区",
    "新会区",
    "台山市",
    "开平市",
    "鹤山市",
    "恩平市",
)

# Front matter may state how precise the publication date is (spec: day | month | year).
PUBLICATION_PRECISIONS: tuple[str, ...] = ("day", "month", "year")

# One look per event type, shared by the timeline, the map and the legend: Chinese and
# English labels, a colour (distinguishable, print-safe) and a Font Awesome 5 icon name as
# qtawesome and the map page both know it.
TYPE_LABELS: dict[str, tuple[str, str]] = {
    "signing": ("签约", "Signing"),
    "groundbreaking": ("动工", "Groundbreaking"),
    "topping_out": ("封顶", "Topping-out"),
    "completion": ("竣工", "Completion"),
    "production_start": ("投产", "Production start"),
    "opening": ("启用", "Opening"),
    "first_departure": ("首发", "First departure"),
    "launch": ("启动", "Launch"),
    "unveiling": ("揭牌", "Unveiling"),
    "settlement": ("落户", "Settlement"),
    "award": ("获评", "Award"),
    "meeting": ("会议", "Meeting"),
}

TYPE_COLORS: dict[str, str] = {
    "signing": "#1f77b4",
    "groundbreaking": "#8c564b",
    "topping_out": "#d62728",
    "completion": "#2ca02c",
    "production_start": "#ff7f0e",
    "opening": "#17becf",
    "first_departure": "#9467bd",
    "launch": "#e377c2",
    "unveiling": "#bcbd22",
    "settlement": "#7f7f7f",
    "award": "#f2b701",
    "meeting": "#393b79",
}

TYPE_ICONS: dict[str, str] = {
    "signing": "fa5s.file-signature",
    "groundbreaking": "fa5s.hard-hat",
    "topping_out": "fa5s.building",
    "completion": "fa5s.check-circle",
    "production_start": "fa5s.industry",
    "opening": "fa5s.door-open",
    "first_departure": "fa5s.train",
    "launch": "fa5s.rocket",
    "unveiling": "fa5s.award",
    "settlement": "fa5s.map-marker-alt",
    "award": "fa5s.trophy",
    "meeting": "fa5s.users",
}

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "occurred": ("已发生", "occurred"),
    "planned": ("计划", "planned"),
}

PRECISION_LABELS: dict[str, tuple[str, str]] = {
    "day": ("日", "day"),
    "month": ("月", "month"),
    "quarter": ("季度", "quarter"),
    "half": ("半年", "half-year"),
    "year": ("年", "year"),
}
