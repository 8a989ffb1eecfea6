"""Investment amounts: exact arithmetic, a plausible range, and a typo never costs an import.

The articles are invented for these tests (no news text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.core.events import Event
from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.pipeline.subjects import MAX_AMOUNT_CNY, find_amount
from explorer.store.db import connect
from explorer.store.importer import import_corpus, run_to_end
from explorer.store.repository import load_events, replace_machine_events

NINES = "9" * 400


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("总投资12.5亿元", 1_250_000_000),
        ("总投资１２．５亿元", 1_250_000_000),  # full-width digits and point
        ("总投资１２.５亿元", 1_250_000_000),
        ("计划投资1,200万元", 12_000_000),
        ("投资总额约12,000,000万元", 120_000_000_000),
        ("总投资5千万元", 50_000_000),
        ("总投资3百万元", 3_000_000),
        ("总投资1.2万亿元", 1_200_000_000_000),
        ("总投资100万亿元", MAX_AMOUNT_CNY),
        ("总投资0.123456789亿元", 12_345_679),  # exact, then rounded to a whole yuan
        ("总投资1.15亿元", 115_000_000),  # a float would say 114_999_999.99…
    ],
)
def test_amounts_are_exact(text: str, yuan: int) -> None:
    assert find_amount(text, 0) == yuan


@pytest.mark.parametrize(
    "text",
    [
        f"总投资{NINES}万元",
        "总投资99999999999亿元",
        "总投资100.000001万亿元",
        "总投资0万元",
        "总投资0.00001万元",  # 0.1 yuan: nothing
        "总投资" + "9" * 5000 + "亿元",  # longer than int() converts from a string
    ],
)
def test_implausible_amounts_are_none(text: str) -> None:
    assert find_amount(text, 0) is None


def test_the_nearest_figure_decides_even_when_implausible() -> None:
    text = "乙项目此前总投资5亿元，甲项目签约，总投资99999999999亿元"
    assert find_amount(text, text.index("签约")) is None


def _write(folder: Path, name: str, body: str) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(f"---\ntitle: {name}\ndate: 2022-05-01\n---\n{body}\n", encoding="utf-8")
    return path


def test_a_typo_in_one_article_does_not_stop_the_batch(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _write(inbox, "huge", "2022年1月1日，总投资99999999999亿元的甲乙新材料项目签约。")
    _write(inbox, "nines", f"2022年2月2日，总投资{NINES}万元的丙丁电池项目动工。")
    _write(inbox, "fine", "2022年3月3日，总投资12.5亿元的戊己智造项目封顶。")
    conn = connect(tmp_path / "db.sqlite3")
    report = run_to_end(import_corpus(conn, [inbox], extract_with_bundled_gazetteer))

    assert report.documents == 3 and not report.failures
    amounts = {e.document: (e.type, e.amount_cny) for e in load_events(conn)}
    assert amounts == {
        "huge": ("signing", None),
        "nines": ("groundbreaking", None),
        "fine": ("topping_out", 1_250_000_000),
    }
    warned = [w for w in report.warnings if "not a plausible sum" in w]
    assert len(warned) == 2
    assert any(w.startswith(str(inbox / "huge.txt")) for w in warned)
    assert any(w.startswith(str(inbox / "nines.txt")) and "400 characters" not in w for w in warned)
    assert all(len(w) < 400 for w in report.warnings)  # the 400 nines are not repeated


def test_the_store_never_fails_on_an_amount_beyond_64_bits(tmp_path: Path) -> None:
    """Defence in depth: whatever an extractor returns, the batch goes on."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _write(inbox, "a", "2022年1月1日，某某项目签约。")
    conn = connect(tmp_path / "db.sqlite3")
    run_to_end(import_corpus(conn, [inbox]))
    event = Event(
        "a", "signing", "2022-01-01", "2022-01-01", "day", "occurred", "某某项目签约",
        None, None, None, None, None, None, 10**30, "x", (0, 1),
    )  # fmt: skip
    problems: list[str] = []
    assert replace_machine_events(conn, "a", [event], problems) == 1
    assert [e.amount_cny for e in load_events(conn)] == [None]
    assert problems and "too large to store" in problems[0]
