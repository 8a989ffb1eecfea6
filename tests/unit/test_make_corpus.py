"""Tests for bench/make_corpus.py, the synthetic-corpus generator for benchmarks."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "make_corpus.py"
COUNT = 50
FRONT = re.compile(
    r"\A---\ntitle: (?P<title>[^\n]+)\ndate: (?P<date>\d{4}-\d{2}-\d{2})\n"
    r"date_precision: day\nsource: (?P<source>[^\n]+)\nurl: (?P<url>\S+)\n---\n"
)
AMOUNT = re.compile(r"\d+(?:\.\d+)?(?:亿|万)元")
# One cue (or cue group) per event type of the controlled vocabulary.
CUES = (
    ("签约", "框架协议", "签署"),
    ("动工", "开工", "奠基"),
    ("封顶",),
    ("竣工", "建成通车"),
    ("投产", "试产"),
    ("开业", "启用", "投用"),
    ("中欧班列",),
    ("启动", "上线"),
    ("挂牌", "揭牌"),
    ("落户", "进驻"),
    ("获评", "入选"),
    ("推介会", "座谈会"),
)


@pytest.fixture(scope="module")
def make_corpus() -> ModuleType:
    """Import the script from its path: bench/ is not a package."""
    spec = importlib.util.spec_from_file_location("make_corpus", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look the module up in sys.modules while the class body runs.
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(spec.name, None)
    return module


def _run(module: ModuleType, out: Path, *extra: str, seed: int = 7) -> None:
    argv = ["--articles", str(COUNT), "--seed", str(seed), *extra, str(out)]
    assert module.main(argv) == 0


def _read_all(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def corpus(make_corpus: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The 50-article txt corpus for seed 7, file name → bytes."""
    out = tmp_path_factory.mktemp("corpus") / "new-folder"  # must be created by the script
    _run(make_corpus, out)
    return _read_all(out)


def test_writes_one_file_per_article(corpus: dict[str, bytes]) -> None:
    assert sorted(corpus) == [f"syn_{i:06d}.txt" for i in range(COUNT)]


def test_same_seed_is_byte_identical(
    make_corpus: ModuleType, corpus: dict[str, bytes], tmp_path: Path
) -> None:
    _run(make_corpus, tmp_path / "again")
    assert _read_all(tmp_path / "again") == corpus


def test_other_seed_differs(
    make_corpus: ModuleType, corpus: dict[str, bytes], tmp_path: Path
) -> None:
    _run(make_corpus, tmp_path / "other", seed=8)
    other = _read_all(tmp_path / "other")
    assert sorted(other) == sorted(corpus)
    assert sum(other[name] != corpus[name] for name in corpus) > COUNT - 3


def test_front_matter_and_body_size(corpus: dict[str, bytes]) -> None:
    for name, data in corpus.items():
        text = data.decode("utf-8")
        match = FRONT.match(text)
        assert match, f"{name}: no front matter"
        published = date.fromisoformat(match["date"])
        assert date(2015, 1, 1) <= published <= date(2026, 6, 30)
        assert match["url"].startswith("https://example.org/syn/")
        body = text[match.end() :].encode("utf-8")
        assert 900 <= len(body) <= 3500, f"{name}: body of {len(body)} bytes"


def test_sources_are_the_five_papers(make_corpus: ModuleType, corpus: dict[str, bytes]) -> None:
    sources = {FRONT.match(d.decode())["source"] for d in corpus.values()}
    assert sources <= set(make_corpus.SOURCES)
    assert len(sources) >= 3


def test_cue_words_and_amounts_occur(corpus: dict[str, bytes]) -> None:
    texts = [d.decode("utf-8") for d in corpus.values()]
    joined = "\n".join(texts)
    missing = [group for group in CUES if not any(cue in joined for cue in group)]
    assert not missing, f"cue groups never used: {missing}"
    assert sum(bool(AMOUNT.search(t)) for t in texts) >= COUNT // 2
    for planned in ("力争", "计划", "将于", "预计"):
        assert planned in joined


def test_punctuation_is_mixed(corpus: dict[str, bytes]) -> None:
    joined = b"".join(corpus.values()).decode("utf-8")
    assert "，" in joined and "," in joined and "。" in joined


def test_place_names_come_from_the_gazetteer(
    make_corpus: ModuleType, corpus: dict[str, bytes]
) -> None:
    gaz = make_corpus.load_gazetteer(make_corpus.default_gazetteer_path())
    names = [p.name for p in gaz.parks] + [t.name for ts in gaz.towns.values() for t in ts]
    joined = b"".join(corpus.values()).decode("utf-8")
    assert sum(name in joined for name in names) >= 20


def test_every_event_pattern_is_dated(make_corpus: ModuleType) -> None:
    # The lead is one of these, so each article carries a dated event.
    for table, slot in (
        (make_corpus.EVENTS_OCCURRED, "{dp}"),
        (make_corpus.EVENTS_PLANNED, "{df}"),
    ):
        assert set(table) == set(make_corpus.EVENT_TYPES)
        for patterns in table.values():
            assert all(slot in p for p in patterns)


def test_jsonl_format(make_corpus: ModuleType, tmp_path: Path) -> None:
    _run(make_corpus, tmp_path, "--format", "jsonl")
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.jsonl"]
    lines = (tmp_path / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == COUNT
    for line in lines:
        record = json.loads(line)
        assert set(record) == {"id", "title", "date", "source", "url", "text"}
        date.fromisoformat(record["date"])
        assert record["text"]


def test_summary_line(make_corpus: ModuleType, tmp_path: Path, capsys) -> None:
    _run(make_corpus, tmp_path)
    last = capsys.readouterr().out.strip().splitlines()[-1]
    pairs = dict(item.split("=", 1) for item in last.split())
    assert pairs["articles"] == str(COUNT)
    assert int(pairs["bytes"]) == sum(p.stat().st_size for p in tmp_path.iterdir())
    assert pairs["out"] == str(tmp_path)


def test_every_lead_pattern_has_a_matching_headline(make_corpus: ModuleType) -> None:
    # The headline is picked among patterns naming only what the lead named.
    known = {"source", "year"}
    for planned, events, titles in (
        (False, make_corpus.EVENTS_OCCURRED, make_corpus.TITLES_OCCURRED),
        (True, make_corpus.EVENTS_PLANNED, make_corpus.TITLES_PLANNED),
    ):
        for kind, patterns in events.items():
            for pattern in patterns:
                named = make_corpus._slot_names(pattern) | known
                fits = [t for t in titles[kind] if make_corpus.TITLE_SLOTS[t] <= named]
                assert fits, f"no headline for {kind} (planned={planned}): {pattern}"
