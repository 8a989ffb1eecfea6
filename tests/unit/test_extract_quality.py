"""Extraction quality that a user would notice: the sample's reference events and the
composed development set (tests/data/devset) are found, and the scores do not regress."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.pipeline.corpus import discover, read_source
from explorer.pipeline.evaluate import evaluate, read_events
from explorer.pipeline.extract import extract_document
from explorer.pipeline.places import Gazetteer

ROOT = Path(__file__).resolve().parents[2]
SHARED_GOLD = ROOT.parent / "shared" / "eval" / "seeds_gold.jsonl"


def _score(corpus: Path, gold: Path):
    gazetteer = Gazetteer.bundled()
    docs = [d for s in discover([corpus]).sources for d in read_source(s)]
    predicted = [e.to_spec() for d in docs for e in extract_document(d, gazetteer)]
    return evaluate(read_events(gold), predicted)


@pytest.mark.skipif(not SHARED_GOLD.is_file(), reason="needs ../shared/eval beside the repo")
def test_sample_corpus_keeps_its_score() -> None:
    result = _score(ROOT / "explorer" / "data" / "corpus", SHARED_GOLD)
    assert result.overall.f1 >= 0.93
    assert result.district_accuracy >= 0.95


def test_development_set_score_does_not_regress() -> None:
    devset = ROOT / "tests" / "data" / "devset"
    result = _score(devset / "corpus", devset / "gold.jsonl")
    assert result.overall.recall >= 0.93
    assert result.overall.f1 >= 0.90
