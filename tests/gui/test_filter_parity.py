"""The same filter shows the same events in the window and from the command line."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from explorer import cli
from explorer.core.filters import EventFilter

CASES = [
    (EventFilter(text="开工"), ["--text", "开工"]),
    (EventFilter(text="江门"), ["--text", "江门"]),
    (EventFilter(text="签约 项目"), ["--text", "签约 项目"]),
    (
        EventFilter(districts=frozenset({"新会区"}), text="项目"),
        ["--district", "新会区", "--text", "项目"],
    ),
    (
        EventFilter(date_from=date(2022, 1, 1), date_to=date(2022, 12, 31), text="建设"),
        ["--from", "2022-01-01", "--to", "2022-12-31", "--text", "建设"],
    ),
    (
        EventFilter(types=frozenset({"signing"}), statuses=frozenset({"occurred"}), text="江门"),
        ["--type", "signing", "--status", "occurred", "--text", "江门"],
    ),
]


@pytest.mark.parametrize(("wanted", "argv"), CASES, ids=[" ".join(a) for _, a in CASES])
def test_window_and_cli_show_the_same_events(window, qtbot, tmp_path, wanted, argv) -> None:
    db = window.state.conn.execute("PRAGMA database_list").fetchone()[2]
    args = cli._build_parser().parse_args(
        ["export-map", "-o", str(tmp_path / "m.png"), "--db", db, *argv]
    )
    from_cli = [e.id for e in cli._filtered_events(args)]

    # In the window, as a user does it: the panel's choices, then the words typed (as an
    # input method commits them: QTest cannot type Chinese key by key).
    panel = window.filters
    panel.set_filter(replace(wanted, text=""))
    with qtbot.waitSignal(window.state.visible_changed, timeout=5000):
        panel.text.insert(wanted.text)
    assert window.state.filter == wanted
    in_window = [e.id for e in window.state.visible]

    assert in_window == from_cli
    assert 0 < len(in_window) < len(window.state.events)
