"""Two analysts, two windows' states, one PostgreSQL database: a correction made in one
reaches the other without a restart; a correction made on a stale view is refused."""

from __future__ import annotations

import pytest

from explorer import paths
from explorer.gui.state import AppState
from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.store.bootstrap import ensure_places
from explorer.store.db import connect
from explorer.store.importer import import_corpus, run_to_end

pytestmark = pytest.mark.postgres


@pytest.fixture
def two_states(qapp, postgres_url, corpus_dir):
    setup = connect(postgres_url)
    ensure_places(setup, paths.gazetteer_path())
    run_to_end(import_corpus(setup, [corpus_dir], extract_with_bundled_gazetteer))
    setup.close()
    states = []
    for user in ("李明", "王芳"):
        state = AppState(connect(postgres_url), user=user)  # a window's own connection
        state.reload()
        states.append(state)
    yield states
    for state in states:
        state.watch.stop()
        state.conn.close()


def _topping(state: AppState):
    return next(e for e in state.events if e.type == "topping_out")


def test_a_correction_in_one_window_reaches_the_other(two_states) -> None:
    first, second = two_states
    assert second.watch is not None and second.watch.isActive()  # polls the server
    event = _topping(first)
    second.select(event.id)
    shown = []
    second.selection_changed.connect(shown.append)
    assert first.edit(event.id, {"title": "主厂房封顶", "district": "江海区"}, "edit")
    assert second.poll_changes()  # what the timer calls
    seen = second.event_by_id(event.id)
    assert (seen.title, seen.district, seen.edited_by) == ("主厂房封顶", "江海区", "李明")
    assert shown == [event.id]  # the details pane is told to show the corrected event
    assert not second.poll_changes()  # nothing new: no reload


def test_a_correction_on_a_stale_view_is_refused_with_a_message(two_states) -> None:
    first, second = two_states
    event = _topping(first)
    refused = []
    second.curation_failed.connect(refused.append)
    assert first.edit(event.id, {"status": "planned"}, "edit")
    # The second window has not polled yet: it still shows the event as it was.
    assert second.event_by_id(event.id).status != "planned"
    assert not second.edit(event.id, {"status": "occurred"}, "edit")
    (message,) = refused
    assert f"event {event.id} was changed by 李明" in message and "reload" in message
    assert second.event_by_id(event.id).status == "planned"  # reloaded: the news is shown
    assert first.event_by_id(event.id).status == "planned"  # nothing was overwritten
    assert second.edit(event.id, {"status": "occurred"}, "edit")  # now on a fresh view
    assert first.poll_changes() and first.event_by_id(event.id).status == "occurred"
