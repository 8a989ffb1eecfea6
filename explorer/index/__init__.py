"""Questions asked of a set of events: which a filter shows, what relates to one, what is near."""

from explorer.index.event_index import EventIndex, Filtered, Related

__all__ = ["EventIndex", "Filtered", "Related"]
