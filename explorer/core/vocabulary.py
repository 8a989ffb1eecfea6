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
